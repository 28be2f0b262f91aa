"""A text area whose text reaches the app while the person types.

Streamlit's `st.text_area` sends its text only when it loses focus or on Ctrl+Enter, so a diff
drawn from it lags behind the typing. This is a small `st.components.v2` component of this
project (the HTML and CSS below, the JavaScript in live_text.js beside this file; nothing is
downloaded or built): it sends its text after a pause in typing (`PAUSE_MS`) and when it loses
focus, and each text sent reruns the app.

The component's state is the dict `{"text": ...}` in `st.session_state[key]`: setting it there
(as `reset` does, or AppTest, which runs no JavaScript) is what the app then reads.
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


def _resets(key: str) -> str:
    return f"{key}__reset"


def live_text_area(label: str, key: str, value: str, height: int = 140) -> str:
    """A text area labelled `label`, holding `value` until the person changes it; returns its text."""
    text = text_of(key, value)
    result = _COMPONENT(
        key=key,
        data={"label": label, "value": text, "reset": st.session_state.get(_resets(key), 0), "height": height,
              "pause_ms": PAUSE_MS},
        default={"text": text},
        on_text_change=_nothing,
    )
    return result.text if isinstance(result.text, str) else text


def text_of(key: str, value: str) -> str:
    """What the text area `key` holds (in a callback too), `value` before it has shown."""
    state = st.session_state.get(key)
    return state["text"] if state and isinstance(state.get("text"), str) else value


def reset(key: str, value: str) -> None:
    """Start the text area `key` afresh from `value`, dropping what was typed."""
    st.session_state[key] = {"text": value}
    st.session_state[_resets(key)] = st.session_state.get(_resets(key), 0) + 1


def _nothing() -> None:
    """The component reports its text by rerunning the app; nothing more to do then."""

