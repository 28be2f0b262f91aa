"""The workbench through Streamlit's headless AppTest, on a temporary copy of the project."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from people import demo_password, who
from streamlit.testing.v1 import AppTest

from align.alignment import decisions
from align.alignment.store import Bead, load_alignment
from align.corrections import apply, review, workspace
from align.corrections.log import CorrectionLog
from align.project import Project
from align.render import Change, confidence_badge, diff_html, markdown_text, tracked_html

from conftest import copy_project

REPO = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"
TINES = "Then he walked several tines"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    return copy_project(tmp_path)


def sign_in(at: AppTest, login: str, password: str) -> AppTest:
    at.text_input(key="sign_in_login").set_value(login)
    at.text_input(key="sign_in_password").set_value(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    return at


def signed_in(login: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=30).run()
    return sign_in(at, login, demo_password(login))


def view(at: AppTest, name: str) -> AppTest:
    at.sidebar.radio(key="view").set_value(name).run()
    assert not at.exception
    return at


def tines_segment(project: Project) -> str:
    seg = next(s for s in workspace.open_workspace(project, DOC).seg.sentences if TINES in s.text)
    return seg.id


def propose_tines(project: Project, login: str = "anna") -> str:
    ws = workspace.open_workspace(project, DOC)
    start = ws.text.index(TINES) + len("Then he walked several ")
    return review.propose(project, DOC, who(login), start, start + len("tines"), "times").id


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind) if w.key}


def html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def test_views_follow_the_role(project: Project) -> None:
    assert signed_in("anna").sidebar.radio(key="view").options == ["Edit", "Review", "Alignment", "Document"]
    assert signed_in("boris").sidebar.radio(key="view").options == ["Review", "Edit", "Alignment", "Document", "Export"]
    assert signed_in("dmitri").sidebar.radio(key="view").options == ["Document", "Export", "Review", "Alignment"]
    checks = signed_in("checks")  # the unattended account has no workbench
    assert "no workbench" in checks.error[0].value and len(checks.sidebar.radio) == 0


def _everything(at: AppTest) -> str:
    """All text the app sent to the browser."""
    return str([e for e in at.main]) + str([e for e in at.sidebar])


def test_nothing_of_the_project_shows_before_sign_in(project: Project) -> None:
    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=30).run()
    shown = _everything(at)
    assert "Trotsky" not in shown and DOC not in shown and "tines" not in shown
    assert len(at.sidebar.radio) == 0 and len(at.selectbox) == 0
    assert "Demo accounts with published passwords" in at.warning[0].value


def test_a_wrong_password_is_refused_and_repeated_failures_lock_out(project: Project) -> None:
    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=30).run()
    sign_in(at, "boris", "demo-anna")
    assert "Wrong login or password." in [e.value for e in at.error] and len(at.sidebar.radio) == 0
    sign_in(at, "nobody", "whatever1")  # an unknown login says the same
    assert "Wrong login or password." in [e.value for e in at.error]
    for _ in range(4):
        sign_in(at, "boris", "wrong-password")
    sign_in(at, "boris", demo_password("boris"))  # even the right password waits now
    assert any("Too many failed sign-ins" in e.value for e in at.error) and len(at.sidebar.radio) == 0
    other = signed_in("clara")  # another login in another session is not locked
    assert len(other.sidebar.radio) == 1


def test_sign_out_and_idle_time_end_the_session(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    at = signed_in("boris")
    at.sidebar.button(key="sign_out").click().run()
    assert len(at.sidebar.radio) == 0 and "Signed out." in [e.value for e in at.info]
    at = signed_in("boris")
    monkeypatch.setenv("ALIGN_IDLE_MINUTES", "0")
    at.run()
    assert len(at.sidebar.radio) == 0 and any("without activity" in e.value for e in at.info)


def test_a_translator_cannot_reach_approve(project: Project) -> None:
    propose_tines(project, "clara")
    at = view(signed_in("anna"), "Review")
    assert not any("approve" in (b.key or "") or b.label.startswith("Approve") for b in at.button)


def test_identity_provider_sign_in_maps_to_an_account(project: Project) -> None:
    from align import accounts

    accounts.save_user(project, "boris", {"oidc": "boris@example.org"})
    accounts.write_key_file(who("boris"), accounts.key_file_path(project, "boris"))
    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=30)
    at.user = {"is_logged_in": True, "email": "boris@example.org", "sub": "oidc|123"}
    at.run()
    assert not at.exception
    assert "Signed in as Boris (boris, editor)" in [m.value for m in at.sidebar.markdown]
    stranger = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=30)
    stranger.user = {"is_logged_in": True, "email": "eve@example.org", "sub": "oidc|666"}
    stranger.run()
    assert "has no account" in stranger.error[0].value and len(stranger.sidebar.radio) == 0


def test_translator_proposes_editor_approves(project: Project) -> None:
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("several tines").run()
    seg_id = at.radio(key="edit_pick").value
    assert seg_id == tines_segment(project)
    box = at.text_area(key=f"edit_text_{seg_id}")
    box.set_value(box.value.replace("tines", "times")).run()
    assert '<del class="al-del">tines</del><ins class="al-ins">times</ins>' in html(at)  # live diff
    at.button(key="edit_submit").click().run()
    assert not at.error and "Proposed 1 correction" in at.success[0].value
    [a] = workspace.list_corrections(project, DOC, ["proposed"])
    assert (a.correction.quote, a.correction.replacement, a.correction.proposer) == ("tines", "times", "anna")
    assert at.selectbox(key="mine_pick").value == a.correction.id  # a translator may revise or withdraw her own
    assert "mine_withdraw" in keys(at, "button")
    assert not {k for k in keys(at, "button") if k.startswith("approve_")}

    at = signed_in("boris")  # editors land on the review queue
    assert '<del class="al-del">tines</del><ins class="al-ins">times</ins>' in html(at)
    at.button(key=f"approve_{a.correction.id}").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "walked several times to and fro" in apply.corrected(project, DOC).text
    view(at, "Document").toggle(key="doc_clean").set_value(True).run()
    assert "walked several times to and fro" in html(at)


def test_editor_cannot_approve_own_proposal(project: Project) -> None:
    cid = propose_tines(project, "boris")
    at = signed_in("boris")
    at.button(key=f"approve_{cid}").click().run()
    assert "four eyes" in at.error[0].value
    assert workspace.list_corrections(project, DOC, ["proposed"])[0].correction.id == cid


def test_reject_requires_a_reason(project: Project) -> None:
    cid = propose_tines(project)
    at = signed_in("clara")
    at.button(key=f"reject_{cid}").click().run()
    assert "needs a reason" in at.error[0].value
    at.text_input(key=f"reason_{cid}").set_value("tines is right here").run()
    at.button(key=f"reject_{cid}").click().run()
    assert not at.error
    [a] = workspace.list_corrections(project, DOC)
    assert (a.correction.status, a.correction.reason, a.correction.reviewer) == (
        "rejected",
        "tines is right here",
        "clara",
    )


def test_stale_review_is_refused(project: Project) -> None:
    cid = propose_tines(project)
    at = signed_in("boris")  # boris sees revision 1 ...
    review.revise(project, DOC, who("anna"), cid, replacement="time")  # ... then anna revises it
    at.button(key=f"approve_{cid}").click().run()
    assert "changed since you saw it" in at.error[0].value
    assert workspace.list_corrections(project, DOC)[0].correction.status == "proposed"


def test_approve_all_findings_of_one_check(project: Project) -> None:
    ws = workspace.open_workspace(project, DOC)
    first = ws.text.index("Glavcontsesscom")
    spans = [
        (first, first + len("Glavcontsesscom"), "Glavkontsesskom"),
        (ws.text.index("tines"), ws.text.index("tines") + 5, "times"),
    ]

    class F:  # a check's finding, as align.checks reports it
        def __init__(self, s: int, e: int, r: str) -> None:
            self.start, self.end, self.replacement = s, e, r
            self.category, self.rule, self.message = "spelling", "spelling", "unknown word"

    assert review.propose_findings(project, DOC, who("checks"), [F(*s) for s in spans]) == (2, 0)
    at = signed_in("boris")
    at.button(key="bulk_spelling").click().run()
    assert "Approve all 2 pending findings" in at.warning[0].value
    at.button(key="bulk_confirm").click().run()
    assert not at.error
    assert {a.correction.status for a in workspace.list_corrections(project, DOC)} == {"approved"}


def test_publisher_exports_and_cannot_review(project: Project) -> None:
    propose_tines(project)
    at = signed_in("dmitri")
    view(at, "Review")  # a publisher reads the queue and may comment, but not approve or reject
    assert {k for k in keys(at, "button") if k.startswith("comment_btn_")}
    assert not {k for k in keys(at, "button") if k.startswith(("approve_", "reject_", "bulk_"))}
    view(at, "Export")
    assert "1 proposal(s) are still pending" in at.warning[0].value
    assert "dl_clean" in keys(at, "download_button")
    view(at, "Alignment")  # a publisher may look at the alignment but not change it
    assert "al_link" not in keys(at, "button")


def test_document_text_is_escaped(project: Project) -> None:
    path = project.text_path(DOC, "en")
    path.write_text("He wrote <script>alert('x')</script> on the wall.\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    at = view(signed_in("anna"), "Document")
    body = html(at)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body and "<script>" not in body
    at.toggle(key="doc_clean").set_value(True).run()
    assert "<script>" not in html(at)


def test_render_escapes_and_marks_changes() -> None:
    assert diff_html("a <b> c", "a <i> c") == 'a &lt;<del class="al-del">b</del><ins class="al-ins">i</ins>&gt; c'
    # A deleted space is drawn, not an invisible struck-through blank.
    assert diff_html("Tyranny” , Book", "Tyranny”, Book") == 'Tyranny”<del class="al-del">␣</del>, Book'
    text = "one two three"
    shown = tracked_html(text, [Change(4, 7, "2", "proposed"), Change(8, 13, "3")])
    assert shown == ('one <del class="al-del al-proposed">two</del><ins class="al-ins al-proposed">2</ins> '
                     '<del class="al-del">three</del><ins class="al-ins">3</ins>')
    assert "al-conf-low" in confidence_badge(0.2) and "0.95" in confidence_badge(0.95)


def test_user_text_in_markdown_shows_as_typed() -> None:
    note = 'see **p. 12** <i>scan</i> [x](y) `c` ~~d~~ $5 | a\\b & "it\'s" #3 _e_'
    shown = MarkdownIt("commonmark").enable("strikethrough").renderInline(markdown_text(note))
    assert "<" not in shown and unescape(shown) == note  # no element made, every character kept


def test_alignment_view_runs_aligner_shows_runs_and_relinks(project: Project) -> None:
    at = view(signed_in("boris"), "Alignment")
    assert at.info[0].value == "No alignment stored yet."
    at.button(key="al_run").click().run()
    assert not at.error and not at.exception
    body = html(at)
    assert 'class="al-conf al-conf-high"' in body and "Троцким" in body and "Trotsky" in body
    pages = [body]
    last = int(at.number_input(key="al_page").max)
    for n in range(2, last + 1):
        at.number_input(key="al_page").set_value(n).run()
        pages.append(html(at))
    everything = "".join(pages)
    # the English beyond the Russian is one collapsed row, and so is the Russian the English omits
    assert everything.count("no Russian source available") >= 1 and everything.count("not translated") >= 1
    assert everything.count("no Russian source available (") <= 3

    at.number_input(key="al_page").set_value(1).run()
    beads = load_alignment(project, DOC)
    first, second = beads[0], beads[1]
    at.multiselect(key="al_link_ru").set_value(list(first.ru))
    at.multiselect(key="al_link_en").set_value([*first.en, *second.en]).run()
    at.button(key="al_link").click().run()
    assert not at.error, [e.value for e in at.error]
    beads = load_alignment(project, DOC)
    assert beads[0] == Bead(first.ru, (*first.en, *second.en), 1.0, 1.0, True)
    assert beads[1].ru == second.ru and not beads[1].en  # the Russian left over is now unaligned
    assert '<span class="al-manual">manual</span>' in html(at)

    at.button(key="al_jump").click().run()
    assert at.radio(key="al_order").value == "least confident first"
    worst = min((b for b in beads if b.ru and b.en), key=lambda b: b.confidence)
    assert at.selectbox(key="al_bead").value == beads.index(worst)  # the least confident comes first
    at.button(key="al_unlink").click().run()
    assert not at.error, [e.value for e in at.error]
    assert all(not (b.ru and b.en) and b.manual for b in load_alignment(project, DOC) if set(b.en) & set(worst.en))


def test_translator_proposes_a_suggestion_with_one_click(project: Project) -> None:
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("Glavcontsesscom").run()
    at.button(key="run_checks").click().run()
    assert not at.error
    propose = [b for b in at.button if b.key and b.key.startswith("sugg_")]
    assert propose, "the checks suggest something in this sentence"
    propose[0].click().run()
    assert not at.error and at.success
    [a] = workspace.list_corrections(project, DOC, ["proposed"])
    assert a.correction.proposer == "anna" and a.correction.is_automatic


def test_publisher_downloads_word(project: Project) -> None:
    at = view(signed_in("dmitri"), "Export")
    at.button(key="prep_docx").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "dl_docx" in keys(at, "download_button")
    assert at.session_state["export_docx"][:2] == b"PK"  # a zip: a Word file


def test_proposer_revises_a_pending_proposal_and_sees_reviews(project: Project) -> None:
    cid = propose_tines(project)
    at = signed_in("anna")
    assert at.selectbox(key="mine_pick").value == cid
    rev = workspace.list_corrections(project, DOC)[0].correction.revision
    at.button(key="mine_revise").click().run()  # nothing changed: the library says so
    assert "nothing to revise" in at.error[0].value
    at.text_input(key=f"mine_note_{cid}_{rev}").set_value("typo in the scan").run()
    at.button(key="mine_revise").click().run()
    assert not at.error and f"Revised {cid}." in at.success[0].value
    c = workspace.list_corrections(project, DOC)[0].correction
    assert (c.replacement, c.note) == ("times", "typo in the scan")  # only the note was sent
    at.text_input(key=f"mine_repl_{cid}_{c.revision}").set_value("time").run()
    assert '<ins class="al-ins">time</ins>' in html(at)  # live diff of the revision
    at.button(key="mine_revise").click().run()
    c = workspace.list_corrections(project, DOC)[0].correction
    assert (c.replacement, c.note, c.status) == ("time", "typo in the scan", "proposed")

    review.revise(project, DOC, who("anna"), cid, replacement="times")  # meanwhile, from the CLI
    at.text_input(key=f"mine_repl_{cid}_{c.revision}").set_value("tides")
    at.button(key="mine_revise").click().run()  # based on the revision on screen: stale
    assert "changed since you saw it" in at.error[0].value
    assert workspace.list_corrections(project, DOC)[0].correction.replacement == "times"

    review.reject(project, DOC, who("clara"), cid, reason="tines is what the scan has")
    at = signed_in("anna")  # rejected ones stay listed, with reviewer and reason; nothing left to revise
    mine = html(at)[html(at).index('id="my-proposals"'):]
    assert "<b>rejected</b>" in mine and "by clara: tines is what the scan has" in mine
    assert "mine_pick" not in keys(at, "selectbox")


def test_everyone_comments_and_translators_read_review(project: Project) -> None:
    cid = propose_tines(project)
    review.reject(project, DOC, who("boris"), cid, reason="the scan says tines")
    at = view(signed_in("anna"), "Review")  # read-only for a translator
    assert "Read-only" in at.caption[1].value
    at.multiselect(key="rv_status").set_value(["rejected"]).run()
    assert any("the scan says tines" in m.value for m in at.markdown)  # the reviewer's reason
    assert not {k for k in keys(at, "button") if k.startswith(("approve_", "reject_", "bulk_"))}
    at.button(key=f"comment_btn_{cid}").click().run()
    assert "empty comment" in at.error[0].value
    at.text_input(key=f"comment_{cid}").set_value("<b>see page 12</b> of the scan").run()
    at.button(key=f"comment_btn_{cid}").click().run()
    assert not at.error and f"Commented on {cid}." in at.success[0].value
    assert at.text_input(key=f"comment_{cid}").value == ""  # cleared for the next comment
    event = workspace.list_corrections(project, DOC)[0].correction.history[-1]
    assert (event.type, event.actor, event.role, event.reason) == (
        "commented", "anna", "translator", "<b>see page 12</b> of the scan")
    body = html(at)
    assert "<b>anna</b> (translator) commented: &lt;b&gt;see page 12&lt;/b&gt; of the scan" in body
    assert "<b>boris</b> (editor) rejected: the scan says tines" in body
    assert [e.label for e in at.expander if e.label.startswith("History")] == ["History (3 events, 1 comment)"]


def test_log_problems_are_shown_in_review_and_document(project: Project) -> None:
    propose_tines(project)
    log = CorrectionLog(project, DOC)
    with log.path.open("ab") as fh:  # a hand-edited line with markup in it, then a torn last line
        fh.write(b'{"event":"e-x","type":"**<script>boom</script>**","correction":"c","actor":"a","time":"t"}\n')
        fh.write(b'{"event":"e-torn","type":"appr')
    problems = log.state().problems
    assert len(problems) == 2
    for name in ("Review", "Document"):
        at = view(signed_in("boris"), name)
        assert "has 2 problem(s)" in at.warning[0].value and "check-log" in at.warning[0].value
        assert at.code[0].value == "\n".join(problems)  # verbatim text, not markup
        assert "<script>" not in html(at)
    assert workspace.list_corrections(project, DOC)  # the good events still count


def test_aligner_with_use_m3_and_rerun_keeps_manual_decisions(project: Project) -> None:
    at = view(signed_in("anna"), "Alignment")
    at.radio(key="al_scorer").set_value("with the bundled multilingual encoder (use-m3)").run()
    at.button(key="al_run").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "use-m3" in at.success[0].value
    neural_scores = [b.score for b in load_alignment(project, DOC)]
    first = load_alignment(project, DOC)[0]
    decisions.unlink(project, DOC, list(first.ru), list(first.en), who("anna"))
    at.run()
    at.radio(key="al_scorer").set_value("length + anchors (default)").run()
    at.button(key="al_rerun").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "length + anchors" in at.success[0].value
    beads = load_alignment(project, DOC)
    assert [b.score for b in beads if not b.manual] != [s for s, b in zip(neural_scores, beads) if not b.manual]
    kept = [b for b in beads if set(b.ru) & set(first.ru)]
    assert kept and all(b.manual and not b.en for b in kept)  # the unlink survived the re-run


def test_russian_spelling_is_listed_never_proposed(project: Project) -> None:
    path = project.text_path(DOC, "ru")
    text = path.read_text(encoding="utf-8")
    at_ = text.index(" Троцкий ") + 1
    path.write_text(text[:at_] + "Троцкй" + text[at_ + len("Троцкий"):], encoding="utf-8")
    at = view(signed_in("dmitri"), "Alignment")  # anyone may look, even before an alignment exists
    at.button(key="ru_check").click().run()
    assert not at.error, [e.value for e in at.error]
    table = html(at)[html(at).index('id="ru-spelling"'):]
    assert "<mark>Троцкй</mark>" in table and "<td>Троцкий</td>" in table
    assert not workspace.list_corrections(project, DOC)


def test_proposer_withdraws_from_the_edit_view(project: Project) -> None:
    cid = propose_tines(project)
    at = signed_in("anna")
    at.button(key="mine_withdraw").click().run()
    assert not at.error and f"Withdrew {cid}." in at.success[0].value
    assert workspace.list_corrections(project, DOC)[0].correction.status == "withdrawn"
    assert "<b>withdrawn</b>" in html(at)
