"""TBX, the termbase exchange format of CAT tools (ISO 30042): the glossary written as TBX-Basic, read from
the TBX files Trados, memoQ, Phrase and OmegaT write.

Written: TBX v3 (ISO 30042:2019) in the TBX-Basic dialect, DCA style, with lxml: one `conceptEntry`
per entry, holding the note as a `note`, a `langSec xml:lang="ru"` with the Russian term and a
`langSec xml:lang="en"` with the preferred English term (`administrativeStatus`
preferredTerm-admn-sts) and each variant to avoid as a term of its own marked
deprecatedTerm-admn-sts.

Read: that, and TBX v2 (`martif`, `termEntry`, `langSet`, `tig` / `ntig`), namespaced or not. Of
each entry: the Russian term (the first marked preferred, else the first not deprecated), the
preferred English term (likewise), the deprecated or superseded English terms as variants to
avoid (`administrativeStatus`, or TBX-Default's `normativeAuthorization`), and the notes
(`note`, `descrip type="definition"`) of the entry and its Russian and English sections, joined
by "; ". Languages are matched by their primary subtag (en-GB is English); other languages and
elements are skipped. What the glossary cannot hold is said, per entry, in `Read.skipped`: an entry
without an English term, an admitted English synonym beside the preferred one.

The XML is parsed by align.formats.safety (no entities, no DTD, no network, a depth limit), in one
pass over the tree.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from align.errors import InputError
from align.formats.safety import parse_xml
from align.glossary import MAX_TERMS, Found, GlossaryEntry, Read

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, DEPRECATED = "preferredTerm-admn-sts", "deprecatedTerm-admn-sts"
_ROOTS = {"tbx": "TBX v3", "martif": "TBX v2"}
_ENTRIES = {"conceptEntry", "termEntry"}
_LANG_SECTIONS = {"langSec", "langSet"}
_TERM_SECTIONS = {"termSec", "tig", "ntig"}
_STATUS_TYPES = {"administrativeStatus", "normativeAuthorization"}
_QUOTED = 60  # characters of an element's id quoted in a message


@dataclass
class _Term:
    text: str
    status: str  # "preferred", "deprecated" or "" (admitted, or not said)


def write_tbx(entries: Sequence[GlossaryEntry], title: str) -> bytes:
    """The entries as a TBX-Basic (TBX v3, DCA) file, UTF-8 with an XML declaration."""
    root = etree.Element(_tag("tbx"), type="TBX-Basic", style="dca", nsmap={None: TBX_NS})
    root.set(XML_LANG, "en")
    _sub(_sub(_sub(_sub(root, "tbxHeader"), "fileDesc"), "sourceDesc"), "p", title)
    body = _sub(_sub(root, "text"), "body")
    for n, e in enumerate(entries, start=1):
        concept = _sub(body, "conceptEntry")
        concept.set("id", f"c{n}")
        if e.note:
            _sub(concept, "note", e.note)
        for lang, terms in (("ru", [(e.ru, PREFERRED)] if e.ru else []),
                            ("en", [(e.en, PREFERRED), *((v, DEPRECATED) for v in e.avoid)])):
            if not terms:
                continue
            section = _sub(concept, "langSec")
            section.set(XML_LANG, lang)
            for text, status in terms:
                term_sec = _sub(section, "termSec")
                _sub(term_sec, "term", text)
                _sub(term_sec, "termNote", status).set("type", "administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tag(name: str) -> str:
    return f"{{{TBX_NS}}}{name}"


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """A new TBX element `name` at the end of `parent`, holding `text`."""
    el = etree.SubElement(parent, _tag(name))
    el.text = text
    return el


def _local(el: etree._Element) -> str:
    """An element's name without its namespace (an undeclared prefix, which the parser forgives, stays: "l:term")."""
    return str(el.tag).rpartition("}")[2]


def _lang(el: etree._Element) -> str:
    """The primary language subtag of a language section, lowercased: "en-GB" -> "en"."""
    return (el.get(XML_LANG) or el.get("lang") or "").replace("_", "-").split("-")[0].strip().lower()


def _text(el: etree._Element) -> str:
    """An element's text on one line (a term, a status): runs of white space as one space."""
    return " ".join("".join(el.itertext()).split())


def _notes(elements: Iterator[etree._Element]) -> list[str]:
    """The texts of the notes among `elements`, as written (line breaks kept), without white space around."""
    return [text for el in elements if _is_note(el) and (text := "".join(el.itertext()).strip())]


def _status(value: str) -> str:
    v = value.strip().casefold()
    return "preferred" if v.startswith("preferred") else "deprecated" if v.startswith(("deprecated", "superseded")) \
        else ""


def _children(el: etree._Element, names: set[str]) -> Iterator[etree._Element]:
    return (c for c in el.iterchildren(etree.Element) if _local(c) in names)


def _is_note(el: etree._Element) -> bool:
    name = _local(el)
    return name == "note" or (name == "descrip" and el.get("type") == "definition")


def _term_of(section: etree._Element, where: str) -> tuple[_Term, list[str]]:
    """The term of a termSec / tig / ntig with its status, and the notes in it."""
    term, status = None, ""
    for el in section.iter(etree.Element):
        name = _local(el)
        if name == "term" and term is None:
            term = el
        elif name == "termNote" and el.get("type") in _STATUS_TYPES:
            status = _status(_text(el))
    if term is None or not _text(term):
        raise InputError(f"{where}: the <{_local(section)}> at line {section.sourceline} has no term (or an empty "
                         "one)")
    return _Term(_text(term), status), _notes(section.iter(etree.Element))


def _chosen(terms: list[_Term]) -> _Term | None:
    """The term an entry goes by in a language: the first preferred one, else the first not deprecated."""
    return next((t for t in terms if t.status == "preferred"), None) or next(
        (t for t in terms if t.status != "deprecated"), None)


def _entry(concept: etree._Element, where: str, skipped: list[str]) -> GlossaryEntry | None:
    """One conceptEntry / termEntry as a glossary entry, or None (said in `skipped`) when it has no English."""
    terms: dict[str, list[_Term]] = {"ru": [], "en": []}
    notes = _notes(concept.iterchildren(etree.Element))
    for section in _children(concept, _LANG_SECTIONS):
        lang = _lang(section)
        if lang not in terms:
            continue  # a third language
        notes += _notes(section.iterchildren(etree.Element))
        for term_section in _children(section, _TERM_SECTIONS):
            term, its_notes = _term_of(term_section, where)
            terms[lang].append(term)
            notes += its_notes
    en = _chosen(terms["en"])
    if en is None:
        skipped.append(f"{where}: no English term" + (" that is not deprecated" if terms["en"] else "") + "; skipped")
        return None
    ru = _chosen(terms["ru"])
    admitted = [t.text for t in terms["en"] if t is not en and t.status != "deprecated"]
    if admitted:
        skipped.append(f"{where}: English {', '.join(map(repr, admitted))} beside {en.text!r} left out (the glossary "
                       "keeps one preferred form and the variants to avoid)")
    avoid = tuple(t.text for t in terms["en"] if t.status == "deprecated")
    return GlossaryEntry(ru.text if ru else "", en.text, avoid, "; ".join(dict.fromkeys(notes)))


def read_tbx(data: bytes, name: str) -> Read:
    """The entries of a TBX file (v3 or v2); InputError naming the file, and the element where it is one, when the
    file is not XML, declares entities, nests too deep, is not TBX, or has a term section without a term."""
    root = parse_xml(data, name).getroot()
    if _local(root) not in _ROOTS:
        raise InputError(f"{name} is not TBX: its root element is <{_local(root)[:_QUOTED]}>, not <tbx> (TBX v3) "
                         "or <martif> (TBX v2)")
    read = Read()
    for concept in root.iter(etree.Element):
        if _local(concept) not in _ENTRIES:
            continue
        if len(read.found) >= MAX_TERMS:
            raise InputError(f"{name} holds more than {MAX_TERMS} entries; a glossary holds at most {MAX_TERMS}")
        ident = concept.get("id")
        where = f"{name} line {concept.sourceline} ({_local(concept)}" + (
            f" {ident[:_QUOTED]!r})" if ident else ")")
        entry = _entry(concept, where, read.skipped)
        if entry is not None:
            read.found.append(Found(entry, where))
    return read
