"""Corrections replayed from old log lines, made safe to show and export.

Text that got into a log before `align.hygiene`'s rules (or by hand) may hold characters no
XML format can carry, or values that are not text at all. Every correction read in place
(`Workspace.located`) goes through `escape_correction`, which spells such characters out
and says what it escaped, so no export and no view can break on them.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable
from typing import Any

from align.corrections.model import Correction, Event
from align.hygiene import escape, find_bad

_CORRECTION_TEXTS = tuple(f.name for f in dataclasses.fields(Correction) if f.type in ("str", "str | None"))
_EVENT_TEXTS = ("id", "type", "correction", "actor", "role", "time", "reason")
_correction_texts = operator.attrgetter(*_CORRECTION_TEXTS)
_event_texts = operator.attrgetter(*_EVENT_TEXTS)


def _all_clean(values: tuple[Any, ...]) -> bool:
    """Whether every value is None or text without forbidden characters (one search for all)."""
    try:
        return find_bad("\n".join([v for v in values if v is not None])) is None
    except TypeError:  # a value that is not text, from a hand-edited line
        return False


def _escaped_fields(obj: object, fields: tuple[str, ...]) -> dict[str, str]:
    """{field: escaped text} for the fields of `obj` that hold forbidden characters or are not text."""
    changes = {}
    for name in fields:
        value = getattr(obj, name)
        if value is not None and (not isinstance(value, str) or find_bad(value)):
            changes[name] = escape(str(value))
    return changes


def escape_correction(c: Correction) -> tuple[Correction, list[str]]:
    """`c` with forbidden characters in any of its texts (and its history's) escaped, and what was escaped.

    Values that are not text at all (a number where a note belongs) become text too.
    """
    if _all_clean(_correction_texts(c)) and all(_all_clean(_event_texts(e)) for e in c.history):
        return c, []  # the usual case, checked in one search per record
    changes: dict[str, Any] = _escaped_fields(c, _CORRECTION_TEXTS)
    found = list(changes)
    history: list[Event] = []
    for e in c.history:
        event_changes: dict[str, Any] = _escaped_fields(e, _EVENT_TEXTS)
        history.append(dataclasses.replace(e, **event_changes) if event_changes else e)
        found += [f"{e.type} event's {name}" for name in event_changes]
    changes["history"] = tuple(history)
    return dataclasses.replace(c, **changes), [
        f"correction {escape(str(c.id))} holds forbidden characters or values that are not text (in its "
        f"{', '.join(dict.fromkeys(found))}), written escaped (\\x..)"
    ]


def escaped_report(corrections: Iterable[Correction]) -> list[str]:
    """What `escape_correction` would escape in `corrections`: one line per affected correction."""
    return [line for c in corrections for line in escape_correction(c)[1]]
