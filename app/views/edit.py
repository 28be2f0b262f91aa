"""Edit (translators, editors): revise a sentence, see the live diff, propose; suggestions; replace a
word or phrase throughout (previewed, one proposal per ticked occurrence); your own proposals with
their review status, reviewer and reason, revised or withdrawn."""

from __future__ import annotations

import re
from collections import Counter

import streamlit as st

from align.alignment.neural import USE_M3
from align.checks import Finding, rule_name, run_checks
from align.corrections import review, workspace
from align.corrections.model import Category, Correction, Status
from align.corrections.occurrences import in_context
from align.project import Project
from align.render import correction_html, diff_block, finding_html, markdown_text, proposals_html, source_html
from align.segment import Segment, Segmentation

from . import live_text
from . import shared as wb

PAGE_SIZE = 15
AUTO = "(guess)"
# where the messages of proposing, of proposing a suggestion, of replacing throughout and of withdrawing are shown
FORM, SUGG, THROUGHOUT, MINE = "edit-form", "edit-suggestions", "edit-throughout", "edit-mine"
SHOWN_SKIPS = 3  # reasons for skipping quoted in the message after proposing throughout
DUPLICATE = re.compile(r"already proposed as (c-[\w-]+)")


def _propose(project: Project, doc_id: str, seg_id: str, original: str) -> None:
    """Propose the revised sentence; on success the form is emptied, a refusal is shown by the button."""
    text = live_text.text_of(f"edit_text_{seg_id}", original)
    category = st.session_state.get("edit_category", AUTO)
    note = st.session_state.get("edit_note", "")
    made = wb.act_at(FORM, "", review.propose_sentence, project, doc_id, wb.signed_in(), seg_id, text,
                     category=None if category == AUTO else category, note=note)
    if made:
        wb.flash("success", f"Proposed {len(made)} correction(s): " + ", ".join(c.id for c in made), FORM)
        # the form starts again from the sentence as it stands (note and category set, not removed:
        # the browser keeps a removed widget's text)
        live_text.reset(f"edit_text_{seg_id}")
        st.session_state.update({"edit_note": "", "edit_category": AUTO})


def _propose_finding(project: Project, doc_id: str, finding: Finding) -> None:
    made = wb.act_at(SUGG, "", review.propose_findings, project, doc_id, wb.signed_in(), [finding])
    if made:
        created, _ = made
        wb.flash("success" if created else "info",
                 "Proposed the suggestion." if created else "That suggestion is already recorded.", SUGG)


def _propose_throughout(project: Project, doc_id: str, request: dict, table: str,
                        rows: list[tuple[int, bool]]) -> None:
    """Propose the occurrences still ticked in the preview (`rows`: start and tick as previewed) of `request`
    (find, replacement, whole_word, match_case); the library skips, and says why, any it cannot propose."""
    only = wb.still_ticked(table, "propose", rows)
    done = wb.act_at(THROUGHOUT, "", review.propose_throughout, project, doc_id, wb.signed_in(), **request,
                     note=st.session_state.get("rt_note", ""), only=only)
    if done is None:
        return
    st.session_state["rt_made"] = [(c.id, c.revision) for c in done.created]  # what "Withdraw them" takes back
    reasons = "; ".join(o.skip for o in done.skipped[:SHOWN_SKIPS]) + ("; …" if len(done.skipped) > SHOWN_SKIPS else "")
    wb.flash("success" if done.created else "info", markdown_text(
        f"Proposed {len(done.created)} correction(s) of {request['find']!r} → {request['replacement']!r}, "
        f"skipped {len(done.skipped)}" + (f" ({reasons})" if reasons else "") + "."), THROUGHOUT)


def _withdraw_throughout(project: Project, doc_id: str) -> None:
    """Take back, in one write, the proposals the last replace throughout made (those still pending and
    unchanged since: a revised or reviewed one is refused and said)."""
    made = st.session_state.pop("rt_made", [])
    done = wb.act_at(THROUGHOUT, "", review.withdraw_many, project, doc_id, wb.signed_in(), made)
    if done is not None:
        refused = "; ".join(f"{r.correction}: {r.error}" for r in done.refused[:SHOWN_SKIPS])
        wb.flash("success" if done.decided else "info", markdown_text(
            f"Withdrew {len(done.decided)} proposal(s)" + (f"; kept {len(done.refused)} ({refused})" if refused
                                                          else "") + "."), THROUGHOUT)


def _throughout(project: Project, doc_id: str) -> None:
    """Replace throughout: every occurrence of a word or phrase in the English, previewed in a table where
    single ones can be unticked, then one proposal per ticked occurrence (align.corrections.review); the
    proposals just made can be withdrawn again at one click."""
    wb.show_flash(THROUGHOUT)  # outside the expander, which a rerun may fold
    if made := st.session_state.get("rt_made"):
        st.button(f"Undo: withdraw the {len(made)} just proposed", key="rt_undo", on_click=_withdraw_throughout,
                  args=(project, doc_id))
    with st.expander("Replace throughout"):
        c1, c2, c3 = st.columns(3)
        find = c1.text_input("Find", key="rt_find", placeholder="a word or phrase, e.g. Spinosa")
        replacement = c2.text_input("Replace with", key="rt_repl")
        c3.text_input("Note (why)", key="rt_note")
        c4, c5 = st.columns(2)
        match_case = c4.checkbox("Match case", value=True, key="rt_case")
        whole_word = c5.checkbox("Whole words", value=True, key="rt_words")
        if not find:
            st.caption("Each occurrence in the document becomes a proposal of its own, reviewed on its own.")
            return
        request = {"find": find, "replacement": replacement, "whole_word": whole_word, "match_case": match_case}
        plan = wb.act_at(THROUGHOUT, "", review.plan_throughout, project, doc_id, **request)
        wb.show_flash(THROUGHOUT)
        if plan is None:
            return
        en = wb.english(project, doc_id)
        st.caption(f"{len(plan)} occurrence(s), {sum(o.proposable for o in plan)} to propose. Untick any to leave "
                   "out; the skipped ones say why.")
        if not plan:
            return
        # a new table for every request and every write: ticks of another preview never carry over
        table = f"rt_table_{hash((*request.values(), wb.stamp(project, doc_id)))}"
        rows = [{"propose": o.proposable, "sentence": en.number(o.segment.id) if o.segment else "–",
                 "in context": in_context(en.text, o), "skipped because": o.skip, "note": o.overlaps} for o in plan]
        edited = st.data_editor(rows, key=table, hide_index=True,
                                disabled=["sentence", "in context", "skipped because", "note"],
                                column_config={"propose": st.column_config.CheckboxColumn("propose", width="small")})
        ticked = sum(bool(row["propose"]) for row in edited)
        st.button(f"Propose the ticked {ticked}", key="rt_propose", type="primary", disabled=not ticked,
                  on_click=_propose_throughout,
                  args=(project, doc_id, request, table, [(o.start, o.proposable) for o in plan]))


def _withdraw(project: Project, doc_id: str, cid: str, base: int) -> None:
    if wb.act_at(MINE, f"Withdrew {cid}.", review.withdraw, project, doc_id, wb.signed_in(), cid,
                 base=base) is not None:
        st.session_state["withdrawn"] = cid
    st.session_state.pop("mine_confirm", None)


def _restore(project: Project, doc_id: str, cid: str) -> None:
    if wb.act_at(MINE, f"Restored {cid}: it awaits review again.", review.restore, project, doc_id,
                 wb.signed_in(), cid) is not None:
        st.session_state.pop("withdrawn", None)


def _refusals(place: str) -> None:
    """The messages of `place`; a proposal refused as a duplicate links to the one already recorded."""
    same = [m for kind, message, at in st.session_state.get(wb.FLASH, [])
            if at == place and (m := DUPLICATE.search(message)) is not None]
    wb.show_flash(place)
    if same:
        cid = same[0].group(1)
        st.button(f"Show {cid} in Review", key=f"show_{place}", on_click=wb.open_in_review, args=(cid,))


def _revise(project: Project, doc_id: str, c: Correction) -> None:
    """Send what changed (replacement and/or note) based on the revision shown."""
    replacement = st.session_state.get(f"mine_repl_{c.id}_{c.revision}", c.replacement)
    note = st.session_state.get(f"mine_note_{c.id}_{c.revision}", c.note)
    wb.act(f"Revised {c.id}.", review.revise, project, doc_id, wb.signed_in(), c.id,
           replacement=None if replacement == c.replacement else replacement,
           note=None if note == c.note else note, base=c.revision)


def _pick(en: Segmentation) -> Segment | None:
    wb.remember("edit_search", "")
    query = st.text_input("Find a sentence", key="edit_search", placeholder="words from the sentence")
    wb.keep("edit_search")
    q = query.strip().lower()
    matches = [s for s in en.sentences if q in s.text.lower()] if q else en.sentences
    st.caption(f"{len(matches)} sentence(s)")
    if not matches:
        return None
    shown, _ = wb.page(matches, PAGE_SIZE, "edit_page")
    by_id = {s.id: s for s in shown}
    picked = st.radio("Sentence", list(by_id), key="edit_pick", label_visibility="collapsed",
                      format_func=lambda i: f"¶{by_id[i].paragraph_index + 1} · {markdown_text(by_id[i].text[:110])}")
    return by_id.get(picked)


def _suggestions(project: Project, doc_id: str, seg: Segment) -> None:
    st.subheader("Suggestions")
    source = st.toggle("Weigh by the Russian", key="sugg_source",
                       help="The context check's candidates are weighed by the aligned Russian too, with the bundled "
                            "multilingual encoder (use-m3): slower, finds more slips such as 'tines' for 'times'. "
                            "Needs a stored alignment.")
    # findings stay while no file changes
    key = f"findings_{doc_id}_{hash(wb.stamp(project, doc_id))}_{source}"
    if st.button("Run checks", key="run_checks"):
        model = wb.act("", wb.encoder, USE_M3) if source else None
        found = wb.act("", run_checks, project, doc_id, model=model) if model or not source else None
        if found is not None:
            st.session_state[key] = found
    _refusals(SUGG)
    findings: list[Finding] | None = st.session_state.get(key)
    if findings is None:
        st.caption("Run the checks to see suggestions for this document.")
        return
    only_here = st.toggle("Only this sentence", value=True, key="sugg_here")
    items = [f for f in findings if not only_here or f.segment == seg.id]
    st.caption(f"{len(items)} suggestion(s)")
    shown, first = wb.page(items, PAGE_SIZE, "sugg_page")
    en = wb.english(project, doc_id)
    for i, f in enumerate(shown, start=first):
        with st.container(border=True):
            wb.html_block(finding_html(f, en, rule_name(f.rule)))
            if f.replacement is not None:
                st.button("Propose", key=f"sugg_{i}", on_click=_propose_finding, args=(project, doc_id, f))


def _mine(project: Project, doc_id: str) -> None:
    """Every proposal of the signed-in user, newest change first; a pending one can be revised or withdrawn."""
    login = wb.signed_in().login
    mine = sorted((a.correction for a in workspace.list_corrections(project, doc_id) if a.correction.proposer == login),
                  key=lambda c: c.updated, reverse=True)
    counts = Counter(c.status for c in mine)
    summary = ", ".join(f"{n} {status}" for status, n in counts.items()) or "none yet"
    with st.expander(f"My proposals ({summary})", expanded=bool(counts[Status.PROPOSED] or counts[Status.REJECTED])):
        wb.show_flash(MINE)
        withdrawn = st.session_state.get("withdrawn")
        if withdrawn and any(c.id == withdrawn and c.status == Status.WITHDRAWN for c in mine):
            st.button(f"Undo: restore {withdrawn}", key="mine_restore", on_click=_restore,
                      args=(project, doc_id, withdrawn))
        if not mine:
            st.caption("Nothing proposed yet.")
            return
        shown, _ = wb.page(mine, PAGE_SIZE, "mine_page")
        wb.html_block(proposals_html(shown))
        pending = {c.id: c for c in mine if c.status == "proposed"}
        if not pending:
            return
        st.markdown("**Change a pending proposal**")
        cid = st.selectbox("Pending proposal", list(pending), key="mine_pick",
                           format_func=lambda i: f"{i}: {pending[i].quote[:40]} → {pending[i].replacement[:40]}")
        c = pending[cid]
        c1, c2 = st.columns(2)
        # keys carry the revision, so a revision made elsewhere (CLI, another tab) refills the fields
        replacement = c1.text_input("Replacement", value=c.replacement, key=f"mine_repl_{c.id}_{c.revision}")
        c2.text_input("Note (why)", value=c.note, key=f"mine_note_{c.id}_{c.revision}")
        wb.html_block(diff_block(c.quote, replacement))
        b1, b2, b3 = st.columns([1, 1, 3])
        b1.button("Save changes", key="mine_revise", type="primary", on_click=_revise, args=(project, doc_id, c))
        if st.session_state.get("mine_confirm") == c.id:
            b2.button("Yes, withdraw", key="mine_withdraw", on_click=_withdraw,
                      args=(project, doc_id, c.id, c.revision))
            b3.button("Keep it", key="mine_keep", on_click=st.session_state.pop, args=("mine_confirm", None))
        else:
            b2.button("Withdraw…", key="mine_withdraw_ask", on_click=st.session_state.__setitem__,
                      args=("mine_confirm", c.id))


def show(project: Project, doc_id: str) -> None:
    st.header("Edit sentences")
    _throughout(project, doc_id)
    en = wb.english(project, doc_id)
    left, right = st.columns([2, 3])
    with left:
        seg = _pick(en)
    if seg is None:
        return
    with right:
        st.caption(en.number(seg.id))
        ru_text = wb.russian_for(wb.beads(project, doc_id), wb.russian(project, doc_id), seg.id)
        if ru_text:
            wb.html_block(source_html(ru_text))
        here = [a for a in workspace.list_corrections(project, doc_id, ["proposed", "approved"])
                if seg.start <= a.start < seg.end]
        for a in here:
            wb.html_block(correction_html(a.correction))
        new_text = live_text.live_text_area("Revised sentence", f"edit_text_{seg.id}", seg.text)
        st.markdown("**Diff** (follows your typing)")
        wb.html_block(diff_block(seg.text, new_text))
        c1, c2 = st.columns(2)
        c1.selectbox("Category", [AUTO, *Category], key="edit_category")
        c2.text_input("Note (why)", key="edit_note")
        st.button("Propose", key="edit_submit", type="primary", on_click=_propose,
                  args=(project, doc_id, seg.id, seg.text))
        _refusals(FORM)
        _suggestions(project, doc_id, seg)
    _mine(project, doc_id)
