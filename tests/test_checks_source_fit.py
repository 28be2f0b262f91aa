"""The aligned Russian's say on the context check's candidates, with the bundled encoder (use-m3)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from align.alignment import neural
from align.alignment.store import Bead
from align.checks import check_text, source_fit
from align.checks.model import CheckInput
from align.cli import main
from align.project import Project
from align.segment import segment_text

# Slips that make another word, each beside its Russian; the last three sentences are clean.
PAIRS = [
    ("The whole family sat down to sinner at six o’clock.", "Вся семья села обедать в шесть часов."),
    ("She put the letter on the gable and went out.", "Она положила письмо на стол и вышла."),
    ("He bent down and missed her hand.", "Он наклонился и поцеловал ей руку."),
    ("They walked along the river for a long time.", "Они долго шли вдоль реки."),
    ("Nobody in the house knew where he had gone.", "Никто в доме не знал, куда он ушёл."),
    ("It was raining, and the road was covered with mud.", "Шёл дождь, и дорога была покрыта грязью."),
]
EN = "".join(e + "\n" for e, _ in PAIRS)
RU = "".join(r + "\n" for _, r in PAIRS)


@pytest.fixture(scope="module")
def model() -> neural.Encoder:
    return neural.load_model(neural.USE_M3)


def _input(embed=None, beads: int = len(PAIRS)) -> CheckInput:
    en, ru = segment_text(EN), segment_text(RU, lang="ru")
    pairs = [Bead((r.id,), (e.id,)) for r, e in zip(ru.sentences, en.sentences, strict=True)][:beads]
    return CheckInput(EN, en, ru=ru, beads=tuple(pairs), embed=embed)


def _word(inp: CheckInput, text: str) -> int:
    return next(i for i, w in enumerate(inp.words) if w.text == text)


def test_a_fix_comes_closer_to_the_russian_and_a_spoilt_word_moves_away(model):
    inp = _input(partial(neural.embed, model))
    fixed, spoilt, other = source_fit.gains(inp, [(_word(inp, "sinner"), "dinner"), (_word(inp, "river"), "liver"),
                                                  (_word(inp, "gable"), "table")])
    assert fixed is not None and fixed > 0.01
    assert spoilt is not None and spoilt < -0.01
    assert other is not None and other > 0


def test_no_gain_without_an_encoder_or_outside_the_beads(model):
    assert source_fit.gains(_input(), [(0, "Thy")]) == [None]
    inp = _input(partial(neural.embed, model), beads=2)  # the sentences after the second have no source
    assert source_fit.gains(inp, [(_word(inp, "sinner"), "dinner"), (_word(inp, "river"), "liver")])[1] is None


def test_the_russian_decides_what_the_bigrams_leave_open(model):
    """'sat down to sinner' is no error to English's bigrams; «обедать» says it is 'dinner'. Clean
    sentences stay clean with the encoder."""
    inp = _input()
    assert check_text(EN, inp.segmentation, checks=["context"], ru=inp.ru, beads=inp.beads) == []
    found = check_text(EN, inp.segmentation, checks=["context"], ru=inp.ru, beads=inp.beads,
                       embed=partial(neural.embed, model))
    assert [(f.original, f.replacement, f.rule) for f in found] == [("sinner", "dinner", "context.real-word")]
    assert "closer to the Russian" in found[0].message


def test_suggest_with_a_model_on_an_aligned_project(tmp_path: Path, capsys):
    """`align suggest --model use-m3` on a stored alignment, as users run it: the Russian's say comes
    in, and the embedding cache the alignment filled is read (the rewritten sentences are added)."""
    project = Project(tmp_path)
    for lang, text in (("en", EN), ("ru", RU)):
        (tmp_path / "texts" / lang).mkdir(parents=True)
        (tmp_path / "texts" / lang / "story.txt").write_text(text, encoding="utf-8")
    args = ["--project", str(tmp_path)]
    assert main([*args, "align", "story", "--model", "use-m3"]) == 0
    assert "6 beads stored" in capsys.readouterr().out
    assert main([*args, "suggest", "story", "--checks", "context"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*args, "suggest", "story", "--checks", "context", "--model", "use-m3", "--format", "jsonl"]) == 0
    assert '"original": "sinner", "replacement": "dinner"' in capsys.readouterr().out
    assert any((project.corrections_dir / ".cache" / "embeddings").iterdir())
    assert main([*args, "suggest", "story", "--lang", "ru", "--model", "use-m3"]) == 2
    assert "--model" in capsys.readouterr().err


def test_suggest_with_a_model_but_no_alignment_says_so(tmp_path: Path, capsys):
    for lang, text in (("en", EN), ("ru", RU)):
        (tmp_path / "texts" / lang).mkdir(parents=True)
        (tmp_path / "texts" / lang / "story.txt").write_text(text, encoding="utf-8")
    assert main(["--project", str(tmp_path), "suggest", "story", "--checks", "context", "--model", "use-m3"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no stored alignment" in out.err
