"""Clean text and Markdown exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from align.cli import main
from align.export.text import escape_markdown

from export_helpers import DOC, apply_paragraphs, markdown_paragraphs, run_export


def test_text_is_byte_identical_to_apply(sample, tmp_path: Path) -> None:
    exported = run_export(sample, "text")
    applied = tmp_path / "applied.txt"
    assert main(["--project", str(sample.project.root), "apply", DOC, "-o", str(applied)]) == 0
    assert exported.read_bytes() == applied.read_bytes()
    text = exported.read_text(encoding="utf-8")
    assert "several times to and fro" in text and "especially Spinoza attracts" in text
    assert "pince-nez glasses" in text  # the pending proposal is left out


def test_markdown_renders_back_to_title_and_apply_paragraphs(sample) -> None:
    title, paras = markdown_paragraphs(run_export(sample, "markdown"))
    assert title == "My meetings with Trotsky"
    assert paras == apply_paragraphs(sample.project)


def test_markdown_dialogue_dash_is_not_a_list(sample) -> None:
    source = run_export(sample, "markdown").read_text(encoding="utf-8")
    assert "\n\\- Trotsky: It is necessary" in source


@pytest.mark.parametrize("text", [
    "- Trotsky: a dash", "1918. Red army", "# not a heading", "> not a quote", "+ plus", "===",
    "*stars* and _under_ and `code`", "[link](http://x) ![img](y)", "<b>html</b> &amp; entity",
    "a | table | row", "~~strike~~", r"back\slash", "2) item", "---",
])
def test_escape_markdown_renders_to_itself(text: str) -> None:
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(escape_markdown(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert "".join(c.content for c in tokens[1].children) == text
