"""Shared by tests/test_export_*.py: a sample project with corrections and the gold alignment,
and readers that take the clean text back out of every export format with a real parser."""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from markdown_it import MarkdownIt
from people import who

from align.alignment.store import Bead
from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.document import load
from align.export import export
from align.project import Project
from align.segment import segment

from conftest import REPO, copy_project

DOC = "meetings-with-trotsky"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEI = "{http://www.tei-c.org/ns/1.0}"


@dataclass
class Sample:
    project: Project
    out: Path  # a folder for export files
    approved: dict[str, str]  # quote -> correction id
    pending: str  # id of the one proposal left pending


def propose_word(project: Project, doc: str, old: str, new: str, category: str, user: str = "anna") -> str:
    text = workspace.open_workspace(project, doc).text
    start = text.index(old)
    return review.propose(project, doc, who(user), start, start + len(old), new, category, note=f"{old} is wrong").id


def gold_beads(project: Project) -> list[Bead]:
    """tests/data/sample_alignment_gold.txt with indices turned into sentence ids (segmenter order = gold order)."""
    ru = segment(load(project, DOC, "ru")).sentences
    en = segment(load(project, DOC, "en")).sentences
    beads = []
    for line in (REPO / "tests/data/sample_alignment_gold.txt").read_text(encoding="utf-8").split():
        r, e = (json.loads(side) for side in line.split(":"))
        beads.append(Bead(tuple(ru[i].id for i in r), tuple(en[j].id for j in e)))
    return beads


def store_alignment(project: Project, beads: list[Bead]) -> None:
    """Write beads where align.alignment.store keeps them (its documented JSON Lines file)."""
    path = project.doc_dir(DOC) / "alignment.jsonl"
    path.write_text("".join(json.dumps(b.to_dict()) + "\n" for b in beads), encoding="utf-8")


def build_sample(root: Path) -> Sample:
    """anna proposes, boris approves "tines"->"times" and "Spinosa"->"Spinoza"; one proposal stays pending."""
    project = copy_project(root)
    approved = {}
    for old, new, cat in (("tines", "times", "spelling"), ("Spinosa", "Spinoza", "transliteration")):
        cid = propose_word(project, DOC, old, new, cat)
        review.approve(project, DOC, who("boris"), cid)
        approved[old] = cid
    pending = propose_word(project, DOC, "pince-nez glasses", "pince-nez", "other")
    store_alignment(project, gold_beads(project))
    out = root / "out"
    out.mkdir()
    return Sample(project, out, approved, pending)


def paragraphs(text: str) -> list[str]:
    """Non-blank lines, stripped: the paragraphs every format keeps (U+2028 and U+2029 end none)."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def apply_paragraphs(project: Project, **kw) -> list[str]:
    return paragraphs(corrected(project, DOC, **kw).text)


def run_export(sample: Sample, fmt: str, name: str | None = None, **kw) -> Path:
    path = sample.out / (name or f"{fmt}.out")
    export(sample.project, DOC, fmt, path, **kw)
    return path


# -- readers: the corrected reading of each format, one string per paragraph -----------------

def markdown_paragraphs(path: Path) -> tuple[str, list[str]]:
    """(title, paragraphs) as a CommonMark parser (with GitHub tables and strikethrough) reads them."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(path.read_text(encoding="utf-8"))
    title, paras, inside = None, [], None
    for tok in tokens:
        if tok.type in ("heading_open", "paragraph_open"):
            inside = tok.type
        elif tok.type == "inline":
            assert all(child.type == "text" for child in tok.children), [c.type for c in tok.children]
            text = "".join(child.content for child in tok.children)
            if inside == "heading_open":
                title = text
            else:
                paras.append(text)
        elif tok.type not in ("heading_close", "paragraph_close"):
            raise AssertionError(f"unexpected Markdown block {tok.type}")
    return title, paras


def docx_body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def docx_reading(path: Path, accept: bool = True) -> list[str]:
    """Paragraph texts with tracked changes accepted (insertions kept) or rejected (deletions kept)."""
    out = []
    for p in docx_body(path).iter(f"{W}p"):
        parts = []
        for t in p.iter(f"{W}t", f"{W}delText"):
            in_ins = any(a.tag == f"{W}ins" for a in t.iterancestors())
            if t.tag == f"{W}delText":
                if not accept:
                    parts.append(t.text or "")
            elif accept or not in_ins:
                parts.append(t.text or "")
        out.append("".join(parts))
    return out


def tei_reading(el: etree._Element, corrected_reading: bool = True) -> str:
    """Text of a TEI element taking corr/reg (or, for the original, sic/orig) from each choice."""
    drop = {f"{TEI}sic", f"{TEI}orig"} if corrected_reading else {f"{TEI}corr", f"{TEI}reg"}
    parts = [el.text or ""]
    for child in el:
        if child.tag not in drop:
            parts.append(tei_reading(child, corrected_reading))
        parts.append(child.tail or "")
    return "".join(parts)


def tei_paragraphs(path: Path, corrected_reading: bool = True) -> list[str]:
    root = etree.parse(str(path)).getroot()
    english = root.find(f".//{TEI}text[@{{http://www.w3.org/XML/1998/namespace}}lang='en']")
    return [tei_reading(p, corrected_reading) for p in english.iter(f"{TEI}p")]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
