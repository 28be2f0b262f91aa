"""Running the aligner on a project's document: its sentences, glossary, manual decisions
and optional embeddings go in; the beads come out, stored.

When both sides were imported as books with chapters (align.formats), chapters are
matched first and no sentence is aligned outside its chapter pair
(align.alignment.chapters); `chapter_starts` tells displays where chapters begin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from align import formats
from align.alignment import reuse
from align.alignment.aligner import RawBead, align, default_params, unaligned
from align.alignment.chapters import align_by_chapters
from align.alignment.store import Bead, load_alignment, manual_beads, save_alignment
from align.errors import ConflictError
from align.glossary import load_glossary
from align.project import Project
from align.segment import Segmentation, load_segmentation


def sides(project: Project, doc_id: str) -> tuple[Segmentation | None, Segmentation]:
    """(Russian or None when there is no Russian text, English) sentences of a document."""
    en = load_segmentation(project, doc_id, "en")
    ru = load_segmentation(project, doc_id, "ru") if project.has_text(doc_id, "ru") else None
    return ru, en


def sentence_chapters(project: Project, doc_id: str, seg: Segmentation) -> list[int] | None:
    """The chapter number of each sentence, when the side was imported as a book with 2+ chapters."""
    book = formats.load_book(project, doc_id, seg.lang)
    if book is None or len(book.chapters) < 2:
        return None
    return [book.blocks[s.paragraph_index].chapter for s in seg.sentences]


def chapter_starts(project: Project, doc_id: str, lang: str) -> dict[str, str]:
    """Id of the first sentence of each chapter -> the chapter's title ('' when it has none)."""
    book = formats.load_book(project, doc_id, lang)
    if book is None:
        return {}
    titles = {c.index: c.title for c in book.chapters}
    out: dict[str, str] = {}
    previous = None
    for s in load_segmentation(project, doc_id, lang).sentences:
        chapter = book.blocks[s.paragraph_index].chapter
        if chapter != previous:
            out[s.id] = titles[chapter]
            previous = chapter
    return out


def run_alignment(
    project: Project, doc_id: str, model: Any = None, progress: bool = False, full: bool = False
) -> list[Bead]:
    """Align a document (keeping manual decisions as fixed beads), store and return it.

    `model` is an optional sentence-transformers model or a path to one (neural score).
    Without a Russian text every English sentence gets a 0-1 bead. After a text edit or a
    manual decision only a window around it is aligned again (`align.alignment.reuse`) unless `full`.
    """
    ru, en = sides(project, doc_id)
    if ru is None or not ru.sentences:
        beads = [Bead((), (s.id,), 0.0, 1.0, False) for s in en.sentences]
        save_alignment(project, doc_id, beads)
        return beads
    ru_idx = {s.id: s.index for s in ru.sentences}
    en_idx = {s.id: s.index for s in en.sentences}
    manual = manual_beads(project, doc_id)
    present = [(r, e) for r, e in manual
               if all(x in ru_idx for x in r) and all(x in en_idx for x in e)]  # ids of edited text vanish
    fixed = [(tuple(ru_idx[x] for x in r), tuple(en_idx[x] for x in e)) for r, e in present]
    fixed_ids = {x for r, e in present for x in (*r, *e)}
    loaded = None
    if model is not None:
        from align.alignment import neural

        loaded = neural.load_model(model) if isinstance(model, (str, Path)) else model
    glossary = load_glossary(project, doc_id)
    terms = [(g.ru, (g.en, *g.avoid)) for g in glossary.entries if g.ru]
    chapters = sentence_chapters(project, doc_id, ru), sentence_chapters(project, doc_id, en)
    settings = reuse.settings_key(None if loaded is None else loaded.key, terms, None not in chapters,
                                  default_params(loaded is not None))
    decided = reuse.manual_key(manual)
    stored = None if full or (loaded is not None and not loaded.key) else load_alignment(project, doc_id)
    window = reuse.find_window(project, doc_id, settings, decided, stored, ru_idx, en_idx) if stored else None
    if window is None:
        window = reuse.Window([], [], range(len(ru.sentences)), range(len(en.sentences)))
    raw = _align_window(project, doc_id, (ru, en), window, fixed, loaded, terms, chapters, progress)
    s0, t0 = window.src.start, window.tgt.start
    fixed_set = set(fixed)
    aligned = []
    for b in raw:
        ri, ei = tuple(s0 + i for i in b.src), tuple(t0 + j for j in b.tgt)
        r = tuple(ru.sentences[i].id for i in ri)
        e = tuple(en.sentences[j].id for j in ei)
        sure = (ri, ei) in fixed_set or (not (r and e) and bool((set(r) | set(e)) & fixed_ids))
        aligned.append(Bead(r, e, 1.0 if sure else b.score, 1.0 if sure else b.confidence, sure))
    beads = window.before + aligned + window.after
    save_alignment(project, doc_id, beads)
    reuse.record(project, doc_id, settings, decided, (len(window.src), len(window.tgt)))
    return beads


def _align_window(
    project: Project,
    doc_id: str,
    texts: tuple[Segmentation, Segmentation],
    window: reuse.Window,
    fixed: list[tuple[tuple[int, ...], tuple[int, ...]]],
    model: Any,
    terms: list[tuple[str, tuple[str, ...]]],
    chapters: tuple[list[int] | None, list[int] | None],
    progress: bool,
) -> list[RawBead]:
    """The aligner's beads of the window's sentences (indices counted from the window's start):
    the manual decisions inside it fixed, the embeddings of its sentences only read or encoded."""
    s0, s1, t0, t1 = window.src.start, window.src.stop, window.tgt.start, window.tgt.stop
    ru_part, en_part = texts[0].sentences[s0:s1], texts[1].sentences[t0:t1]
    src, tgt = [s.text for s in ru_part], [s.text for s in en_part]
    if not (src and tgt):
        return unaligned(range(len(src)), range(len(tgt)))
    ru_emb = en_emb = None
    if model is not None:
        from align.alignment import neural
        from align.alignment.embedding_cache import project_folder

        ru_emb = neural.embed(model, src, project_folder(project))
        en_emb = neural.embed(model, tgt, project_folder(project))
    inside = [(tuple(i - s0 for i in r), tuple(j - t0 for j in e)) for r, e in fixed
              if all(s0 <= i < s1 for i in r) and all(t0 <= j < t1 for j in e)]
    src_par, tgt_par = [s.paragraph_index for s in ru_part], [s.paragraph_index for s in en_part]
    ru_chapters, en_chapters = chapters
    try:
        if ru_chapters is not None and en_chapters is not None:
            raw, _ = align_by_chapters(src, tgt, ru_chapters[s0:s1], en_chapters[t0:t1], src_par=src_par,
                                       tgt_par=tgt_par, terms=terms, src_emb=ru_emb, tgt_emb=en_emb, fixed=inside,
                                       progress=progress)
            return raw
        return align(src, tgt, src_par=src_par, tgt_par=tgt_par, terms=terms, src_emb=ru_emb, tgt_emb=en_emb,
                     fixed=inside, progress=progress)
    except ValueError as exc:
        raise ConflictError(f"manual alignment decisions of {doc_id} cross each other: {exc}") from None
