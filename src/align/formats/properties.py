"""Which state of the corrections log a book file holds, recorded in that file's own metadata.

Every export says which log state it holds (align.export.log_state), so a file handed on can be told stale. A
copy of the publisher's own file (align.export.original) records it where its format keeps document
properties, each visible in the program that opens it, and touches nothing else:

- DOCX: the core property "version" (docProps/core.xml; Word's File > Info > Properties);
- ODT: a user-defined property "Corrections log state" in meta.xml (LibreOffice's File > Properties > Custom
  Properties);
- EPUB: a `<meta name="align:corrections-log-state" content="…"/>` in the package document's metadata (the OPF
  meta element of EPUB 2, which EPUB 3 keeps);
- FB2: a `<custom-info info-type="corrections-log-state">` in the description, where FictionBook keeps
  information for programs.

A file without the part that holds properties (a DOCX without docProps/core.xml, an ODT without meta.xml) is left
as it is: `record` says whether it recorded the state.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from lxml import etree

from align.formats import epub, fb2
from align.formats.model import Format
from align.formats.safety import open_zip, parse_xml, read_member, repack

LABEL = "Corrections log state"
_CORE = "docProps/core.xml"
_CP_VERSION = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}version"
_META = "meta.xml"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_OPF = "http://www.idpf.org/2007/opf"
_EPUB_NAME = "align:corrections-log-state"
_FB2_TYPE = "corrections-log-state"
_FB2_DESCRIPTION_ORDER = ("title-info", "src-title-info", "document-info", "publish-info", "custom-info")


def _xml(tree: etree._ElementTree, **declared: bool) -> bytes:
    """The part again in its own encoding, with an XML declaration (and `standalone`, where declared)."""
    return bytes(etree.tostring(tree, xml_declaration=True, encoding=tree.docinfo.encoding or "UTF-8", **declared))


def _field(parent: etree._Element, tag: str, attrib: dict[str, str]) -> etree._Element:
    """The element `tag` with these attributes under `parent`, made at its end when there is none."""
    found = next((el for el in parent.iter(tag) if all(el.get(k) == v for k, v in attrib.items())), None)
    return found if found is not None else etree.SubElement(parent, tag, attrib)


def _in_member(data: bytes, name: str, zf: zipfile.ZipFile, member: str, holder: str,
               record: Callable[[etree._Element], None], **declared: bool) -> bytes | None:
    """The zip archive `data` with `record` run on the element `holder` of its XML `member` (the root when
    `holder` is ""), that member written again and every other one as it was; None when either is missing."""
    if member not in zf.namelist():
        return None
    tree = parse_xml(read_member(zf, member, name), f"{name}: {member}")
    parent = tree.getroot() if not holder else tree.getroot().find(holder)
    if parent is None:
        return None
    record(parent)
    return repack(data, {member: _xml(tree, **declared)})


def _docx(data: bytes, name: str, state: str) -> bytes | None:
    def record(core: etree._Element) -> None:
        _field(core, _CP_VERSION, {}).text = state

    return _in_member(data, name, open_zip(data, name), _CORE, "", record, standalone=True)  # as Word writes it


def _odt(data: bytes, name: str, state: str) -> bytes | None:
    def record(meta: etree._Element) -> None:
        _field(meta, f"{{{_ODF_META}}}user-defined", {f"{{{_ODF_META}}}name": LABEL}).text = state

    return _in_member(data, name, open_zip(data, name), _META, f"{{{_ODF_OFFICE}}}meta", record)


def _epub(data: bytes, name: str, state: str) -> bytes | None:
    def record(metadata: etree._Element) -> None:
        _field(metadata, f"{{{_OPF}}}meta", {"name": _EPUB_NAME}).set("content", state)

    zf = open_zip(data, name)
    return _in_member(data, name, zf, epub.package(zf, name).rootfile, f"{{{_OPF}}}metadata", record)


def _fb2(data: bytes, name: str, state: str) -> bytes | None:
    zipped = data.startswith(b"PK")
    tree = fb2.parse(fb2.unpack(data, name) if zipped else data, name)
    description = tree.getroot().find(f"{fb2.FB}description")
    if description is None:
        return None
    field = next((el for el in description.findall(f"{fb2.FB}custom-info") if el.get("info-type") == _FB2_TYPE),
                 None)
    if field is None:
        field = etree.Element(f"{fb2.FB}custom-info", {"info-type": _FB2_TYPE})
        before = [i for i, el in enumerate(description)
                  if isinstance(el.tag, str) and etree.QName(el).localname in _FB2_DESCRIPTION_ORDER]
        description.insert(before[-1] + 1 if before else 0, field)  # before any <output>, as the schema orders them
    field.text = state
    out = _xml(tree)
    return repack(data, {fb2.member(data): out}) if zipped else out


_RECORDERS: dict[Format, Callable[[bytes, str, str], bytes | None]] = {
    Format.DOCX: _docx, Format.ODT: _odt, Format.EPUB: _epub, Format.FB2: _fb2}


def record(fmt: Format, data: bytes, name: str, state: str) -> bytes | None:
    """`data`, a book file of format `fmt` called `name`, with the log `state` recorded in its metadata; None when
    the file has nowhere to keep it (it is then left as it is)."""
    recorder = _RECORDERS.get(fmt)
    return recorder(data, name, state) if recorder else None
