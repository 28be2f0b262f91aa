"""Document: the whole English text with corrections as tracked changes, or clean, and the comments its manuscript
holds (align.remarks); editors import books (a replaced side is kept as an edition, and what the new text did is
shown: align.editions) and see the editions, translators and editors propose the differences of a proofreader's
revised copy (align.corrections.review)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import streamlit as st

from align import editions, remarks
from align.corrections import apply, review, revision, workspace
from align.corrections.model import Category, Status
from align.project import LANGUAGE, Project
from align.render import Change, clean_text_html, markdown_text, tracked_text_html
from align.segment import paragraph_spans
from align.users import Action, Role

from . import shared as wb

PARAGRAPHS_PER_PAGE = 40
IMPORT = "document-import"  # where the messages of an upload are shown
REVISED = "document-revised"  # where the messages of a revised copy are shown
EDITIONS = "document-editions"  # where the messages of bringing an edition back are shown
BOOK_TYPES = ["txt", "md", "html", "htm", "docx", "odt", "epub", "fb2", "zip"]


def _counts(project: Project, doc_id: str) -> None:
    """Corrections by status (columns) and category (rows)."""
    items = [a.correction for a in workspace.list_corrections(project, doc_id)]
    by = Counter((c.category, c.status) for c in items)
    cols = st.columns(len(Status))
    for col, status in zip(cols, Status, strict=True):
        col.metric(status, sum(1 for c in items if c.status == status))
    rows = [{"category": cat, **{s: by[(cat, s)] for s in Status}}
            for cat in Category if any(by[(cat, s)] for s in Status)]
    if rows:
        st.dataframe(rows, hide_index=True)


def _import(project: Project) -> None:
    """Store an uploaded book (align.formats.import_book) as one side of a document (a button callback)."""
    upload = st.session_state.get("imp_file")
    doc_id = st.session_state.get("imp_doc", "").strip()
    if upload is None or not doc_id:
        wb.flash("error", "Choose a file and name the document first.", IMPORT)
        return
    lang = st.session_state.get("imp_lang", "en")
    done = wb.act_at(IMPORT, "", editions.import_book, project, upload.getvalue(), doc_id, lang, wb.signed_in(),
                     name=upload.name, force=bool(st.session_state.get("imp_force")))
    if done is None:
        return
    if not done.unchanged:
        kept = f": {done.imported.said()}" if done.imported.original is not None else ""  # a book, not plain text
        wb.flash("success", f"Imported {markdown_text(upload.name)} ({done.imported.format}) as the {LANGUAGE[lang]} "
                            f"of {markdown_text(doc_id)}{kept}.", IMPORT)
        if lang == "en":  # the workbench turns to the book just imported (the first one of a project too)
            st.session_state["doc"], st.session_state["view"] = doc_id, "Document"
    _said(project, done, IMPORT)


def _said(project: Project, done: editions.Stored, place: str) -> None:
    """What an import or a restore did to the work recorded against the text it replaced."""
    said = done.lines(project.root)
    if said:
        fx = done.effects
        stranded = fx is not None and (fx.orphaned or (fx.alignment is not None and not fx.alignment.fits))
        wb.flash("warning" if stranded else "info", "\n".join(f"- {markdown_text(line)}" for line in said), place)


def _restore(project: Project, doc_id: str) -> None:
    """Bring the chosen kept edition back (a button callback): the library checks the editor and the edition."""
    lang, number = st.session_state.get("ed_restore", ("en", 0))
    done = wb.act_at(EDITIONS, "", editions.restore, project, doc_id, lang, number, wb.signed_in())
    if done is not None:
        wb.flash("success", f"Edition {number} of the {LANGUAGE[lang]} of {markdown_text(doc_id)} is current again.",
                 EDITIONS)
        _said(project, done, EDITIONS)


def _editions(project: Project, doc_id: str) -> None:
    """Editors see the editions of both sides, kept when replaced, the current one last, and bring one back; an
    import a crash interrupted is finished first (align.editions.recover)."""
    recovered = [r for lang in LANGUAGE for r in [wb.act("", editions.recover, project, doc_id, lang)] if r]
    for r in recovered:
        st.info("\n".join(f"- {markdown_text(line)}" for line in r.lines(project.root)))
    found = wb.act("", lambda: [e for lang in LANGUAGE for e in editions.listing(project, doc_id, lang)]) or []
    kept = [e for e in found if e.folder is not None]
    wb.show_flash(EDITIONS)
    with st.expander(f"Editions ({len(kept)} kept)"):
        if found:
            st.dataframe([e.row(project.root) for e in found], hide_index=True, key="doc_editions")
        if kept:
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            c1.selectbox("Bring back", [(e.lang, e.number) for e in kept], key="ed_restore",
                         format_func=lambda k: f"edition {k[1]} of the {LANGUAGE[k[0]]}")
            c2.button("Bring back", key="ed_restore_go", on_click=_restore, args=(project, doc_id))
            st.caption("The edition comes back byte for byte as it was kept; the current one is kept in turn.")
            if st.toggle("What the current text changed against it", key="ed_changes"):
                _changes(project, doc_id, st.session_state.get("ed_restore") or (kept[0].lang, kept[0].number))


def _changes(project: Project, doc_id: str, chosen: tuple[str, int]) -> None:
    """The differences from a kept edition to the current text of its side (align.editions.changes)."""
    lang, number = chosen
    found = wb.act("", editions.changes, project, doc_id, lang, number)
    if found is None:
        return
    if not found.items:
        st.info(f"The current {LANGUAGE[lang]} reads as edition {number} did.")
        return
    st.caption(f"{len(found.items)} difference(s) from edition {number} to the current {LANGUAGE[lang]}; places are "
               f"edition {number}'s.")
    st.dataframe([{"where": i.where, "change": i.change(), "what": editions.what_changed(i)} for i in found.items],
                 hide_index=True, key="doc_edition_changes")


def import_form(project: Project, expanded: bool = False) -> None:
    """Editors bring in a book: DOCX, ODT, EPUB, FB2, HTML, Markdown or plain text."""
    with st.expander("Import a book", expanded=expanded):
        st.file_uploader("Book file", key="imp_file", type=BOOK_TYPES)
        c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
        c1.text_input("Document name", key="imp_doc", placeholder="e.g. anna-karenina (letters, digits, -)")
        c2.selectbox("Language", list(LANGUAGE), key="imp_lang", format_func=LANGUAGE.__getitem__)
        c3.checkbox("Replace if it exists", key="imp_force")
        st.button("Import", key="imp_go", on_click=_import, args=(project,))
        wb.show_flash(IMPORT)


@st.cache_data(max_entries=4, show_spinner="Comparing…")
def _preview(root: str, doc_id: str, key: wb.Stamp, data: bytes, name: str) -> revision.Preview:
    """The revised copy's preview, once per state of the document and its log (`key`)."""
    return review.preview_revision(Project(Path(root)), doc_id, data, name)


def _table_key(upload: Any) -> str:
    """The preview table's key: one per uploaded file, so ticks do not pass to another file's rows."""
    return f"rev_table_{upload.file_id}"


def _ticked(items: list[revision.Item], table: str) -> list[int]:
    """The numbers of the proposable differences still ticked in the preview table `table`."""
    return wb.still_ticked(table, "propose", [(i.number, True) for i in items])


def _propose_revised(project: Project, doc_id: str, items: list[revision.Item]) -> None:
    """Record the ticked differences as proposals (a button callback); the library checks them all again."""
    upload = st.session_state.get("rev_file")
    ticked = [] if upload is None else _ticked(items, _table_key(upload))
    if upload is None or not ticked:
        wb.flash("error", "Nothing is ticked: tick the differences to propose.", REVISED)
        return
    done = wb.act_at(REVISED, "", review.propose_revision, project, doc_id, wb.signed_in(), upload.getvalue(),
                     upload.name, note=st.session_state.get("rev_note", ""), only=ticked)
    if done is not None:
        created, skipped = done
        st.session_state.pop(_table_key(upload), None)  # the rows change: the proposed ones are recorded now
        wb.flash("success", f"Proposed {created} correction(s) for review ({skipped} already recorded, "
                            f"{len(items) - len(ticked)} left out).", REVISED)


def _revised(project: Project, doc_id: str) -> None:
    """Translators and editors bring in a proofreader's revised copy: its differences become proposals."""
    messages = st.container()  # above the expander, which a rerun may fold
    with st.expander("Propose from a revised copy"):
        st.caption("A copy of this book, or of part of it, back from proofreading (Word or LibreOffice with tracked "
                   "changes, an e-book, or text): every difference becomes a proposal to review. The text is not "
                   "changed.")
        upload = st.file_uploader("Revised copy", key="rev_file", type=BOOK_TYPES)
        found = None if upload is None else wb.act_at(REVISED, "", _preview, str(project.root), doc_id,
                                                       wb.stamp(project, doc_id), upload.getvalue(), upload.name)
        with messages:
            wb.show_flash(REVISED)
        if found is None:
            return
        said = str(found.coverage)
        (st.caption if found.coverage.whole() else st.info)(markdown_text(said[0].upper() + said[1:] + "."))
        items = found.items
        if not items:
            st.info("The revised copy reads the same as the text it covers: nothing to propose.")
            return
        new = [i for i in items if i.outcome is revision.Outcome.PROPOSE]
        by_hand = [i for i in items if i.outcome is revision.Outcome.BY_HAND]
        known = [i for i in items if i.outcome is revision.Outcome.KNOWN]
        st.caption(f"{len(items)} difference(s): {len(new)} to propose, {len(known)} already recorded, "
                   f"{len(by_hand)} to propose by hand.")
        if new:
            st.data_editor([{"propose": True, "where": i.where, "change": i.change(), "from": i.source} for i in new],
                           key=_table_key(upload), hide_index=True, disabled=["where", "change", "from"],
                           column_config={"propose": st.column_config.CheckboxColumn("propose", width="small")})
            st.text_input("Note", key="rev_note", placeholder="added to each proposal's note, e.g. proofreading, "
                                                              "first round")
            st.button(f"Propose the ticked {len(_ticked(new, _table_key(upload)))}", key="rev_go", type="primary",
                      on_click=_propose_revised, args=(project, doc_id, new))
        if by_hand:
            st.markdown("**Not proposable from the copy**: propose these by hand in the Edit view.")
            st.dataframe([{"where": i.where, "change": i.change(), "why": i.why} for i in by_hand], hide_index=True)
        if known:
            st.markdown("**Already recorded**: left out.")
            st.dataframe([{"where": i.where, "change": i.change(), "recorded": i.why} for i in known],
                         hide_index=True)


def _remarks(project: Project, doc_id: str) -> None:
    """The comments the English manuscript and the Russian source hold (a Word file's comments, an ODT's
    annotations), when they hold some; shown as plain text in a table."""
    found = wb.act("", lambda: [(lang, r) for lang in LANGUAGE for r in remarks.listing(project, doc_id, lang)]) or []
    if not found:
        return
    with st.expander(f"Comments in the manuscript ({len(found)})"):
        st.dataframe([{"text": LANGUAGE[lang], "where": r.where, "on": r.quote, "author": r.author, "date": r.date,
                       "comment": r.text} for lang, r in found], hide_index=True, key="doc_remarks")


def show(project: Project, doc_id: str) -> None:
    st.header(markdown_text(project.meta(doc_id).title))
    if wb.signed_in().role == Role.EDITOR:
        import_form(project)
        _editions(project, doc_id)
    if wb.may(Action.PROPOSE):
        _revised(project, doc_id)
    wb.log_problems(project, doc_id)
    _counts(project, doc_id)
    _remarks(project, doc_id)
    c1, c2 = st.columns(2)
    clean = c1.toggle("Clean corrected text", key="doc_clean")
    proposed = c2.toggle("Show proposed corrections too", key="doc_proposed")
    wb.remember("doc_search", "")
    query = st.text_input("Search", key="doc_search", placeholder="words in the text").strip().casefold()
    wb.keep("doc_search")
    result = apply.corrected(project, doc_id, include_proposed=proposed, skip_conflicts=True)
    for problem in result.problems():
        st.warning(f"Left out: {markdown_text(problem)}")
    if result.pending and not proposed:
        st.info(f"{result.pending} proposal(s) await review and are not shown; switch on “Show proposed” to see them.")
    if clean:
        lines = [p for s, e in paragraph_spans(result.text) if query in (p := result.text[s:e]).casefold()]
        st.caption(f"{len(lines)} paragraph(s)" + (" match" if query else ""))
        shown, _ = wb.page(lines, PARAGRAPHS_PER_PAGE, "doc_page")
        wb.html_block(clean_text_html(shown))
        return
    en = wb.english(project, doc_id)
    found = [p for p in en.paragraphs if query in en.text[p.start : p.end].casefold()]
    st.caption(f"{len(found)} paragraph(s)" + (" match" if query else ""))
    paras, _ = wb.page(found, PARAGRAPHS_PER_PAGE, "doc_page")
    changes = [Change(a.start, a.end, a.correction.replacement, a.correction.status) for a in result.applied]
    wb.html_block(tracked_text_html(en.text, changes, ((p.start, p.end) for p in paras)))
