"""TEI P5: the English text with each correction as an editorial choice, plus the Russian
source and the sentence alignment when they exist.

Errors are `<choice><sic/><corr/></choice>`, regularised spellings and transliterations
`<choice><orig/><reg/></choice>` (TEI Guidelines 3.5.1-3.5.2); who made each change is
`resp` pointing at a `respStmt` in the header, and `revisionDesc` has one `change` per
correction. The alignment is a `linkGrp` of `link`s between sentence `xml:id`s (16.1).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree
from lxml.builder import ElementMaker

from align import __version__
from align.corrections.relocate import Located
from align.export.base import ExportContext, Rendered, aligned_sentence, by_paragraph
from align.segment import Segmentation

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Categories that normalise a correct but varying form rather than fix an error.
REGULARISED = frozenset({"transliteration", "consistency", "terminology"})
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")

T = ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})


def person_id(login: str) -> str:
    """An xml:id for a user (the login when it is a valid NCName)."""
    return login if _NCNAME.match(login) else "u-" + re.sub(r"[^\w.-]", "_", login)


def _choice(ctx: ExportContext, a: Located) -> etree._Element:
    c = a.correction
    wrong, right = ("orig", "reg") if c.category in REGULARISED else ("sic", "corr")
    fixed = T(right, c.replacement, resp="#" + person_id(ctx.responsible(c)))
    if c.status != "approved":
        fixed.set("cert", "low")  # a pending proposal, exported on request
    choice = T.choice(T(wrong, c.quote), fixed)
    choice.set(XML_ID, c.id)
    return choice


def _add_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of `parent` (mixed content)."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _english_body(ctx: ExportContext) -> etree._Element:
    body = T.body()
    for para, blocks in ctx.blocks:
        p = T.p()
        p.set(XML_ID, f"en-{para.id}")
        for block in blocks:
            holder = p
            if block.segment is not None:
                holder = T.s()
                holder.set(XML_ID, f"en-{block.segment.id}")
                p.append(holder)
            for piece in block.pieces:
                if isinstance(piece, str):
                    _add_text(holder, piece)
                else:
                    holder.append(_choice(ctx, piece))
        p.tail = "\n"
        body.append(p)
    return body


def _russian_body(ru: Segmentation) -> etree._Element:
    body = T.body()
    sentences = by_paragraph(ru)
    for para in ru.paragraphs:
        p = T.p()
        p.set(XML_ID, f"ru-{para.id}")
        pos = para.start
        for s in sentences.get(para.index, []):
            if s.start > pos:
                _add_text(p, ru.text[pos : s.start])
            el = T.s(s.text)
            el.set(XML_ID, f"ru-{s.id}")
            p.append(el)
            pos = s.end
        if pos < para.end:
            _add_text(p, ru.text[pos : para.end])
        p.tail = "\n"
        body.append(p)
    return body


def _text(lang: str, body: etree._Element) -> etree._Element:
    text = T.text(body)
    text.set(XML_LANG, lang)
    text.set(XML_ID, f"text-{lang}")
    return text


def _header(ctx: ExportContext) -> etree._Element:
    corrections = [a.correction for a in ctx.applied.applied]
    roles: dict[str, dict[str, None]] = {}  # login -> what they did (an ordered set)
    for c in corrections:
        roles.setdefault(c.proposer, {})["proposed corrections"] = None
        if c.status == "approved" and c.reviewer:
            roles.setdefault(c.reviewer, {})["approved corrections"] = None
    title_stmt = T.titleStmt(T.title(ctx.meta.title), T.title("corrected English translation", type="sub"))
    for login, what in roles.items():
        resp = T.respStmt(T.resp(" and ".join(what)), T.name(ctx.name(login)))
        resp.set(XML_ID, person_id(login))
        title_stmt.append(resp)
    today = datetime.now(UTC).date().isoformat()
    publication = T.publicationStmt(
        T.p(f"Working edition exported by align {__version__} on {today}; not published."))
    provenance = ctx.meta.provenance or {"en": "No provenance recorded."}
    source = T.sourceDesc(*(T.p(f"{lang}: {note}") for lang, note in provenance.items()))
    encoding = T.encodingDesc(T.editorialDecl(
        T.correction(T.p("Errors of the translation (spelling, grammar, typography, mistranslation, other) "
                         "are encoded as sic/corr.")),
        T.normalization(T.p("Transliterations and spellings made consistent or brought in line with the "
                            "glossary are encoded as orig/reg.")),
    ))
    langs = T.langUsage(T.language("English", ident="en"))
    if ctx.russian is not None:
        langs.append(T.language("Russian", ident="ru"))
    revisions = T.revisionDesc()
    for c in sorted(corrections, key=ctx.decided_at):
        verb = "approved" if c.status == "approved" else "proposed (pending review)"
        change = T.change(
            f"{ctx.name(ctx.responsible(c))} {verb} {c.category} correction “{c.quote}” → “{c.replacement}”"
            + (f" proposed by {ctx.name(c.proposer)}" if c.status == "approved" else "")
            + (f": {c.note}" if c.note else ""),
            when=ctx.decided_at(c), who="#" + person_id(ctx.responsible(c)), target="#" + c.id,
            status=c.status,
        )
        revisions.append(change)
    log = T.notesStmt(T.note(ctx.log_state, type="corrections-log-state"))
    header = T.teiHeader(T.fileDesc(title_stmt, publication, log, source), encoding, T.profileDesc(langs), revisions)
    etree.indent(header)
    return header


def write(ctx: ExportContext) -> Rendered:
    """The TEI document as UTF-8 XML."""
    english = _text("en", _english_body(ctx))
    notes: list[str] = []
    if ctx.russian is None:
        text = english
        notes.append("no Russian text: English only")
    else:
        group = T.group(english, _text("ru", _russian_body(ctx.russian)))
        if ctx.beads:
            links = T.linkGrp(type="alignment")
            for bead in ctx.beads:
                if bead.en and bead.ru:
                    for seg, ids in ((ctx.seg, bead.en), (ctx.russian, bead.ru)):
                        for i in ids:
                            aligned_sentence(seg, i)  # refuses a stale alignment instead of dangling links
                    targets = [f"#en-{i}" for i in bead.en] + [f"#ru-{i}" for i in bead.ru]
                    links.append(T.link(target=" ".join(targets), type=f"{len(bead.ru)}-{len(bead.en)}"))
            etree.indent(links, level=2)
            group.append(links)
        else:
            notes.append(f"no stored alignment: no links (run `python -m align align {ctx.doc_id}`)")
        text = T.text(group)
    root = T.TEI(_header(ctx), text)
    root.set(XML_LANG, "en")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return Rendered(data, len(ctx.blocks), tuple(notes))
