"""Spelling of the Russian source: typos injected into a copy of the sample, the clean sample, and the
things that are not misspellings (ё/е, hyphens, inflection, names, abbreviations, Latin)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from align.checks import check_text, run_checks
from align.cli import main
from align.project import Project
from align.segment import segment_text

ROOT = Path(__file__).resolve().parent.parent
DOC = "meetings-with-trotsky"
# (correct word, injected typo): a name the text writes often, and common words.
TYPOS = [("Троцкий", "Троцкй"), ("революции", "рволюции"), ("пригласил", "приглсил"), ("вентилятор", "вентилятр")]


def _ru(text: str) -> list:
    return check_text(text, segment_text(text, lang="ru"), lang="ru")


@pytest.fixture()
def typo_project(tmp_path):
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    shutil.copytree(ROOT / "corrections", tmp_path / "corrections")
    path = tmp_path / "texts" / "ru" / f"{DOC}.txt"
    text = path.read_text(encoding="utf-8")
    for right, wrong in TYPOS:
        at = text.index(f" {right} ") + 1  # a whole word, mid-sentence
        text = text[:at] + wrong + text[at + len(right) :]
    path.write_text(text, encoding="utf-8")
    return tmp_path, text


def test_injected_typos_found_with_their_correction(typo_project, capsys):
    root, text = typo_project
    assert main(["--project", str(root), "suggest", DOC, "--lang", "ru", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted((r["original"], r["replacement"]) for r in rows) == sorted((w, r) for r, w in TYPOS)
    seg = segment_text(text, DOC, "ru")  # offsets are into the stored Russian, as `segment --lang ru` gives
    for r in rows:
        assert text[r["start"] : r["end"]] == r["original"]
        assert seg.at(r["start"]).id == r["segment"]
        assert r["category"] == "spelling"


def test_clean_sample_has_no_findings():
    findings = run_checks(Project(ROOT), DOC, lang="ru")
    assert findings == [], [(f.original, f.replacement) for f in findings]


def test_russian_findings_are_never_proposed(typo_project, capsys):
    root, _ = typo_project
    assert main(["--project", str(root), "suggest", DOC, "--lang", "ru", "--propose", "--user", "checks"]) == 2
    assert "only reported" in capsys.readouterr().err
    assert not any((root / "corrections").rglob("*checks*"))
    assert main(["--project", str(root), "suggest", DOC, "--lang", "ru", "--checks", "typography"]) == 2
    assert "unknown check typography on the Russian" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "Он еще помнил тетку, а тётка уже не помнила его.",  # е for ё, both spellings
        "Серо-зелёные глаза смотрели по-русски, кто-нибудь да заметит.",  # hyphenated words
        "Это было в 1924 г., т. е. при ЦК и ГПУ, см. гл. 5 и с. 498.",  # abbreviations
        "А мы cousins с вами, сказал он по-французски: c'est la vie.",  # Latin script
        "Он ходил полушуточно по трехрублевой комнате, человекобог.",  # prefixed forms, compounds
        "Он служил в Главконцесскоме. О Главконцесскоме знали все. Я пошёл к Главконцесскому.",  # a name's cases
        "Приехал Зорин. Я говорил с Зориным и дал Зорину книгу; зорины все такие.",  # name, written lowercase too
    ],
)
def test_not_misspellings(text):
    assert _ru(text) == []


def test_flag_only_when_no_clear_correction():
    hits = _ru("Он все силы своей душн напрягал, и всь мир стоял.")
    assert [(f.original, f.replacement) for f in hits] == [("душн", None), ("всь", None)]
    assert _ru("Она хотела улыб-- нуться.")[0].replacement is None  # a word broken by a hyphen


def test_preposition_run_into_its_noun():
    assert [(f.original, f.replacement) for f in _ru("Долли остановилась вдверях и ждала.")] == [
        ("вдверях", "в дверях")
    ]


def test_repeated_unknown_words_are_the_author_s():
    assert _ru("Шлюпик пришёл. Там был шлюпик, и ещё шлюпик, и снова шлюпик.") == []
