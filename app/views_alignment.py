"""Alignment: Russian and English side by side, bead by bead, with manual changes.

A page (50 rows) is one HTML table, not thousands of widgets, so a long book opens fast;
a run of English with no Russian (or Russian the English omits) is one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import streamlit as st

from align.alignment import decisions, run
from align.checks import run_checks
from align.project import Project
from align.render import confidence_badge
from align.segment import Segmentation

import wb_shared as wb

PAGE_SIZE = 50
RUN_PREVIEW = 12  # sentences shown of a long unaligned run
TEXT_ORDER, LEAST_CONFIDENT = "text order", "least confident first"
DEFAULT_SCORER = "length + anchors (default)"
SCORERS = {DEFAULT_SCORER: None, "with the bundled multilingual encoder (use-m3)": "use-m3"}  # label -> --model


@dataclass(frozen=True)
class Row:
    """One table row: a bead, or a run of beads with one side empty ("no_ru" / "no_en")."""

    kind: str
    beads: tuple[tuple[int, object], ...]  # (bead number, Bead)


def rows(bead_list: list, order: str) -> list[Row]:
    if order == LEAST_CONFIDENT:
        aligned = [(i, b) for i, b in enumerate(bead_list) if b.ru and b.en]
        aligned.sort(key=lambda ib: (ib[1].confidence if ib[1].confidence is not None else 1.0, ib[0]))
        return [Row("bead", (ib,)) for ib in aligned]
    out: list[Row] = []
    for i, b in enumerate(bead_list):
        kind = "no_ru" if not b.ru else "no_en" if not b.en else "bead"
        if kind != "bead" and out and out[-1].kind == kind:
            out[-1] = Row(kind, (*out[-1].beads, (i, b)))
        else:
            out.append(Row(kind, ((i, b),)))
    return out


def _texts(seg: Segmentation | None, ids: tuple[str, ...], limit: int | None = None) -> str:
    if seg is None:
        return ""
    shown = ids if limit is None else ids[:limit]
    body = " ".join(escape(s.text) if (s := seg.get(i)) else f"[{escape(i)}?]" for i in shown)
    if limit is not None and len(ids) > limit:
        body += f' <span class="al-missing">… and {len(ids) - limit} more sentences</span>'
    return body


def _paragraph(seg: Segmentation | None, ids: tuple[str, ...]) -> int | None:
    s = seg.get(ids[0]) if seg and ids else None
    return s.paragraph_index if s else None


def table_html(page_rows: list[Row], ru: Segmentation | None, en: Segmentation, grouped: bool) -> str:
    """One page of the alignment as an escaped HTML table, with paragraph header rows."""
    out = [
        '<table class="al-table" id="alignment-table">'
        '<tr><th class="al-narrow">#</th><th class="al-narrow">conf.</th><th>Russian</th><th>English</th></tr>'
    ]
    last_para: tuple[int | None, int | None] = (None, None)
    for row in page_rows:
        first, last = row.beads[0], row.beads[-1]
        b = first[1]
        para = (_paragraph(ru, b.ru), _paragraph(en, b.en))
        if grouped and para != last_para and (para[1] != last_para[1] or para[1] is None):
            label = " · ".join(f"{side} ¶{p + 1}" for side, p in zip(("Russian", "English"), para, strict=True)
                               if p is not None)
            out.append(f'<tr class="al-para"><td colspan="4">{label}</td></tr>')
        last_para = para
        number = f"{first[0] + 1}" if len(row.beads) == 1 else f"{first[0] + 1}–{last[0] + 1}"
        if row.kind == "bead":
            manual = ' <span class="al-manual">manual</span>' if getattr(b, "manual", False) else ""
            out.append(f'<tr><td class="al-num">{number}</td><td>{confidence_badge(b.confidence)}{manual}</td>'
                       f"<td>{_texts(ru, b.ru)}</td><td>{_texts(en, b.en)}</td></tr>")
            continue
        ids = tuple(i for _, bead in row.beads for i in (bead.en if row.kind == "no_ru" else bead.ru))
        note = "no Russian source available" if row.kind == "no_ru" else "not translated"
        missing = f'<span class="al-missing">{note} ({len(ids)} sentence{"s" * (len(ids) != 1)})</span>'
        text = _texts(en if row.kind == "no_ru" else ru, ids, RUN_PREVIEW)
        cells = (missing, text) if row.kind == "no_ru" else (text, missing)
        out.append(f'<tr class="al-unaligned"><td class="al-num">{number}</td><td>{confidence_badge(None)}</td>'
                   f"<td>{cells[0]}</td><td>{cells[1]}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _run_aligner(project: Project, doc_id: str) -> None:
    """align.run.run_alignment, as `python -m align align DOC [--model use-m3]` calls it."""
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
    login = wb.signed_in().login
    bead_list = wb.beads(project, doc_id) or []
    i = st.session_state.get("al_bead", 0)
    if i >= len(bead_list):
        wb.flash("error", "the alignment changed; pick the bead again")
        return
    b = bead_list[i]
    if op == "unlink":
        wb.act(f"Unlinked bead {i + 1}.", decisions.unlink, project, doc_id, list(b.ru), list(b.en), login)
    elif op == "merge":
        wb.act(f"Merged beads {i + 1} and {i + 2}.", decisions.merge, project, doc_id, b, bead_list[i + 1], login)
    elif op == "split":
        k_ru, k_en = int(st.session_state["al_kru"]), int(st.session_state["al_ken"])
        wb.act(f"Split bead {i + 1}.", decisions.split, project, doc_id, b, list(b.ru[:k_ru]), list(b.en[:k_en]), login)
    else:
        wb.act("Linked.", decisions.link, project, doc_id, list(st.session_state.get("al_link_ru", [])),
               list(st.session_state.get("al_link_en", [])), login)


def _edit(project: Project, doc_id: str, bead_list: list, page_rows: list[Row], ru: Segmentation | None,
          en: Segmentation) -> None:
    """Link, unlink, merge and split beads of this page (calls align.alignment.decisions)."""
    numbers = [i for row in page_rows for i, _ in row.beads]
    if not numbers:
        return

    def label(i: int) -> str:
        b = bead_list[i]
        words = _plain(en, b.en) or _plain(ru, b.ru)
        return f"#{i + 1} ({len(b.ru)}–{len(b.en)}) {words[:70]}"

    args = (project, doc_id)
    if st.session_state.get("al_bead") not in numbers:
        st.session_state.pop("al_bead", None)  # a bead of another page or order
    with st.expander("Change the alignment (link, unlink, merge, split)"):
        i = st.selectbox("Bead", numbers, format_func=label, key="al_bead")
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
        ru_ids = [x for n in numbers for x in bead_list[n].ru]
        en_ids = [x for n in numbers for x in bead_list[n].en]
        l1, l2 = st.columns(2)
        l1.multiselect("Russian sentences", ru_ids, key="al_link_ru", format_func=lambda x: _plain(ru, (x,))[:80])
        l2.multiselect("English sentences", en_ids, key="al_link_en", format_func=lambda x: _plain(en, (x,))[:80])
        st.button("Link these sentences", key="al_link", on_click=_change, args=(*args, "link"))


def _plain(seg: Segmentation | None, ids: tuple[str, ...]) -> str:
    return " ".join(s.text for i in ids if seg and (s := seg.get(i)))


def _check_russian(project: Project, doc_id: str, key: tuple) -> None:
    with st.spinner("Checking the Russian spelling…"):
        found = wb.act("", run_checks, project, doc_id, ["spelling"], lang="ru")
    if found is not None:
        st.session_state[key] = found


def _russian_spelling(project: Project, doc_id: str) -> None:
    """Flag-only findings of the Russian spelling check (the source is never corrected here)."""
    ru = wb.segmentation(project, doc_id, "ru")
    key = ("ru_findings", doc_id, hash(ru.text))  # findings stay while the Russian text is unchanged
    # A section, not an expander: the check's first run loads its dictionaries, long enough for the
    # browser to reconnect, and that would fold an expander shut over the results.
    st.subheader("Check the Russian source")
    st.caption("Possible typos or OCR errors in the Russian, for the translator to keep in mind; they are "
               "only listed, never proposed (`python -m align suggest DOC --lang ru`).")
    st.button("Check the Russian spelling", key="ru_check", on_click=_check_russian, args=(project, doc_id, key))
    findings = st.session_state.get(key)
    if findings is None:
        return
    if not findings:
        st.info("No misspellings found in the Russian source.")
        return
    st.caption(f"{len(findings)} possible misspelling(s)")
    shown, _ = wb.page(findings, PAGE_SIZE, "ru_page")
    wb.html_block(spelling_html(list(shown), ru))


def spelling_html(findings: list, ru: Segmentation) -> str:
    """Findings as one escaped table: the word marked in its Russian sentence, a suggestion, why."""
    out = [('<table class="al-table" id="ru-spelling"><tr><th>Russian sentence</th>'
            '<th class="al-narrow">suggestion</th><th>why</th></tr>')]
    for f in findings:
        s = ru.get(f.segment) or ru.at(f.start)
        a, b = (f.start - s.start, f.end - s.start) if s else (0, 0)
        context = (f"{escape(s.text[:a])}<mark>{escape(s.text[a:b])}</mark>{escape(s.text[b:])}" if s
                   else f"<mark>{escape(f.original)}</mark>")
        suggestion = escape(f.replacement) if f.replacement else '<span class="al-missing">—</span>'
        out.append(
            f'<tr><td class="al-text">{context}</td><td>{suggestion}</td>'
            f'<td><small>{escape(f.message)}</small></td></tr>'
        )
    out.append("</table>")
    return "".join(out)


def show(project: Project, doc_id: str) -> None:
    st.header("Alignment")
    if not project.has_text(doc_id, "ru"):
        st.info("This document has no Russian source text: nothing to align.")
        return
    bead_list = wb.beads(project, doc_id)
    may_align = wb.may("align")  # publishers look, translators and editors change
    if not bead_list:
        st.info("No alignment stored yet.")
        if may_align:
            _aligner_controls(project, doc_id, "Run the aligner", "al_run")
    else:
        _table(project, doc_id, bead_list, may_align)
    _russian_spelling(project, doc_id)


def _table(project: Project, doc_id: str, bead_list: list, may_align: bool) -> None:
    en = wb.segmentation(project, doc_id, "en")
    ru = wb.segmentation(project, doc_id, "ru")
    c1, c2 = st.columns([3, 1])
    order = c1.radio("Order", [TEXT_ORDER, LEAST_CONFIDENT], key="al_order", horizontal=True)
    c2.button("Jump to least confident", key="al_jump", on_click=_least_confident)
    all_rows = rows(bead_list, order)
    aligned = sum(1 for b in bead_list if b.ru and b.en)
    manual = sum(1 for b in bead_list if b.manual)
    st.caption(f"{len(bead_list)} beads, {aligned} aligned, {manual} manual; {len(all_rows)} rows.")
    page_rows, _ = wb.page(all_rows, PAGE_SIZE, "al_page")
    wb.html_block(table_html(list(page_rows), ru, en, grouped=order == TEXT_ORDER))
    if not may_align:
        return
    _edit(project, doc_id, bead_list, list(page_rows), ru, en)
    with st.expander("Re-run the aligner"):
        st.caption("Aligns the whole document again; manual decisions (links, unlinks, merges, splits) are kept.")
        _aligner_controls(project, doc_id, "Re-run the aligner", "al_rerun")
