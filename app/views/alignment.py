"""Alignment: Russian and English side by side, bead by bead, with manual changes.

A page (50 rows) is one HTML table (align.render.alignment_table_html), not thousands of
widgets, so a long book opens fast; a run of English with no Russian (or Russian the
English omits) is one row.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from align.alignment import decisions, run, store
from align.alignment.store import Bead
from align.checks import Finding, run_checks
from align.project import Project
from align.render import AlignmentRow, alignment_rows, alignment_table_html, source_spelling_html
from align.segment import Segmentation
from align.users import Action

from . import shared as wb

PAGE_SIZE = 50
TEXT_ORDER, LEAST_CONFIDENT = "text order", "least confident first"
DEFAULT_SCORER = "length + anchors (default)"
SCORERS = {DEFAULT_SCORER: None, "with the bundled multilingual encoder (use-m3)": "use-m3"}  # label -> --model


def rows(bead_list: Sequence[Bead], order: str) -> list[AlignmentRow]:
    """The table's rows: text order, or the automatic pairs least confident first (align.alignment.store)."""
    if order == LEAST_CONFIDENT:
        return [AlignmentRow("bead", (nb,)) for nb in store.least_confident(bead_list)]
    return alignment_rows(bead_list)


def _run_aligner(project: Project, doc_id: str) -> None:
    """align.alignment.run.run_alignment, as `python -m align align DOC [--model use-m3]` calls it."""
    scorer = st.session_state.get("al_scorer", DEFAULT_SCORER)
    name = SCORERS[scorer]
    with st.spinner(f"Aligning ({scorer})…"):
        model = wb.act("", wb.encoder, name) if name else None
        if name and model is None:
            return  # the encoder could not be loaded: its error is shown
        beads = wb.act("", run.run_alignment, project, doc_id, model=model)
    if beads is not None:
        manual = sum(b.manual for b in beads)
        wb.flash("success", f"Alignment stored ({scorer}): {len(beads)} beads, {manual} manual kept.")


def _aligner_controls(project: Project, doc_id: str, label: str, key: str) -> None:
    st.radio("Scorer", list(SCORERS), key="al_scorer", horizontal=True,
             help="use-m3 adds a multilingual sentence-embedding score (offline, slower on a long book)")
    st.button(label, key=key, type="primary", on_click=_run_aligner, args=(project, doc_id))


def _least_confident() -> None:
    st.session_state["al_order"] = LEAST_CONFIDENT
    st.session_state["al_page"] = 1
    st.session_state.pop("al_bead", None)


def _change(project: Project, doc_id: str, op: str) -> None:
    """Apply one manual change to the freshly loaded alignment (a button callback)."""
    actor = wb.signed_in()
    bead_list = wb.beads(project, doc_id) or []
    i = st.session_state.get("al_bead", 0)
    if i >= len(bead_list):
        wb.flash("error", "the alignment changed; pick the bead again")
        return
    b = bead_list[i]
    if op == "unlink":
        wb.act(f"Unlinked bead {i + 1}.", decisions.unlink, project, doc_id, list(b.ru), list(b.en), actor)
    elif op == "merge":
        wb.act(f"Merged beads {i + 1} and {i + 2}.", decisions.merge, project, doc_id, b, bead_list[i + 1], actor)
    elif op == "split":
        k_ru, k_en = int(st.session_state["al_kru"]), int(st.session_state["al_ken"])
        wb.act(f"Split bead {i + 1}.", decisions.split, project, doc_id, b, list(b.ru[:k_ru]), list(b.en[:k_en]), actor)
    else:
        wb.act("Linked.", decisions.link, project, doc_id, list(st.session_state.get("al_link_ru", [])),
               list(st.session_state.get("al_link_en", [])), actor)


def _edit(project: Project, doc_id: str, bead_list: Sequence[Bead], page_rows: Sequence[AlignmentRow],
          ru: Segmentation | None, en: Segmentation) -> None:
    """Link, unlink, merge and split beads of this page (calls align.alignment.decisions)."""
    indexes = [n - 1 for row in page_rows for n, _ in row.beads]
    if not indexes:
        return

    def label(i: int) -> str:
        b = bead_list[i]
        words = _plain(en, b.en) or _plain(ru, b.ru)
        return f"#{i + 1} ({len(b.ru)}–{len(b.en)}) {words[:70]}"

    args = (project, doc_id)
    if st.session_state.get("al_bead") not in indexes:
        st.session_state.pop("al_bead", None)  # a bead of another page or order
    with st.expander("Change the alignment (link, unlink, merge, split)"):
        i = st.selectbox("Bead", indexes, format_func=label, key="al_bead")
        b = bead_list[i]
        c1, c2, c3 = st.columns(3)
        c1.button("Unlink", key="al_unlink", help="make every sentence of this bead unaligned",
                  on_click=_change, args=(*args, "unlink"))
        c2.button("Merge with next", key="al_merge", disabled=i + 1 >= len(bead_list),
                  on_click=_change, args=(*args, "merge"))
        with c3:
            st.number_input("Russian sentences in first part", 0, len(b.ru), min(1, len(b.ru)), key="al_kru")
            st.number_input("English sentences in first part", 0, len(b.en), min(1, len(b.en)), key="al_ken")
            st.button("Split", key="al_split", on_click=_change, args=(*args, "split"))
        ru_ids = [x for n in indexes for x in bead_list[n].ru]
        en_ids = [x for n in indexes for x in bead_list[n].en]
        l1, l2 = st.columns(2)
        l1.multiselect("Russian sentences", ru_ids, key="al_link_ru", format_func=lambda x: _plain(ru, (x,))[:80])
        l2.multiselect("English sentences", en_ids, key="al_link_en", format_func=lambda x: _plain(en, (x,))[:80])
        st.button("Link these sentences", key="al_link", on_click=_change, args=(*args, "link"))


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
               "only listed, never proposed (`python -m align suggest DOC --lang ru`).")
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
    all_rows = rows(bead_list, order)
    aligned = sum(1 for b in bead_list if b.ru and b.en)
    manual = sum(1 for b in bead_list if b.manual)
    st.caption(f"{len(bead_list)} beads, {aligned} aligned, {manual} manual; {len(all_rows)} rows.")
    page_rows, _ = wb.page(all_rows, PAGE_SIZE, "al_page")
    wb.html_block(alignment_table_html(page_rows, ru, en, grouped=order == TEXT_ORDER))
    if not may_align:
        return
    _edit(project, doc_id, bead_list, page_rows, ru, en)
    with st.expander("Re-run the aligner"):
        st.caption("Aligns the whole document again; manual decisions (links, unlinks, merges, splits) are kept.")
        _aligner_controls(project, doc_id, "Re-run the aligner", "al_rerun")
