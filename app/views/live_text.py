"""A text area whose text reaches the app while the person types.

Streamlit's `st.text_area` sends its text only when it loses focus or on Ctrl+Enter, so a diff
drawn from it lags behind the typing. This is a small `st.components.v2` component of this
project (the HTML and CSS below, the JavaScript in live_text.js beside this file; nothing is
downloaded or built): it sends its text after a pause in typing (`PAUSE_MS`) and when it loses
focus, and each text sent reruns the app.

Each start afresh (`reset`) is a new instance of the component, keyed `f"{key}.{n}"` with n the
number of resets so far (`st.session_state[f"{key}.resets"]`), so nothing the browser held of the
text before comes back. The instance's state is the dict `{"text": ...}` in
`st.session_state[instance(key)]`; setting it there (as AppTest does, which runs no JavaScript)
is what the app then reads.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAUSE_MS = 250  # typing paused this long sends the text
_HTML = '<label class="lt-label"></label><textarea class="lt-box" spellcheck="true"></textarea>'
_CSS = """
.lt-label { display: block; font-size: 0.875rem; margin-bottom: 0.25rem; color: var(--st-text-color); }
.lt-box { box-sizing: border-box; width: 100%; resize: vertical; padding: 0.5rem 0.75rem;
  font: inherit; line-height: 1.5; color: var(--st-text-color);
  background: var(--st-secondary-background-color); border: 1px solid transparent; border-radius: 0.5rem; }
.lt-box:focus { outline: none; border-color: var(--st-primary-color); }
"""
_COMPONENT = st.components.v2.component(
    "align.live_text", html=_HTML, css=_CSS, js=(Path(__file__).parent / "live_text.js").read_text(encoding="utf-8")
)


def instance(key: str) -> str:
    """The key of the text area `key` as it is now: a new one after each `reset`."""
    return f"{key}.{st.session_state.get(f'{key}.resets', 0)}"


def live_text_area(label: str, key: str, value: str, height: int = 140) -> str:
    """A text area labelled `label`, holding `value` until the person changes it; returns its text."""
    text = text_of(key, value)
    result = _COMPONENT(
        key=instance(key),
        data={"label": label, "value": text, "instance": instance(key), "height": height, "pause_ms": PAUSE_MS},
        default={"text": text},
        on_text_change=_nothing,
    )
    return result.text if isinstance(result.text, str) else text


def text_of(key: str, value: str) -> str:
    """What the text area `key` holds (in a callback too), `value` before it has shown."""
    state = st.session_state.get(instance(key))
    return state["text"] if state and isinstance(state.get("text"), str) else value


def reset(key: str) -> None:
    """Start the text area `key` afresh, from the value it is next drawn with."""
    st.session_state[f"{key}.resets"] = st.session_state.get(f"{key}.resets", 0) + 1


def _nothing() -> None:
    """The component reports its text by rerunning the app; nothing more to do then."""
