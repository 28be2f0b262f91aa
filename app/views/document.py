"""Document: the whole English text with corrections as tracked changes, or clean."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from align.corrections import apply, workspace
from align.corrections.model import Category, Status
from align.project import Project
from align.render import Change, clean_text_html, markdown_text, tracked_text_html

from . import shared as wb

PARAGRAPHS_PER_PAGE = 40


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


def show(project: Project, doc_id: str) -> None:
    st.header(project.meta(doc_id).title)
    wb.log_problems(project, doc_id)
    _counts(project, doc_id)
    c1, c2 = st.columns(2)
    clean = c1.toggle("Clean corrected text", key="doc_clean")
    proposed = c2.toggle("Show proposed corrections too", key="doc_proposed")
    result = apply.corrected(project, doc_id, include_proposed=proposed, skip_conflicts=True)
    for problem in result.problems():
        st.warning(f"Left out: {markdown_text(problem)}")
    if result.pending and not proposed:
        st.info(f"{result.pending} proposal(s) await review and are not shown; switch on “Show proposed” to see them.")
    if clean:
        lines = [line for line in result.text.splitlines() if line.strip()]
        shown, _ = wb.page(lines, PARAGRAPHS_PER_PAGE, "doc_page")
        wb.html_block(clean_text_html(shown))
        return
    en = wb.english(project, doc_id)
    paras, _ = wb.page(en.paragraphs, PARAGRAPHS_PER_PAGE, "doc_page")
    changes = [Change(a.start, a.end, a.correction.replacement, a.correction.status) for a in result.applied]
    wb.html_block(tracked_text_html(en.text, changes, ((p.start, p.end) for p in paras)))
