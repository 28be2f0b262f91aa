"""Re-aligning after a text edit: only a window around the change is aligned again, the rest of
the stored alignment is kept; anything else that changed, or a record that cannot be trusted,
means a full alignment."""

from __future__ import annotations

import json

import pytest
from people import who
from test_app import signed_in, view
from test_chapters import _VOCAB, _epub
from test_embedding_cache import fresh

from align import editions
from align.alignment import reuse
from align.alignment.decisions import link, undo, unlink
from align.alignment.run import run_alignment
from align.alignment.store import Bead
from align.alignment.synthetic import chaptered_pair, generate_book
from align.cli import main
from align.formats import import_book
from align.project import Project

from conftest import REPO, SAMPLE

DOC = "big"


@pytest.fixture
def big(project: Project) -> Project:
    """The sample project with a generated book pair of 1,200 Russian sentences as document 'big'."""
    ru, en = ((REPO / "texts" / lang / f"{SAMPLE}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    book = generate_book(ru, en, 1200, seed=3, omission=20)
    for lang, pars in (("ru", book.ru), ("en", book.en)):
        project.text_path(DOC, lang).write_text("".join(" ".join(p) + "\n" for p in pars), encoding="utf-8")
    return project


def edit_paragraph(project: Project, lang: str, n: int, new: str | None = None, insert: bool = False) -> None:
    """Reword paragraph `n` of one side (or insert `new` before it, or delete it when `new` is '')."""
    path = project.text_path(DOC, lang)
    pars = path.read_text(encoding="utf-8").split("\n")
    if insert:
        pars.insert(n, new or "")
    elif new == "":
        del pars[n]
    else:
        pars[n] = new or "Edited here. " + pars[n]
    path.write_text("\n".join(pars), encoding="utf-8")


def realigned(project: Project) -> list[int]:
    row = reuse.last_run(project, DOC)
    assert row is not None
    return row["realigned"]


def everything(project: Project) -> list[int]:
    """The sentence counts of both sides today: what a full alignment aligns."""
    from align.alignment.run import sides

    ru, en = sides(project, DOC)
    assert ru is not None
    return [len(ru.sentences), len(en.sentences)]


def covers_in_order(project: Project, beads: list[Bead]) -> None:
    """Every sentence of both sides once, in text order."""
    from align.alignment.run import sides

    ru, en = sides(project, DOC)
    assert ru is not None
    assert [x for b in beads for x in b.ru] == [s.id for s in ru.sentences]
    assert [x for b in beads for x in b.en] == [s.id for s in en.sentences]


@pytest.mark.parametrize("change", ["reword", "insert", "delete", "reword-ru"])
def test_one_edit_realigns_a_window_and_keeps_the_rest(big: Project, change: str) -> None:
    first = run_alignment(big, DOC)
    total = realigned(big)
    assert total[0] > 1000
    if change == "reword":
        edit_paragraph(big, "en", 150)
    elif change == "insert":
        edit_paragraph(big, "en", 150, "A paragraph the translator added. It has two sentences.", insert=True)
    elif change == "delete":
        edit_paragraph(big, "en", 150, "")
    else:
        edit_paragraph(big, "ru", 150)
    again = run_alignment(big, DOC)
    covers_in_order(big, again)
    ru_count, en_count = realigned(big)
    assert 0 < ru_count < 0.4 * total[0] and 0 < en_count < 0.4 * total[1]
    kept = set(first) & set(again)  # score and confidence included: kept beads are the stored ones
    assert len(kept) > 0.8 * len(first)
    full = run_alignment(big, DOC, full=True)
    assert realigned(big) == [sum(len(b.ru) for b in full), sum(len(b.en) for b in full)]
    same = {(b.ru, b.en) for b in again} & {(b.ru, b.en) for b in full}
    assert len(same) >= 0.98 * len(full)  # the window's search agrees with the whole book's


def test_nothing_changed_keeps_everything(big: Project) -> None:
    first = run_alignment(big, DOC)
    assert run_alignment(big, DOC) == first
    assert realigned(big) == [0, 0]


def test_a_decision_realigns_a_window_around_what_it_touched(big: Project) -> None:
    beads = run_alignment(big, DOC)
    total = realigned(big)
    k = next(k for k in range(400, len(beads) - 1) if all(b.ru and b.en for b in beads[k : k + 2]))
    p, q = beads[k], beads[k + 1]
    after_link = link(big, DOC, p.ru, p.en + q.en, who("boris"))  # q's Russian loses its English
    left = [b for b in after_link if b.ru == q.ru]
    assert left and not left[0].en and left[0].confidence == 0.0  # left to the aligner's next run
    assert sum(b.confidence == 0.0 and not b.manual for b in after_link) == len(q.ru)  # nothing else fell apart
    again = run_alignment(big, DOC)
    covers_in_order(big, again)
    assert 0 < realigned(big)[0] < 0.4 * total[0]
    assert any(b.manual and b.ru == p.ru and b.en == p.en + q.en for b in again)
    assert all(b.confidence > 0.0 for b in again if set(b.ru) & set(q.ru))  # rated again
    assert len(set(beads) & set(again)) > 0.7 * len(beads)
    undo(big, DOC, who("boris"))  # runs the aligner: a window around the link taken back
    assert 0 < realigned(big)[0] < 0.4 * total[0]


def test_a_manual_unlink_stays_manual_in_the_stored_file_after_another_decision(big: Project) -> None:
    beads = run_alignment(big, DOC)
    pairs = [b for b in beads if b.ru and b.en]
    unlink(big, DOC, pairs[10].ru, (), who("clara"))
    after = link(big, DOC, pairs[500].ru, pairs[500].en, who("clara"))
    assert all(b.manual and not b.en for b in after if set(b.ru) & set(pairs[10].ru))
    one_sided = {b for b in beads if not (b.ru and b.en)}
    assert one_sided <= set(after)  # the aligner's unaligned sentences keep their confidence


def test_other_settings_changed_mean_a_full_alignment(big: Project) -> None:
    run_alignment(big, DOC)
    glossary = big.doc_dir(DOC) / "glossary.toml"
    glossary.write_text('[[term]]\nru = "Москва"\nen = "Moscow"\n', encoding="utf-8")
    run_alignment(big, DOC)
    assert realigned(big) == everything(big)


@pytest.mark.parametrize("record", [
    "not json", "[]", '{"inputs": 1, "alignment": "x", "realigned": [1, 2]}',
    '{"inputs": "a", "alignment": "b", "realigned": [true, -1]}', "{" * 100_000,
])
def test_a_bad_record_means_a_full_alignment(big: Project, record: str) -> None:
    run_alignment(big, DOC)
    total = realigned(big)
    edit_paragraph(big, "en", 100)
    reuse.record_path(big, DOC).write_text(record, encoding="utf-8")
    beads = run_alignment(big, DOC)
    covers_in_order(big, beads)
    assert realigned(big) == everything(big) != total  # "Edited here." is a sentence more


def test_a_stored_file_changed_by_hand_means_a_full_alignment(big: Project) -> None:
    run_alignment(big, DOC)
    total = realigned(big)
    path = big.doc_dir(DOC) / "alignment.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[5])
    lines[5] = json.dumps({**row, "confidence": 0.5})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_alignment(big, DOC)
    assert realigned(big) == total


def test_cli_full_flag(big: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(big.root)
    assert main(["align", DOC]) == 0
    edit_paragraph(big, "en", 100)
    assert main(["align", DOC]) == 0
    out = capsys.readouterr().out
    assert "aligned again around the change" in out
    assert main(["align", DOC, "--full"]) == 0
    assert "aligned again around the change" not in capsys.readouterr().out
    assert realigned(big)[0] > 1000


def test_with_a_model_only_the_window_is_read_and_new_sentences_encoded(big: Project) -> None:
    run_alignment(big, DOC, model=fresh("fake-1")[0])
    edit_paragraph(big, "en", 200, "A new sentence here. And another one.")
    model, counting = fresh("fake-1")
    run_alignment(big, DOC, model=model)
    assert sorted(counting.seen) == ["A new sentence here.", "And another one."]
    assert realigned(big)[1] < 0.4 * everything(big)[1]
    model, counting = fresh("fake-2")  # another model: its beads are not those stored
    run_alignment(big, DOC, model=model)
    assert realigned(big) == everything(big)
    run_alignment(big, DOC)  # and none
    assert realigned(big) == everything(big)


def test_the_alignment_view_says_what_it_aligned_again(big: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_PROJECT", str(big.root))
    run_alignment(big, DOC)
    edit_paragraph(big, "en", 100)
    at = signed_in("anna")
    at.sidebar.selectbox(key="doc").set_value(DOC).run()
    at = view(at, "Alignment")
    at.button(key="al_rerun").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "aligned again around the change" in at.success[0].value
    assert realigned(big)[0] < 0.4 * everything(big)[0]
    at.checkbox(key="al_full").check().run()
    at.button(key="al_rerun").click().run()
    assert "aligned again around the change" not in at.success[0].value
    assert realigned(big) == everything(big)


def test_a_revised_book_with_chapters_realigns_a_window(project: Project) -> None:
    pair = chaptered_pair(*_VOCAB, 1500, 6, seed=5, drop_chapter=2)
    import_book(project, _epub(pair.ru), "novel", "ru", name="ru.epub")
    import_book(project, _epub(pair.en), "novel", "en", name="en.epub")
    first = run_alignment(project, "novel")
    k = 2 * len(pair.en.sentences) // 3
    pair.en.sentences[k] = "The revised edition adds this. " + pair.en.sentences[k]
    editions.import_book(project, _epub(pair.en), "novel", "en", who("boris"), name="en.epub", force=True)  # revised
    again = run_alignment(project, "novel")
    row = reuse.last_run(project, "novel")
    assert row is not None and 0 < row["realigned"][1] < 0.4 * sum(len(b.en) for b in again)
    assert len(set(first) & set(again)) > 0.7 * len(first)
    full = {(b.ru, b.en) for b in run_alignment(project, "novel", full=True)}
    assert len(full & {(b.ru, b.en) for b in again}) >= 0.98 * len(full)
