"""Review: the queue of corrections, each as a tracked diff beside its Russian.

Whoever the role rules (align.users) let approve or reject does so (editors), one card at a time or a whole
group at once (align.corrections.groups: one check's proposals, or one person's same change); everyone signed
in may comment (translators and publishers see the queue read-only, with reviewers' reasons and the history)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import streamlit as st

from align.checks import rule_name
from align.corrections import review, workspace
from align.corrections.groups import Group, pending_groups
from align.corrections.model import Category, Status
from align.corrections.relocate import Located
from align.project import Project
from align.render import markdown_text, review_head_html, review_notes_html, review_pair_html
from align.segment import Segmentation
from align.users import Action, load_users

from . import shared as wb

PAGE_SIZE = 20
LIST = "review-list"  # where a card's approval or rejection is reported (the card itself may leave the list)
BULK = "review-bulk"  # where the messages of bulk review are shown
GROUP, BULK_REASON = "bulk_group", "bulk_reason"  # the group chosen for bulk review, the reason for rejecting it
FILTERS = {"rv_search": "", "rv_status": ["proposed"], "rv_category": [], "rv_check": [], "rv_author": []}
# Keys for the review cards: J / K move a highlight between cards, A clicks the highlighted card's
# Approve (the approved card leaves the "proposed" list, so the next one takes its place: approve
# and next), R its Reject. Streamlit has no key bindings; this script is the whole of it.
KEYS_JS = """<script>
(() => {
  const w = window.parent || window, doc = w.document;
  if (w.alReviewKeys) return;
  w.alReviewKeys = true;
  w.alCard = 0;
  const cards = () => [...doc.querySelectorAll('[class*="st-key-card_"]')];
  const mark = () => {
    const all = cards();
    if (!all.length) return null;
    w.alCard = Math.max(0, Math.min(w.alCard, all.length - 1));
    all.forEach((c, i) => { c.style.outline = i === w.alCard ? "3px solid #1565c0" : ""; });
    return all[w.alCard];
  };
  let queued = false;  // re-mark once per frame after Streamlit redraws the page
  new MutationObserver(() => {
    if (!queued) { queued = true; w.requestAnimationFrame(() => { queued = false; mark(); }); }
  }).observe(doc.body, {childList: true, subtree: true});
  doc.addEventListener("keydown", (e) => {
    const t = e.target, tag = t && t.tagName;
    const typing = tag === "INPUT" || tag === "TEXTAREA" || (t && t.isContentEditable);
    if (e.ctrlKey || e.metaKey || e.altKey || typing) return;
    const key = e.key.toLowerCase(), card = mark();
    if (!card) return;
    const click = (prefix) => {
      const b = card.querySelector(`[class*="st-key-${prefix}_"] button`);
      if (b) b.click();
    };
    if (key === "j") { w.alCard += 1; mark().scrollIntoView({block: "center"}); }
    else if (key === "k") { w.alCard -= 1; mark().scrollIntoView({block: "center"}); }
    else if (key === "a") click("approve");
    else if (key === "r") click("reject");
    else return;
    e.preventDefault();
  });
})();
</script>"""


def check_name(rule: str | None) -> str:
    """Where a correction came from, as people read it: a check's plain name, or "a person"."""
    return rule_name(rule) if rule else "a person"


def _origin(a: Located) -> str:
    return a.correction.rule or "person"


def _comment(project: Project, doc_id: str, cid: str) -> None:
    key = f"comment_{cid}"
    if wb.act_at(cid, f"Commented on {cid}.", review.comment, project, doc_id, wb.signed_in(), cid,
                 st.session_state.get(key, "")) is not None:
        st.session_state[key] = ""


def _approve(project: Project, doc_id: str, cid: str, base: int) -> None:
    if wb.act_at(cid, "", review.approve, project, doc_id, wb.signed_in(), cid, base=base) is not None:
        wb.flash("success", f"Approved {cid}.", LIST)


def _reject(project: Project, doc_id: str, cid: str, base: int) -> None:
    reason = st.session_state.get(f"reason_{cid}", "")
    if wb.act_at(cid, "", review.reject, project, doc_id, wb.signed_in(), cid, reason=reason,
                 base=base) is not None:
        wb.flash("success", f"Rejected {cid}.", LIST)


def _review_picked(project: Project, doc_id: str, group: Group, many: Callable[..., review.Decisions], verb: str,
                   reason_key: str = "") -> None:
    """Approve or reject (`many`) the items of `group` still ticked in the preview, in one batch; the library
    checks each one, and says why it refused any (four eyes, a stale view, an overlap)."""
    items = group.bases()
    picked = wb.still_ticked(f"bulk_table_{group.key}", "pick", [(item, True) for item in items])
    reason = st.session_state.get(reason_key, "") if reason_key else ""
    result = wb.act_at(BULK, "", many, project, doc_id, wb.signed_in(), picked, reason=reason)
    if result is None:
        return
    done = f"{verb} {len(result.decided)} of {len(picked)} ticked ({len(items) - len(picked)} left out)"
    if result.refused:
        refusals = "; ".join(f"{r.correction}: {r.error}" for r in result.refused)
        wb.flash("warning", f"{done}; refused: {markdown_text(refusals)}", BULK)  # refusals quote user text
    else:
        wb.flash("success", f"{done}.", BULK)
    for key in (GROUP, BULK_REASON):
        st.session_state.pop(key, None)


def _bulk(project: Project, doc_id: str, proposed: list[Located], en: Segmentation) -> None:
    """The library's groups (a check's proposals, one person's same change) by label and count; a group's
    proposals in a table where single ones can be unticked; the rest approved, or rejected for a reason."""
    groups = {g.key: g for g in pending_groups(proposed, rule_name)}
    wb.show_flash(BULK)  # outside the expander, which a rerun may fold
    if not groups:
        return
    with st.expander("Review many at once: a check's proposals, or one person's same change"):
        st.caption(f"{sum(len(g.items) for g in groups.values())} pending proposals in {len(groups)} groups.")
        key = st.selectbox("Group", list(groups), index=None, key=GROUP, placeholder="choose a check or a change",
                           format_func=lambda k: f"{groups[k].label} — {len(groups[k].items)}")
        if key not in groups:  # none chosen, or one of before a review emptied it
            return
        group = groups[key]
        st.caption("Untick any you want to leave for one-by-one review, then approve or reject the rest.")
        table = [{"pick": True, "sentence": f"{_number(en, a)}", "change": _change_text(a),
                  "in context": sentence_text(a, en)} for a in group.items]
        st.data_editor(table, key=f"bulk_table_{key}", hide_index=True, disabled=["sentence", "change", "in context"],
                       column_config={"pick": st.column_config.CheckboxColumn("pick", width="small")})
        left, middle, right = st.columns([1, 2, 1])
        left.button("Approve the ticked ones", key="bulk_confirm", type="primary", on_click=_review_picked,
                    args=(project, doc_id, group, review.approve_many, "Approved"))
        middle.text_input("Reason for rejecting the ticked ones", key=BULK_REASON, label_visibility="collapsed",
                          placeholder="reason for rejecting the ticked ones (required)")
        right.button("Reject the ticked ones", key="bulk_reject", on_click=_review_picked,
                     args=(project, doc_id, group, review.reject_many, "Rejected", BULK_REASON))


def _number(en: Segmentation, a: Located) -> str:
    """Where a correction's sentence is, as people count ("¶12, sentence 3")."""
    seg = en.at(a.start)
    return en.number(seg.id) if seg else "–"


def _change_text(a: Located) -> str:
    c = a.correction
    return f"{c.quote} → {c.replacement}"


def sentence_text(a: Located, en: Segmentation) -> str:
    """The sentence of a correction as plain text, the change in brackets: "walked several [tines → times] …"."""
    seg = None if a.orphaned else en.at(a.start)
    c = a.correction
    if seg is None or a.end > seg.end:
        return f"{c.prefix}[{_change_text(a)}]{c.suffix}"
    return f"{seg.text[: a.start - seg.start]}[{_change_text(a)}]{seg.text[a.end - seg.start :]}"


def _card(project: Project, doc_id: str, a: Located, en: Segmentation, ru_text: str | None,
          may: set[Action]) -> None:
    """One correction: what changed beside its Russian, who and why, its history, and the actions `may` allows."""
    c = a.correction
    with st.container(border=True, key=f"card_{c.id}"):
        head = review_head_html(a, _number(en, a), check_name(c.rule))
        # one HTML block, not an element each: twenty cards redraw fast after a search
        wb.html_block(head + review_pair_html(a, en, ru_text) + review_notes_html(c))
        if "comment" in may:
            with st.popover("Comment"):
                st.text_input("Comment", key=f"comment_{c.id}", placeholder="add a comment (visible to everyone)",
                              label_visibility="collapsed")
                st.button("Add the comment", key=f"comment_btn_{c.id}", on_click=_comment,
                          args=(project, doc_id, c.id))
        wb.show_flash(c.id)
        if c.status != "proposed" or not may & {"approve", "reject"}:
            return
        col1, col2, col3 = st.columns([1, 3, 1])
        if "approve" in may:
            col1.button("Approve", key=f"approve_{c.id}", type="primary", on_click=_approve,
                        args=(project, doc_id, c.id, c.revision), help="key A (approve and go to the next)")
        if "reject" in may:
            col2.text_input("Reason for rejecting", key=f"reason_{c.id}", label_visibility="collapsed",
                            placeholder="reason for rejecting (required)")
            col3.button("Reject", key=f"reject_{c.id}", on_click=_reject, args=(project, doc_id, c.id, c.revision),
                        help="key R (type the reason first)")


def _counts(counts: Counter[str]) -> str:
    """Counts of the corrections the search finds, by value: "proposed 12 · approved 3"."""
    return " · ".join(f"{value} {n}" for value, n in counts.most_common()) or "none"


def _origin_name(origin: str) -> str:
    return check_name(None if origin == "person" else origin)


def show(project: Project, doc_id: str) -> None:
    st.header("Review corrections")
    wb.log_problems(project, doc_id)
    may = {action for action in (Action.APPROVE, Action.REJECT, Action.COMMENT) if wb.may(action)}
    if not may & {"approve", "reject"}:
        st.caption("Read-only: editors approve or reject; you can read their reasons and add comments.")
    everything = workspace.list_corrections(project, doc_id)
    en = wb.english(project, doc_id)
    for key, default in FILTERS.items():
        wb.remember(key, default)
    query = st.text_input("Search", key="rv_search", placeholder="words of the sentence, the change, the note, "
                          "or an id", help="press Enter to search")
    people = {u.login: u.name for u in load_users(project).values()}
    found = workspace.search(everything, query, seg=en, people=people, rule_label=rule_name)
    f1, f2, f3, f4 = st.columns(4)
    # Counts go under the filters, not into their options: the browser sends an option's label back,
    # and a label that changed with its count would no longer be an option.
    statuses = f1.multiselect("Status", list(Status), key="rv_status")
    f1.caption(_counts(Counter(a.correction.status for a in found)))
    cats = f2.multiselect("Category", list(Category), key="rv_category")
    f2.caption(_counts(Counter(a.correction.category for a in found)))
    origins = Counter(_origin(a) for a in found)
    checks = f3.multiselect("Check", sorted({_origin(a) for a in everything}), key="rv_check", format_func=_origin_name)
    f3.caption(_counts(Counter({_origin_name(r): n for r, n in origins.items()})))
    authors = f4.multiselect("Author", sorted({a.correction.proposer for a in everything}), key="rv_author")
    f4.caption(_counts(Counter(a.correction.proposer for a in found)))
    for key in FILTERS:
        wb.keep(key)
    items = [
        a for a in found
        if (not statuses or a.correction.status in statuses)
        and (not cats or a.correction.category in cats)
        and (not checks or _origin(a) in checks)
        and (not authors or a.correction.proposer in authors)
    ]
    proposed = [a for a in items if a.correction.status == "proposed"]
    if "approve" in may:
        _bulk(project, doc_id, proposed, en)
    st.caption(f"{len(items)} of {len(everything)} corrections match. Keys: J / K next / previous card, "
               "A approve (the next card moves up), R reject.")
    if not items:
        wb.show_flash(LIST)
        st.info("Nothing to review with these filters.")
        return
    shown, _ = wb.page(items, PAGE_SIZE, "rv_page")
    wb.show_flash(LIST)
    bead_list = wb.beads(project, doc_id)
    ru = wb.russian(project, doc_id)
    for a in shown:
        seg = en.at(a.start)
        _card(project, doc_id, a, en, wb.russian_for(bead_list, ru, seg.id) if seg else None, may)
    st.html(KEYS_JS, unsafe_allow_javascript=True)
