"""Chapter-aware alignment: a translation missing a chapter and a heading does not drift."""

from __future__ import annotations

import html

from align.alignment.chapters import align_by_chapters, chapter_ranges
from align.alignment.evaluate import score
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.alignment.synthetic import chaptered_pair
from align.cli import main
from align.formats import import_book
from align.project import Project
from align.segment import load_segmentation

import book_fixtures as bf
from conftest import REPO, SAMPLE

DROP_CHAPTER, DROP_HEADING = 2, 5
# The generated books are written in the words of the sample's two sides.
_VOCAB = tuple((REPO / "texts" / lang / f"{SAMPLE}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))


def test_missing_chapter_and_heading_cost_under_a_hundredth_of_f1() -> None:
    full = chaptered_pair(*_VOCAB, 1500, 8, seed=3)
    missing = chaptered_pair(*_VOCAB, 1500, 8, seed=3, drop_chapter=DROP_CHAPTER, drop_heading=DROP_HEADING)
    f1 = {}
    for name, pair in (("full", full), ("missing", missing)):
        beads, chapters = align_by_chapters(pair.ru.sentences, pair.en.sentences, pair.ru.chapter, pair.en.chapter,
                                            src_par=pair.ru.paragraph, tgt_par=pair.en.paragraph)
        f1[name] = score([pair.gold], [[(b.src, b.tgt) for b in beads]]).strict.f1
        if name == "missing":
            # The chapter the English lacks is one-sided as a whole; the lost heading merges two chapters.
            assert ((DROP_CHAPTER,), ()) in chapters
            assert ((DROP_HEADING - 1, DROP_HEADING), (DROP_HEADING - 2,)) in chapters
            start, end = chapter_ranges(pair.ru.chapter)[DROP_CHAPTER]
            assert {(i,) for i in range(start, end)} <= {b.src for b in beads if not b.tgt}
    assert f1["full"] > 0.95
    assert abs(f1["full"] - f1["missing"]) <= 0.01, f1


def _epub(pair_side, drop: int | None = None) -> bytes:
    chapters = []
    for c in sorted(set(pair_side.chapter)):
        idx = [k for k, ch in enumerate(pair_side.chapter) if ch == c]
        heading, body = pair_side.sentences[idx[0]], idx[1:]
        paras: dict[int, list[str]] = {}
        for k in body:
            paras.setdefault(pair_side.paragraph[k], []).append(pair_side.sentences[k])
        chapters.append((html.escape(heading), [html.escape(" ".join(p)) for p in paras.values()]))
    return bf.epub_book(chapters)


def test_a_project_aligns_imported_books_by_chapter_and_beads_shows_them(project: Project, capsys) -> None:
    pair = chaptered_pair(*_VOCAB, 500, 5, seed=4, drop_chapter=DROP_CHAPTER)
    import_book(project, _epub(pair.ru), "novel", "ru", name="ru.epub")
    import_book(project, _epub(pair.en), "novel", "en", name="en.epub")
    beads = run_alignment(project, "novel")
    assert beads == load_alignment(project, "novel")
    ru = load_segmentation(project, "novel", "ru")
    lost = [s.id for s in ru.sentences if s.paragraph_index in _chapter_paragraphs(project, DROP_CHAPTER)]
    assert lost and all(any(b.ru == (x,) and not b.en for b in beads) for x in lost)
    assert main(["--project", str(project.root), "beads", "novel"]) == 0
    marks = [line for line in capsys.readouterr().out.splitlines() if line.startswith("== chapter:")]
    assert len(marks) == 5 and sum("en " in m for m in marks) == 4  # the English lacks one chapter


def _chapter_paragraphs(project: Project, chapter: int) -> set[int]:
    from align.formats import load_book

    book = load_book(project, "novel", "ru")
    return {k for k, b in enumerate(book.blocks) if b.chapter == chapter}
