"""Review: the queue of corrections, each as a tracked diff beside its Russian.

Whoever the role rules (align.users) let approve or reject does so (editors); everyone signed in may comment
(translators and publishers see the queue read-only, with reviewers' reasons and the history)."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from align.corrections import review, workspace
from align.corrections.model import Category, Status
from align.corrections.relocate import Located
from align.project import Project
from align.render import history_html, markdown_text, review_pair_html, sentence_diffs_html
from align.segment import Segmentation
from align.users import Action

from . import shared as wb

PAGE_SIZE = 20


def _origin(a: Located) -> str:
    return a.correction.rule or "person"


def _comment(project: Project, doc_id: str, cid: str) -> None:
    key = f"comment_{cid}"
    if wb.act(f"Commented on {cid}.", review.comment, project, doc_id, wb.signed_in(), cid,
              st.session_state.get(key, "")) is not None:
        st.session_state[key] = ""


def _approve(project: Project, doc_id: str, cid: str, base: int) -> None:
    wb.act(f"Approved {cid}.", review.approve, project, doc_id, wb.signed_in(), cid, base=base)


def _reject(project: Project, doc_id: str, cid: str, base: int) -> None:
    reason = st.session_state.get(f"reason_{cid}", "")
    wb.act(f"Rejected {cid}.", review.reject, project, doc_id, wb.signed_in(), cid, reason=reason,
           base=base)


def _approve_rule(project: Project, doc_id: str, items: list[tuple[str, int]]) -> None:
    """Approve every listed proposal of one check; each is still checked by the library."""
    actor = wb.signed_in()
    done = sum(wb.act("", review.approve, project, doc_id, actor, cid, base=base) is not None for cid, base in items)
    wb.flash("success", f"Approved {done} of {len(items)} findings.")
    st.session_state.pop("confirm_rule", None)


def _bulk(project: Project, doc_id: str, proposed: list[Located], en: Segmentation) -> None:
    """One button per check with its count of pending findings; approval after a confirmation."""
    by_rule = Counter(a.correction.rule for a in proposed if a.correction.is_automatic)
    if not by_rule:
        return
    st.markdown("**Approve all findings of one check**")
    cols = st.columns(min(4, len(by_rule)))
    for i, (rule, n) in enumerate(sorted(by_rule.items())):
        cols[i % len(cols)].button(f"{rule}: approve all {n}…", key=f"bulk_{rule}",
                                   on_click=st.session_state.__setitem__, args=("confirm_rule", rule))
    confirming = st.session_state.get("confirm_rule")
    if confirming not in by_rule:
        return
    items = [a for a in proposed if a.correction.rule == confirming]
    with st.container(border=True):
        st.warning(f"Approve all {len(items)} pending findings of the `{confirming}` check? Look them over first:")
        wb.html_block(sentence_diffs_html(items, en))
        c1, c2 = st.columns(2)
        c1.button(f"Confirm: approve {len(items)}", key="bulk_confirm", type="primary", on_click=_approve_rule,
                  args=(project, doc_id, [(a.correction.id, a.correction.revision) for a in items]))
        c2.button("Cancel", key="bulk_cancel", on_click=st.session_state.pop, args=("confirm_rule", None))


def _card(project: Project, doc_id: str, a: Located, en: Segmentation, ru_text: str | None,
          may: set[Action]) -> None:
    """One correction: what changed beside its Russian, who and why, its history, and the actions `may` allows."""
    c = a.correction
    with st.container(border=True):
        where = "" if a.state == "exact" else f" · **{a.state}**"
        st.markdown(
            f"`{c.id}` · **{c.status}** · {c.category} · check: {markdown_text(_origin(a))} · "
            f"by {markdown_text(c.proposer)}"
            + (f" · reviewed by {markdown_text(c.reviewer)}" if c.reviewer else "") + where
        )
        wb.html_block(review_pair_html(a, en, ru_text))
        if c.note:
            st.markdown(f"**Rationale:** {markdown_text(c.note)}")
        if c.reason:
            st.markdown(f"**Review reason:** {markdown_text(c.reason)}")
        comments = sum(e.type == "commented" for e in c.history)
        with st.expander(f"History ({len(c.history)} event{'s' * (len(c.history) != 1)}, "
                         f"{comments} comment{'s' * (comments != 1)})"):
            wb.html_block(history_html(c))
            if "comment" in may:
                col1, col2 = st.columns([5, 1], vertical_alignment="bottom")
                col1.text_input("Comment", key=f"comment_{c.id}", placeholder="add a comment (visible to everyone)",
                                label_visibility="collapsed")
                col2.button("Comment", key=f"comment_btn_{c.id}", on_click=_comment, args=(project, doc_id, c.id))
        if c.status != "proposed" or not may & {"approve", "reject"}:
            return
        col1, col2, col3 = st.columns([1, 3, 1])
        if "approve" in may:
            col1.button("Approve", key=f"approve_{c.id}", type="primary", on_click=_approve,
                        args=(project, doc_id, c.id, c.revision))
        if "reject" in may:
            col2.text_input("Reason for rejecting", key=f"reason_{c.id}", label_visibility="collapsed",
                            placeholder="reason for rejecting (required)")
            col3.button("Reject", key=f"reject_{c.id}", on_click=_reject, args=(project, doc_id, c.id, c.revision))


def show(project: Project, doc_id: str) -> None:
    st.header("Review corrections")
    wb.log_problems(project, doc_id)
    may = {action for action in (Action.APPROVE, Action.REJECT, Action.COMMENT) if wb.may(action)}
    if not may & {"approve", "reject"}:
        st.caption("Read-only: editors approve or reject; you can read their reasons and add comments.")
    everything = workspace.list_corrections(project, doc_id)
    f1, f2, f3, f4 = st.columns(4)
    statuses = f1.multiselect("Status", list(Status), default=["proposed"], key="rv_status")
    cats = f2.multiselect("Category", list(Category), key="rv_category")
    checks = f3.multiselect("Check", sorted({_origin(a) for a in everything}), key="rv_check")
    authors = f4.multiselect("Author", sorted({a.correction.proposer for a in everything}), key="rv_author")
    items = [
        a for a in everything
        if (not statuses or a.correction.status in statuses)
        and (not cats or a.correction.category in cats)
        and (not checks or _origin(a) in checks)
        and (not authors or a.correction.proposer in authors)
    ]
    en = wb.english(project, doc_id)
    proposed = [a for a in items if a.correction.status == "proposed"]
    if "approve" in may:
        _bulk(project, doc_id, proposed, en)
    st.caption(f"{len(items)} of {len(everything)} corrections match.")
    if not items:
        st.info("Nothing to review with these filters.")
        return
    shown, _ = wb.page(items, PAGE_SIZE, "rv_page")
    bead_list = wb.beads(project, doc_id)
    ru = wb.russian(project, doc_id)
    for a in shown:
        seg = en.at(a.start)
        _card(project, doc_id, a, en, wb.russian_for(bead_list, ru, seg.id) if seg else None, may)
