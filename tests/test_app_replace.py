"""The Edit view's "Replace throughout" through Streamlit's AppTest: preview, untick, propose, then review."""

from __future__ import annotations

from html import unescape

import test_app
from people import who
from streamlit.testing.v1 import AppTest
from test_app import DOC, keys, signed_in, view

from align.corrections import review, workspace
from align.project import Project

project = test_app.project  # the workbench's fixture: a copy of the project, named by $ALIGN_PROJECT


def _preview(at: AppTest, find: str, replacement: str) -> AppTest:
    at.text_input(key="rt_find").set_value(find)
    at.text_input(key="rt_repl").set_value(replacement).run()
    assert not at.exception
    return at


def _propose_button(at: AppTest):
    return at.button(key="rt_propose")


def test_a_translator_previews_unticks_one_proposes_and_the_review_queue_shows_them(project: Project) -> None:
    plan = review.plan_throughout(project, DOC, "Kamenev", "Kameneff")
    at = _preview(signed_in("anna"), "Kamenev", "Kameneff")
    table = at.dataframe[0]
    assert list(table.value["propose"]) == [True] * 6
    assert all("[Kamenev → Kameneff]" in row for row in table.value["in context"])
    assert _propose_button(at).label == "Propose the ticked 6"
    at.session_state[table.key] = {"edited_rows": {2: {"propose": False}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert _propose_button(at).label == "Propose the ticked 5"
    _propose_button(at).click().run()
    assert not at.exception and not at.error
    assert unescape(at.success[0].value) == "Proposed 5 correction(s) of 'Kamenev' → 'Kameneff', skipped 0."
    made = workspace.list_corrections(project, DOC)
    assert [a.start for a in made] == [o.start for n, o in enumerate(plan) if n != 2]
    assert all(a.correction.proposer == "anna" and a.correction.origin == "person" for a in made)
    # the preview now says which are recorded; the unticked one is still there to propose
    after = at.dataframe[0].value
    assert list(after["propose"]) == [False, False, True, False, False, False]
    assert [bool(s) for s in after["skipped because"]] == [True, True, False, True, True, True]
    assert after["skipped because"][0] == f"already proposed as {made[0].correction.id}"
    assert _propose_button(at).label == "Propose the ticked 1"
    view(at, "Review")
    assert {f"comment_btn_{a.correction.id}" for a in made} <= keys(at, "button")
    assert "5 of 5 corrections match." in " ".join(c.value for c in at.caption)


def test_the_preview_shows_what_is_skipped_and_a_refusal(project: Project) -> None:
    first = review.propose_throughout(project, DOC, who("anna"), "Putilov", "Putilovsky").created[0]
    review.reject(project, DOC, who("boris"), first.id, reason="keep it")
    at = _preview(view(signed_in("boris"), "Edit"), "Putilov", "Putilovsky")  # editors edit too
    rows = at.dataframe[0].value
    assert rows["skipped because"][0] == f"already rejected as {first.id} by boris"
    assert list(rows["propose"]) == [False, False, False]  # the others are pending
    assert _propose_button(at).disabled
    _preview(at, "coming. I", "coming; I")
    assert "two sentences" in at.dataframe[0].value["skipped because"][0]
    _preview(at, "e", "a")
    at.checkbox(key="rt_words").uncheck().run()
    assert "occurs 2176 times" in at.error[0].value and not at.dataframe


def test_a_replace_made_in_error_is_withdrawn_at_one_click(project: Project) -> None:
    at = _preview(signed_in("anna"), "Kamenev", "Kameneff")
    _propose_button(at).click().run()
    made = [a.correction for a in workspace.list_corrections(project, DOC)]
    assert len(made) == 6 and at.button(key="rt_undo").label == "Undo: withdraw the 6 just proposed"
    review.revise(project, DOC, who("anna"), made[0].id, note="this one stays")  # changed since: kept, and said
    at.button(key="rt_undo").click().run()
    assert not at.exception
    said = unescape(at.success[0].value)
    assert said.startswith(f"Withdrew 5 proposal(s); kept 1 ({made[0].id}") and "changed since you saw it" in said
    statuses = {a.correction.id: a.correction.status for a in workspace.list_corrections(project, DOC)}
    assert statuses[made[0].id] == "proposed" and [statuses[c.id] for c in made[1:]] == ["withdrawn"] * 5
    assert "rt_undo" not in keys(at, "button")  # done once
