"""The workbench through Streamlit's headless AppTest, on a temporary copy of the project."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from people import demo_password, who
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from align import formats
from align.alignment import decisions, run
from align.alignment.store import Bead, load_alignment, load_decisions
from align.checks import rule_name
from align.corrections import apply, review, workspace
from align.corrections.log import CorrectionLog
from align.export import log_state
from align.project import Project
from align.render import (
    Change,
    alignment_rows,
    alignment_table_html,
    confidence_badge,
    diff_html,
    markdown_text,
    tracked_html,
)
from align.segment import load_segmentation

from book_fixtures import FODT, SOFFICE, epub_book, libreoffice
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


def _revised_key(at: AppTest, seg_id: str) -> str:
    """The key of the Edit view's live text area as it is now: a new one after each reset."""
    resets = f"edit_text_{seg_id}.resets"
    return f"edit_text_{seg_id}.{at.session_state[resets] if resets in at.session_state else 0}"


def revised(at: AppTest, seg_id: str) -> str:
    """The Edit view's revised sentence: the live text area's state (AppTest runs no JavaScript)."""
    return at.session_state[_revised_key(at, seg_id)]["text"]


def type_revised(at: AppTest, seg_id: str, text: str) -> AppTest:
    """Type `text` as the revised sentence (what the live text area reports while typing)."""
    at.session_state[_revised_key(at, seg_id)] = {"text": text}
    return at


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind) if w.key}


def html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def test_views_follow_the_role(project: Project) -> None:
    assert signed_in("anna").sidebar.radio(key="view").options == ["Edit", "Review", "Alignment", "Document",
                                                                   "Glossary"]
    assert signed_in("boris").sidebar.radio(key="view").options == ["Review", "Edit", "Alignment", "Document", "Export",
                                                                    "Glossary"]
    assert signed_in("dmitri").sidebar.radio(key="view").options == ["Document", "Export", "Review", "Alignment",
                                                                     "Glossary"]
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
    type_revised(at, seg_id, revised(at, seg_id).replace("tines", "times")).run()
    assert '<del class="al-del">tines</del><ins class="al-ins">times</ins>' in html(at)  # live diff
    at.button(key="edit_submit").click().run()
    assert not at.error and "Proposed 1 correction" in at.success[0].value
    [a] = workspace.list_corrections(project, DOC, ["proposed"])
    assert (a.correction.quote, a.correction.replacement, a.correction.proposer) == ("tines", "times", "anna")
    assert at.selectbox(key="mine_pick").value == a.correction.id  # a translator may revise or withdraw her own
    assert "mine_withdraw_ask" in keys(at, "button")
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
    at.selectbox(key="bulk_group").set_value("check:spelling").run()
    assert at.selectbox(key="bulk_group").format_func("check:spelling") == f"{rule_name('spelling')} — 2"
    table = at.dataframe[0].value
    assert list(table["pick"]) == [True, True] and "[tines → times]" in " ".join(table["in context"])
    glav = list(table["change"]).index("Glavcontsesscom → Glavkontsesskom")
    at.session_state["bulk_table_check:spelling"] = {"edited_rows": {glav: {"pick": False}}, "added_rows": [],
                                                     "deleted_rows": []}  # one unticked in the preview
    at.button(key="bulk_confirm").click().run()
    assert not at.error and "Approved 1 of 1 ticked (1 left out)" in at.success[0].value
    status = {a.correction.quote: a.correction.status for a in workspace.list_corrections(project, DOC)}
    assert status == {"Glavcontsesscom": "proposed", "tines": "approved"}


def test_review_search_counts_and_filters_kept_across_views(project: Project) -> None:
    cid = propose_tines(project)
    ws = workspace.open_workspace(project, DOC)
    i = ws.text.index("Glavcontsesscom")
    review.propose(project, DOC, who("anna"), i, i + len("Glavcontsesscom"), "Glavkontsesskom")
    at = signed_in("boris")
    assert at.multiselect(key="rv_status").value == ["proposed"]
    assert "proposed 2" in [c.value for c in at.caption]
    at.text_input(key="rv_search").set_value("tines").run()
    assert [k for k in keys(at, "button") if k.startswith("approve_")] == [f"approve_{cid}"]
    assert "proposed 1" in [c.value for c in at.caption]  # counts follow the search
    view(at, "Document")
    view(at, "Review")  # the search and the filters are restored after another view
    assert at.text_input(key="rv_search").value == "tines"
    assert [k for k in keys(at, "button") if k.startswith("approve_")] == [f"approve_{cid}"]
    at.button(key=f"approve_{cid}").click().run()
    assert f"Approved {cid}." in at.success[0].value
    at.text_input(key="rv_search").set_value("no such words").run()
    assert at.info[0].value == "Nothing to review with these filters."


def test_publisher_exports_and_cannot_review(project: Project) -> None:
    propose_tines(project)
    at = signed_in("dmitri")
    view(at, "Review")  # a publisher reads the queue and may comment, but not approve or reject
    assert {k for k in keys(at, "button") if k.startswith("comment_btn_")}
    assert not {k for k in keys(at, "button") if k.startswith(("approve_", "reject_", "bulk_"))}
    view(at, "Export")
    assert "1 proposal(s) are still pending" in at.warning[0].value
    assert "dl_clean" in keys(at, "download_button")
    assert not at.dataframe  # every book's state only when asked: it reads them all
    at.toggle(key="exp_overview").set_value(True).run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert (row["document"], row["proposed"], row["ready"]) == (DOC, 1, "no") and row["last"].endswith(" anna")
    view(at, "Alignment")  # a publisher may look at the alignment but not change it
    assert "al_link" not in keys(at, "button")


def test_document_search_and_editors_import(project: Project) -> None:
    at = view(signed_in("anna"), "Document")
    assert "Import a book" not in [e.label for e in at.expander]  # translators do not import
    at.text_input(key="doc_search").set_value("several tines").run()
    assert "1 paragraph(s) match" in [c.value for c in at.caption] and "several tines" in html(at)
    at = view(signed_in("boris"), "Document")
    assert "Import a book" in [e.label for e in at.expander]
    at.button(key="imp_go").click().run()  # nothing chosen: said by the button
    assert "Choose a file" in at.error[0].value


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
    # A change of quotes or commas alone is boxed, only the signs that changed, the word kept plain.
    assert diff_html("said 'no'", "said ‘no’") == (
        'said <del class="al-del"><span class="al-small">&#x27;</span></del><ins class="al-ins">'
        '<span class="al-small">‘</span></ins>no<del class="al-del"><span class="al-small">&#x27;</span></del>'
        '<ins class="al-ins"><span class="al-small">’</span></ins>')
    assert diff_html("Yes", "Yes,") == 'Yes<ins class="al-ins"><span class="al-small">,</span></ins>'
    text = "one two three"
    shown = tracked_html(text, [Change(4, 7, "2", "proposed"), Change(8, 13, "3")])
    assert shown == ('one <del class="al-del al-proposed">two</del><ins class="al-ins al-proposed">2</ins> '
                     '<del class="al-del">three</del><ins class="al-ins">3</ins>')
    assert "al-conf-low" in confidence_badge(0.2) and "0.95" in confidence_badge(0.95)


def test_alignment_table_marks_chapters_and_unfolds_long_runs(project: Project) -> None:
    en = load_segmentation(project, DOC, "en")
    ru = load_segmentation(project, DOC, "ru")
    one_sided = [Bead((), (s.id,), 0.0, 0.16) for s in en.sentences[:15]]
    pair = Bead((ru.sentences[0].id,), (en.sentences[15].id,), 1.0, 1.0, True)
    body = alignment_table_html(alignment_rows([*one_sided, pair]), ru, en, grouped=False,
                                chapters={en.sentences[15].id: "Chapter <II>"})
    assert "no Russian source available (15 sentences)" in body
    assert 'class="al-conf al-conf-low" title="confidence">0.16<' in body  # not a grey "–"
    first_hidden = escape(en.sentences[12].text)
    assert body.index("show 3 more sentences") < body.index(first_hidden)  # behind the click
    assert '<tr class="al-chapter"><td colspan="4">Chapter: Chapter &lt;II&gt;</td></tr>' in body
    assert body.index("Chapter: ") < body.index(escape(en.sentences[15].text)) and "✎ manual" in body


def test_user_text_in_markdown_shows_as_typed() -> None:
    note = 'see **p. 12** <i>scan</i> [x](y) `c` ~~d~~ $5 | a\\b & "it\'s" #3 _e_'
    shown = MarkdownIt("commonmark").enable("strikethrough").renderInline(markdown_text(note))
    assert "<" not in shown and unescape(shown) == note  # no element made, every character kept
    for title in ("1. Introduction", "- a dash", "+ a plus", "x\n===", "2) two"):  # no list, heading or rule
        shown = MarkdownIt("commonmark").render(markdown_text(title))
        assert shown.startswith("<p>") and unescape(shown[3:-5]) == title
    # Streamlit turns `:smile:` into an emoji, `:material/home:` into an icon and `:red[x]` into colour (and
    # the `:red` vanishes) on the parsed text, where no backslash helps: a colon never touches the word after it.
    assert not re.search(r":[\w+-]", markdown_text("at 10:30 :smile: :material/home: :red[x]"))


def test_document_title_and_sentences_are_not_markdown(project: Project) -> None:
    """A title (from an imported book's metadata) and sentences go into a header and radio labels,
    which Streamlit renders as Markdown: they are shown as typed."""
    title = "1. **Bold** :red[x] [l](javascript:alert(1))"
    meta = project.meta_path(DOC)
    meta.write_text(re.sub(r'^title = ".*"$', f"title = {json.dumps(title)}", meta.read_text(encoding="utf-8"),
                           flags=re.MULTILINE), encoding="utf-8")
    path = project.text_path(DOC, "en")
    sentence = "Then **he** wrote [x](javascript:alert(1)) at $5 :smile: here."
    path.write_text(sentence + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("wrote [x]").run()
    [option] = at.radio(key="edit_pick").options
    assert option == f"¶1 · {markdown_text(sentence)}"
    view(at, "Document")
    assert at.header[0].value == markdown_text(title)


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
    assert '<details class="al-run"><summary class="al-missing">show ' in everything  # a long run unfolds

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
    assert '<span class="al-manual" title="set by hand">✎ manual</span>' in html(at)

    at.button(key="al_jump").click().run()
    assert at.radio(key="al_order").value == "least confident first"
    worst = min((b for b in beads if b.ru and b.en), key=lambda b: b.confidence)
    assert at.selectbox(key="al_bead").value == beads.index(worst)  # the least confident comes first
    at.button(key="al_unlink").click().run()
    assert not at.error, [e.value for e in at.error]
    assert all(not (b.ru and b.en) and b.manual for b in load_alignment(project, DOC) if set(b.en) & set(worst.en))


def send_label(at: AppTest, key: str, label: str) -> None:
    """Make a selectbox send `label` on the next run, as the browser does with the label it last showed."""
    box = at.selectbox(key=key)
    state = WidgetState(id=box.id, string_value=label)
    box.__class__ = type("SentLabel", (type(box),), {"_widget_state": property(lambda _: state)})


def test_unlink_then_link_back_with_a_stale_row_label_does_not_crash(project: Project) -> None:
    # In the browser, the row picker sends its option's label; after an unlink relabels the rows
    # Streamlit hands that old label back as text, which used to reach `i >= len(beads)` (TypeError).
    at = view(signed_in("boris"), "Alignment")
    at.button(key="al_run").click().run()
    b = load_alignment(project, DOC)[2]
    at.selectbox(key="al_bead").set_value(2).run()
    stale = at.selectbox(key="al_bead").format_func(2)
    at.button(key="al_unlink").click().run()
    assert "Unlinked row 3" in at.success[0].value
    send_label(at, "al_bead", stale)  # what the browser sends back
    at.button(key="al_merge").click().run()
    assert not at.exception and "pick it again" in at.error[0].value
    at.multiselect(key="al_link_ru").set_value(list(b.ru))
    at.multiselect(key="al_link_en").set_value(list(b.en)).run()
    send_label(at, "al_bead", stale)
    at.button(key="al_link").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert load_alignment(project, DOC)[2] == Bead(b.ru, b.en, 1.0, 1.0, True)
    assert at.multiselect(key="al_link_ru").value == []  # the link form is cleared for the next one
    at.button(key="al_undo").click().run()  # undo the link: the unlink stands again
    assert "Undid" in at.success[0].value
    assert not any(set(x.en) & set(b.en) and x.ru for x in load_alignment(project, DOC))
    at.button(key="al_undo").click().run()  # and undo the unlink: the aligner's pair is back
    assert any(x.ru == b.ru and x.en == b.en and not x.manual for x in load_alignment(project, DOC))
    assert len(load_decisions(project, DOC).decisions) == 4  # nothing deleted: two changes, two undos


def test_split_starts_from_the_picked_rows_own_sizes(project: Project) -> None:
    at = view(signed_in("boris"), "Alignment")
    at.button(key="al_run").click().run()
    beads = load_alignment(project, DOC)
    n, b = next((n, x) for n, x in enumerate(beads) if len(x.ru) == 1 and len(x.en) == 2)
    at.selectbox(key="al_bead").set_value(n).run()
    assert at.number_input(key=f"al_ken_{n}_1_2").value == 1  # one English sentence in the first part
    at.button(key="al_split").click().run()
    assert not at.error and f"Split row {n + 1}." in at.success[0].value
    after = load_alignment(project, DOC)
    assert after[n] == Bead(b.ru, b.en[:1], 1.0, 1.0, True) and after[n + 1].en == b.en[1:]


def test_alignment_search_doubtful_filter_and_remembered_filters(project: Project) -> None:
    at = view(signed_in("boris"), "Alignment")
    at.button(key="al_run").click().run()
    beads = load_alignment(project, DOC)
    at.text_input(key="al_search").set_value("Троцким").run()
    body = html(at)
    assert "Троцким" in body and body.count("<tr>") < len(beads)
    view(at, "Review")
    view(at, "Alignment")  # the search survives a visit to another view
    assert at.text_input(key="al_search").value == "Троцким"
    at.text_input(key="al_search").set_value("").run()
    at.toggle(key="al_doubtful").set_value(True).run()
    at.slider(key="al_below").set_value(1.0).run()
    unsure = [b for b in beads if b.confidence < 1.0 and not b.manual]
    assert any(f"{len(beads)} pairs" in c.value for c in at.caption)
    assert unsure and 'al-conf al-conf-none' not in html(at)  # one-sided rows show their confidence too
    at.slider(key="al_below").set_value(0.0).run()
    assert at.info[0].value == "No row matches."  # nothing is below 0
    assert "al_undo" in keys(at, "button")  # undo stays at hand when no row is shown


def test_translator_proposes_a_suggestion_with_one_click(project: Project) -> None:
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("Glavcontsesscom").run()
    at.button(key="run_checks").click().run()
    assert not at.error
    propose = [b for b in at.button if b.key and b.key.startswith("sugg_")]
    assert propose, "the checks suggest something in this sentence"
    sentence = next(s for s in workspace.open_workspace(project, DOC).seg.sentences if "Glavcontsesscom" in s.text)
    tail = sentence.text[sentence.text.index("Glavcontsesscom") + len("Glavcontsesscom"):]
    cards = [h.proto.body for h in at.html if "· confidence" in h.proto.body]
    assert cards and all(escape(tail.strip()) in c for c in cards)  # each suggestion shows its whole sentence
    propose[0].click().run()
    assert not at.error and at.success
    [a] = workspace.list_corrections(project, DOC, ["proposed"])
    assert a.correction.proposer == "anna" and a.correction.is_automatic


def test_suggestions_weighed_by_the_russian(project: Project) -> None:
    """With the toggle on, the checks load the bundled encoder and the aligned Russian has its say
    (a finding's message says so); without an alignment it has none."""
    run.run_alignment(project, DOC)
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("tines").run()
    at.button(key="run_checks").click().run()
    cards = [h.proto.body for h in at.html if "· confidence" in h.proto.body]
    assert any("tines" in c for c in cards) and not any("closer to the Russian" in c for c in cards)
    at.toggle(key="sugg_source").set_value(True).run()
    at.button(key="run_checks").click().run()
    assert not at.error
    cards = [h.proto.body for h in at.html if "· confidence" in h.proto.body]
    assert any("tines" in c and "closer to the Russian" in c for c in cards)


def test_publisher_downloads_files_made_at_the_click(project: Project) -> None:
    cid = propose_tines(project)
    at = view(signed_in("dmitri"), "Export")
    assert {"dl_clean", "dl_docx", "dl_docx-tracked", "dl_tei"} <= keys(at, "download_button")
    assert not {"dl_epub", "dl_fb2", "dl_odt", "dl_odt-tracked"} & keys(at, "download_button")  # plain text
    from views import export as export_view  # app/ is on sys.path once AppTest has run the app

    before = export_view.build(project, DOC, "text", "dmitri", False, False)
    state = log_state(project, DOC)
    assert state in " ".join(c.value for c in at.caption)
    review.approve(project, DOC, who("boris"), cid)  # approved after the page was drawn ...
    after = export_view.build(project, DOC, "text", "dmitri", False, False)
    assert b"several tines" in before and b"several times" in after  # ... and the click's file has it
    assert export_view.build(project, DOC, "docx", "dmitri", False, False)[:2] == b"PK"  # a zip: a Word file
    assert log_state(project, DOC) != state
    assert "export_docx" not in at.session_state and "export_text" not in at.session_state  # nothing kept


def test_export_offers_epub_for_a_book_imported_from_epub(project: Project) -> None:
    formats.import_book(project, epub_book(), "epub-book", "en", name="book.epub")
    at = signed_in("dmitri")
    at.sidebar.selectbox(key="doc").set_value("epub-book").run()
    view(at, "Export")
    assert "dl_epub" in keys(at, "download_button") and "dl_fb2" not in keys(at, "download_button")


def test_export_offers_odt_for_a_book_imported_from_odt(project: Project, tmp_path: Path) -> None:
    if not SOFFICE:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "lo").mkdir()
    (tmp_path / "lo" / "book.fodt").write_text(FODT, encoding="utf-8")
    odt = libreoffice(tmp_path / "lo" / "book.fodt", "odt", tmp_path / "lo", tmp_path / "lo" / "profile")
    formats.import_book(project, odt.read_bytes(), "odt-book", "en", name="book.odt")
    at = signed_in("dmitri")
    at.sidebar.selectbox(key="doc").set_value("odt-book").run()
    view(at, "Export")
    offered = keys(at, "download_button")
    assert {"dl_odt", "dl_odt-tracked", "dl_docx-tracked"} <= offered and not {"dl_epub", "dl_fb2"} & offered
    from views import export as export_view  # app/ is on sys.path once AppTest has run the app

    assert export_view.build(project, "odt-book", "odt-tracked", "dmitri", False, False)[:2] == b"PK"


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
    assert "<b>Review reason:</b> the scan says tines" in html(at)  # the reviewer's reason
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
    assert "<summary>History (3 events, 1 comment)</summary>" in body


def test_broken_metadata_of_one_document_leaves_the_others_usable(project: Project) -> None:
    (project.texts_dir / "en" / "other.txt").write_text("Another text.\n", encoding="utf-8")
    project.meta_path("other").write_text('title = "unterminated\n', encoding="utf-8")
    at = signed_in("anna")  # the picker used to read every title: nobody could open any document
    assert not at.error and at.sidebar.radio(key="view").options
    picker = at.sidebar.selectbox(key="doc")
    assert picker.value == DOC and "other (other)" in picker.options
    picker.set_value("other").run()
    view(at, "Document")
    assert "other.toml: not valid TOML metadata" in unescape(at.error[0].value).replace("\\", "")

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
        assert "<script>boom" not in html(at)  # (the page's own key-binding script aside)
    assert workspace.list_corrections(project, DOC)  # the good events still count


def test_skipped_alignment_decisions_are_shown_in_alignment(project: Project) -> None:
    first = run.run_alignment(project, DOC)[0]
    decisions.unlink(project, DOC, list(first.ru), list(first.en), who("anna"))
    path = project.doc_dir(DOC) / "alignment-decisions.jsonl"
    line = json.loads(path.read_bytes())
    line["user"] = "boris"  # anna's decision passed off as boris's: its id no longer matches its content
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
    problems = load_decisions(project, DOC).problems
    assert len(problems) == 1 and "line 2:" in problems[0]
    at = view(signed_in("dmitri"), "Alignment")
    assert "alignment decisions" in at.warning[0].value and "have 1 problem(s)" in at.warning[0].value
    assert at.code[0].value == problems[0]


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
    at.button(key="mine_withdraw_ask").click().run()
    assert workspace.list_corrections(project, DOC)[0].correction.status == "proposed"  # asked first
    at.button(key="mine_withdraw").click().run()
    assert not at.error and f"Withdrew {cid}." in at.success[0].value
    assert workspace.list_corrections(project, DOC)[0].correction.status == "withdrawn"
    assert "<b>withdrawn</b>" in html(at)
    at.button(key="mine_restore").click().run()  # undo: a new event, the history keeps the withdrawal
    assert not at.error and f"Restored {cid}" in at.success[0].value
    [a] = workspace.list_corrections(project, DOC)
    assert a.correction.status == "proposed" and "withdrawn" in [e.type for e in a.correction.history]
    assert "mine_restore" not in keys(at, "button")


def test_edit_form_clears_and_a_duplicate_is_refused_by_the_button(project: Project) -> None:
    at = signed_in("anna")
    at.text_input(key="edit_search").set_value("several tines").run()
    seg_id = at.radio(key="edit_pick").value
    original = revised(at, seg_id)
    for _ in range(2):  # the second time, the same change typed again
        type_revised(at, seg_id, original.replace("tines", "times"))
        at.text_input(key="edit_note").set_value("typo").run()
        at.button(key="edit_submit").click().run()
        if at.success:
            assert revised(at, seg_id) == original  # the form starts afresh
            assert at.text_input(key="edit_note").value == ""
    [a] = workspace.list_corrections(project, DOC)  # one proposal, not two
    assert f"already proposed as {a.correction.id}" in at.error[0].value
    at.button(key="show_edit-form").click().run()  # jump to the one already recorded
    assert at.sidebar.radio(key="view").value == "Review"
    assert at.text_input(key="rv_search").value == a.correction.id
    assert {k for k in keys(at, "button") if k.startswith("comment_btn_")} == {f"comment_btn_{a.correction.id}"}
