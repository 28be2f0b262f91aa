"""Glossary (everyone signed in): the document's termbase (the project's entries and its own), searched, and
downloaded as TBX or CSV for a CAT tool, with the signed history of its changes (align.glossary.history);
editors add, change or remove an entry and import a TBX, CSV or OmegaT file, previewed (additions, updates,
conflicts) before it is applied. Every action calls align.glossary, as
`align glossary` does, which checks the role again."""

from __future__ import annotations

from functools import partial

import streamlit as st

from align.accounts import public_keys
from align.glossary import (
    GlossaryEntry,
    Listed,
    Read,
    edit,
    exchange,
    history,
    listed,
    matching,
    provenance,
    read_entries,
)
from align.project import Project
from align.render import markdown_text
from align.users import Action

from . import shared as wb

EDIT, IMPORT = "glossary-edit", "glossary-import"  # where the messages of editing and of importing are shown
NEW = ""  # the entry picker's choice for a new entry
EVERY = ""  # the history's entry picker's choice for every entry
FIELDS = ("gl_ru", "gl_en", "gl_avoid", "gl_note")
UPLOAD_TYPES = ["tbx", "xml", "csv", "tsv", "txt", "tab"]


def _rows(project: Project, items: list[Listed], doc_id: str) -> list[dict[str, str]]:
    keys = public_keys(project)
    return [{"Russian": i.entry.ru, "English": i.entry.en, "avoid": "; ".join(i.entry.avoid), "note": i.entry.note,
             "set in": "this document" if i.doc_id == doc_id else "the project",
             "set by": provenance.described(i.entry, keys)} for i in items]


SCOPES = {"document": "This document's glossary", "project": "The project's glossary (every document)"}


def _fill(entries: dict[str, GlossaryEntry], pick_key: str) -> None:
    """Put the picked entry into the form (an empty form for a new one); a selectbox callback."""
    e = entries.get(st.session_state.get(pick_key, NEW))
    values = ("", "", "", "") if e is None else (e.ru, e.en, "\n".join(e.avoid), e.note)
    st.session_state.update(zip(FIELDS, values))


def _save(project: Project, scope: str | None) -> None:
    ru, en, avoid, note = (st.session_state.get(k, "") for k in FIELDS)
    entry = GlossaryEntry(ru, en, tuple(v for v in avoid.splitlines() if v.strip()), note)
    done = wb.act_at(EDIT, "", edit.set_term, project, wb.signed_in(), entry, scope)
    if done is not None:
        wb.flash("success", markdown_text(f"{'Changed' if done.old else 'Added'} {done.new.key} → {done.new.en} in "
                                          f"{edit.scope_name(scope)}."), EDIT)


def _remove(project: Project, scope: str | None, key: str, pick_key: str) -> None:
    if wb.act_at(EDIT, markdown_text(f"Removed {key} from {edit.scope_name(scope)}."), edit.remove_term, project,
                 wb.signed_in(), key, scope) is not None:
        st.session_state[pick_key] = NEW
        st.session_state.update(dict.fromkeys(FIELDS, ""))


def _editor(project: Project, scope: str | None) -> None:
    """Editors: add an entry, or pick one to change or remove, in the chosen glossary."""
    wb.show_flash(EDIT)
    with st.expander("Add, change or remove an entry"):
        entries = {e.key: e for e in read_entries(project, scope)}
        pick_key = f"gl_pick_{scope or ''}"
        picked = st.selectbox("Entry", [NEW, *entries], key=pick_key, on_change=_fill, args=(entries, pick_key),
                              format_func=lambda k: "(a new entry)" if k == NEW else f"{k} → {entries[k].en}")
        c1, c2 = st.columns(2)
        c1.text_input("Russian term", key="gl_ru", placeholder="e.g. Коминтерн")
        c2.text_input("Preferred English form", key="gl_en", placeholder="e.g. Comintern")
        c3, c4 = st.columns(2)
        c3.text_area("Variants to avoid, one a line", key="gl_avoid", height=90, placeholder="e.g. Komintern")
        c4.text_area("Note", key="gl_note", height=90, placeholder="why: shown with each suggestion")
        b1, b2 = st.columns([1, 4])
        b1.button("Save entry", key="gl_save", type="primary", on_click=_save, args=(project, scope))
        if picked != NEW:
            b2.button(f"Remove {picked}", key="gl_remove", on_click=_remove, args=(project, scope, picked, pick_key))


@st.cache_data(max_entries=2, show_spinner="Reading the file…")
def _read(data: bytes, name: str) -> Read:
    """The uploaded file's checked entries, read once per file (align.glossary.exchange.read_file)."""
    return exchange.read_file(data, name)


def _apply(project: Project, scope: str | None, read: Read, replace: bool) -> None:
    done = wb.act_at(IMPORT, "", exchange.import_terms, project, wb.signed_in(), read, scope, replace)
    if done is not None:
        wb.flash("success", markdown_text(f"Imported into {edit.scope_name(scope)}: {done.summary()}."), IMPORT)


def _import(project: Project, scope: str | None) -> None:
    """Editors: a CAT tool's TBX, a CSV (ru,en,avoid,note) or OmegaT's TSV, previewed, then merged in."""
    messages = st.container()  # above the expander, which a rerun may fold
    with st.expander("Import a TBX, CSV or OmegaT glossary"):
        upload = st.file_uploader("Termbase file", key="gl_file", type=UPLOAD_TYPES)
        replace = st.checkbox("Take the file's entry where its English differs (otherwise a conflict, left as it is)",
                              key="gl_replace")
        read = None if upload is None else wb.act_at(IMPORT, "", _read, upload.getvalue(), upload.name)
        plan = None if read is None else wb.act_at(IMPORT, "", exchange.plan, project, read, scope, replace)
        with messages:
            wb.show_flash(IMPORT)
        if plan is None or read is None:
            return
        st.caption(f"Into {edit.scope_name(scope)}: {plan.summary()}.")
        changes = [i for i in plan.items if i.outcome is not exchange.Outcome.SAME]
        if changes:
            st.dataframe([{"outcome": str(i.outcome), "where": i.where, "Russian": i.incoming.ru,
                           "English in the file": i.incoming.en,
                           "the glossary has": i.current.en if i.current else "",
                           "avoid": "; ".join((i.result or i.incoming).avoid)} for i in changes],
                         hide_index=True)
        if plan.skipped:
            st.markdown("**Left out of the file**")
            st.dataframe([{"why": s} for s in plan.skipped], hide_index=True)
        writes = sum(i.result is not None for i in plan.items)
        st.button(f"Apply: write {writes} entr{'y' if writes == 1 else 'ies'}", key="gl_apply", type="primary",
                  disabled=not writes, on_click=_apply, args=(project, scope, read, replace))


def _downloads(project: Project, doc_id: str) -> None:
    """Everyone: the document's termbase as TBX or CSV, made when the button is clicked."""
    cols = st.columns(len(exchange.Format))
    for col, fmt in zip(cols, exchange.Format):
        col.download_button(f"Download {fmt.upper()}", partial(exchange.export, project, fmt, doc_id),
                            file_name=f"{doc_id}.glossary{exchange.SUFFIX[fmt]}", mime=exchange.MIME[fmt],
                            key=f"gl_dl_{fmt}", on_click="ignore")


def _history(project: Project, doc_id: str) -> None:
    """Everyone: the signed record of the changes to this document's glossary and the project's, removals included,
    for every entry or the one picked; lines that do not verify are said, not listed."""
    with st.expander("History"):
        read = {scope: history.read_history(project, scope) for scope in (doc_id, None)}
        records = sorted(((r, scope) for scope, h in read.items() for r in h.records), key=lambda rs: rs[0].at)
        terms = list(dict.fromkeys(r.term for r, _ in records))
        term = st.selectbox("Entry", [EVERY, *terms], key="gl_hist_term",
                            format_func=lambda k: "(every entry)" if k == EVERY else k)
        for problem in (p for h in read.values() for p in h.problems):
            st.warning(markdown_text(problem))
        shown = [(r, scope) for r, scope in records if term in (EVERY, r.term)]
        if not shown:
            st.caption("No change recorded.")
            return
        st.dataframe([{"when": r.at, "what": str(r.what), "term": r.term, "by": f"{r.by} ({r.role})",
                       "before": history.summary(r.before), "after": history.summary(r.after),
                       "in": "this document" if scope == doc_id else "the project"} for r, scope in shown],
                     hide_index=True)


def show(project: Project, doc_id: str) -> None:
    st.header("Glossary")
    items = listed(project, doc_id)
    wb.remember("gl_search", "")
    query = st.text_input("Search", key="gl_search", placeholder="a Russian or English term, a variant, a note")
    wb.keep("gl_search")
    found = matching(items, query)
    st.caption(f"{len(found)} of {len(items)} entries. The glossary check proposes the English form for each "
               "variant to avoid; this document's own entries win over the project's.")
    st.dataframe(_rows(project, found, doc_id), hide_index=True)
    _downloads(project, doc_id)
    if wb.may(Action.EDIT_GLOSSARY):
        st.subheader("Change the glossary")
        chosen = st.radio("Glossary", list(SCOPES), key="gl_scope", format_func=SCOPES.__getitem__, horizontal=True)
        scope = doc_id if chosen == "document" else None
        _editor(project, scope)
        _import(project, scope)
    _history(project, doc_id)
