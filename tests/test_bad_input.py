"""Bad input through the CLI: one clear line on stderr, a non-zero exit, nothing changed on disk."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.cli import main
from align.corrections import workspace
from align.document import MAX_TEXT_BYTES
from align.project import Project
from align.segment import load_segmentation

DOC = "meetings-with-trotsky"
LAST: dict[str, float] = {}  # how long the last refused command took
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d69b2e0000000049454e44ae426082"
)


def _snapshot(*roots: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for root in roots for p in sorted(root.rglob("*")) if p.is_file()}


def refused(project: Project, capsys, *argv: str, code: int | None = None, extra: Path | None = None) -> str:
    """Run the CLI expecting a refusal; returns its one stderr line. Checks that no file changed."""
    roots = [project.root] + ([extra] if extra else [])
    before = _snapshot(*roots)
    t = time.process_time()
    rc = main(["--project", str(project.root), *argv])
    LAST["seconds"] = time.process_time() - t
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert rc != 0, (argv, out.out, out.err)
    if code is not None:
        assert rc == code, (argv, rc, out.err)
    assert len(lines) == 1 and lines[0].startswith("align: error: "), lines
    assert _snapshot(*roots) == before, f"{argv} changed files"
    return lines[0]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture
def russian(project: Project) -> str:
    return project.text_path(DOC, "ru").read_text(encoding="utf-8")[:4000]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_legacy_russian_encoding_is_named_then_imported(
    project: Project, inputs: Path, russian: str, encoding: str, capsys
) -> None:
    expected = russian.encode(encoding, errors="replace").decode(encoding)  # KOI8-R has no « »: '?' instead
    src = inputs / f"chapter-{encoding}.txt"
    src.write_bytes(expected.encode(encoding))
    msg = refused(project, capsys, "import", str(src), "--doc", "chapter", "--lang", "ru", code=2, extra=inputs)
    assert "not UTF-8" in msg and f"looks like {encoding}" in msg
    assert f"python -m align import {src} --doc ID --lang LANG --encoding {encoding}" in msg

    run = subprocess.run([sys.executable, "-m", "align", "--project", str(project.root), "import", str(src),
                          "--doc", "chapter", "--lang", "ru", "--encoding", encoding],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    stored = project.text_path("chapter", "ru").read_text(encoding="utf-8")
    assert stored == expected and "Троцк" in stored


def test_latin1_english_is_named(project: Project, inputs: Path, capsys) -> None:
    src = inputs / "preface.txt"
    src.write_bytes("The café in Zürich, where the naïve émigrés met, was closed.\n".encode("latin-1"))
    msg = refused(project, capsys, "import", str(src), "--doc", "preface", "--lang", "en", code=2, extra=inputs)
    assert "not UTF-8 (it looks like cp1252)" in msg and "--encoding cp1252" in msg


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"  \n\n\t \r\n", "is empty"),
        (PNG, "looks binary"),
        (b"Some text\x00\x00\x00 and NULs\n", "looks binary"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "looks binary"),
    ],
    ids=["empty", "whitespace", "png", "nul-bytes", "control-chars"],
)
def test_empty_and_binary_files(project: Project, inputs: Path, content: bytes, says: str, capsys) -> None:
    src = inputs / "file.txt"
    src.write_bytes(content)
    assert says in refused(project, capsys, "import", str(src), "--doc", "x", "--lang", "en", code=2, extra=inputs)
    # The same file found inside texts/ (put there by hand) is refused when read.
    project.text_path("handmade", "en").write_bytes(content)
    assert says in refused(project, capsys, "segment", "handmade", code=2)
    assert says in refused(project, capsys, "propose", "handmade", "--user", "anna", "--start", "0", "--end", "1",
                           "--replacement", "x", code=2)


def test_a_50_mb_text_is_refused_quickly(project: Project, inputs: Path, capsys) -> None:
    para = project.text_path(DOC, "en").read_bytes()
    big = (para * (50 * 1024 * 1024 // len(para) + 1))[: 50 * 1024 * 1024]
    assert len(big) > MAX_TEXT_BYTES
    src = inputs / "huge.txt"
    src.write_bytes(big)
    project.text_path("huge", "en").write_bytes(big)
    for argv in (["import", str(src), "--doc", "huge2", "--lang", "en"], ["segment", "huge"], ["list", "huge"],
                 ["propose", "huge", "--user", "anna", "--start", "0", "--end", "2", "--replacement", "Mx"]):
        msg = refused(project, capsys, *argv, code=2, extra=inputs)
        assert LAST["seconds"] < 0.5, (argv, LAST)
        assert "52.4 MB" in msg and "split the book" in msg


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "a/b", "..", ".", "a\\b", "-rf", ""])
def test_document_ids_that_are_paths(project: Project, inputs: Path, bad_id: str, capsys) -> None:
    src = inputs / "ok.txt"
    src.write_text("A perfectly good text.\n", encoding="utf-8")
    msg = refused(project, capsys, "import", str(src), f"--doc={bad_id}", "--lang", "en", code=2, extra=inputs)
    assert "invalid document id" in msg
    for argv in (["list", f"{bad_id}"], ["apply", bad_id], ["check-log", bad_id],
                 ["propose", bad_id, "--user", "anna", "--start", "0", "--end", "1", "--replacement", "x"],
                 ["approve", "c-123", f"--doc={bad_id}", "--user", "boris"]):
        if argv[1] == "" or argv[1].startswith("-"):
            continue  # argparse would read these as options, not ids; covered by --doc= above
        refused(project, capsys, *argv, code=2)
    assert not (project.root.parent / "etc").exists()


def test_paths_outside_texts(project: Project, inputs: Path, capsys) -> None:
    outside = inputs / "outside.txt"
    outside.write_text("Outside the project.\n", encoding="utf-8")
    for ref in (str(outside), "/etc/passwd", str(project.root / "texts" / ".." / "corrections" / "users.toml"),
                str(project.text_path(DOC, "en")).replace("/en/", "/en/../../"), str(project.root / "texts" / "x.txt")):
        msg = refused(project, capsys, "segment", ref, code=2, extra=inputs)
        assert "texts" in msg
    assert "not inside the project's texts folder" in refused(project, capsys, "segment", "/etc/passwd")
    assert "expected texts/<en|ru>/<id>.txt" in refused(
        project, capsys, "segment", str(project.root / "texts" / "x.txt")
    )


def _spans(project: Project) -> dict[str, tuple[int, int, str]]:
    seg = workspace.open_workspace(project, DOC).seg
    s0, s1 = seg.sentences[2], seg.sentences[3]
    n = len(seg.text)
    return {
        "beyond the end": (n + 5, n + 9, "x"),
        "negative": (-3, 2, "x"),
        "empty": (s0.start + 4, s0.start + 4, "x"),
        "reversed": (s0.start + 9, s0.start + 4, "x"),
        "across sentences": (s0.end - 3, s1.start + 3, "x"),
        "same as original": (s0.start, s0.start + 5, seg.text[s0.start : s0.start + 5]),
    }


def test_bad_correction_spans(project: Project, capsys) -> None:
    says = {"beyond the end": "outside the text", "negative": "outside the text", "empty": "or empty",
            "reversed": "or empty", "across sentences": "within one sentence", "same as original": "nothing to correct"}
    for name, (start, end, replacement) in _spans(project).items():
        msg = refused(project, capsys, "propose", DOC, "--user", "anna", f"--start={start}", f"--end={end}",
                      "--replacement", replacement, code=2)
        assert says[name] in msg, (name, msg)
    assert not workspace.open_workspace(project, DOC).log.path.exists()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--text", "A whole new sentence.", "--replacement", "pine-apple"], "--replacement go(es) with a span"),
        (["--text", "A whole new sentence.", "--start", "0", "--end", "3"], "--start, --end go(es) with a span"),
        (["--text", "A whole new sentence.", "--expect", "walked"], "--expect go(es) with a span"),
        (["--replacement", "times"], "--segment and --text go together"),
    ],
    ids=["replacement", "span", "expect", "no-text"],
)
def test_a_sentence_edit_and_a_span_are_not_mixed(project: Project, capsys, argv: list[str], says: str) -> None:
    """--text replaces the whole sentence: a --replacement beside it (meant for one word) is refused, not dropped."""
    seg = next(s for s in load_segmentation(project, DOC).sentences if "tines" in s.text)
    msg = refused(project, capsys, "propose", DOC, "--user", "anna", "--segment", seg.id, *argv, code=2)
    assert says in msg, msg


def test_unknown_user_and_unknown_role(project: Project, capsys) -> None:
    msg = refused(project, capsys, "propose", DOC, "--user", "mallory", "--start", "0", "--end", "2",
                  "--replacement", "Mx", code=4)
    assert "unknown user 'mallory'" in msg
    users = project.corrections_dir / "users.toml"
    users.write_text(
        users.read_text(encoding="utf-8") + '\n[users.zoe]\nname = "Zoe"\nrole = "overlord"\n', encoding="utf-8"
    )
    msg = refused(
        project, capsys, "propose", DOC, "--user", "anna", "--start", "0", "--end", "2", "--replacement", "Mx", code=2
    )
    assert "unknown role 'overlord'" in msg and "users.toml" in msg
    users.write_text("[users.anna\nrole = ", encoding="utf-8")
    assert "not valid TOML" in refused(project, capsys, "propose", DOC, "--user", "anna", "--start", "0", "--end", "2",
                                       "--replacement", "Mx", code=2)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[[term]\nru = 'x'", "not a valid glossary"),
        ("[[term]]\nru = 'Спиноза'\navoid = ['Spinosa']\n", "needs at least an 'en' form"),
        (b"\xff\xfe[[term]]".decode("latin-1"), "not a valid glossary"),
    ],
    ids=["broken-toml", "no-english", "not-utf8"],
)
def test_malformed_glossary(project: Project, content: str, says: str, capsys) -> None:
    path = project.doc_dir(DOC) / "glossary.toml"
    path.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode("utf-8"))
    msg = refused(project, capsys, "suggest", DOC, "--checks", "glossary", code=2)
    assert says in msg and "glossary.toml" in msg


@pytest.mark.parametrize(
    ("argv", "first_choice"),
    [
        (["list", DOC, "--status", "bogus"], "proposed"),
        (["propose", DOC, "--user", "anna", "--category", "bogus"], "spelling"),
        (["user", "role", "anna", "bogus"], "translator"),
    ],
    ids=["status", "category", "role"],
)
def test_a_wrong_choice_is_answered_with_the_words_to_choose_from(project: Project, capsys, argv: list[str],
                                                                   first_choice: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--project", str(project.root), *argv])
    assert exc.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"invalid choice: 'bogus' (choose from '{first_choice}', " in last and "<" not in last, last
