"""XLIFF 2.0: one unit per alignment bead, Russian source and corrected English target.

English sentences with no Russian counterpart are left out (a unit cannot have a target
without a source) and counted in a file-level note; Russian sentences the English omits
become units with a source only, state "initial", so a translator sees what is missing.
"""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

from align.export.base import ExportContext, Rendered

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
X = ElementMaker(namespace=XLIFF_NS, nsmap={None: XLIFF_NS})


def write(ctx: ExportContext) -> Rendered:
    """The XLIFF document as UTF-8 XML; refuses without a stored alignment."""
    ru_seg, beads = ctx.require_alignment("XLIFF")
    file = X.file(id="f1", original=f"texts/en/{ctx.doc_id}.txt")
    units = []
    english_only = untranslated = 0
    for n, bead in enumerate(beads, start=1):
        if not bead.ru:
            english_only += len(bead.en)
            continue
        ru, en = ctx.bead_texts(ru_seg, bead)
        if bead.en:
            segment = X.segment(X.source(ru), X.target(en), id=f"s{n}", state="translated")
        else:
            segment = X.segment(X.source(ru), id=f"s{n}", state="initial")
            untranslated += 1
        units.append(X.unit(segment, id=f"u{n}", name=" ".join((*bead.ru, *bead.en))))
    notes = (
        f"{english_only} English sentence(s) with no Russian counterpart are left out.",
        f"{untranslated} unit(s) hold Russian the English omits: source only, state initial.",
    )
    file.append(X.notes(*(X.note(n) for n in notes), X.note(ctx.log_state, category="corrections-log-state")))
    file.extend(units)
    root = X.xliff(file, version="2.0", srcLang="ru", trgLang="en")
    etree.indent(root)
    return Rendered(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), len(units), notes)
