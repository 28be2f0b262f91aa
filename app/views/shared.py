"""What every view of the workbench shares: the session, the project, cached loading, actions, paging.

The session holds the signed-in `Actor` (its signing key unlocked by the password at
sign-in) and ends on sign-out or after $ALIGN_IDLE_MINUTES (30) idle minutes. Failed
sign-ins are throttled per login and per session (`align.accounts.Throttle`).

Loading is cached per file state (mtime and size of the texts and of everything in the
document's corrections folder), so a page of a long book is rendered from memory and any
write, by this app or the CLI, is seen on the next run.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from align import accounts
from align.accounts import Actor
from align.alignment import neural, store
from align.alignment.store import Bead
from align.corrections.log import CorrectionLog
from align.errors import AlignError
from align.project import Project
from align.render import CSS, markdown_text
from align.segment import Segmentation, load_segmentation
from align.users import Action, check

FLASH = "_flash"
KEPT = "_kept_filters"
ACTOR, LAST_SEEN, SESSION_ID = "_actor", "_last_seen", "_session_id"
IDLE_ENV = "ALIGN_IDLE_MINUTES"
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


def still_ticked(table: str, column: str, rows: Sequence[tuple[T, bool]]) -> list[T]:
    """The items of the tick table drawn with st.data_editor under the key `table` whose `column` is ticked:
    each row (item, its tick as drawn) as the person left it."""
    edits = st.session_state.get(table, {}).get("edited_rows", {})
    return [item for n, (item, tick) in enumerate(rows) if edits.get(n, {}).get(column, tick)]


def signed_in() -> Actor:
    """The person signed in to this session (only called once `session_actor` found one)."""
    return st.session_state[ACTOR]


@st.cache_resource(show_spinner=False)
def _throttle() -> tuple[accounts.Throttle, threading.Lock]:
    """One record of failed sign-ins per server, so opening new sessions does not reset it."""
    return accounts.Throttle(), threading.Lock()


def session_actor() -> Actor | None:
    """The signed-in Actor of this session, or None; a session idle for IDLE_S is signed out first."""
    actor = st.session_state.get(ACTOR)
    now = time.monotonic()
    if actor is not None and now - st.session_state.get(LAST_SEEN, now) > idle_seconds():
        sign_out(f"Signed out after {idle_seconds() / 60:.0f} minutes without activity.")
        return None
    st.session_state[LAST_SEEN] = now
    return actor


def idle_seconds() -> float:
    """How long a session may stay idle: $ALIGN_IDLE_MINUTES (default 30) minutes."""
    try:
        return float(os.environ.get(IDLE_ENV, "30")) * 60
    except ValueError:
        return 30 * 60.0


def sign_in(proj: Project, login: str, password: str) -> bool:
    """Check the password (rate-limited per login and per session); flash why not and return False."""
    throttle, lock = _throttle()
    keys = [f"login:{login}", f"session:{st.session_state.setdefault(SESSION_ID, secrets.token_hex(8))}"]
    with lock:
        wait = throttle.wait(keys, time.monotonic())
    if wait > 0:
        flash("error", f"Too many failed sign-ins: try again in {wait:.0f} s.")
        return False
    try:
        actor = accounts.sign_in(proj, login, password)
    except AlignError:
        with lock:
            throttle.failed(keys, time.monotonic())
        flash("error", "Wrong login or password.")  # which of the two is not said
        return False
    with lock:
        throttle.succeeded(keys[:1])
    start_session(actor)
    return True


def start_session(actor: Actor) -> None:
    st.session_state[ACTOR] = actor
    st.session_state[LAST_SEEN] = time.monotonic()


def sign_out(message: str = "") -> None:
    """End the session: forget the Actor (and its unlocked key) and everything chosen."""
    for key in list(st.session_state):
        if key not in (FLASH, SESSION_ID):
            del st.session_state[key]
    if message:
        flash("info", message)


def may(action: Action) -> bool:
    """Whether the signed-in user's role allows `action` (align.users rules; the library checks again)."""
    try:
        check(signed_in().user, action)
    except AlignError:
        return False
    return True


@st.cache_resource(max_entries=2, show_spinner=False)
def encoder(name: str) -> neural.Encoder:
    """A neural encoder loaded once per server (align.alignment.neural.load_model), with its embedding cache."""
    return neural.load_model(name)


def log_problems(proj: Project, doc_id: str) -> None:
    """Warn about lines of the correction log that were skipped (what `align check-log` prints)."""
    _skipped(f"The correction log of `{doc_id}` has", CorrectionLog(proj, doc_id).state().problems, "event")


def decision_problems(proj: Project, doc_id: str) -> None:
    """Warn about lines of the alignment decisions that were skipped (`align check-log` prints them too)."""
    _skipped(f"The alignment decisions of `{doc_id}` have", store.load_decisions(proj, doc_id).problems, "decision")


def _skipped(whose: str, problems: Sequence[str], item: str) -> None:
    """`whose` (e.g. "The correction log of `DOC` has") problems, listed verbatim."""
    if problems:
        st.warning(f"{whose} {len(problems)} problem(s): these lines are skipped, every other {item} counts. "
                   "Whoever looks after the project can list them with check-log.")
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
