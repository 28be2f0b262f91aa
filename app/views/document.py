"""Document: the whole English text with corrections as tracked changes, or clean."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from align import formats
from align.corrections import apply, workspace
from align.corrections.model import Category, Status
from align.project import Project
from align.render import Change, clean_text_html, markdown_text, tracked_text_html
from align.segment import paragraph_spans
from align.users import Role

from . import shared as wb

PARAGRAPHS_PER_PAGE = 40
IMPORT = "document-import"  # where the messages of an upload are shown
LANGS = {"en": "English", "ru": "Russian"}


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
    done = wb.act_at(IMPORT, "", formats.import_book, project, upload.getvalue(), doc_id, lang, name=upload.name,
                     force=bool(st.session_state.get("imp_force")))
    if done is not None:
        wb.flash("success", f"Imported {markdown_text(upload.name)} ({done.format}) as the {LANGS[lang]} of {doc_id}.",
                 IMPORT)


def _upload(project: Project) -> None:
    """Editors bring in a book: DOCX, ODT, EPUB, FB2, HTML, Markdown or plain text."""
    with st.expander("Import a book"):
        st.file_uploader("Book file", key="imp_file",
                         type=["txt", "md", "html", "htm", "docx", "odt", "epub", "fb2", "zip"])
        c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
        c1.text_input("Document name", key="imp_doc", placeholder="e.g. anna-karenina (letters, digits, -)")
        c2.selectbox("Language", list(LANGS), key="imp_lang", format_func=LANGS.__getitem__)
        c3.checkbox("Replace if it exists", key="imp_force")
        st.button("Import", key="imp_go", on_click=_import, args=(project,))
        wb.show_flash(IMPORT)


def show(project: Project, doc_id: str) -> None:
    st.header(markdown_text(project.meta(doc_id).title))
    if wb.signed_in().role == Role.EDITOR:
        _upload(project)
    wb.log_problems(project, doc_id)
    _counts(project, doc_id)
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
