"""What every importer opens untrusted files through (size limits, zip checks, hardened XML),
and the one way write-back repacks an archive.

- Zip archives (DOCX, ODT, EPUB, FB2.ZIP): the archive must be complete (a truncated file
  has no central directory), unencrypted, at most MAX_UNPACKED bytes once unpacked and no
  member may expand more than MAX_RATIO times (zip bombs); members are read with a cap,
  so a header that lies about its size cannot make us inflate more.
- XML: one parser factory, `xml_parser()`, with entity resolution, DTD loading and network
  access off; a document declaring entities (`<!ENTITY`, the billion-laughs and external
  entity attacks) is refused outright; of the well-formedness errors only an undeclared
  namespace prefix is forgiven (common in FB2 files, and it loses no text). HTML's named entities (`&nbsp;`, which XHTML
  files use trusting a DTD we do not load) become character references first, which
  expands nothing.
- XML and HTML nested deeper than lxml's limit (256 elements; no book comes near it) are refused
  with that reason: lxml would otherwise call the file not well-formed, or (HTML) drop the text
  past the limit without a word.
"""

from __future__ import annotations

import html.entities
import io
import re
import zipfile
import zlib
from collections.abc import Mapping

from lxml import etree

from align.errors import InputError

MAX_BOOK_BYTES = 100 * 1024 * 1024  # a packed book (EPUB/DOCX with images) larger than this is refused
MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed size of one member (text compresses ~3-10x)
_RATIO_FLOOR = 1024 * 1024  # small members may compress better than MAX_RATIO (runs of spaces)
_XML_NAMED = {"amp", "lt", "gt", "quot", "apos"}
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")


DEPTH_LIMIT = 256  # lxml's nesting limit without huge_tree


def check_depth(log: etree._ListErrorLog, where: str) -> None:
    """Refuse a file whose parse hit lxml's nesting limit (or its other limit, 10 MB of text in one node), saying so.

    `log` is the parser's own: the error log an XMLSyntaxError carries also holds the errors of earlier
    parses in the thread, so one deep file made every later broken file "deep" too.
    """
    for e in log:
        if e.type_name == "ERR_RESOURCE_LIMIT":
            what = (f"nests its elements more than {DEPTH_LIMIT} levels deep" if "depth" in e.message
                    else "holds over 10 MB of text in one piece")
            raise InputError(f"{where} {what}, which no book does: the file is damaged or made to harm, and is refused")


def xml_parser(recover: bool = False) -> etree.XMLParser:
    """The only XML parser importers use: no entities, no DTD, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_blank_text=False, recover=recover)


def _html_entities_as_refs(data: bytes) -> bytes:
    def ref(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode("ascii")
        if name in _XML_NAMED or name not in html.entities.name2codepoint:
            return m.group(0)
        return b"&#%d;" % html.entities.name2codepoint[name]

    return _NAMED_ENTITY.sub(ref, data)


def parse_xml(data: bytes, where: str) -> etree._ElementTree:
    """Parse untrusted XML; a clear InputError for entity declarations and broken XML."""
    start = data.find(b"<!DOCTYPE", 0, 65536)
    if start >= 0:
        end = data.find(b"]>", start)
        if b"<!ENTITY" in data[start : end if end >= 0 else start + 65536]:
            raise InputError(f"{where} declares XML entities (<!ENTITY>); such files are refused (entity expansion)")
    data = _html_entities_as_refs(data)
    parser = xml_parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        check_depth(parser.error_log, where)
        if not all("Namespace prefix" in e.message for e in parser.error_log):
            raise InputError(f"{where} is not well-formed XML ({exc}): the file is corrupt or truncated") from None
        # An undeclared prefix (FB2 files in the wild write l:href or xlink:href without declaring it)
        # loses nothing: the attribute keeps its prefixed name.
        tree = etree.ElementTree(etree.fromstring(data, xml_parser(recover=True)))
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # e.g. a UTF-16 file the byte check missed
        raise InputError(f"{where} declares XML entities (<!ENTITY>); such files are refused (entity expansion)")
    return tree


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a zip archive after the completeness, encryption and size checks."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError(f"{name} is corrupt or truncated (not a complete zip archive)") from None
    infos = zf.infolist()
    if any(i.flag_bits & 0x1 for i in infos):
        raise InputError(f"{name} is password-protected; remove the password and import it again")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise InputError(f"{name} unpacks to {total / 1e6:.0f} MB, over the {MAX_UNPACKED / 1e6:.0f} MB limit "
                         "(a zip bomb, or far more than a book)")
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputError(f"{name}: {i.filename} expands {i.file_size // max(i.compress_size, 1)}x "
                             f"(limit {MAX_RATIO}x); refusing a likely zip bomb")
    return zf


def read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One member's bytes, read with its declared size as a cap; corrupt data is an InputError."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise InputError(f"{name} has no {member}: the file is corrupt or not what its format says") from None
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(f"{name} is corrupt or truncated ({member}: {exc})") from None
    if len(data) > info.file_size:
        raise InputError(f"{name}: {member} is larger than its header says; refusing it")
    return data


def repack(original: bytes, replaced: Mapping[str, bytes]) -> bytes:
    """A copy of a zip archive (an e-book, a Word file) with some members' bytes replaced, and
    members `replaced` names that the archive lacks added at its end (compressed).

    Every member keeps its place, name, date and compression; EPUB's `mimetype` stays
    first and stored, as readers require."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = replaced.get(info.filename)
            dst.writestr(info, data if data is not None else src.read(info))
        for name in sorted(replaced.keys() - set(src.namelist())):
            dst.writestr(name, replaced[name], compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
