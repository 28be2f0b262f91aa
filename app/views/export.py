"""Export (publishers, editors): download the corrected text and the export formats."""

from __future__ import annotations

import mimetypes

import streamlit as st

from align import export
from align.corrections import apply
from align.project import Project
from align.users import Action, check

from . import shared as wb

MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".md": "text/markdown"}


def _prepare(project: Project, doc_id: str, fmt: str, include_proposed: bool, skip_conflicts: bool) -> None:
    """Render the export (align.export.render) and keep its bytes for the download button."""
    rendered = wb.act("", export.render, project, doc_id, fmt, login=wb.signed_in().login,
                      include_proposed=include_proposed, skip_conflicts=skip_conflicts)
    if rendered is not None:
        data, _ = rendered
        st.session_state[f"export_{fmt}"] = data


def show(project: Project, doc_id: str) -> None:
    st.header("Export")
    check(wb.signed_in().user, Action.EXPORT)  # PermissionDenied: workbench.main shows its message instead of the view
    skip = st.checkbox("Leave out conflicting or orphaned corrections", key="exp_skip")
    result = apply.corrected(project, doc_id, skip_conflicts=True)
    if result.pending:
        st.warning(f"{result.pending} proposal(s) are still pending review; the export leaves them out.")
    problems = result.problems()
    for problem in problems:
        st.error(f"Cannot apply: {problem}")
    st.subheader("Clean corrected text")
    if problems and not skip:
        st.caption("Resolve the problems in review, or tick “Leave out conflicting…” to export without them.")
    else:
        st.download_button("Download corrected text (.txt)", result.text.encode("utf-8"),
                           file_name=f"{doc_id}.corrected.txt", mime="text/plain", key="dl_clean")
    st.subheader("Other formats")
    proposed = st.checkbox("Include pending proposals (as tracked changes where the format allows)", key="exp_proposed")
    for fmt, spec in export.FORMATS.items():
        c1, c2, c3 = st.columns([1, 3, 2])
        c1.button(f"Prepare {fmt}", key=f"prep_{fmt}", on_click=_prepare, args=(project, doc_id, fmt, proposed, skip))
        c2.caption(spec.description)
        data = st.session_state.get(f"export_{fmt}")
        if data is not None:
            name = f"{doc_id}{'.tracked' if fmt == 'docx-tracked' else ''}{spec.suffix}"
            mime = MIME.get(spec.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
            c3.download_button(f"Download {name}", data, file_name=name, mime=mime, key=f"dl_{fmt}")
