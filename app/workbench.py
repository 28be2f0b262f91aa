"""The align workbench: `streamlit run app/workbench.py` (or `make run`).

A thin face over the library: signing in picks a user from corrections/users.toml, the
views shown follow that user's role, and every action calls the same align.* functions
as the CLI, which check the role again.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from align.errors import AlignError
from align.project import Project
from align.render import markdown_text
from align.users import load_users

from views import alignment, document, edit, export, review
from views import shared as wb

DEFAULT_DOC = "meetings-with-trotsky"
VIEWS: dict[str, Callable[[Project, str], None]] = {
    "Alignment": alignment.show,
    "Review": review.show,
    "Edit": edit.show,
    "Document": document.show,
    "Export": export.show,
}
VIEWS_BY_ROLE = {
    "translator": ["Edit", "Review", "Alignment", "Document"],  # Review read-only: reasons, comments
    "editor": ["Review", "Edit", "Alignment", "Document", "Export"],
    "publisher": ["Document", "Export", "Review", "Alignment"],
}


def sidebar(project: Project) -> tuple[str, str] | None:
    """Document picker and sign-in; returns (doc_id, view) once someone is signed in."""
    st.sidebar.title("align workbench")
    docs = project.documents()
    if not docs:
        st.error(f"No documents in {project.texts_dir / 'en'}: import one with `python -m align import`.")
        return None
    doc_id = st.sidebar.selectbox(
        "Document", docs, index=docs.index(DEFAULT_DOC) if DEFAULT_DOC in docs else 0, key="doc",
        format_func=lambda d: f"{project.meta(d).title[:60]} ({d})",
    )
    users = {u.login: u for u in load_users(project).values() if u.role in VIEWS_BY_ROLE}
    login = st.sidebar.selectbox(
        "Sign in as", list(users), index=None, placeholder="choose a user", key="login",
        format_func=lambda u: f"{users[u].name} ({u}, {users[u].role})",
    )
    st.sidebar.caption(
        f"Accounts come from `{project.corrections_dir / 'users.toml'}` (no passwords); "
        "your role decides what you may do, and the library checks it again."
    )
    if login is None:
        st.session_state.pop("user", None)
        return None
    st.session_state["user"] = users[login]
    view = st.sidebar.radio("View", VIEWS_BY_ROLE[users[login].role], key="view")
    return doc_id, view


def main() -> None:
    st.set_page_config(page_title="align workbench", layout="wide")
    try:
        project = wb.project()
        chosen = sidebar(project)
    except AlignError as exc:
        st.error(markdown_text(str(exc)))
        return
    wb.show_flash()
    if chosen is None:
        st.title("align workbench")
        st.markdown(
            "Choose a user in the sidebar to sign in. **Translators** edit sentences and propose "
            "corrections, **editors** review them (approve or reject), **publishers** export the corrected text; "
            "everyone may comment on a correction."
        )
        return
    doc_id, view = chosen
    user = wb.signed_in()
    st.caption(f"Signed in as **{markdown_text(user.name)}** ({user.role}) · document `{doc_id}` · "
               f"project `{project.root}`")
    try:
        VIEWS[view](project, doc_id)
    except AlignError as exc:
        st.error(markdown_text(str(exc)))
    wb.show_flash()  # messages raised while this run rendered (e.g. by a button without a callback)


main()
