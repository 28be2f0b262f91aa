"""Exports publishers, editors, scholars and translators can open.

`render(project, doc, fmt)` applies the recorded corrections (align.corrections.apply) and hands
the result to one format's writer, giving the file's bytes (the workbench offers them for
download); `export(project, doc, fmt, output)` renders and writes the bytes atomically to
`output` (the CLI). Formats: clean text and Markdown, Word (clean or with tracked changes;
inside the original Word file when the document was imported from one), the imported ODT
(clean or with tracked changes), EPUB or FB2 corrected, TEI P5, TMX 1.4b,
XLIFF 2.0, and a corrections report as CSV or HTML.

Every export says which state of the log it holds (`log_state`: events and hashes of the
corrections log and the stored alignment), in its summary and, where the format has a place
for it, in the file; comparing it with `log_state` now tells whether a prepared file is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from align import formats
from align.corrections.apply import corrected
from align.errors import InputError
from align.export import docx, original, report, tei, text, tmx, xliff
from align.export.base import ExportContext, Rendered, log_state
from align.project import Project, check_doc_id
from align.safe_io import refuse_project_files, write_output
from align.users import Action, check, get_user

__all__ = ["FORMATS", "ExportResult", "ExportSummary", "Format", "export", "log_state", "render", "write_atomic"]

Writer = Callable[[ExportContext], Rendered]


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    description: str
    write: Writer
    original: str | None = None  # the imported book format this export writes back into (odt, epub, fb2)

    def file_name(self, doc_id: str) -> str:
        """The name a download of `doc_id` in this format gets (a tracked file's says so)."""
        return f"{doc_id}{'.tracked' if self.name.endswith('-tracked') else ''}{self.suffix}"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", ".txt", "clean UTF-8 text, approved corrections applied (= `apply`)", text.write_text),
        Format("markdown", ".md", "clean text as Markdown, title as heading", text.write_markdown),
        Format("docx", ".docx", "clean Word document", docx.write_clean),
        Format("docx-tracked", ".docx", "Word document, every correction a tracked change", docx.write_tracked),
        Format("odt", ".odt", "the imported ODT, corrected in place", original.write_odt, "odt"),
        Format("odt-tracked", ".odt", "the imported ODT, every correction a tracked change with an annotation",
               original.write_odt_tracked, "odt"),
        Format("epub", ".epub", "the imported EPUB, corrected in place", original.write_epub, "epub"),
        Format("fb2", ".fb2", "the imported FB2, corrected in place", original.write_fb2, "fb2"),
        Format(
            "tei", ".xml", "TEI P5: sic/corr and orig/reg, revisionDesc, Russian text and alignment links", tei.write
        ),
        Format("tmx", ".tmx", "TMX 1.4b translation memory of aligned sentence pairs (ru -> en)", tmx.write),
        Format("xliff", ".xlf", "XLIFF 2.0, Russian source and corrected English target per bead", xliff.write),
        Format("report-csv", ".csv", "every correction as a CSV row", report.write_csv),
        Format("report-html", ".html", "self-contained HTML report with tracked diffs", report.write_html),
    )
}


def available_formats(project: Project, doc_id: str) -> list[Format]:
    """The formats a document can be exported in: every format, but ODT, EPUB and FB2 only for a
    document imported from that kind of book (they write back into it)."""
    book = formats.load_book(project, check_doc_id(doc_id), "en")
    imported = book.format.value if book is not None else None
    return [f for f in FORMATS.values() if f.original is None or f.original == imported]


@dataclass(frozen=True)
class ExportSummary:
    """What an export holds and what it left out."""

    format: str
    items: int  # paragraphs, units, rows… as the format counts them
    applied: int  # corrections applied to the text
    pending: int  # proposals still waiting for review, left out
    skipped: list[str] = field(default_factory=list)  # conflicting/orphaned corrections left out
    notes: tuple[str, ...] = ()
    log_state: str = ""  # the log state the export holds (`log_state`)


@dataclass(frozen=True, kw_only=True)
class ExportResult(ExportSummary):
    """What an export wrote, where, and what it left out."""

    path: Path


def _check(project: Project, doc_id: str, fmt: str, login: str | None) -> None:
    check_doc_id(doc_id)
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if login is not None:
        check(get_user(project, login), Action.EXPORT)


def _render(project: Project, doc_id: str, fmt: str, include_proposed: bool,
            skip_conflicts: bool) -> tuple[bytes, ExportSummary]:
    # Read before applying: a change landing in between makes the file newer than its stated
    # state, so it looks stale and is made again, never the other way round.
    state = log_state(project, doc_id)
    applied = corrected(project, doc_id, include_proposed=include_proposed, skip_conflicts=skip_conflicts)
    rendered = FORMATS[fmt].write(ExportContext(project, doc_id, applied, state))
    notes = (*applied.workspace.escaped(), *rendered.notes)
    return rendered.data, ExportSummary(fmt, rendered.items, len(applied.applied), applied.pending,
                                        applied.problems(), notes, state)


def render(
    project: Project,
    doc_id: str,
    fmt: str,
    login: str | None = None,
    include_proposed: bool = False,
    skip_conflicts: bool = False,
) -> tuple[bytes, ExportSummary]:
    """One document in format `fmt`: the file's bytes, and what they hold and leave out.

    With `login`, that person's role must allow exporting. `include_proposed` also applies
    (and, in tracked Word files, marks) pending proposals. Overlapping or orphaned
    corrections refuse the export (ConflictError) unless `skip_conflicts`.
    """
    _check(project, doc_id, fmt, login)
    return _render(project, doc_id, fmt, include_proposed, skip_conflicts)


def export(
    project: Project,
    doc_id: str,
    fmt: str,
    output: Path,
    login: str | None = None,
    include_proposed: bool = False,
    skip_conflicts: bool = False,
) -> ExportResult:
    """`render` one document and write it to the file `output` (never among the project's texts and logs)."""
    _check(project, doc_id, fmt, login)
    output = Path(output)
    refuse_project_files(project, output)  # before rendering: a refused target costs nothing
    data, summary = _render(project, doc_id, fmt, include_proposed, skip_conflicts)
    write_output(project, output, data)
    return ExportResult(path=output, **asdict(summary))
