"""Export (publishers, editors): download the corrected text and the export formats.

Every file is made when its download button is clicked (Streamlit calls the builder then), so
a download always holds the correction log as it stands at that moment, never a file
prepared before a later approval; each button says which state of the log it will hold.
"""

from __future__ import annotations

import mimetypes
from functools import partial

import streamlit as st

from align import export
from align.corrections import apply
from align.corrections.model import Status
from align.overview import overview
from align.project import Project
from align.render import markdown_text
from align.users import Action, check

from . import shared as wb

MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".md": "text/markdown"}


def build(project: Project, doc_id: str, fmt: str, login: str, include_proposed: bool, skip_conflicts: bool) -> bytes:
    """The file's bytes from the log as it is now (align.export.render); called when the button is clicked."""
    data, _ = export.render(project, doc_id, fmt, login=login, include_proposed=include_proposed,
                            skip_conflicts=skip_conflicts)
    return data


def clean_text(project: Project, doc_id: str) -> bytes:
    """The corrected text from the log as it is now (align.corrections.apply)."""
    return apply.corrected(project, doc_id, skip_conflicts=True).text.encode("utf-8")


def _every_book(project: Project) -> None:
    """Where each book of the project stands (align.overview, as `align status` prints it), when asked: it reads
    every document's text and log."""
    if not st.toggle("Where every book stands", key="exp_overview"):
        return
    rows = []
    for doc in project.documents():
        o = overview(project, doc)
        rows.append({"document": o.doc, "title": o.title, "sentences": o.sentences, "words": o.words,
                     "aligned": "no Russian" if not o.source else "–" if o.aligned is None else f"{o.aligned:.0%}",
                     **{str(s): o.counts.get(s, 0) for s in Status},
                     "export stoppers": o.blocking + o.skipped + len(o.interrupted),
                     "ready": "yes" if o.ready else "no", "last": o.last})
    st.dataframe(rows, hide_index=True)


def show(project: Project, doc_id: str) -> None:
    st.header("Export")
    login = wb.signed_in().login
    check(wb.signed_in().user, Action.EXPORT)  # PermissionDenied: workbench.main shows its message instead of the view
    _every_book(project)
    skip = st.checkbox("Leave out conflicting or orphaned corrections", key="exp_skip")
    result = apply.corrected(project, doc_id, skip_conflicts=True)
    if result.pending:
        st.warning(f"{result.pending} proposal(s) are still pending review; the export leaves them out.")
    problems = result.problems()
    for problem in problems:
        st.error(f"Cannot apply: {markdown_text(problem)}")
    state = export.log_state(project, doc_id)
    st.caption(f"Each file is made when you click its button, from the log as it is then (now: {state}).")
    st.subheader("Clean corrected text")
    if problems and not skip:
        st.caption("Resolve the problems in review, or tick “Leave out conflicting…” to export without them.")
        return
    st.download_button("Download corrected text (.txt)", partial(clean_text, project, doc_id),
                       file_name=f"{doc_id}.corrected.txt", mime="text/plain", key="dl_clean",
                       help=f"holds {state}", on_click="ignore")
    st.subheader("Other formats")
    proposed = st.checkbox("Include pending proposals (as tracked changes where the format allows)", key="exp_proposed")
    for spec in export.available_formats(project, doc_id):
        fmt = spec.name
        c1, c2 = st.columns([2, 3])
        name = spec.file_name(doc_id)
        mime = MIME.get(spec.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        c1.download_button(f"Download {fmt}", partial(build, project, doc_id, fmt, login, proposed, skip),
                           file_name=name, mime=mime, key=f"dl_{fmt}", help=f"{name}, holds {state}",
                           on_click="ignore")
        c2.caption(spec.description)
