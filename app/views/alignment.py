"""Alignment: Russian and English side by side, bead by bead, with manual changes.

A page (50 rows) is one HTML table (align.render.alignment_table_html), not thousands of
widgets, so a long book opens fast; a run of English with no Russian (or Russian the
English omits) is one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from align.alignment import decisions, reuse, run, store
from align.alignment.store import Bead
from align.checks import Finding, run_checks
from align.project import Project
from align.render import AlignmentRow, alignment_rows, alignment_table_html, source_spelling_html
from align.segment import Segmentation
from align.users import Action

from . import shared as wb

PAGE_SIZE = 50
EDIT = "alignment-edit"  # where the messages of manual changes are shown
TEXT_ORDER, LEAST_CONFIDENT = "text order", "least confident first"
DEFAULT_SCORER = "length + anchors (default)"
SCORERS = {DEFAULT_SCORER: None, "with the bundled multilingual encoder (use-m3)": "use-m3"}  # label -> --model


def rows(bead_list: Sequence[Bead], order: str) -> list[AlignmentRow]:
    """The table's rows: text order, or the automatic pairs least confident first (align.alignment.store)."""
    if order == LEAST_CONFIDENT:
        return [AlignmentRow("bead", (nb,)) for nb in store.least_confident(bead_list)]
    return alignment_rows(bead_list)


def doubtful(row: AlignmentRow, below: float) -> bool:
    """Whether a row holds a pair the aligner set with confidence under `below` (pairs set by hand are sure)."""
    return any(b.confidence < below and not b.manual for _, b in row.beads)


def matches(row: AlignmentRow, query: str, ru: Segmentation | None, en: Segmentation) -> bool:
    """Whether the Russian or English of a row contains `query` (any case)."""
    q = query.casefold()
    return any(q in _plain(ru, b.ru).casefold() or q in _plain(en, b.en).casefold() for _, b in row.beads)


def _run_aligner(project: Project, doc_id: str) -> None:
    """align.alignment.run.run_alignment, as `python -m align align DOC [--model use-m3]` calls it."""
    scorer = st.session_state.get("al_scorer", DEFAULT_SCORER)
    name = SCORERS[scorer]
    with st.spinner(f"Aligning ({scorer})…"):
        model = wb.act("", wb.encoder, name) if name else None
        if name and model is None:
            return  # the encoder could not be loaded: its error is shown
        beads = wb.act("", run.run_alignment, project, doc_id, model=model, full=st.session_state.get("al_full", False))
    if beads is not None:
        manual = sum(b.manual for b in beads)
        partial = reuse.partial_run(project, doc_id, beads)
        wb.flash("success", f"Alignment stored ({scorer}): {len(beads)} rows, {manual} set by hand kept."
                 + (f" {partial}." if partial else ""))


def _aligner_controls(project: Project, doc_id: str, label: str, key: str) -> None:
    st.radio("Scorer", list(SCORERS), key="al_scorer", horizontal=True,
             help="use-m3 adds a multilingual sentence-embedding score (offline, slower on a long book)")
    st.button(label, key=key, type="primary", on_click=_run_aligner, args=(project, doc_id))


def _least_confident() -> None:
    st.session_state["al_order"] = LEAST_CONFIDENT
    st.session_state["al_page"] = 1
    st.session_state.pop("al_bead", None)


def _change(project: Project, doc_id: str, op: str) -> None:
    """Apply one manual change to the freshly loaded alignment (a button callback); its message shows by the buttons."""
    actor = wb.signed_in()
    if op == "undo":
        wb.act_at(EDIT, "Undid the last alignment change.", decisions.undo, project, doc_id, actor)
        return
    if op == "link":
        ru_ids, en_ids = list(st.session_state.get("al_link_ru", [])), list(st.session_state.get("al_link_en", []))
        if wb.act_at(EDIT, "Linked the chosen sentences into one pair.", decisions.link, project, doc_id, ru_ids,
                     en_ids, actor) is not None:
            st.session_state["al_link_ru"], st.session_state["al_link_en"] = [], []
        return
    bead_list = wb.beads(project, doc_id) or []
    i = st.session_state.get("al_bead")
    # The browser sends the picked row's label; once a change relabels the rows that label is no
    # longer an option and Streamlit hands back the text, not the row's index.
    if not isinstance(i, int) or i >= len(bead_list):
        wb.flash("error", "The alignment changed since you picked the row; pick it again.", EDIT)
        return
    b = bead_list[i]
    if op == "unlink":
        wb.act_at(EDIT, f"Unlinked row {i + 1}: its sentences now have no counterpart.", decisions.unlink,
                  project, doc_id, list(b.ru), list(b.en), actor)
    elif op == "merge":
        wb.act_at(EDIT, f"Merged rows {i + 1} and {i + 2}.", decisions.merge, project, doc_id, b, bead_list[i + 1],
                  actor)
    else:
        k_ru, k_en = int(st.session_state[_split_key("ru", i, b)]), int(st.session_state[_split_key("en", i, b)])
        wb.act_at(EDIT, f"Split row {i + 1}.", decisions.split, project, doc_id, b, list(b.ru[:k_ru]),
                  list(b.en[:k_en]), actor)


def _undo_button(where: Any, args: tuple[Project, str]) -> None:
    where.button("Undo the last change", key="al_undo", help="takes back the latest manual change still in force "
                 "(recorded as a new decision; nothing is deleted)", on_click=_change, args=(*args, "undo"))


def _split_key(side: str, i: int, b: Bead) -> str:
    return f"al_k{side}_{i}_{len(b.ru)}_{len(b.en)}"


def _edit(project: Project, doc_id: str, bead_list: Sequence[Bead], page_rows: Sequence[AlignmentRow],
          ru: Segmentation | None, en: Segmentation) -> None:
    """Link, unlink, merge and split the pairs of this page, and undo (calls align.alignment.decisions)."""
    indexes = [n - 1 for row in page_rows for n, _ in row.beads]
    args = (project, doc_id)
    if not indexes:  # no row shown (a search or filter): undo stays at hand
        _undo_button(st, args)
        wb.show_flash(EDIT)
        return

    def label(i: int) -> str:
        b = bead_list[i]
        words = _plain(en, b.en) or _plain(ru, b.ru)
        return f"row {i + 1} ({len(b.ru)} Russian, {len(b.en)} English) · {words[:80]}"

    if st.session_state.get("al_bead") not in indexes:
        st.session_state.pop("al_bead", None)  # a row of another page or order, or a stale label
    with st.expander("Change the alignment (link, unlink, merge, split, undo)"):
        i = st.selectbox("Row", indexes, format_func=label, key="al_bead")
        b = bead_list[i]
        c1, c2, c3 = st.columns(3)
        c1.button("Unlink", key="al_unlink", help="the sentences of this row get no counterpart",
                  on_click=_change, args=(*args, "unlink"))
        c2.button("Merge with next", key="al_merge", disabled=i + 1 >= len(bead_list),
                  on_click=_change, args=(*args, "merge"))
        with c3:
            # keyed by the row and its size, so another row (or this one changed) starts from its own defaults
            st.number_input("Russian sentences in first part", 0, len(b.ru), min(1, len(b.ru)),
                            key=_split_key("ru", i, b))
            st.number_input("English sentences in first part", 0, len(b.en), min(1, len(b.en)),
                            key=_split_key("en", i, b))
            st.button("Split", key="al_split", on_click=_change, args=(*args, "split"))
        ru_ids = [x for n in indexes for x in bead_list[n].ru]
        en_ids = [x for n in indexes for x in bead_list[n].en]
        l1, l2 = st.columns(2)
        l1.multiselect("Russian sentences", ru_ids, key="al_link_ru",
                       format_func=lambda x: f"{ru.number(x) if ru else x}: {_plain(ru, (x,))[:80]}")
        l2.multiselect("English sentences", en_ids, key="al_link_en",
                       format_func=lambda x: f"{en.number(x)}: {_plain(en, (x,))[:80]}")
        b1, b2 = st.columns([1, 1])
        b1.button("Link these sentences", key="al_link", on_click=_change, args=(*args, "link"))
        _undo_button(b2, args)
        wb.show_flash(EDIT)


def _plain(seg: Segmentation | None, ids: tuple[str, ...]) -> str:
    return " ".join(s.text for i in ids if seg and (s := seg.get(i)))


def _check_russian(project: Project, doc_id: str, key: str) -> None:
    with st.spinner("Checking the Russian spelling…"):
        found = wb.act("", run_checks, project, doc_id, ["spelling"], lang="ru")
    if found is not None:
        st.session_state[key] = found


def _russian_spelling(project: Project, doc_id: str, ru: Segmentation) -> None:
    """Flag-only findings of the Russian spelling check (the source is never corrected here)."""
    key = f"ru_findings_{doc_id}_{hash(ru.text)}"  # findings stay while the Russian text is unchanged
    # A section, not an expander: the check's first run loads its dictionaries, long enough for the
    # browser to reconnect, and that would fold an expander shut over the results.
    st.subheader("Check the Russian source")
    st.caption("Possible typos or OCR errors in the Russian, for the translator to keep in mind; they are "
               "only listed, never proposed.")
    st.button("Check the Russian spelling", key="ru_check", on_click=_check_russian, args=(project, doc_id, key))
    findings: list[Finding] | None = st.session_state.get(key)
    if findings is None:
        return
    if not findings:
        st.info("No misspellings found in the Russian source.")
        return
    st.caption(f"{len(findings)} possible misspelling(s)")
    shown, _ = wb.page(findings, PAGE_SIZE, "ru_page")
    wb.html_block(source_spelling_html(shown, ru))


def show(project: Project, doc_id: str) -> None:
    st.header("Alignment")
    ru = wb.russian(project, doc_id)
    if ru is None:
        st.info("This document has no Russian source text: nothing to align.")
        return
    wb.decision_problems(project, doc_id)
    bead_list = wb.beads(project, doc_id)
    may_align = wb.may(Action.ALIGN)  # publishers look, translators and editors change
    if not bead_list:
        st.info("No alignment stored yet.")
        if may_align:
            _aligner_controls(project, doc_id, "Run the aligner", "al_run")
    else:
        _table(project, doc_id, bead_list, ru, may_align)
    _russian_spelling(project, doc_id, ru)


def _table(project: Project, doc_id: str, bead_list: list[Bead], ru: Segmentation, may_align: bool) -> None:
    en = wb.english(project, doc_id)
    c1, c2 = st.columns([3, 1])
    order = c1.radio("Order", [TEXT_ORDER, LEAST_CONFIDENT], key="al_order", horizontal=True)
    c2.button("Jump to least confident", key="al_jump", on_click=_least_confident)
    for key, default in (("al_search", ""), ("al_doubtful", False), ("al_below", 0.5)):
        wb.remember(key, default)
    f1, f2, f3 = st.columns([3, 1, 2], vertical_alignment="bottom")
    query = f1.text_input("Search", key="al_search", placeholder="words in the Russian or the English")
    only = f2.toggle("Doubtful only", key="al_doubtful", help="rows the aligner is unsure of")
    below = f3.slider("Doubtful: confidence below", 0.0, 1.0, step=0.05, key="al_below", disabled=not only)
    for key in ("al_search", "al_doubtful", "al_below"):
        wb.keep(key)
    all_rows = rows(bead_list, order)
    shown = [r for r in all_rows if (not only or doubtful(r, below)) and (not query.strip() or
                                                                            matches(r, query.strip(), ru, en))]
    aligned = sum(1 for b in bead_list if b.ru and b.en)
    manual = sum(1 for b in bead_list if b.manual)
    unsure = sum(doubtful(r, below) for r in all_rows)
    st.caption(f"{len(bead_list)} pairs, {aligned} with both languages, {manual} set by hand, {unsure} doubtful "
               f"(confidence below {below:.2f}); {len(shown)} of {len(all_rows)} rows shown.")
    if not shown:
        st.info("No row matches.")
        page_rows: Sequence[AlignmentRow] = []
    else:
        page_rows, _ = wb.page(shown, PAGE_SIZE, "al_page")
        chapters = {**run.chapter_starts(project, doc_id, "ru"), **run.chapter_starts(project, doc_id, "en")}
        wb.html_block(alignment_table_html(page_rows, ru, en, grouped=order == TEXT_ORDER and not only,
                                           chapters=chapters))
    if not may_align:
        return
    _edit(project, doc_id, bead_list, page_rows, ru, en)
    with st.expander("Re-run the aligner"):
        st.caption("Aligns the document again; manual decisions (links, unlinks, merges, splits) are kept. After "
                   "a text edit or a decision only a window around it is aligned again, unless the whole document "
                   "is asked for.")
        st.checkbox("Whole document", key="al_full", help="align every sentence again, not only around a change")
        _aligner_controls(project, doc_id, "Re-run the aligner", "al_rerun")
