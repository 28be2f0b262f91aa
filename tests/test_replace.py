"""Replace throughout: one change proposed at every occurrence of a word or phrase, each its own correction
(align.corrections.occurrences, review.plan_throughout / propose_throughout, `align replace`)."""

from __future__ import annotations

import errno
import os
import re

import pytest
from people import who
from test_faults import _FakeOs

from align.cli import identity, main
from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.corrections.log import CorrectionLog
from align.corrections.occurrences import MAX_OCCURRENCES, find_occurrences, follow_case, in_context
from align.errors import ConflictError, InputError, PermissionDenied, StorageError
from align.project import Project
from align.segment import load_segmentation, segment_text

DOC = "meetings-with-trotsky"
SMALL = "small"
# A generated document for case and word boundaries: every way "Spinosa" can stand, and near misses.
SMALL_TEXT = ("Spinosa wrote the Ethics. SPINOSA WROTE IT IN LATIN. Few read spinosa now.\n"
              "Spinosa’s method was geometric. Aspinosa is no word. Nor is Spinosaé, nor Spinosa\u0301.\n"
              "A short line. Then a second line.\n")


def _small(project: Project) -> str:
    project.text_path(SMALL, "en").write_text(SMALL_TEXT, encoding="utf-8")
    return SMALL


def _quotes(plan) -> list[str]:
    return [o.quote for o in plan]


def _log_bytes(project: Project, doc: str = DOC) -> bytes:
    path = CorrectionLog(project, doc).path
    return path.read_bytes() if path.exists() else b""


# -- finding ------------------------------------------------------------------------------------------------

def test_whole_words_or_within_words(project: Project) -> None:
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    whole = review.plan_throughout(project, DOC, "Marx", "Marks")
    within = review.plan_throughout(project, DOC, "Marx", "Marks", whole_word=False)
    assert len(whole) == 5 and len(within) == 6  # "Marxism" only within words
    assert {o.start for o in whole} < {o.start for o in within}
    [inside] = [o for o in within if o.start not in {w.start for w in whole}]
    assert text[inside.start:inside.end + 3] == "Marxism"
    assert any(text[o.end] == "’" for o in whole)  # "Marx’s answer": the possessive still holds the word
    assert all(o.quote == "Marx" and o.replacement == "Marks" and o.proposable for o in whole)
    # "Spinosa" once in the sample, "Glavcontsesscom" once and its other spelling once
    assert len(review.plan_throughout(project, DOC, "Spinosa", "Spinoza")) == 1
    assert len(review.plan_throughout(project, DOC, "Glavcontsesscom", "Glavkontsesskom")) == 1
    # Unicode-aware boundaries: a letter beyond ASCII or a combining accent right after is part of the word
    small = review.plan_throughout(project, _small(project), "Spinosa", "Spinoza")
    assert [SMALL_TEXT[o.start:o.end + 2] for o in small] == ["Spinosa w", "Spinosa’s"]


def test_ignore_case_and_the_replacement_follows_the_case(project: Project) -> None:
    doc = _small(project)
    plan = review.plan_throughout(project, doc, "spinosa", "spinoza", match_case=False)
    assert [(o.quote, o.replacement) for o in plan] == [
        ("Spinosa", "Spinoza"), ("SPINOSA", "SPINOZA"), ("spinosa", "spinoza"), ("Spinosa", "Spinoza")]
    assert _quotes(review.plan_throughout(project, doc, "spinosa", "spinoza")) == ["spinosa"]  # match case
    # a replacement typed with a capital stays as typed; one already reading so is skipped, saying why
    plan = review.plan_throughout(project, doc, "spinosa", "Spinosa", match_case=False)
    assert [(o.quote, o.replacement, o.proposable) for o in plan] == [
        ("Spinosa", "Spinosa", False), ("SPINOSA", "SPINOSA", False), ("spinosa", "Spinosa", True),
        ("Spinosa", "Spinosa", False)]
    assert plan[0].skip == "already reads 'Spinosa'"
    assert follow_case("A", "the") == "The"  # one capital letter is an initial, not capitals
    assert follow_case("NEP", "nep-era") == "NEP-ERA" and follow_case("Ab", "CD") == "CD"


def test_an_occurrence_across_two_sentences_is_shown_but_not_proposed(project: Project, capsys) -> None:
    [o] = review.plan_throughout(project, DOC, "coming. I", "coming; I")
    assert not o.proposable and "two sentences" in o.skip
    result = review.propose_throughout(project, DOC, who("anna"), "coming. I", "coming; I")
    assert result.created == [] and result.skipped == [o]
    assert _log_bytes(project) == b""  # nothing to write: the log is not even made


def test_bad_find_strings_are_refused_in_one_line(project: Project) -> None:
    cases = {
        "": "empty", "   ": "empty", "Spinosa\nSpinoza": "line break", "a\rb": "line break",
        "x" * 201: "201 characters", "Spin\x1bosa": "control character (U+001B)",
    }
    for find, says in cases.items():
        with pytest.raises(InputError, match=re.escape(says)) as exc:
            review.plan_throughout(project, DOC, find, "Spinoza")
        assert "\n" not in str(exc.value)
    with pytest.raises(InputError, match="nothing to change"):
        review.propose_throughout(project, DOC, who("anna"), "Spinosa", "Spinosa")
    with pytest.raises(InputError, match="the replacement contains a control character"):
        review.plan_throughout(project, DOC, "Spinosa", "Spin\x00oza")
    assert len(review.plan_throughout(project, DOC, "x" * 200, "y")) == 0  # 200 is still accepted
    assert _log_bytes(project) == b""


def test_more_than_the_cap_is_refused_naming_the_count(project: Project) -> None:
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    count = text.count("e")
    assert count > MAX_OCCURRENCES
    with pytest.raises(InputError, match=f"'e' occurs {count} times.*whole words.*match case"):
        review.propose_throughout(project, DOC, who("anna"), "e", "a", whole_word=False)
    assert _log_bytes(project) == b""
    assert len(review.plan_throughout(project, DOC, "e", "a")) < MAX_OCCURRENCES  # as a whole word: rare


def test_a_whole_word_may_start_inside_a_match_that_is_not_one() -> None:
    seg = segment_text("Baa a a baa.")  # "a a" at 2 runs on from "Baa"; the whole words "a a" start at 4
    assert [(o.start, o.end) for o in find_occurrences(seg, "a a", "b b")] == [(4, 7)]
    assert [(o.start, o.end) for o in find_occurrences(seg, "a a", "b b", whole_word=False)] == [(2, 5)]


def test_in_context_keeps_to_the_line() -> None:
    seg = segment_text(SMALL_TEXT)
    first, *_, last = find_occurrences(seg, "Spinosa", "Spinoza")
    assert in_context(SMALL_TEXT, first, width=10) == "[Spinosa → Spinoza] wrote the…"
    assert in_context(SMALL_TEXT, last, width=10) == "[Spinosa → Spinoza]’s method …"


# -- proposing ----------------------------------------------------------------------------------------------

def test_a_translator_proposes_each_occurrence_and_approved_they_correct_every_one(project: Project) -> None:
    result = review.propose_throughout(project, DOC, who("anna"), "Kamenev", "Kameneff", note="one spelling")
    assert len(result.created) == 6 and result.skipped == []
    assert len({c.id for c in result.created}) == 6
    assert all(c.origin == "person" and c.status == "proposed" and c.proposer == "anna" and c.note == "one spelling"
               and c.quote == "Kamenev" and c.category == "spelling" for c in result.created)
    assert [c.start for c in result.created] == sorted(c.start for c in result.created)
    before = project.text_path(DOC, "en").read_bytes()
    for c in result.created:
        review.approve(project, DOC, who("boris"), c.id)
    assert project.text_path(DOC, "en").read_bytes() == before  # corrections are data: the original stays
    text = corrected(project, DOC).text
    assert "Kamenev" not in text and text.count("Kameneff") == 6
    assert text == before.decode("utf-8").replace("Kamenev", "Kameneff")


def test_a_publisher_cannot(project: Project) -> None:
    with pytest.raises(PermissionDenied):
        review.propose_throughout(project, DOC, who("dmitri"), "Kamenev", "Kameneff")
    assert _log_bytes(project) == b""
    assert len(review.propose_throughout(project, DOC, who("boris"), "Kamenev", "Kameneff").created) == 6  # an editor


def test_only_some_and_unknown_offsets_refused(project: Project) -> None:
    plan = review.plan_throughout(project, DOC, "Beloborodov", "Byeloborodov")
    assert len(plan) == 7
    picked = {plan[1].start, plan[4].start}
    result = review.propose_throughout(project, DOC, who("anna"), "Beloborodov", "Byeloborodov", only=picked)
    assert {c.start for c in result.created} == picked and result.skipped == []
    before = _log_bytes(project)
    with pytest.raises(InputError, match=f"no occurrence of 'Beloborodov' starts at {plan[0].start + 1}"):
        review.propose_throughout(project, DOC, who("anna"), "Beloborodov", "Byeloborodov",
                                  only=[plan[0].start, plan[0].start + 1])
    assert _log_bytes(project) == before  # refused, nothing recorded (not even the good offset)
    assert review.propose_throughout(project, DOC, who("anna"), "Beloborodov", "Byeloborodov", only=[]).created == []


def test_what_is_already_recorded_is_skipped_saying_which(project: Project) -> None:
    first = review.propose_throughout(project, DOC, who("anna"), "Kamenev", "Kameneff").created
    review.reject(project, DOC, who("boris"), first[0].id, reason="the book keeps Kamenev")
    review.approve(project, DOC, who("boris"), first[1].id)
    review.withdraw(project, DOC, who("anna"), first[2].id)
    plan = review.plan_throughout(project, DOC, "Kamenev", "Kameneff")
    assert [o.skip for o in plan] == [
        f"already rejected as {first[0].id} by boris", f"already approved as {first[1].id} by boris",
        f"already withdrawn as {first[2].id}", *(f"already proposed as {c.id}" for c in first[3:])]
    before = _log_bytes(project)
    again = review.propose_throughout(project, DOC, who("clara"), "Kamenev", "Kameneff")
    assert again.created == [] and again.skipped == plan  # a rejected change is not proposed again
    assert _log_bytes(project) == before
    # a different replacement at the same places is a different change, but where one is approved already
    other = review.propose_throughout(project, DOC, who("clara"), "Kamenev", "Kamenyev")
    assert len(other.created) == 5 and [o.start for o in other.skipped] == [first[1].start]


def test_an_occurrence_another_correction_overlaps_is_flagged_or_skipped(project: Project, capsys) -> None:
    plan = review.plan_throughout(project, DOC, "Kamenev", "Kameneff")
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    # another change of the first occurrence's words, pending; one of the second's, approved
    first, second = plan[0], plan[1]
    pending = review.propose(project, DOC, who("clara"), first.start, first.end + 1, "Kamenew" + text[first.end])
    approved = review.propose(project, DOC, who("clara"), second.start - 1, second.end, text[second.start - 1] + "K.")
    review.approve(project, DOC, who("boris"), approved.id)
    plan = review.plan_throughout(project, DOC, "Kamenev", "Kameneff")
    assert plan[0].proposable and plan[0].overlaps == f"overlaps proposed {pending.id} {pending.quote!r} -> " \
                                                      f"{pending.replacement!r} by clara"
    assert not plan[1].proposable and plan[1].skip.startswith(f"overlaps approved {approved.id} ")
    assert plan[1].skip.endswith("approving both would be refused")
    assert all(o.proposable and not o.overlaps for o in plan[2:])
    assert main(["--project", str(project.root), "replace", DOC, "Kamenev", "Kameneff", "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"overlaps proposed {pending.id} {pending.quote!r} -> {pending.replacement!r} by clara")
    assert "skipped: overlaps approved" in lines[1]
    result = review.propose_throughout(project, DOC, who("anna"), "Kamenev", "Kameneff")
    assert len(result.created) == 5 and [o.start for o in result.skipped] == [second.start]
    # the overlapping pending pair is reviewed as before: approving one refuses the other
    review.approve(project, DOC, who("boris"), result.created[0].id)
    with pytest.raises(ConflictError, match="overlaps approved"):
        review.approve(project, DOC, who("boris"), pending.id)


def test_one_proposed_meanwhile_by_another_writer_is_skipped(project: Project, monkeypatch) -> None:
    plan = review.plan_throughout(project, DOC, "Putilov", "Putilovsky")
    record = review._record_proposals

    def another_writer_first(ws, actor, proposals, **kw):  # between the plan and the write
        monkeypatch.setattr(review, "_record_proposals", record)
        review.propose(project, DOC, who("boris"), plan[1].start, plan[1].end, "Putilovsky")
        return record(ws, actor, proposals, **kw)

    monkeypatch.setattr(review, "_record_proposals", another_writer_first)
    result = review.propose_throughout(project, DOC, who("anna"), "Putilov", "Putilovsky")
    assert [c.start for c in result.created] == [plan[0].start, plan[2].start]
    [skipped] = result.skipped
    assert skipped.start == plan[1].start and skipped.skip.startswith("already proposed as c-")
    assert skipped.skip.endswith(" meanwhile")
    assert len(workspace.list_corrections(project, DOC, ["proposed"])) == 3


def test_a_fault_in_the_write_records_none(project: Project, monkeypatch) -> None:
    review.propose_throughout(project, DOC, who("anna"), "Thermidor", "thermidor")
    before = _log_bytes(project)

    def write_half_then_fail(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=write_half_then_fail))
    with pytest.raises(StorageError, match="nothing was recorded"):
        review.propose_throughout(project, DOC, who("anna"), "Kamenev", "Kameneff")
    monkeypatch.undo()
    assert _log_bytes(project) == before
    assert {c.quote for c in CorrectionLog(project, DOC).state().corrections.values()} == {"Thermidor"}


# -- the command --------------------------------------------------------------------------------------------

def _cli(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_dry_run_numbers_the_occurrences_asks_nothing_and_records_nothing(project: Project, capsys,
                                                                         monkeypatch) -> None:
    monkeypatch.setattr(identity, "read_password", lambda prompt: pytest.fail("a dry run asked for a password"))
    review.propose_throughout(project, DOC, who("anna"), "Kamenev", "Kameneff", only=[
        review.plan_throughout(project, DOC, "Kamenev", "Kameneff")[2].start])
    before = _log_bytes(project)
    assert _cli(project, "replace", DOC, "Kamenev", "Kameneff", "--dry-run", "--user", "anna") == 0
    out = capsys.readouterr().out.splitlines()
    assert _log_bytes(project) == before
    en = load_segmentation(project, DOC)
    plan = review.plan_throughout(project, DOC, "Kamenev", "Kameneff")
    assert len(out) == 7
    for n, (line, o) in enumerate(zip(out, plan), start=1):
        number, where, context, *skip = line.split("\t")
        assert int(number) == n and where == en.number(o.segment.id) and "[Kamenev → Kameneff]" in context
        assert skip == ([f"skipped: {o.skip}"] if n == 3 else [])
    assert out[-1] == "6 occurrence(s) of 'Kamenev'; 6 listed: 5 to propose, 1 skipped; nothing recorded (dry run)"
    assert _cli(project, "replace", DOC, "Kamenev", "Kameneff", "--dry-run", "--only", "2,5") == 0
    assert [line.split("\t")[0].strip() for line in capsys.readouterr().out.splitlines()[:-1]] == ["2", "5"]


def test_only_takes_the_dry_runs_numbers(project: Project, capsys) -> None:
    plan = review.plan_throughout(project, DOC, "Beloborodov", "Byeloborodov")
    en = load_segmentation(project, DOC)
    assert _cli(project, "replace", DOC, "Beloborodov", "Byeloborodov", "--user", "anna", "--only", "1, 4,7",
                "--note", "as in the glossary") == 0
    out = capsys.readouterr().out.splitlines()
    made = workspace.list_corrections(project, DOC)
    assert [a.start for a in made] == [plan[0].start, plan[3].start, plan[6].start]
    assert all(a.correction.note == "as in the glossary" for a in made)
    assert out[:3] == [f"{a.correction.id}\tproposed\t'Beloborodov' -> 'Byeloborodov'\t"
                       f"{en.number(a.correction.segment)}" for a in made]
    assert out[3] == "proposed 3 correction(s), skipped 0, left out 4"
    assert _cli(project, "replace", DOC, "Beloborodov", "Byeloborodov", "--user", "anna", "--only", "1,2") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("skipped\t'Beloborodov' -> 'Byeloborodov'\t") and out[1].endswith(
        f"already proposed as {made[0].correction.id}")
    assert out[-1] == "proposed 1 correction(s), skipped 1, left out 5"
    before = _log_bytes(project)
    for bad, says in (("8", "--only 8: the listing numbers the occurrences 1 to 7"), ("0", "--only 0"),
                      ("2-3", "'2-3' is not one"), ("", "'' is not one")):
        assert _cli(project, "replace", DOC, "Beloborodov", "Byeloborodov", "--user", "anna", "--only", bad) == 2
        err = capsys.readouterr().err
        assert says in err and len(err.strip().splitlines()) == 1
    assert _cli(project, "replace", DOC, "Beloborodov", "Byeloborodov") == 2
    assert "give --user" in capsys.readouterr().err
    assert _log_bytes(project) == before


def test_what_reaches_the_terminal_is_spelled_out(project: Project, capsys) -> None:
    # an escape sequence is refused, and the refusal quoting it does not send it raw
    assert _cli(project, "replace", DOC, "Kamenev", "\x1b[2JKameneff", "--dry-run") == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "U+001B" in err
    assert _cli(project, "replace", DOC, "Kamenev\x1b]0;owned\x07", "Kameneff", "--dry-run") == 2
    assert "\x1b" not in capsys.readouterr().err
    # a bidirectional override is text (and accepted), but spelled out on the terminal
    reversed_ = "\u202effenemaK"
    for extra in (["--dry-run"], ["--user", "anna"]):
        assert _cli(project, "replace", DOC, "Kamenev", reversed_, *extra) == 0
        out = capsys.readouterr().out
        assert "\u202e" not in out and "\\u202effenemaK" in out
    assert {a.correction.replacement for a in workspace.list_corrections(project, DOC)} == {reversed_}
