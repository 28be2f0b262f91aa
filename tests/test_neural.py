"""The optional neural scorer with a tiny model built here (no download)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from align.alignment import run_alignment
from align.cli import main
from align.project import Project

ROOT = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    torch.manual_seed(0)
    base = tmp_path_factory.mktemp("tiny")
    words = set()
    for lang in ("en", "ru"):
        text = (ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8").lower()
        words |= set(re.findall(r"\w+", text))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(words)]
    hf = base / "hf"
    hf.mkdir()
    (hf / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(hf / "vocab.txt")).save_pretrained(hf)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64)
    BertModel(config).save_pretrained(hf)
    word = models.Transformer(str(hf), max_seq_length=64)
    pool = models.Pooling(word.get_word_embedding_dimension(), pooling_mode="mean")
    out = base / "st"
    SentenceTransformer(modules=[word, pool], device="cpu").save(str(out))
    return out


def test_neural_path_runs_and_beads_are_valid(tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    shutil.copytree(ROOT / "corrections", tmp_path / "corrections")
    project = Project(tmp_path)
    beads = run_alignment(project, DOC, model=tiny_model)
    ru = [x for b in beads for x in b.ru]
    en = [x for b in beads for x in b.en]
    assert len(ru) == len(set(ru)) == 123 and len(en) == len(set(en)) == 222
    assert all(0 <= b.confidence <= 1 for b in beads)
    assert sum(len(b.en) for b in beads if b.ru) >= 90  # a random tiny model must not wreck the anchors
    assert main(["--project", str(tmp_path), "align", DOC, "--model", str(tiny_model), "--format", "jsonl"]) == 0


def test_missing_model_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    assert main(["--project", str(tmp_path), "align", DOC, "--model", str(tmp_path / "nope")]) == 3
    assert "does not exist" in capsys.readouterr().err
