"""The align workbench: `streamlit run app/workbench.py` (or `make run`).

A thin face over the library. Nothing of a project shows before sign-in (manuscripts are
confidential): a password form checks the account in corrections/users.toml and unlocks
its signing key, or, where `.streamlit/secrets.toml` configures an identity provider,
Streamlit's OIDC sign-in (`st.login`) maps to the account whose `oidc` field names the
person. The views shown follow the role, and every action calls the same align.*
functions as the CLI, which check the role again and sign the event with the key.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from align import accounts
from align.accounts import Actor
from align.errors import AlignError
from align.project import Project
from align.render import markdown_text
from align.users import Role

from views import alignment, document, edit, export, glossary, review
from views import shared as wb

DEFAULT_DOC = "meetings-with-trotsky"
VIEWS: dict[str, Callable[[Project, str], None]] = {
    "Alignment": alignment.show,
    "Review": review.show,
    "Edit": edit.show,
    "Document": document.show,
    "Export": export.show,
    "Glossary": glossary.show,
}
VIEWS_BY_ROLE = {
    "translator": ["Edit", "Review", "Alignment", "Document", "Glossary"],  # Review, Glossary read-only
    "editor": ["Review", "Edit", "Alignment", "Document", "Export", "Glossary"],
    "publisher": ["Document", "Export", "Review", "Alignment", "Glossary"],
}


def sign_in_page(project: Project) -> None:
    """The only thing shown before sign-in: a password form (and the identity provider's button)."""
    st.title("align workbench")
    demo = accounts.demo_in_use(project)
    if demo:
        st.warning(f"Demo accounts with published passwords are in use ({', '.join(demo)}): anyone who read the "
                   "README can sign in as them. Set real passwords with `python -m align user passwd LOGIN`.")
    with st.form("sign_in"):
        login = st.text_input("Login", key="sign_in_login")
        password = st.text_input("Password", type="password", key="sign_in_password")
        if st.form_submit_button("Sign in") and wb.sign_in(project, login.strip(), password):
            st.rerun()
    if _oidc_configured():
        st.button("Sign in with your organisation", on_click=st.login)
    wb.show_flash()


def _oidc_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an [auth] section for Streamlit's OIDC sign-in."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def _oidc_actor(project: Project) -> Actor | None:
    """The account an identity-provider sign-in maps to (its `oidc` field), or None without one."""
    if not st.user.get("is_logged_in", False):
        return None
    subject, email = str(st.user.get("sub") or ""), str(st.user.get("email") or "")
    try:
        return accounts.oidc_actor(project, subject, email)
    except AlignError as exc:
        st.error(str(exc))
        return None


def _first_book(project: Project, actor: Actor) -> None:
    """A project with no document yet (just made by `align init`): editors import the first book here."""
    st.title("No documents yet")
    if actor.role != Role.EDITOR:
        st.info("An editor imports the first book (the English manuscript, then its Russian source); it appears "
                "here once imported.")
        return
    st.info("Import the English manuscript first (Word, LibreOffice, an e-book or text), then its Russian source "
            "under the same document name.")
    document.import_form(project, expanded=True)


def sidebar(project: Project, actor: Actor) -> tuple[str, str]:
    """Who is signed in, sign-out, the document picker and the views of their role."""
    st.sidebar.title("align workbench")
    st.sidebar.write(f"Signed in as {markdown_text(actor.user.name)} ({markdown_text(actor.login)}, {actor.role})")
    if st.sidebar.button("Sign out", key="sign_out"):
        wb.sign_out("Signed out.")
        if st.user.get("is_logged_in", False):
            st.logout()
        st.rerun()
    if actor.login in accounts.demo_in_use(project):
        st.sidebar.warning("You are on a published demo password.")
    docs = project.documents()
    if not docs:
        _first_book(project, actor)
        st.stop()
    doc_id = st.sidebar.selectbox(
        "Document", docs, index=docs.index(DEFAULT_DOC) if DEFAULT_DOC in docs else 0, key="doc",
        format_func=lambda d: f"{project.title(d)[:60]} ({d})",
    )
    view = st.sidebar.radio("View", VIEWS_BY_ROLE[actor.role], key="view")
    return doc_id, view


def main() -> None:
    st.set_page_config(page_title="align workbench", layout="wide")
    try:
        project = wb.project()
        actor = wb.session_actor()
        if actor is None and (actor := _oidc_actor(project)) is not None:
            wb.start_session(actor)
        if actor is None:
            sign_in_page(project)
            return
        if actor.role not in VIEWS_BY_ROLE:
            st.error(f"{actor.login} is the {actor.role} account, for unattended runs; it has no workbench.")
            wb.sign_out()
            return
        doc_id, view = sidebar(project, actor)
    except AlignError as exc:
        st.error(markdown_text(str(exc)))
        return
    wb.show_flash()
    st.caption(f"Signed in as **{markdown_text(actor.user.name)}** ({actor.role}) · document `{doc_id}` · "
               f"project `{project.root}`")
    try:
        VIEWS[view](project, doc_id)
    except AlignError as exc:
        st.error(markdown_text(str(exc)))
    wb.show_flash()  # messages raised while this run rendered (e.g. by a button without a callback)


main()
