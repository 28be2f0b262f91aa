"""Reading the project's hand-edited TOML files (glossaries, users) against a schema, and
writing a value into one (`toml_string`).

People write these files by hand, so every mistake gets its own clear sentence naming the
file, the entry and the field (`term #3, 'avoid' must be a list of strings, not the string
"Spinosa"`), never a traceback and never a silent guess (a string split into letters).
The schemas are JSON Schemas checked by `jsonschema`; what a schema cannot say (no
control characters in any text) is checked here too, with align.hygiene's rule.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from align.errors import InputError
from align.hygiene import codepoint, find_bad
from align.safe_io import read_regular

MAX_REPORTED = 5  # mistakes listed in one error; the rest are counted
_JSON_TYPES = {"array": "a list", "string": "a string", "object": "a table", "boolean": "true or false",
               "integer": "a whole number", "number": "a number"}
Where = Callable[[tuple[str | int, ...]], str]  # a file-specific name for a place: ("term", 2) -> "term #3"


def toml_string(value: str) -> str:
    """`value` as a TOML basic string. JSON's escapes are TOML's, but JSON leaves DEL (U+007F) raw and
    TOML forbids it: a book's title or an upload's name holding one made a file no reader accepts."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    """`key` as a TOML key: bare where TOML allows it, else quoted."""
    return key if key.replace("-", "").replace("_", "").isalnum() and key.isascii() else toml_string(key)


def toml_value(value: Any) -> str:
    """A value of the files the library writes (users, glossaries, edition records) as TOML: a bool, an int, a
    string, a list of them, or an inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return toml_string(str(value))


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The TOML table in the regular file `path` (no symlinks), or InputError saying it is not valid `what`."""
    try:
        return tomllib.loads(read_regular(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not {what} ({exc})") from None


def _type_name(value: object) -> str:
    return {str: "the string", list: "a list", dict: "a table", bool: "the boolean", int: "the number",
            float: "the number"}.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str | int | float | bool) else ""
    return f" {text[:40]}" + ("…" if len(text) > 40 else "") if text else ""


def _sentence(error: ValidationError, where: Where) -> str:
    path = tuple(error.absolute_path)
    place = where(path)
    if error.validator == "type":
        expected = error.validator_value
        wanted = " or ".join(_JSON_TYPES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        hint = ""
        if expected == "array" and isinstance(error.instance, str) and path:
            hint = f" (write {path[-1]} = [{json.dumps(error.instance, ensure_ascii=False)}])"
        return f"{place} must be {wanted}, not {_type_name(error.instance)}{_shown(error.instance)}{hint}"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{place} has unknown field(s) {', '.join(map(repr, extra))}"
    if error.validator in ("maxLength", "maxItems"):
        unit = " characters" if error.validator == "maxLength" else " entries"
        return f"{place} is too long (at most {error.validator_value}{unit})"
    if error.validator == "minLength":
        return f"{place} is empty"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"{place} needs {', '.join(map(repr, missing))}"
    return f"{place}: {error.message}"


def _bad_texts(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        m = find_bad(value)
        if m:
            yield path, f"holds a control character ({codepoint(m.group())})"
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _bad_texts(k, path)
            yield from _bad_texts(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _bad_texts(v, (*path, i))


def validate(data: dict[str, Any], schema: dict[str, Any], path: Path, where: Where,
             sentence: Callable[[ValidationError, Where], str | None] | None = None) -> None:
    """Raise one InputError listing every mistake in `data` (up to MAX_REPORTED), each naming its place.

    `sentence` may word an error itself (return None to keep the generic sentence).
    """
    mistakes = []
    for error in sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path))):
        mistakes.append((sentence and sentence(error, where)) or _sentence(error, where))
    mistakes += [f"{where(p)} {problem}" for p, problem in _bad_texts(data)]
    mistakes = list(dict.fromkeys(mistakes))  # one sentence can word several errors (all missing fields at once)
    if mistakes:
        more = f"; and {len(mistakes) - MAX_REPORTED} more" if len(mistakes) > MAX_REPORTED else ""
        raise InputError(f"{path}: " + "; ".join(mistakes[:MAX_REPORTED]) + more)
