"""The Review view's bulk review through Streamlit's AppTest: a group from the library (a check's proposals or
one person's same change), single items unticked, the rest approved or rejected in one batch."""

from __future__ import annotations

from html import unescape

import test_app
from markdown_it import MarkdownIt
from people import who
from streamlit.testing.v1 import AppTest
from test_app import DOC, signed_in
from test_bulk_review import groups, propose_checks, propose_throughout

from align.corrections import review
from align.corrections.log import CorrectionLog
from align.project import Project

GROUP = "bulk_group"
project = test_app.project  # the workbench's fixture: a copy of the project, named by $ALIGN_PROJECT


def pick(at: AppTest, project: Project, shown: str) -> str:
    """Choose the group the list shows as `shown` (its label and count); its key, from the library."""
    assert shown in at.selectbox(key=GROUP).options
    [key] = [k for k, g in groups(project).items() if f"{g.label} — {len(g.items)}" == shown]
    at.selectbox(key=GROUP).set_value(key).run()
    assert not at.exception
    return key


def untick(at: AppTest, key: str, row: int) -> None:
    at.session_state[f"bulk_table_{key}"] = {"edited_rows": {row: {"pick": False}}, "added_rows": [],
                                             "deleted_rows": []}


def shown_text(markdown: str) -> str:
    """A message as people read it (Markdown rendered, its escapes gone)."""
    return unescape(MarkdownIt("commonmark").renderInline(markdown))


def status(project: Project) -> dict[str, tuple[str, str | None, str]]:
    return {cid: (c.status, c.reviewer, c.reason) for cid, c in CorrectionLog(project, DOC).state().corrections.items()}


def test_an_editor_approves_a_persons_change_but_one(project: Project) -> None:
    moscow = propose_throughout(project, "anna", "Moscow", "Moskva")
    at = signed_in("clara")
    assert at.selectbox(key=GROUP).options == ["anna: 'Moscow' → 'Moskva' — 3"]
    key = pick(at, project, "anna: 'Moscow' → 'Moskva' — 3")
    table = at.dataframe[0].value
    assert list(table["pick"]) == [True] * 3 and list(table["change"]) == ["Moscow → Moskva"] * 3
    untick(at, key, 1)
    at.button(key="bulk_confirm").click().run()
    assert not at.error and at.success[0].value == "Approved 2 of 2 ticked (1 left out)."
    assert [status(project)[c][:2] for c in moscow] == [("approved", "clara"), ("proposed", None),
                                                        ("approved", "clara")]


def test_an_editors_own_proposals_are_refused_and_listed(project: Project) -> None:
    own = propose_throughout(project, "boris", "Lenin", "Lenine", slice(2))
    at = signed_in("boris")
    pick(at, project, "boris: 'Lenin' → 'Lenine' — 2")
    at.button(key="bulk_confirm").click().run()
    [shown] = [shown_text(w.value) for w in at.warning if w.value.startswith("Approved")]
    assert shown == "Approved 0 of 2 ticked (0 left out); refused: " + "; ".join(
        f"{c}: boris proposed this correction; another editor must approve it (four eyes)" for c in own)
    assert {status(project)[c][0] for c in own} == {"proposed"}


def test_an_editor_rejects_a_checks_proposals_for_a_reason(project: Project) -> None:
    propose_checks(project)
    at = signed_in("clara")
    key = pick(at, project, "Terms the glossary spells otherwise — 7")
    untick(at, key, 0)
    at.button(key="bulk_reject").click().run()
    assert "a rejection needs a reason" in at.error[0].value
    assert {s for s, _, _ in status(project).values()} == {"proposed"}  # nothing recorded
    key = pick(at, project, "Terms the glossary spells otherwise — 7")
    untick(at, key, 0)
    at.text_input(key="bulk_reason").set_value("the translator's spellings stay").run()
    at.button(key="bulk_reject").click().run()
    assert not at.error and at.success[0].value == "Rejected 6 of 6 ticked (1 left out)."
    glossary = [c for c in CorrectionLog(project, DOC).state().corrections.values() if c.rule == "glossary.variant"]
    assert sorted(c.status for c in glossary) == ["proposed"] + ["rejected"] * 6
    assert {c.reason for c in glossary if c.status == "rejected"} == {"the translator's spellings stay"}
    # The one left out is still pending, and reviewed on its own as before.
    [left] = [c for c in glossary if c.status == "proposed"]
    assert review.approve(project, DOC, who("boris"), left.id).status == "approved"
