"""The emphasis a stylesheet gives by class: which classes make text italic, bold, super- or subscript, struck.

Publishing tools write emphasis as classes, not as `<i>`/`<em>`: LibreOffice's EPUB export writes
`<span class="span2">` with `.span2 { font-style: italic }` in its stylesheet, and InDesign and Calibre do
the same. Read with tinycss2 (BSD), a CSS parser made for this; only what a book's emphasis needs is
looked at: rules whose selector is one class, optionally after an element name (`.span2`, `span.it`),
and the style attribute. Later rules win, as in CSS; a class that sets several of these gets the first of
italic, bold, sup/sub, strike (as ODT styles do in align.formats.odt). @media and other at-rules are left
out: a book's print or screen variants are no emphasis of its text. A stylesheet or attribute over
`MAX_CSS` characters or nesting brackets deeper than `MAX_NESTING` (tinycss2 recurses into them) is not
read: it gives no emphasis, and the book is read without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2

from align.formats.model import Style

_CLASS_SELECTOR = re.compile(r"(?:[A-Za-z][\w-]*)?\.(-?[_A-Za-z][\w-]*)")
_BOLD = {"bold", "bolder", "600", "700", "800", "900"}
_BRACKETS = re.compile(r"[^()\[\]{}]+")
MAX_CSS = 1_000_000  # characters of one stylesheet; a book's run to tens of kilobytes
MAX_NESTING = 32  # brackets within brackets; a book's styles nest two or three deep


def class_styles(sheets: Iterable[str]) -> dict[str, Style]:
    """Class name -> the span style its rules give, over `sheets` in order (a later rule overrides)."""
    found: dict[str, dict[str, str]] = {}
    for sheet in filter(_readable, sheets):
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            props = _declarations(rule.content)
            for selector in tinycss2.serialize(rule.prelude).split(","):
                m = _CLASS_SELECTOR.fullmatch(selector.strip())
                if m and props:
                    found.setdefault(m.group(1), {}).update(props)
    return {name: style for name, props in found.items() if (style := _style(props))}


def inline_style(attribute: str) -> Style | None:
    """The span style an element's style attribute gives ("font-style: italic"), or None."""
    return _style(_declarations(tinycss2.parse_component_value_list(attribute))) if _readable(attribute) else None


def _readable(css: str) -> bool:
    """Whether a stylesheet or style attribute is small and shallow enough to read (one pass over it)."""
    if not css or len(css) > MAX_CSS:
        return False
    depth = 0
    for mark in _BRACKETS.sub("", css):
        depth = depth + 1 if mark in "([{" else max(depth - 1, 0)
        if depth > MAX_NESTING:
            return False
    return True


def _declarations(content: list[tinycss2.ast.Node] | None) -> dict[str, str]:
    """Property -> value (lowercase, as written) of a rule's declarations; the last of a property wins."""
    out = {}
    for decl in tinycss2.parse_declaration_list(content or [], skip_comments=True, skip_whitespace=True):
        if decl.type == "declaration":
            out[decl.lower_name] = tinycss2.serialize(decl.value).strip().lower()
    return out


def _style(props: dict[str, str]) -> Style | None:
    """The first of italic, bold, sup/sub, strike that the declarations set."""
    if props.get("font-style", "").startswith(("italic", "oblique")):
        return Style.ITALIC
    if props.get("font-weight", "").split(" ")[0] in _BOLD:
        return Style.BOLD
    align = props.get("vertical-align", "")
    if align in ("super", "sub"):
        return Style.SUP if align == "super" else Style.SUB
    if "line-through" in props.get("text-decoration", "") + props.get("text-decoration-line", ""):
        return Style.STRIKE
    return None
