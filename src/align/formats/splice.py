"""Writing back only the changed elements of an XML part, so every other byte stays as it was.

A write-back edits a parsed tree, but serialising the whole tree again would rewrite every
paragraph as lxml writes XML (quotes, character references, namespace declarations), not
as the publisher's program did. Instead `element_ranges` finds each element of one kind in
the original bytes (a regular expression over its start and end tags, nesting counted), and
`splice` puts only the changed ones, each serialised alone (`fragment`, without the
namespace declarations its place already has), at their byte ranges. When the bytes and
the tree do not line up (another count of elements), `splice` gives None and the caller
serialises the whole tree. Word (w:p of word/document.xml) and ODT (text:p and text:h of
content.xml) write back through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from lxml import etree

_NS_DECL = re.compile(r'\s+xmlns:(\w+)="([^"]*)"')


def element_ranges(xml: bytes, tag: re.Pattern[bytes]) -> list[tuple[int, int]]:
    """Byte range of every element whose start and end tags `tag` matches, in document (start tag) order.

    `tag` has two groups: "/" for an end tag, and "/" for an empty element's tag."""
    out: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in tag.finditer(xml):
        if m.group(2):
            out.append((m.start(), m.end()))
        elif not m.group(1):
            stack.append(len(out))
            out.append((m.start(), -1))
        elif stack:
            k = stack.pop()
            out[k] = (out[k][0], m.end())
    return out


def fragment(el: etree._Element, root_ns: Mapping[str | None, str]) -> bytes:
    """One element serialised without the namespace declarations its place already has."""
    text = etree.tostring(el, encoding="unicode", with_tail=False)
    head, sep, rest = text.partition(">")
    head = _NS_DECL.sub(lambda m: "" if root_ns.get(m.group(1)) == m.group(2) else m.group(0), head)
    return (head + sep + rest).encode("utf-8")


def splice(xml: bytes, root: etree._Element, elements: Sequence[etree._Element], changed: Iterable[int],
           tag: re.Pattern[bytes]) -> bytes | None:
    """`xml` with elements[n] (all elements `tag` matches, in document order, as parsed from `xml` and
    since edited) serialised in place for every n in `changed`; None if the bytes do not match the tree."""
    ranges = element_ranges(xml, tag)
    if len(ranges) != len(elements) or any(e < 0 for _, e in ranges):
        return None
    out, pos = [], 0
    for n in sorted(set(changed)):
        start, end = ranges[n]
        if start < pos:
            continue  # nested in a changed element already written whole
        out += [xml[pos:start], fragment(elements[n], root.nsmap)]
        pos = end
    out.append(xml[pos:])
    return b"".join(out)
