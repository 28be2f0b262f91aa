"""Hostile input, as a careless user or an attacker would give it (issue #13, items 4-6).

Outputs never land on the project's texts and logs; symbolic links are refused; characters
that are not text are refused at the door and escaped when an old log line holds them;
exports and terminal output cannot be turned into formulas or escape sequences; hand-edited
glossaries and users files get one clear error per mistake; and inputs built to be slow
(repeated lines, runs of initials, one huge word, a huge sentence, a huge glossary) finish
in seconds.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import time
import zipfile
from html import unescape
from pathlib import Path

import pytest
from lxml import etree
from markdown_it import MarkdownIt
from people import who

from align import signing
from align.checks import check_text
from align.cli import main
from align.corrections import review, workspace
from align.corrections.diff import MAX_TOKENS, edits, word_diff
from align.corrections.log import CorrectionLog
from align.errors import InputError
from align.export import available_formats, export
from align.glossary import Glossary, GlossaryEntry
from align.hygiene import for_terminal
from align.project import Project, check_doc_id
from align.render import markdown_text
from align.segment import _fix_pieces, segment_text, sentence_spans

from export_helpers import build_sample
from test_bad_input import _snapshot, refused

DOC = "meetings-with-trotsky"
LIMIT_S = 10.0  # CPU seconds hostile inputs of the sizes in the issue must finish well within (CPU, not wall
# time: what the input costs, whatever else the shared machine is doing)

# Characters refused in typed text and texts, one of each kind.
FORBIDDEN = {
    "vertical tab": ("\x0b", "U+000B"),
    "NUL": ("\x00", "U+0000"),
    "escape": ("\x1b", "U+001B"),
    "DEL": ("\x7f", "U+007F"),
    "C1 NEL": ("\x85", "U+0085"),
    "noncharacter FFFE": ("\ufffe", "U+FFFE"),
    "noncharacter 1FFFF": ("\U0001ffff", "U+1FFFF"),
    "unpaired surrogate": ("\ud800", "U+D800"),
}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def _word_span(project: Project, word: str) -> tuple[int, int]:
    text = workspace.open_workspace(project, DOC).text
    start = text.index(word)
    return start, start + len(word)


def _propose(project: Project, word: str = "tines", new: str = "times", note: str = "") -> str:
    start, end = _word_span(project, word)
    return review.propose(project, DOC, who("anna"), start, end, new, note=note).id


def _rewrite_log(project: Project, change, doc: str = DOC) -> None:
    """Edit the log's events by hand (as an old version of the program or a person could have written them)."""
    log = CorrectionLog(project, doc).path
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    lines = []
    for e in events:
        del e["event"], e["sig"]
        change(e)
        # signed again by its actor, as that version would have: replay verifies it and applies it
        message = json.dumps(e, separators=(",", ":")).encode("ascii")
        event_id, sig = signing.content_id("e-", message), who(e["actor"]).sign(message)
        lines.append(message[:-1] + f',"event":"{event_id}","sig":"{sig}"}}\n'.encode("ascii"))
    log.write_bytes(b"".join(lines))


# -- 4. nothing writes over the project ---------------------------------------------------------

def test_apply_refuses_to_write_over_the_original_and_the_log(project: Project, capsys) -> None:
    cid = _propose(project)
    review.approve(project, DOC, who("boris"), cid)
    log = CorrectionLog(project, DOC).path
    for target in (project.text_path(DOC, "en"), log, project.text_path(DOC, "ru"),
                   project.corrections_dir / "users.toml", project.doc_dir(DOC) / "new.txt"):
        msg = refused(project, capsys, "apply", DOC, "-o", str(target), code=2)
        assert "texts and logs are not export targets" in msg
    assert CorrectionLog(project, DOC).state().corrections[cid].status == "approved"


def test_outputs_reaching_the_project_through_links_are_refused(project: Project, inputs: Path, capsys) -> None:
    (inputs / "looks-harmless.txt").symlink_to(project.text_path(DOC, "en"))
    (inputs / "folder").symlink_to(project.doc_dir(DOC))
    for target in (inputs / "looks-harmless.txt", inputs / "folder" / "log.jsonl"):
        for argv in (["apply", DOC, "-o", str(target)], ["export", DOC, "--to", "text", "-o", str(target)]):
            msg = refused(project, capsys, *argv, code=2, extra=inputs)
            assert "texts and logs are not export targets" in msg


def test_apply_writes_a_new_file_atomically(project: Project, inputs: Path, capsys) -> None:
    out = inputs / "clean.txt"
    assert main(["--project", str(project.root), "apply", DOC, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == project.text_path(DOC, "en").read_text(encoding="utf-8")
    assert [p.name for p in inputs.iterdir()] == ["clean.txt"]  # no temporary file left behind


def test_a_failed_write_leaves_the_old_output(project: Project, inputs: Path, monkeypatch, capsys) -> None:
    out = inputs / "clean.txt"
    out.write_text("the previous export\n", encoding="utf-8")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    msg = refused(project, capsys, "apply", DOC, "-o", str(out), code=6, extra=inputs)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "No space left on device" in msg
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in inputs.iterdir()] == ["clean.txt"]


def test_symlinked_texts_glossaries_and_users_are_refused(project: Project, inputs: Path, capsys) -> None:
    project.text_path("pw", "en").symlink_to("/etc/passwd")
    for argv in (["segment", "pw"], ["list", "pw"], ["suggest", "pw"], ["export", "pw", "--to", "text", "-o",
                                                                          str(inputs / "pw.out")]):
        assert "symbolic link" in refused(project, capsys, *argv, extra=inputs)
    outside = inputs / "elsewhere"
    outside.mkdir()
    (outside / "x.txt").write_text("A text kept outside the project.\n", encoding="utf-8")
    project.texts_dir.joinpath("en").rename(project.root / "en-moved")
    project.texts_dir.joinpath("en").symlink_to(outside)
    assert "leads outside" in refused(project, capsys, "segment", "x", extra=inputs)
    project.texts_dir.joinpath("en").unlink()
    project.root.joinpath("en-moved").rename(project.texts_dir / "en")

    glossary = project.doc_dir(DOC) / "glossary.toml"
    (inputs / "glossary.toml").write_bytes(glossary.read_bytes())
    glossary.unlink()
    glossary.symlink_to(inputs / "glossary.toml")
    assert "symbolic link" in refused(project, capsys, "suggest", DOC, "--checks", "glossary", extra=inputs)
    glossary.unlink()
    project.doc_dir(DOC).rename(inputs / "doc-folder")
    project.doc_dir(DOC).symlink_to(inputs / "doc-folder")  # the document's folder itself a link out
    (inputs / "doc-folder" / "glossary.toml").write_bytes((inputs / "glossary.toml").read_bytes())
    assert "leads outside" in refused(project, capsys, "suggest", DOC, "--checks", "glossary", extra=inputs)
    project.doc_dir(DOC).unlink()
    (inputs / "doc-folder").rename(project.doc_dir(DOC))
    meta = project.meta_path(DOC)
    (inputs / "meta.toml").write_bytes(meta.read_bytes())
    meta.unlink()
    meta.symlink_to(inputs / "meta.toml")
    assert "symbolic link" in refused(project, capsys, "export", DOC, "--to", "markdown", "-o",
                                      str(inputs / "out.md"), extra=inputs)
    users = project.corrections_dir / "users.toml"
    (inputs / "users.toml").write_bytes(users.read_bytes())
    users.unlink()
    users.symlink_to(inputs / "users.toml")
    assert "symbolic link" in refused(project, capsys, "propose", DOC, "--user", "anna", "--start", "0", "--end", "2",
                                      "--replacement", "Mx", extra=inputs)


# -- 5. input hygiene ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_forbidden_characters_are_refused_in_everything_typed(project: Project, name: str, capsys) -> None:
    ch, code = FORBIDDEN[name]
    start, end = _word_span(project, "tines")
    cid = _propose(project, "Spinosa", "Spinoza")
    seg = workspace.open_workspace(project, DOC).seg.at(start)
    assert seg is not None
    typed = f"ti{ch}mes"
    log = CorrectionLog(project, DOC).path
    before = log.read_bytes()
    for call in (  # what the CLI and the workbench call
        lambda: review.propose(project, DOC, who("anna"), start, end, typed),
        lambda: review.propose(project, DOC, who("anna"), start, end, "times", note=typed),
        lambda: review.propose_sentence(project, DOC, who("anna"), seg.id, typed),
        lambda: review.revise(project, DOC, who("anna"), cid, replacement=typed),
        lambda: review.revise(project, DOC, who("anna"), cid, note=typed),
        lambda: review.reject(project, DOC, who("boris"), cid, reason=typed),
        lambda: review.approve(project, DOC, who("boris"), cid, reason=typed),
        lambda: review.withdraw(project, DOC, who("anna"), cid, reason=typed),
        lambda: review.comment(project, DOC, who("boris"), cid, typed),
    ):
        with pytest.raises(InputError, match=re.escape(code) + ".*line 1, column 3"):
            call()
    assert log.read_bytes() == before
    if ch in ("\x00", "\ud800"):  # no command line can carry these: refused before any command runs
        assert "no command line can carry" in refused(project, capsys, "comment", cid, "--user", "boris",
                                                     "--text", typed, code=2)
        return
    msg = refused(project, capsys, "propose", DOC, "--user", "anna", "--segment", seg.id, "--text",
                  seg.text.replace("tines", typed), code=2)
    assert code in msg and f"line 1, column {seg.text.index('tines') + 3}" in msg, msg
    for argv in (
        ["propose", DOC, "--user", "anna", "--start", str(start), "--end", str(end), "--replacement", typed],
        ["revise", cid, "--user", "anna", "--note", typed],
        ["reject", cid, "--user", "boris", "--reason", typed],
        ["comment", cid, "--user", "boris", "--text", typed],
    ):
        msg = refused(project, capsys, *argv, code=2)
        assert code in msg and "line 1, column 3" in msg, (argv, msg)


def test_forbidden_characters_in_a_text_are_named_by_line_and_column(project: Project, inputs: Path,
                                                                       capsys) -> None:
    src = inputs / "chapter.txt"
    src.write_text("First line.\nSecond\x0b line.\n", encoding="utf-8")
    msg = refused(project, capsys, "import", str(src), "--doc", "chapter", "--lang", "en", code=2, extra=inputs)
    assert "U+000B" in msg and "line 2, column 7" in msg
    src.write_text("A fine text.\n", encoding="utf-8")
    msg = refused(project, capsys, "import", str(src), "--doc", "chapter", "--lang", "en", "--title", "Bad\x1b[2J",
                  code=2, extra=inputs)
    assert "the title contains a control character (U+001B)" in msg
    project.text_path("handmade", "en").write_text("Fine.\nAlso fine.\nNot \x1b[31mfine.\n", encoding="utf-8")
    msg = refused(project, capsys, "segment", "handmade", code=2)
    assert "U+001B" in msg and "line 3, column 5" in msg


def test_an_old_log_line_with_control_characters_breaks_no_export(tmp_path: Path, capsys) -> None:
    sample = build_sample(tmp_path)
    project = sample.project

    def poison(e: dict) -> None:
        if e["type"] == "proposed":
            e["data"]["note"] += " \x0b\x00\ufffe"
            e["data"]["replacement"] += "\x1b[31m"
        if e["type"] == "approved":
            e["reason"] = "ok\x0c\ud800"

    _rewrite_log(project, poison)
    meta = project.meta_path(DOC)
    meta.write_text(meta.read_text(encoding="utf-8").replace("title = \"", "title = \"\\u000b"), encoding="utf-8")
    for spec in available_formats(project, DOC):
        fmt = spec.name
        out = sample.out / f"poisoned{spec.suffix}"
        result = export(project, DOC, fmt, out)
        assert any("forbidden characters" in n and "written escaped" in n for n in result.notes), fmt
        data = out.read_bytes()
        if fmt.startswith("docx"):
            with zipfile.ZipFile(out) as z:
                data = z.read("word/document.xml")
        if fmt in ("tei", "tmx", "xliff") or fmt.startswith("docx"):
            etree.fromstring(data)  # well-formed XML
        assert b"\x0b" not in data and b"\x1b" not in data, fmt
    assert "\\x1b[31m" in (sample.out / "poisoned.txt").read_text(encoding="utf-8")
    assert "\\x0b" in (sample.out / "poisoned.md").read_text(encoding="utf-8").splitlines()[0]  # the title
    code = main(["--project", str(project.root), "check-log", DOC])
    out = capsys.readouterr().out
    assert code != 0 and "forbidden characters" in out and "\x0b" not in out


def test_user_text_in_the_workbench_makes_no_link_and_no_image() -> None:
    note = ("![pixel](https://evil.example/p.png) [re-login](https://evil.example/login) see https://evil.example "
            "or www.evil.example, write to me@evil.example <img src=x onerror=alert(1)> :red[alarm]")
    shown = markdown_text(note)
    for autolink in ("https://", "www.", "@evil"):  # what GitHub Markdown links even unescaped
        assert autolink not in shown
    rendered = MarkdownIt("commonmark").renderInline(shown)
    assert "<a" not in rendered and "<img" not in rendered and "<" not in rendered.replace("&lt;", "")
    assert unescape(rendered).replace("\u2060", "") == note  # every character shown as typed


def test_csv_cells_cannot_start_a_formula(project: Project, inputs: Path) -> None:
    payloads = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    start, end = _word_span(project, "tines")
    for i, p in enumerate(payloads):
        review.propose(project, DOC, who("anna"), start, end, f"{p}{i}", note=p)
    export(project, DOC, "report-csv", inputs / "report.csv")
    rows = list(csv.DictReader(io.StringIO((inputs / "report.csv").read_bytes().decode("utf-8"), newline="")))
    assert len(rows) == len(payloads)
    for row in rows:
        for field in ("replacement", "note"):
            assert row[field].startswith("'") and row[field][1:].startswith(tuple(payloads)), row[field]
    assert {row["start"] for row in rows} == {str(start)}  # numbers are left alone


def test_history_and_list_print_escape_sequences_escaped(project: Project, capsys) -> None:
    cid = _propose(project, note="fine")
    _rewrite_log(project, lambda e: e["data"].update(note="\x1b]0;owned\x07\x1b[2Jcleared", replacement="a\rb"))
    for argv in (["history", cid], ["list", DOC]):
        assert main(["--project", str(project.root), *argv]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert main(["--project", str(project.root), "history", cid]) == 0
    assert "\\x1b]0;owned\\x07\\x1b[2Jcleared" in capsys.readouterr().out
    assert for_terminal("a\nb\tc\u2028") == "a\\x0ab\tc\\u2028"


def test_bidi_controls_stay_in_the_text_but_reach_the_terminal_spelled_out(project: Project, inputs: Path,
                                                                          capsys) -> None:
    src = inputs / "bidi.txt"
    text = "He wrote \u202eatad\u202c on the wall. \u2067\u05e9\u05dc\u05d5\u05dd\u2069, said the sign.\n"
    src.write_text(text, encoding="utf-8")
    assert main(["--project", str(project.root), "import", str(src), "--doc", "bidi", "--lang", "en"]) == 0
    assert project.text_path("bidi", "en").read_text(encoding="utf-8") == text
    capsys.readouterr()
    assert main(["--project", str(project.root), "segment", "bidi"]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\\u202eatad\\u202c" in out and "\\u2067\u05e9\u05dc\u05d5\u05dd\\u2069" in out
    # JSON Lines too: the controls as JSON escapes, so the line is not reordered and parses to the same text
    assert main(["--project", str(project.root), "segment", "bidi", "--format", "jsonl"]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "".join(json.loads(line)["text"] + " " for line in out.splitlines()).strip() == text.strip()


def test_a_byte_order_mark_is_stripped_at_import_and_kept_out_of_sentences(project: Project, inputs: Path,
                                                                           capsys) -> None:
    src = inputs / "bom.txt"
    src.write_bytes("\ufeffFirst sentence. Second one.\n".encode())
    assert main(["--project", str(project.root), "import", str(src), "--doc", "bom", "--lang", "en"]) == 0
    assert project.text_path("bom", "en").read_bytes() == b"First sentence. Second one.\n"
    # A text stored with a BOM by hand keeps its offsets (the BOM is character 0), but no sentence holds it.
    seg = segment_text("\ufeffFirst sentence. Second one.\n")
    assert [(s.start, s.text) for s in seg.sentences] == [(1, "First sentence."), (17, "Second one.")]
    assert seg.paragraphs[0].id == segment_text("First sentence. Second one.\n").paragraphs[0].id


@pytest.mark.parametrize("bad", ["meetings-with-trotsky\n", "abc\n", "a b", "ab\r"])
def test_ids_are_matched_whole(project: Project, bad: str, capsys) -> None:
    with pytest.raises(InputError, match="invalid document id"):
        check_doc_id(bad)
    assert "invalid document id" in refused(project, capsys, "list", bad, code=2)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('[[term]]\nru = "Спиноза"\nen = "Spinoza"\navoid = "Spinosa"\n',
         "term #1, 'avoid' must be a list, not the string \"Spinosa\" (write avoid = [\"Spinosa\"])"),
        ('[[term]]\nen = "A"\n[[term]]\nen = 5\n', "term #2, 'en' must be a string, not the number 5"),
        ('[[term]]\nen = "A"\navoid = [["nested"]]\n', "term #1, 'avoid' item 1 must be a string, not a list"),
        ('[[term]]\nen = "A"\n[term.extra]\nx = 1\n', "term #1 has unknown field(s) 'extra'"),
        ('term = "Spinoza"\n', "'term' must be a list, not the string"),
        ('[[term]]\nen = "A"\nvariants = ["B"]\n', "term #1 has unknown field(s) 'variants'"),
        ('[[term]]\nen = ""\n', "term #1, 'en' is empty"),
        ('[[term]]\nen = "A\\u000b"\n', "term #1, 'en' holds a control character (U+000B)"),
        ('[[term]]\nen = "A"\navoid = ["' + "x" * 300 + '"]\n', "'avoid' item 1 is too long"),
        ('[glossary]\nterm = 1\n', "unknown field(s) 'glossary'"),
    ],
    ids=["avoid-string", "en-number", "nested-avoid", "nested-table", "term-string", "unknown-field", "empty-en",
         "control-char", "huge-variant", "wrong-top-level"],
)
def test_glossary_mistakes_get_one_clear_error(project: Project, content: str, says: str, capsys) -> None:
    path = project.doc_dir(DOC) / "glossary.toml"
    path.write_text(content, encoding="utf-8")
    for argv in (["suggest", DOC, "--checks", "glossary"],
                 ["suggest", DOC, "--checks", "glossary", "--propose", "--user", "checks"]):
        msg = refused(project, capsys, *argv, code=2)
        assert str(path) in msg and says in msg, msg
    assert not CorrectionLog(project, DOC).path.exists()  # nothing proposed


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('[users.anna]\nname = 5\nrole = "translator"\n', "user 'anna', 'name' must be a string, not the number 5"),
        ('[users.anna]\nname = "Anna"\n', "user 'anna' needs 'role'"),
        ('[users."anna smith"]\nrole = "editor"\n', "login 'anna smith' is not allowed"),
        ('[users.anna]\nrole = ["editor"]\n', "unknown role ['editor']"),
        ('users = "anna"\n', "'users' must be a table, not the string"),
    ],
    ids=["name-number", "no-role", "login-with-space", "role-list", "users-string"],
)
def test_users_file_mistakes_get_one_clear_error(project: Project, content: str, says: str, capsys) -> None:
    (project.corrections_dir / "users.toml").write_text(content, encoding="utf-8")
    msg = refused(project, capsys, "propose", DOC, "--user", "anna", "--start", "0", "--end", "2",
                  "--replacement", "Mx", code=2)
    assert "users.toml" in msg and says in msg, msg


def test_encoding_hints_are_not_wild_guesses(project: Project, inputs: Path, capsys) -> None:
    rng = random.Random(13)
    src = inputs / "noise.txt"
    src.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    msg = refused(project, capsys, "import", str(src), "--doc", "noise", "--lang", "en", extra=inputs)
    assert "koi8" not in msg and "looks like" not in msg
    src = inputs / "french.txt"
    src.write_bytes("Le café où les émigrés se réunissaient était fermé. Ça déçoit, à Noël.\n".encode("latin-1"))
    msg = refused(project, capsys, "import", str(src), "--doc", "french", "--lang", "en", code=2, extra=inputs)
    assert "looks like cp1252" in msg and "cp1251" not in msg


# -- 6. linear time on hostile input ---------------------------------------------------------------

def _timed(fn, *args):
    t = time.process_time()
    result = fn(*args)
    elapsed = time.process_time() - t
    assert elapsed < LIMIT_S, f"{fn.__name__} took {elapsed:.1f} s"
    return result


def test_twenty_thousand_identical_lines_segment_quickly_with_the_same_ids() -> None:
    seg = _timed(segment_text, "The same line.\n" * 20_000)
    base = seg.paragraphs[0].id
    assert [p.id for p in seg.paragraphs[:3]] == [base, f"{base}-2", f"{base}-3"]
    assert seg.paragraphs[-1].id == f"{base}-20000" and len(set(p.id for p in seg.paragraphs)) == 20_000


def test_runs_of_initials_segment_quickly() -> None:
    _timed(sentence_spans, "A." * 50_000)
    _timed(sentence_spans, "A. " * 50_000)
    para = "A. " * 50_000  # as if the segmenter had cut after every initial: all merged back, in linear time
    pieces = [(i, i + 2) for i in range(0, len(para), 3)]
    assert _timed(_fix_pieces, pieces, para) == [(0, len(para) - 1)]


def test_one_huge_word_is_not_spell_checked_for_minutes() -> None:
    text = "It was " + "a" * 100_000 + " indeed.\n"
    assert _timed(check_text, text, segment_text(text), None, ["spelling"]) == []


def test_a_sentence_with_more_distinct_words_than_code_points(project: Project) -> None:
    old = " ".join(f"w{i}" for i in range(MAX_TOKENS))
    new = old.replace("w7 ", "seven ", 1)
    diff = _timed(word_diff, old, new)
    assert "".join(chunk for op, chunk in diff if op <= 0) == old
    assert "".join(chunk for op, chunk in diff if op >= 0) == new
    assert _timed(edits, old, new)[0].start == old.index("w7 ")


def test_a_hundred_thousand_term_glossary_is_checked_quickly(project: Project) -> None:
    rng = random.Random(7)
    entries = [GlossaryEntry(f"ру{i}", f"Term{i}", (f"{''.join(rng.choices('abcdefgh', k=8))} v{i}",))
               for i in range(100_000)]
    entries.append(GlossaryEntry("Спиноза", "Spinoza", ("Spinosa",)))
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    seg = segment_text(text)
    findings = _timed(check_text, text, seg, Glossary(tuple(entries)), ["glossary"])
    assert findings and {f.replacement for f in findings} == {"Spinoza"}


# -- the fuzz test: every command, hostile values in every argument -----------------------------------

HOSTILE = ["\x1b[31mred\x00", "x" * 100_000, "-1", "99999999999999999999", "", "../../etc/passwd",
           "\ud800", "abc\n"]
SMALL = "small"  # the document commands are filled in with: small, so that a command that works is quick
VALID = {"doc": SMALL, "id": "c-nosuch", "file": "", "user": "anna", "to": "text", "format": "text", "lang": "en",
         "bead": "1", "start": "0", "end": "2", "replacement": "Mx", "text": "Some text."}


def _commands() -> dict[str, list]:
    from align.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {name: [a for a in p._actions if a.dest != "help"] for name, p in sub.choices.items()}


def _argv(name: str, actions: list, target, value: str, files: dict[str, Path]) -> list[str]:
    """`name` with every required argument filled in validly, and `value` given to `target`."""
    argv = [name]
    for a in actions:
        if a is target:
            given = str(files.get(value, value))
        elif a.required or not a.option_strings:
            given = str(files["text"]) if a.dest in ("file", "source", "target") else VALID.get(a.dest, "x")
            if a.dest == "doc" and not a.option_strings and a.nargs == "?":
                given = SMALL
        else:
            continue
        if a.option_strings:
            argv.append(f"{a.option_strings[-1]}={given}")
        else:
            argv.append(given)
    return argv


def test_fuzz_every_command_with_hostile_values(project: Project, inputs: Path, monkeypatch, capsys) -> None:
    # outputs named by relative hostile values ("-1", "x", "../../etc/passwd" for `init`) land inside `inputs`
    cwd = inputs / "cwd" / "deeper"
    cwd.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    en = project.text_path(DOC, "en").read_text(encoding="utf-8").splitlines()[:6]
    ru = project.text_path(DOC, "ru").read_text(encoding="utf-8").splitlines()[:6]
    project.text_path(SMALL, "en").write_text("\n".join(en) + "\n", encoding="utf-8")
    project.text_path(SMALL, "ru").write_text("\n".join(ru) + "\n", encoding="utf-8")
    (inputs / "text.txt").write_text("One line of text.\n" + "word " * 200_000 + "\n", encoding="utf-8")
    (inputs / "passwd-link.txt").symlink_to("/etc/passwd")
    (inputs / "dangling.txt").symlink_to(inputs / "nowhere")
    files = {"text": inputs / "text.txt", "symlink": inputs / "passwd-link.txt", "dangling": inputs / "dangling.txt",
             "folder": inputs}
    # Load the checks' language data once (a cold start is the bench's to measure, not the 10 s limit's).
    assert main(["--project", str(project.root), "suggest", SMALL]) == 0
    capsys.readouterr()
    commands = _commands()
    assert {"segment", "import", "propose", "approve", "apply", "export", "history", "suggest"} <= set(commands)
    runs = 0
    for name, actions in commands.items():
        # Choices are argparse's to refuse; any --model value loads the neural library first (over 10 s).
        targets = [a for a in actions if a.nargs != 0 and a.dest not in ("format", "to", "lang", "status", "model")]
        for target in targets:
            for value in [*HOSTILE, *files]:
                argv = _argv(name, actions, target, value, files)
                t = time.process_time()
                try:
                    code = main(["--project", str(project.root), *argv])
                except SystemExit as exc:  # argparse refusing a value: usage and one error line
                    code = exc.code
                elapsed = time.process_time() - t
                runs += 1
                err = capsys.readouterr().err
                lines = err.strip().splitlines()
                where = f"{[a[:60] for a in argv]}"
                assert elapsed < LIMIT_S, (where, elapsed)
                assert "Traceback" not in err, (where, err[-2000:])
                if code:
                    assert lines and "error:" in lines[-1], (where, err[-500:])
                    if not lines[0].startswith("usage:"):
                        assert len(lines) == 1 and lines[0].startswith("align: error: "), (where, lines[:5])
                    assert "\x1b" not in err and "\x00" not in err, where
    assert runs > 300
    assert _snapshot(project.texts_dir / "ru") and not project.text_path("passwd-link", "en").exists()


def test_bidi_controls_are_spelled_out_in_html_a_reviewer_reads(project: Project, inputs: Path) -> None:
    """An override in a proposed replacement would show the reviewer reversed text: the workbench's diff
    and the HTML report show the controls spelled out, never raw."""
    from align.render import diff_html

    shown = diff_html("the cat sat", "the \u202etac\u202c sat")
    assert "\u202e" not in shown and "\u202c" not in shown
    assert "\\u202etac\\u202c" in shown
    _propose(project, new="\u202esemit\u202c", note="\u2066x\u2069")
    export(project, DOC, "report-html", inputs / "report.html")
    out = (inputs / "report.html").read_text(encoding="utf-8")
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\\u202esemit\\u202c" in out and "\\u2066x\\u2069" in out
