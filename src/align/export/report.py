"""The corrections report: every correction of a document, in any status, in text order.

CSV (one row per correction) for spreadsheets, every cell that could start a formula
neutralised; a self-contained HTML page (inline CSS, no
scripts or external links) for reading, each correction shown as a word-level tracked diff
of its sentence (align.render.sentence_change, the change the workbench shows). The page is
built with lxml.html's element builder, which escapes all text, so a sentence containing
markup shows as text; bidirectional controls in the diffs and the records are spelled out
(`align.hygiene.spell_bidi`), so an override cannot reverse what a reader sees.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from lxml import html
from lxml.html import builder as E

from align.corrections.diff import word_diff
from align.corrections.model import Category, Status
from align.corrections.relocate import Located, Placement
from align.corrections.workspace import list_corrections
from align.export.base import ExportContext, Rendered
from align.hygiene import spell_bidi, spreadsheet_safe
from align.render import sentence_change

CSV_FIELDS = ("id", "status", "category", "segment", "start", "end", "original", "replacement", "note",
              "origin", "proposer", "reviewer", "reason", "created", "updated")

CSS = """
body{font:15px/1.5 Georgia,serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}table{border-collapse:collapse;margin:0 2em 1em 0;display:inline-table}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}td.n{text-align:right}
div.correction{border-top:1px solid #ddd;padding:.6em 0}
.head{font:13px sans-serif;color:#555}.status{font-weight:bold;text-transform:uppercase}
.approved .status{color:#1a7f37}.rejected .status{color:#b42318}.proposed .status{color:#9a6700}
.withdrawn .status{color:#777}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
ins{background:#ccffd8;color:#055d20;text-decoration:none}
dl{display:grid;grid-template-columns:9em 1fr;margin:.3em 0;font:13px sans-serif}dt{color:#555}dd{margin:0}
.orphaned{color:#b42318;font-weight:bold}
"""


def _items(ctx: ExportContext) -> list[Located]:
    return list_corrections(ctx.project, ctx.doc_id)


def write_csv(ctx: ExportContext) -> Rendered:
    """One row per correction; start/end are where it sits in the current text; no cell starts a formula."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    items = _items(ctx)
    for a in items:
        c = a.correction
        row = [c.id, c.status, c.category, c.segment, a.start, a.end, c.quote, c.replacement, c.note,
               c.origin, c.proposer, c.reviewer or "", c.reason, c.created, c.updated]
        writer.writerow([spreadsheet_safe(v) for v in row])
    return Rendered(buf.getvalue().encode("utf-8"), len(items))


def _diff(before: str, after: str) -> html.HtmlElement:
    p = E.P(E.CLASS("diff"))
    for op, chunk in word_diff(spell_bidi(before), spell_bidi(after)):
        if op == 0:
            if len(p):
                p[-1].tail = (p[-1].tail or "") + chunk
            else:
                p.text = (p.text or "") + chunk
        else:
            p.append(E.DEL(chunk) if op < 0 else E.INS(chunk))
    return p


def _counts(title: str, counter: Counter, keys: Sequence[str]) -> html.HtmlElement:
    rows = [E.TR(E.TD(k), E.TD(E.CLASS("n"), str(counter[k]))) for k in keys if counter[k]]
    return E.TABLE(
        E.TR(E.TH(title), E.TH("count")), *rows, E.TR(E.TH("total"), E.TD(E.CLASS("n"), str(sum(counter.values()))))
    )


def _card(ctx: ExportContext, a: Located) -> html.HtmlElement:
    c = a.correction

    def person(login: str | None) -> str:
        return f"{ctx.name(login)} ({login})" if login else "—"

    rows = [
        ("rationale", c.note or "—"),
        ("origin", "automatic check: " + c.rule if c.is_automatic else "person"),
        ("proposed by", f"{person(c.proposer)}, {c.created}"),
    ]
    if c.reviewer:
        rows.append(
            (f"{c.status} by", f"{person(c.reviewer)}, {ctx.decided_at(c) if c.status == 'approved' else c.updated}")
        )
    if c.reason:
        rows.append(("reason", c.reason))
    rows.append(("last change", c.updated))
    dl = E.DL(*(el for k, v in rows for el in (E.DT(k), E.DD(spell_bidi(v)))))
    head = E.DIV(
        E.CLASS("head"), E.SPAN(E.CLASS("status"), c.status), f" · {c.category} · {c.id} · sentence {c.segment}"
    )
    if a.state is not Placement.EXACT:
        head.append(E.SPAN(E.CLASS(a.state), f" · {a.state}"))
    return E.DIV(E.CLASS(f"correction {c.status}"), head, _diff(*sentence_change(a, ctx.seg)), dl)


def write_html(ctx: ExportContext) -> Rendered:
    """A standalone page: summary counts, then each correction as a tracked diff with its record."""
    items = _items(ctx)
    by_status = Counter(a.correction.status for a in items)
    by_category = Counter(a.correction.category for a in items)
    title = f"Corrections: {ctx.meta.title}"
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(CSS)),
        E.BODY(
            E.H1(title),
            E.P(f"Document {ctx.doc_id}; {len(items)} correction(s); {len(ctx.applied.applied)} applied to the "
                f"exported text; report made {stamp}."),
            E.H2("Summary"),
            _counts("status", by_status, list(Status)),
            _counts("category", by_category, list(Category)),
            E.H2("Corrections in text order"),
            *(_card(ctx, a) for a in items),
            E.FOOTER(E.P(f"Corrections log state: {ctx.log_state}")),
        ),
    )
    page.set("lang", "en")
    data = html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8")
    return Rendered(data, len(items))
