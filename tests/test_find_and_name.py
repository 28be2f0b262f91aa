"""What the workbench shows people instead of ids and what it searches: corrections found by
any word people remember, checks' rules by plain names, sentences by paragraph and number."""

from __future__ import annotations

import pytest
from people import who

from align.checks import RULE_NAMES, rule_name, run_checks
from align.corrections import review, workspace
from align.errors import NotFoundError
from align.project import Project
from align.segment import load_segmentation
from align.users import load_users

from conftest import SAMPLE


def _propose(project: Project, old: str, new: str, login: str = "anna", note: str = "") -> str:
    text = workspace.open_workspace(project, SAMPLE).text
    start = text.index(old)
    return review.propose(project, SAMPLE, who(login), start, start + len(old), new, note=note).id


def test_search_matches_every_field_people_remember(project: Project) -> None:
    tines = _propose(project, "tines", "times", note="typo")
    spinoza = _propose(project, "Spinosa", "Spinoza", login="boris", note="the usual spelling")
    review.approve(project, SAMPLE, who("clara"), tines)
    findings = [f for f in run_checks(project, SAMPLE, ["typography"]) if f.replacement is not None]
    review.propose_findings(project, SAMPLE, who("checks"), findings)
    ws = workspace.open_workspace(project, SAMPLE)
    items = workspace.list_corrections(project, SAMPLE)
    people = {u.login: u.name for u in load_users(project).values()}

    def ids(query: str, among: list = items) -> set[str]:
        return {a.correction.id for a in workspace.search(among, query, seg=ws.seg, people=people,
                                                          rule_label=rule_name)}

    by_people = [a for a in items if not a.correction.is_automatic]
    assert ids("tines", by_people) == ids("TIMES", by_people) == ids("Typo", by_people) == {tines}  # any case
    assert ids("walked several", by_people) == {tines}  # the sentence around the change
    assert ids("Clara", by_people) == ids("clara", by_people) == {tines}  # the approver, by name or login
    assert ids("usual spinoza", by_people) == {spinoza}  # every word, in any order
    assert ids("tines boris", by_people) == set()
    sentence = ws.seg.at(ws.text.index("walked several tines"))
    assert sentence is not None
    assert ids("walked several tines") == {a.correction.id for a in items if ws.seg.at(a.start) == sentence}
    checks = {a.correction.id for a in items if a.correction.is_automatic}
    assert checks and ids("automatic checks") == checks  # the checks' account by its name
    rule = next(a.correction.rule for a in items if a.correction.is_automatic)
    named = {a.correction.id for a in items if a.correction.rule == rule}
    assert ids(RULE_NAMES[rule]) == ids(rule) == named  # the plain name of the check and its id
    assert ids("  ") == {a.correction.id for a in items}
    assert workspace.search(items, "walked several") == []  # without the sentences, no sentence text


def test_every_rule_the_checks_report_has_a_plain_name(project: Project) -> None:
    from align.alignment.run import run_alignment

    run_alignment(project, SAMPLE)  # the source check needs the alignment
    rules = {f.rule for f in run_checks(project, SAMPLE)} | {f.rule for f in run_checks(project, SAMPLE, lang="ru")}
    assert len(rules) >= 5
    assert rules <= set(RULE_NAMES), rules - set(RULE_NAMES)
    assert rule_name("spelling.real-word") == "Real-word spelling errors"
    assert rule_name("typography.odd-thing") == "Odd thing (typography)"
    assert rule_name("nameless") == "Nameless"


def test_sentences_are_numbered_as_people_count(project: Project) -> None:
    en = load_segmentation(project, SAMPLE, "en")
    assert en.number(en.sentences[0].id) == "¶1, sentence 1"
    para = next(p for p in en.paragraphs if len(en.in_paragraph(p.index)) >= 3)
    third = en.in_paragraph(para.index)[2]
    assert en.number(third.id) == f"¶{para.index + 1}, sentence 3"
    assert third.id.endswith(".3")  # the same count the id keeps
    last = en.sentences[-1]
    assert en.number(last.id) == f"¶{len(en.paragraphs)}, sentence {len(en.in_paragraph(last.paragraph_index))}"
    with pytest.raises(NotFoundError, match="no sentence 'p0.1'"):
        en.number("p0.1")
