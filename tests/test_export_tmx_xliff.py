"""TMX 1.4b and XLIFF 2.0: aligned pairs, Russian source, corrected English target."""

from __future__ import annotations

import pytest
from lxml import etree

from align.corrections.apply import corrected
from align.document import load
from align.errors import InputError
from align.export import export
from align.segment import segment

from export_helpers import DOC, build_sample, gold_beads, run_export

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def expected_pairs(project) -> list[tuple[str, str]]:
    applied = corrected(project, DOC)
    ru = segment(load(project, DOC, "ru"))
    return [
        (
            " ".join(ru.get(i).text for i in b.ru),
            " ".join(applied.segment_text(applied.workspace.seg.get(i)) for i in b.en),
        )
        for b in gold_beads(project)
    ]


def test_tmx_header_and_units(sample) -> None:
    root = etree.parse(str(run_export(sample, "tmx", "tm.tmx"))).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr, value in (("segtype", "sentence"), ("srclang", "ru"), ("datatype", "plaintext"), ("adminlang", "en")):
        assert header.get(attr) == value
    for attr in ("creationtool", "creationtoolversion", "o-tmf"):
        assert header.get(attr)
    pairs = []
    for tu in root.iter("tu"):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["ru", "en"]
        pairs.append(tuple(t.findtext("seg") for t in tuvs))
    assert pairs == [(r, e) for r, e in expected_pairs(sample.project) if r and e]
    assert any("several times to and fro" in e for _, e in pairs)


def test_xliff_units(sample) -> None:
    root = etree.parse(str(run_export(sample, "xliff", "doc.xlf"))).getroot()
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("ru", "en")
    units = root.findall(f"{XLIFF}file/{XLIFF}unit")
    assert len({u.get("id") for u in units}) == len(units)
    got = [(u.findtext(f"{XLIFF}segment/{XLIFF}source"), u.findtext(f"{XLIFF}segment/{XLIFF}target"))
           for u in units]
    want = [(r, e or None) for r, e in expected_pairs(sample.project) if r]
    assert got == want
    source_only = [u for u in units if u.find(f"{XLIFF}segment/{XLIFF}target") is None]
    assert len(source_only) == 17 and all(u.find(f"{XLIFF}segment").get("state") == "initial" for u in source_only)
    notes = [n.text for n in root.iter(f"{XLIFF}note")]
    assert any(n.startswith("116 English sentence(s)") for n in notes)


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_refused_without_alignment(tmp_path, fmt: str) -> None:
    s = build_sample(tmp_path)
    (s.project.doc_dir(DOC) / "alignment.jsonl").unlink()
    with pytest.raises(InputError, match=r"run `python -m align align meetings-with-trotsky` first"):
        export(s.project, DOC, fmt, s.out / "x")
    assert list(s.out.iterdir()) == []


def test_stale_alignment_asks_to_realign(tmp_path) -> None:
    s = build_sample(tmp_path)
    path = s.project.text_path(DOC, "en")
    path.write_text(
        path.read_text(encoding="utf-8").replace("My meetings with Trotsky.", "My meetings with L. Trotsky."),
        encoding="utf-8",
    )
    for fmt in ("tmx", "xliff", "tei"):
        with pytest.raises(InputError, match="not in the English text any more: realign"):
            export(s.project, DOC, fmt, s.out / "x")
