"""Where each book stands (align.overview, `align status`): sizes, alignment, corrections by status, what
would stop an export, the last event, on the sample and a second document."""

from __future__ import annotations

import json

import pytest
from people import who
from test_editions_recovery import _crash_after

from align import editions
from align.cli import main
from align.corrections import review, workspace
from align.corrections.model import Status
from align.overview import overview
from align.project import Project

from conftest import SAMPLE


def _status(project: Project, capsys, *args: str) -> list[str]:
    assert main(["--project", str(project.root), "status", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_book_moves_from_not_aligned_to_ready(project: Project, capsys) -> None:
    o = overview(project, SAMPLE)
    assert (o.sentences, o.source, o.aligned, o.counts, o.blocking, o.last) == (222, True, None, {}, 0, "")
    assert o.ready  # nothing recorded yet: nothing stops an export
    assert main(["--project", str(project.root), "align", SAMPLE]) == 0
    text = workspace.open_workspace(project, SAMPLE).text
    start = text.index("several tines") + len("several ")
    c = review.propose(project, SAMPLE, who("anna"), start, start + 5, "times")
    capsys.readouterr()
    [line] = _status(project, capsys, SAMPLE)
    assert line.startswith(f"{SAMPLE}\t222 sentences (4,109 words)\taligned 48%\tproposed 1\tnot ready: 1 to review")
    assert line.endswith(" anna")
    review.approve(project, SAMPLE, who("boris"), c.id)
    o = overview(project, SAMPLE)
    assert o.counts == {Status.APPROVED: 1} and o.ready and o.last.endswith(" boris")
    assert 0.45 < o.aligned < 0.5  # the sample's Russian is one part of the English only
    # a new edition in which the approved correction's words are gone: an export would refuse it
    path = project.text_path(SAMPLE, "en")
    path.write_text(text.replace("several tines", "often"), encoding="utf-8")
    [line] = _status(project, capsys, SAMPLE)
    assert "not ready: 1 approved that an export refuses (overlapping or orphaned)" in line


def test_every_document_by_default_and_jsonl(project: Project, capsys) -> None:
    project.text_path("short", "en").write_text("One sentence. Another one.\n", encoding="utf-8")
    lines = _status(project, capsys, "--format", "jsonl")
    rows = [json.loads(line) for line in lines]
    assert [r["doc"] for r in rows] == ["meetings-with-trotsky", "short"]
    assert rows[1] | {"last": ""} == {"doc": "short", "title": "short", "sentences": 2, "words": 4, "source": False,
                                      "aligned": None, "proposed": 0, "approved": 0, "rejected": 0, "withdrawn": 0,
                                      "blocking": 0, "skipped": 0, "interrupted": [], "last": "", "ready": True}
    assert "no Russian" in _status(project, capsys, "short")[0]
    assert main(["--project", str(project.root), "status", "nosuch"]) == 3
    assert "no document 'nosuch'" in capsys.readouterr().err
    assert main(["--project", str(project.root), "status", "../x"]) == 2


def test_an_interrupted_import_stops_an_export_until_finished(project: Project, capsys, monkeypatch) -> None:
    book = project.root / "v2.txt"
    book.write_text("A new text.\n", encoding="utf-8")
    _crash_after(0, monkeypatch)  # the process dies before the first of the new files is in place
    with pytest.raises(KeyboardInterrupt):
        editions.import_book(project, book, SAMPLE, "en", who("boris"), force=True)
    monkeypatch.undo()
    [line] = _status(project, capsys, SAMPLE)
    assert f"not ready: an import of the English was interrupted (`align editions {SAMPLE}` finishes it)" in line
    assert main(["--project", str(project.root), "editions", SAMPLE]) == 0
    capsys.readouterr()
    assert overview(project, SAMPLE).ready and project.text_path(SAMPLE, "en").read_text() == "A new text.\n"
