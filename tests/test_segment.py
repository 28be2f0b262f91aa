"""Segmentation of the sample book against hand-checked sentence boundaries."""

from __future__ import annotations

import json

import pytest

from align import document
from align.cli import main
from align.project import Project
from align.segment import segment, segment_text

from conftest import REPO, SAMPLE

GOLD = REPO / "tests" / "data" / "segmentation"


def gold_paragraphs(lang: str) -> list[list[str]]:
    """The hand-written gold: one sentence per line, `¶` between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in (GOLD / f"{lang}_gold.txt").read_text(encoding="utf-8").splitlines():
        if line == "¶":
            paragraphs.append([])
        elif line:
            paragraphs[-1].append(line)
    return [p for p in paragraphs if p]


@pytest.fixture(scope="module")
def repo() -> Project:
    return Project(REPO)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sentences_match_hand_checked_gold(repo: Project, lang: str) -> None:
    seg = segment(document.load(repo, SAMPLE, lang))
    got = [[s.text for s in seg.in_paragraph(p.index)] for p in seg.paragraphs]
    assert got == gold_paragraphs(lang)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_offsets_reproduce_text_exactly(repo: Project, lang: str) -> None:
    seg = segment(document.load(repo, SAMPLE, lang))
    assert seg.sentences
    for s in seg.sentences:
        assert seg.text[s.start : s.end] == s.text
    for p in seg.paragraphs:
        assert "\n" not in seg.text[p.start : p.end]
    assert len({s.id for s in seg.sentences}) == len(seg.sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soviet power, which owed to L.D.Trotsky more, passed. And now he becomes.", 2),
        ("The category of surplus value, i.e. exploitation of the class, will be kept.", 1),
        ("Extract from the book, p.498-502, 506-514. Next sentence here.", 2),
        ("Это сказал Л. Д. Троцкий в 1927 г. в Москве. Потом он ушёл.", 2),
        ("Это прибавочная стоимость, т. е. эксплуатация. Так он сказал.", 2),
        ("— Троцкий: «Мы должны надеяться». Я промолчал.", 2),
        ("It was the peasant question… All those who took it up were silent.", 2),
        ("against us…Already now a blow is being prepared.", 2),
        ("a crisis… and it went on in the country.", 1),
        ("I: What is the essence of this new stage?", 1),
        ("the Soviet government itself. 1918. Red army was created.", 3),
    ],
)
def test_known_segmenter_failures_are_fixed(text: str, expected: int) -> None:
    sentences = segment_text(text).sentences
    assert len(sentences) == expected, [s.text for s in sentences]


def test_ids_are_stable_when_another_paragraph_changes() -> None:
    text = (REPO / "texts" / "en" / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    before = segment_text(text)
    edited = before.paragraphs[5]
    new_text = text[: edited.start] + "Indeed, " + text[edited.start : ]
    after = segment_text(new_text)
    untouched = {s.id: s.text for s in before.sentences if s.paragraph != edited.id}
    assert {s.id: s.text for s in after.sentences if s.id in untouched} == untouched
    assert len(after.sentences) == len(before.sentences)
    assert edited.id not in {p.id for p in after.paragraphs}


def test_cli_segment_jsonl(repo: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(REPO), "segment", SAMPLE, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = (REPO / "texts" / "en" / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    assert len(rows) == sum(len(p) for p in gold_paragraphs("en"))
    assert {"id", "paragraph", "start", "end", "text"} <= rows[0].keys()
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_cli_segment_by_path_and_lang(capsys: pytest.CaptureFixture[str]) -> None:
    path = REPO / "texts" / "ru" / f"{SAMPLE}.txt"
    assert main(["--project", str(REPO), "segment", str(path)]) == 0
    assert "Троцк" in capsys.readouterr().out
    assert main(["--project", str(REPO), "segment", str(path), "--lang", "en"]) == 2
    assert "is a ru text" in capsys.readouterr().err


def test_sample_stored_byte_for_byte() -> None:
    shared = REPO.parent / "shared" / "sample" / "000_ba55a7e14820959d.txt"
    if not shared.exists():
        pytest.skip("../shared/sample is not beside this checkout")
    assert (REPO / "texts" / "en" / f"{SAMPLE}.txt").read_bytes() == shared.read_bytes()
