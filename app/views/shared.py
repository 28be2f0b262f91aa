"""What every view of the workbench shares: the project, cached loading, actions, paging.

Loading is cached per file state (mtime and size of the texts and of everything in the
document's corrections folder), so a page of a long book is rendered from memory and any
write, by this app or the CLI, is seen on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from align.alignment import neural, store
from align.alignment.store import Bead
from align.corrections.log import CorrectionLog
from align.errors import AlignError
from align.project import Project
from align.render import CSS, markdown_text
from align.segment import Segmentation, load_segmentation
from align.users import Action, User, check

FLASH = "_flash"
KEPT = "_kept_filters"
Stamp = tuple[tuple[str, int, int], ...]
T = TypeVar("T")


def project() -> Project:
    """$ALIGN_PROJECT, else the project the app is run from (the repo root)."""
    return Project.find(Path.cwd())


def stamp(proj: Project, doc_id: str) -> Stamp:
    """File states a document's views depend on; part of every cache key."""
    paths = [proj.text_path(doc_id, "en"), proj.text_path(doc_id, "ru")]
    folder = proj.doc_dir(doc_id)
    if folder.is_dir():
        paths += sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock"))
    out = []
    for p in paths:
        try:
            st_ = p.stat()
        except FileNotFoundError:
            continue
        out.append((str(p), st_.st_mtime_ns, st_.st_size))
    return tuple(out)


def english(proj: Project, doc_id: str) -> Segmentation:
    """The sentences of a document's English (every document has it)."""
    return load_segmentation(proj, doc_id, "en")


def russian(proj: Project, doc_id: str) -> Segmentation | None:
    """The sentences of a document's Russian source (None when it has none)."""
    if not proj.has_text(doc_id, "ru"):
        return None
    return load_segmentation(proj, doc_id, "ru")


@st.cache_resource(max_entries=8, show_spinner=False)
def _beads(root: str, doc_id: str, key: Stamp) -> list[Bead] | None:
    return store.load_alignment(Project(Path(root)), doc_id)


def beads(proj: Project, doc_id: str) -> list[Bead] | None:
    """The stored alignment of a document, or None when none is stored."""
    return _beads(str(proj.root), doc_id, stamp(proj, doc_id))


def russian_for(bead_list: list[Bead] | None, ru: Segmentation | None, en_id: str) -> str | None:
    """The Russian text aligned with English sentence `en_id` ('' when unaligned, None when unknown)."""
    if not bead_list or ru is None:
        return None
    return " ".join(s.text for i in store.source_for(bead_list, en_id) if (s := ru.get(i)) is not None)


def flash(kind: str, message: str, place: str = "") -> None:
    """Keep a message for the next run: at the top of the page, or at `place` (see `show_flash`)."""
    st.session_state.setdefault(FLASH, []).append((kind, message, place))


def show_flash(place: str = "") -> None:
    """Show the kept messages of `place` here; the top of the page ("") shows those of no place."""
    kept = st.session_state.get(FLASH, [])
    for kind, message, _ in [m for m in kept if m[2] == place]:
        getattr(st, kind)(message)
    st.session_state[FLASH] = [m for m in kept if m[2] != place]


def act(success: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a library function; its AlignError becomes an error message, never a traceback."""
    return act_at("", success, fn, *args, **kwargs)


def act_at(place: str, success: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`act` whose messages are shown at `place`, next to the control that caused them."""
    try:
        result = fn(*args, **kwargs)
    except AlignError as exc:
        flash("error", markdown_text(str(exc)), place)  # messages quote user text: never markup
        return None
    if success:
        flash("success", success, place)
    return result


def remember(key: str, default: Any = None) -> None:
    """Restore a filter widget's value for the signed-in user before it is drawn again.

    Streamlit forgets a widget's value when a run does not draw it (another view is shown);
    `keep` copies it per user, so filters and searches survive switching views.
    """
    saved = st.session_state.setdefault(KEPT, {}).get((signed_in().login, key))
    if key not in st.session_state and saved is not None:
        st.session_state[key] = saved
    elif key not in st.session_state and default is not None:
        st.session_state[key] = default


def open_in_review(correction_id: str) -> None:
    """Switch to the Review view searching for one correction, whatever its status (a button callback)."""
    login = signed_in().login
    for key, value in (("rv_search", correction_id), ("rv_status", [])):
        st.session_state[key] = value
        st.session_state.setdefault(KEPT, {})[(login, key)] = value
    st.session_state["view"] = "Review"


def keep(key: str) -> None:
    """Copy a filter widget's current value for the signed-in user (see `remember`)."""
    if key in st.session_state:
        st.session_state.setdefault(KEPT, {})[(signed_in().login, key)] = st.session_state[key]


def signed_in() -> User:
    return st.session_state["user"]


def may(action: Action) -> bool:
    """Whether the signed-in user's role allows `action` (align.users rules; the library checks again)."""
    try:
        check(signed_in(), action)
    except AlignError:
        return False
    return True


@st.cache_resource(max_entries=2, show_spinner=False)
def encoder(name: str) -> neural.Encoder:
    """A neural encoder loaded once per server (align.alignment.neural.load_model), with its embedding cache."""
    return neural.load_model(name)


def log_problems(proj: Project, doc_id: str) -> None:
    """Warn about lines of the correction log that were skipped (what `align check-log` prints)."""
    problems = CorrectionLog(proj, doc_id).state().problems
    if problems:
        st.warning(f"The correction log of `{doc_id}` has {len(problems)} problem(s): these lines are skipped, "
                   "every other event counts. Whoever looks after the project can list them with check-log.")
        st.code("\n".join(problems), language=None, wrap_lines=True)  # shown verbatim: nothing in them is markup


def page(items: Sequence[T], size: int, key: str, label: str = "Page") -> tuple[Sequence[T], int]:
    """One page of `items` with a page picker; returns (slice, offset of its first item)."""
    pages = max(1, -(-len(items) // size))
    if pages == 1:
        return items, 0
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = 1
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    number = left.number_input(f"{label} (1–{pages})", min_value=1, max_value=pages, step=1, key=key)
    first = (int(number) - 1) * size
    right.caption(f"{first + 1}–{min(first + size, len(items))} of {len(items)}")
    return items[first : first + size], first


def html_block(body: str) -> None:
    """Render a block of HTML built by align.render (which escapes) with the workbench styles."""
    st.html(CSS + body)
