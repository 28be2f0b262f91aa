"""Regional spelling variants on real text: the sample with words turned to the other spelling,
ties, Oxford spelling, names and glossary words, case, and `align suggest --checks variants` on a
copy of the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.checks import check_text
from align.cli import main
from align.glossary import Glossary, GlossaryEntry
from align.project import Project
from align.segment import segment_text

ROOT = Path(__file__).resolve().parent.parent
DOC = "meetings-with-trotsky"
SAMPLE = (ROOT / "texts" / "en" / f"{DOC}.txt").read_text(encoding="utf-8")
# The sample writes -ize (organized, organizer, realize, criticized, recognized, mobilized,
# organization...): two of its words written the British way.
TURNED = (("organized", "organised"), ("realize", "realise"))


def _variants(text: str, glossary: Glossary | None = None) -> list[tuple[str, str | None]]:
    return [(f.original, f.replacement) for f in check_text(text, segment_text(text), glossary, checks=["variants"])]


def _turned() -> str:
    text = SAMPLE
    for written, other in TURNED:
        assert f" {written} " in text
        text = text.replace(f" {written} ", f" {other} ", 1)
    return text


def test_words_of_the_sample_turned_to_the_other_spelling_go_back() -> None:
    text = _turned()
    found = check_text(text, segment_text(text), checks=["variants"])
    assert [(f.original, f.replacement, f.category, f.rule) for f in found] == [
        ("organised", "organized", "consistency", "variants.regional"),
        ("realise", "realize", "consistency", "variants.regional")]
    assert found[0].message == "the text writes 'organized' once and -ize in 4 words, 'organised' here"
    assert found[1].message.startswith("the text writes -ize in 4 words (")
    assert _variants(SAMPLE) == []  # as published, the sample is consistent


def test_the_dominant_spelling_of_a_word_is_proposed() -> None:
    text = ("The colour of the sea changed. Her colour rose. The colour of the sky was pale. He loved the "
            "colour of the leaves, and the colour of her eyes. Then the color faded.\n")
    found = check_text(text, segment_text(text), checks=["variants"])
    assert [(f.original, f.replacement) for f in found] == [("color", "colour")]
    assert found[0].message == "the text writes 'colour' 5 times, 'color' here"


def test_a_tie_is_only_flagged() -> None:
    text = "The colour of the sea was the color of the sky; the colour of her dress, the color of his eyes.\n"
    assert _variants(text) == [("colour", None), ("color", None), ("colour", None), ("color", None)]


def test_a_family_the_text_writes_one_way_decides_a_word_it_writes_once() -> None:
    text = "We realize it. They organize the party. She recognized him. They apologized. The people were civilised.\n"
    assert _variants(text) == [("civilised", "civilized")]


@pytest.mark.parametrize(
    "text",
    [
        # Oxford spelling: -our with -ize is one consistent style
        "The colour of honour: they realize it, organize the labour and recognize the favour of the harbour.\n",
        # a word the text writes otherwise may be another word: the gas meter in a text of centre, theatre, metre
        "The centre of the theatre, a metre from the sombre gate, where the gas meter stood; the centre held.\n",
        # function words both dialects write
        "He walked towards the door, towards the window, towards her, and then toward the stairs.\n",
    ],
)
def test_consistent_texts_are_left_alone(text: str) -> None:
    assert _variants(text) == []


def test_names_and_capitalised_words_are_never_touched() -> None:
    text = ("Lady Gray sat in the grey room. The grey sky, the grey sea and the grey cat. Gray smiled, and we went "
            "to the Center for the Arts, near the centre of town, past the theatre and the sombre metre-wide gate.\n")
    assert _variants(text) == []
    # the same word lowercase is an inconsistency
    assert _variants(text.replace("the Center", "the center")) == [("center", "centre")]


def test_glossary_words_are_left_alone() -> None:
    text = "The colour of honour, the favour of the harbour, the labour of the day; the labor union met.\n"
    assert _variants(text) == [("labor", "labour")]
    assert _variants(text, Glossary((GlossaryEntry("профсоюз", "labor union"),))) == []


def test_case_is_kept() -> None:
    text = "The color was red. Her color rose. The color of the sky changed. Colour was everywhere.\n"
    assert _variants(text) == [("Colour", "Color")]


def test_suggest_proposes_them_on_a_copy_of_the_project(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = project.text_path(DOC, "en")
    path.write_text(_turned(), encoding="utf-8")
    assert main(["--project", str(project.root), "suggest", DOC, "--checks", "variants", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["original"], r["replacement"], r["rule"]) for r in rows] == [
        ("organised", "organized", "variants.regional"), ("realise", "realize", "variants.regional")]
    stored = path.read_text(encoding="utf-8")
    assert all(stored[r["start"] : r["end"]] == r["original"] for r in rows)
