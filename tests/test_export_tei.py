"""TEI P5 export: choices for corrections, header, Russian text and alignment links.

No TEI RelaxNG schema is available offline, so the structure is checked here by hand.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from align.corrections.apply import corrected
from align.document import load
from align.segment import segment

from export_helpers import DOC, TEI, apply_paragraphs, paragraphs, run_export, tei_paragraphs  # noqa: F401

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def test_tei_readings_equal_apply_and_original(sample) -> None:
    path = run_export(sample, "tei", "doc.xml")
    assert tei_paragraphs(path) == apply_paragraphs(sample.project)
    assert tei_paragraphs(path, corrected_reading=False) == paragraphs(corrected(sample.project, DOC).original)


def test_tei_structure_header_and_choices(sample) -> None:
    root = etree.parse(str(run_export(sample, "tei", "doc.xml"))).getroot()
    assert root.tag == f"{TEI}TEI"
    header = root.find(f"{TEI}teiHeader")
    assert header.findtext(f"{TEI}fileDesc/{TEI}titleStmt/{TEI}title") == "My meetings with Trotsky"
    resp = {r.get(XML_ID): r.findtext(f"{TEI}name") for r in header.iter(f"{TEI}respStmt")}
    assert resp == {"anna": "Anna", "boris": "Boris"}
    assert header.find(f"{TEI}fileDesc/{TEI}publicationStmt/{TEI}p") is not None
    assert "memoir" in "".join(header.find(f"{TEI}fileDesc/{TEI}sourceDesc").itertext())
    changes = header.findall(f"{TEI}revisionDesc/{TEI}change")
    assert len(changes) == 2 and {c.get("who") for c in changes} == {"#boris"}
    assert all(c.get("when") and c.get("target").startswith("#c-") for c in changes)

    choices = {"".join(c[0].itertext()): c for c in root.iter(f"{TEI}choice")}
    assert set(choices) == {"tines", "Spinosa"}  # the pending proposal is not encoded
    tines, spinosa = choices["tines"], choices["Spinosa"]
    assert [el.tag for el in tines] == [f"{TEI}sic", f"{TEI}corr"] and tines[1].text == "times"
    assert tines[1].get("resp") == "#boris"
    assert [el.tag for el in spinosa] == [f"{TEI}orig", f"{TEI}reg"] and spinosa[1].text == "Spinoza"
    assert tines.getparent().tag == f"{TEI}s"


def test_tei_holds_russian_and_alignment_links(sample) -> None:
    root = etree.parse(str(run_export(sample, "tei", "doc.xml"))).getroot()
    texts = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t for t in root.iter(f"{TEI}text") if t.get(XML_ID)}
    assert set(texts) == {"en", "ru"}
    ru_sentences = [s for s in texts["ru"].iter(f"{TEI}s")]
    ru = segment(load(sample.project, DOC, "ru"))
    assert [s.text for s in ru_sentences] == [s.text for s in ru.sentences]
    assert len(list(texts["en"].iter(f"{TEI}s"))) == 222
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    links = root.findall(f".//{TEI}linkGrp[@type='alignment']/{TEI}link")
    assert len(links) == 236 - 17 - 116  # two-sided gold beads
    known = set(ids)
    for link in links:
        targets = link.get("target").split()
        assert all(t[1:] in known for t in targets)
        assert any(t.startswith("#en-") for t in targets) and any(t.startswith("#ru-") for t in targets)
    assert Counter(link.get("type") for link in links)["1-2"] == 3
