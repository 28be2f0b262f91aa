"""TMX 1.4b: a translation memory of aligned sentence pairs, Russian source, corrected English.

One `<tu>` per alignment bead with text on both sides; a bead of several sentences becomes
one unit (its sentences joined by a space), as CAT tools expect whole equivalences.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from align import __version__
from align.export.base import ExportContext, Rendered

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tuv(lang: str, text: str) -> etree._Element:
    tuv = etree.Element("tuv")
    tuv.set(XML_LANG, lang)
    etree.SubElement(tuv, "seg").text = text
    return tuv


def write(ctx: ExportContext) -> Rendered:
    """The translation memory as UTF-8 XML; refuses without a stored alignment."""
    ru_seg, beads = ctx.require_alignment("TMX")
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "align",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "align",
        "adminlang": "en",
        "srclang": "ru",
        "datatype": "plaintext",
        "o-encoding": "UTF-8",
        "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
    })
    etree.SubElement(header, "note").text = f"corrections log state: {ctx.log_state}"
    body = etree.SubElement(root, "body")
    units = one_sided = 0
    for n, bead in enumerate(beads, start=1):
        if not (bead.ru and bead.en):
            one_sided += 1
            continue
        ru, en = ctx.bead_texts(ru_seg, bead)
        tu = etree.SubElement(body, "tu", tuid=str(n))
        etree.SubElement(tu, "prop", type="x-ru-sentences").text = " ".join(bead.ru)
        etree.SubElement(tu, "prop", type="x-en-sentences").text = " ".join(bead.en)
        tu.append(_tuv("ru", ru))
        tu.append(_tuv("en", en))
        units += 1
    etree.indent(root)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    return Rendered(data, units, (f"{one_sided} one-sided bead(s) left out (no translation pair)",))
