"""The workbench's "Propose from a revised copy" (Document view), through Streamlit's AppTest: a translator
uploads a proofreader's revised text, unticks one difference, proposes the rest; the Review queue shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app import DOC, TINES, html, keys, signed_in, view

from align.corrections import workspace
from align.project import Project

from conftest import copy_project

GLAV = "I entered Glavcontsesscom"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    return copy_project(tmp_path)


def _revised_copy(project: Project) -> bytes:
    """The sample as a proofreader sends it back: three words changed, one paragraph gone."""
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    lines = text.split("\n")
    gone = next(k for k, line in enumerate(lines) if line.startswith("Extract from"))
    text = "\n".join(lines[:gone] + lines[gone + 1 :])
    text = text.replace(TINES, "Then he walked several times").replace(GLAV, "I entered Glavkontsesskom")
    return text.replace("white-snow suit", "snow-white suit").encode()


def test_translator_proposes_the_ticked_differences_of_a_revised_copy(project: Project) -> None:
    at = view(signed_in("anna"), "Document")
    assert "Propose from a revised copy" in [e.label for e in at.expander]
    at.file_uploader(key="rev_file").set_value(("proofread.txt", _revised_copy(project), "text/plain")).run()
    assert not at.exception and not at.error
    assert "The copy covers all 64 paragraphs." in [c.value for c in at.caption] and not at.info
    table = at.dataframe[0].value  # the data editor of the differences to propose
    changes = list(table["change"])
    assert changes == ["'Glavcontsesscom' -> 'Glavkontsesskom'", "'white-snow' -> 'snow-white'",
                       "'tines' -> 'times'"]
    assert list(table["propose"]) == [True, True, True] and set(table["from"]) == {"from proofread.txt"}
    by_hand = at.dataframe[1].value  # the paragraph removed, with where and why
    assert list(by_hand["where"]) == ["¶2"] and list(by_hand["why"]) == ["a whole paragraph removed"]
    key = next(k for k in at.session_state if k.startswith("rev_table_"))
    at.session_state[key] = {"edited_rows": {1: {"propose": False}}, "added_rows": [], "deleted_rows": []}
    at.text_input(key="rev_note").set_value("first proofs")
    at.run()
    assert at.button(key="rev_go").label == "Propose the ticked 2"
    at.button(key="rev_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Proposed 2 correction(s) for review (0 already recorded, 1 left out)." in at.success[0].value
    recorded = {a.correction.quote: a.correction for a in workspace.list_corrections(project, DOC)}
    assert set(recorded) == {"Glavcontsesscom", "tines"}
    assert {c.proposer for c in recorded.values()} == {"anna"}
    assert recorded["tines"].note == "first proofs; from proofread.txt" and recorded["tines"].origin == "person"
    # The preview now says the two are recorded; the unticked one can still be proposed.
    assert list(at.dataframe[0].value["change"]) == ["'white-snow' -> 'snow-white'"]
    assert "recorded as" in " ".join(at.dataframe[2].value["recorded"])

    reviewer = view(signed_in("boris"), "Review")  # an editor finds them in the queue, to approve one by one
    approvable = {k for k in keys(reviewer, "button") if k.startswith("approve_")}
    assert approvable == {f"approve_{c.id}" for c in recorded.values()}
    assert "Glavkontsesskom" in html(reviewer) and "first proofs; from proofread.txt" in html(reviewer)


def test_publishers_do_not_propose_and_another_book_is_refused(project: Project) -> None:
    assert "Propose from a revised copy" not in [e.label for e in view(signed_in("dmitri"), "Document").expander]
    at = view(signed_in("boris"), "Document")
    other = "\n\n".join(f"Paragraph {n} of some other book entirely, about gardens." for n in range(40))
    at.file_uploader(key="rev_file").set_value(("other.txt", other.encode(), "text/plain")).run()
    assert "is not a revised copy of this text" in at.error[0].value
    assert not [d for d in at.dataframe if "change" in d.value.columns]  # no differences listed (editors see editions)
    assert not workspace.list_corrections(project, DOC)


def test_a_chapter_sent_back_alone_says_what_it_covers(project: Project) -> None:
    """The copy of one stretch (¶3–¶20) is compared where it stands; the view says which part it covers."""
    lines = [line for line in project.text_path(DOC, "en").read_text(encoding="utf-8").split("\n") if line.strip()]
    chapter = "\n".join(lines[2:20]).replace(TINES, "Then he walked several times")
    at = view(signed_in("anna"), "Document")
    at.file_uploader(key="rev_file").set_value(("chapter.txt", chapter.encode(), "text/plain")).run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "The copy covers ¶3–¶20 of 64; ¶1–¶2 and ¶21–¶64 are not in it and left as they are."]
    assert list(at.dataframe[0].value["change"]) == ["'tines' -> 'times'"] and len(at.dataframe) == 1
