"""Editing the termbase (align.glossary.edit, `align glossary list|set|remove`) on the sample's glossary:
who may, what an entry may hold, nothing of the file lost, two editors at once, and the glossary check
proposing what was set."""

from __future__ import annotations

import json
import multiprocessing as mp
import tomllib
from pathlib import Path

import pytest
from people import who

from align.accounts import public_keys
from align.cli import main
from align.errors import NotFoundError, PermissionDenied
from align.glossary import GlossaryEntry, edit, glossary_path, listed, load_glossary, provenance, read_entries
from align.project import Project

from test_bad_input import _snapshot, refused

DOC = "meetings-with-trotsky"
COMINTERN = GlossaryEntry("Коминтерн", "Comintern", ("Komintern",), "the Communist International")
CTX = mp.get_context("fork")  # the workers are closures over test data; fork keeps that simple


def run(project: Project, capsys, *argv: str) -> tuple[str, str]:
    """Run `align ARGV` expecting success; its standard output and standard error."""
    rc = main(["--project", str(project.root), *argv])
    out = capsys.readouterr()
    assert rc == 0, out.err
    return out.out, out.err


def cli(project: Project, capsys, *argv: str) -> str:
    """Run `align ARGV` expecting success; its standard output."""
    return run(project, capsys, *argv)[0]


def glossary_findings(project: Project, capsys) -> list[dict]:
    out = cli(project, capsys, "suggest", DOC, "--checks", "glossary", "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def test_an_editor_adds_a_term_and_the_glossary_check_proposes_it(project: Project, capsys) -> None:
    path = glossary_path(project, DOC)
    before = path.read_text(encoding="utf-8")
    assert not any(f["original"] == "Komintern" for f in glossary_findings(project, capsys))
    out = cli(project, capsys, "glossary", "set", "Коминтерн", "Comintern", "--avoid", "Komintern",
              "--note", "the Communist International", "--doc", DOC, "--user", "boris")
    assert out.startswith("added\tКоминтерн\tComintern\tKomintern\tthe Communist International\tboris\t")
    [found] = [f for f in glossary_findings(project, capsys) if f["original"] == "Komintern"]
    assert found["replacement"] == "Comintern" and found["rule"] == "glossary.variant"
    assert "the Communist International" in found["message"]
    # the file keeps its header comments and every entry it had, field for field; the new one is last, stamped
    after = path.read_text(encoding="utf-8")
    header = before[: before.index("[[term]]")].rstrip()
    assert after.startswith(header + "\n")
    old, new = tomllib.loads(before)["term"], tomllib.loads(after)["term"]
    assert new[:-1] == old
    assert new[-1]["by"] == "boris" and len(new[-1]["on"]) == 10 and new[-1]["on"][4] == "-"
    assert read_entries(project, DOC)[-1].terms() == COMINTERN.terms()


def test_changing_an_entry_keeps_its_place_and_says_what_it_was(project: Project, capsys) -> None:
    out = cli(project, capsys, "glossary", "set", "Политбюро", "Politburo", "--avoid", "Politbureau", "--avoid",
              "Polit-bureau", "--doc", DOC, "--user", "clara")
    assert out.splitlines()[0].startswith("changed\tПолитбюро\tPolitburo\tPolitbureau; Polit-bureau\t\tclara\t")
    assert out.splitlines()[1] == "was\tПолитбюро\tPolitburo\tPolitbureau\tstandard English form\t\t"
    keys = [e.key for e in read_entries(project, DOC)]
    assert keys.index("Политбюро") == 4 and len(keys) == 6


def test_remove_by_russian_or_english_and_what_is_not_there(project: Project, capsys) -> None:
    removed = edit.remove_term(project, who("boris"), "Spinoza", DOC)  # by its English form
    assert removed.ru == "Спиноза"
    assert "removed\tБронштейн\tBronstein" in cli(project, capsys, "glossary", "remove", "Бронштейн", "--doc", DOC,
                                                   "--user", "boris")
    assert [e.key for e in read_entries(project, DOC)] == ["Главконцесском", "Лев Давидович", "Григорий Евсеевич",
                                                           "Политбюро"]
    with pytest.raises(NotFoundError, match="no entry 'Politburo' in the project's glossary .it is in "
                                            "meetings-with-trotsky's glossary: add --doc meetings-with-trotsky"):
        edit.remove_term(project, who("boris"), "Politburo")
    edit.set_term(project, who("boris"), COMINTERN)  # project-wide
    with pytest.raises(NotFoundError, match="it is in the project's glossary: drop --doc"):
        edit.remove_term(project, who("boris"), "Comintern", DOC)
    edit.set_term(project, who("boris"), GlossaryEntry("Коминтерна", "Comintern"))
    msg = refused(project, capsys, "glossary", "remove", "Comintern", "--user", "boris", code=2)
    assert "'Comintern' is the English of 2 entries" in msg and "remove one by its Russian term" in msg


HAND_KEPT = """\
# Names of the Trotsky memoir: kept by hand.

# The Comintern, as the house style writes it.
[[term]]
ru = "Коминтерн"
en = "Comintern"  # not Komintern
avoid = ["Komintern"]

# Surnames
[[term]]
ru = "Спиноза"
en = "Spinoza"
[[term]]
ru = "Гегель"
en = "Hegel"

# end of names; add new ones above.
"""


def test_a_hand_kept_glossary_keeps_its_comments_around_what_changed(project: Project, capsys) -> None:
    path = glossary_path(project, DOC)
    path.write_text(HAND_KEPT, encoding="utf-8")
    cli(project, capsys, "glossary", "set", "Спиноза", "Spinoza", "--avoid", "Spinosa", "--doc", DOC, "--user", "boris")
    cli(project, capsys, "glossary", "set", "Политбюро", "Politburo", "--doc", DOC, "--user", "boris")
    text = path.read_text(encoding="utf-8")
    # untouched entries byte for byte with their comments; the changed one keeps its place and the comment above
    assert text.startswith(HAND_KEPT[: HAND_KEPT.index("[[term]]\nru = \"Спиноза\"")] + "[[term]]\nru = \"Спиноза\"\n"
                           'en = "Spinoza"\navoid = ["Spinosa"]\nby = "boris"\n')
    assert '[[term]]\nru = "Гегель"\nen = "Hegel"\n\n[[term]]\nru = "Политбюро"' in text
    assert text.endswith("\n\n# end of names; add new ones above.\n")
    assert [e.key for e in read_entries(project, DOC)] == ["Коминтерн", "Спиноза", "Гегель", "Политбюро"]
    edit.remove_term(project, who("boris"), "Comintern", DOC)
    text = path.read_text(encoding="utf-8")
    assert "# The Comintern" not in text and "not Komintern" not in text  # its comments went with it
    assert text.startswith("# Names of the Trotsky memoir: kept by hand.\n\n# Surnames\n[[term]]\nru = \"Спиноза\"")
    assert text.endswith("# end of names; add new ones above.\n")


def test_a_glossary_saved_with_windows_line_ends_keeps_its_entries_as_written(project: Project, capsys) -> None:
    path = glossary_path(project, DOC)
    path.write_bytes(HAND_KEPT.replace("\n", "\r\n").encode("utf-8"))
    cli(project, capsys, "glossary", "set", "Политбюро", "Politburo", "--doc", DOC, "--user", "boris")
    text = path.read_bytes().decode("utf-8")
    assert '# Surnames\r\n[[term]]\nru = "Спиноза"\r\nen = "Spinoza"\r\n[[term]]\nru = "Гегель"' in text
    assert [e.key for e in read_entries(project, DOC)] == ["Коминтерн", "Спиноза", "Гегель", "Политбюро"]


def test_a_glossary_with_a_multiline_note_keeps_its_opening_comments(project: Project, capsys) -> None:
    path = glossary_path(project, DOC)
    path.write_text('# kept\n\n[[term]]\nru = "Спиноза"\nen = "Spinoza"\nnote = """two\n[[term]]\nlines"""\n'
                    '# not kept: a [[term]] line may be a value\'s here\n', encoding="utf-8")
    cli(project, capsys, "glossary", "set", "Гегель", "Hegel", "--doc", DOC, "--user", "boris")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# kept\n\n[[term]]\nru = \"Спиноза\"") and "not kept" not in text
    notes = [(e.key, e.note) for e in read_entries(project, DOC)]
    assert notes == [("Спиноза", "two\n[[term]]\nlines"), ("Гегель", "")]


def test_the_document_termbase_lists_both_glossaries_the_documents_winning(project: Project, capsys) -> None:
    edit.set_term(project, who("boris"), COMINTERN)
    edit.set_term(project, who("boris"), GlossaryEntry("Спиноза", "Spinoza (project)"))
    rows = [json.loads(line) for line in cli(project, capsys, "glossary", "list", "--doc", DOC, "--format",
                                             "jsonl").splitlines()]
    assert [(r["ru"], r["scope"]) for r in rows][:2] == [("Коминтерн", "project"), ("Спиноза", DOC)]
    assert rows[1]["en"] == "Spinoza" and len(rows) == 7
    assert [i.entry.en for i in listed(project)] == ["Comintern", "Spinoza (project)"]
    assert load_glossary(project, DOC).english_terms() >= {"Comintern", "Spinoza"}
    text = cli(project, capsys, "glossary", "list")
    assert text.splitlines()[0].startswith("Коминтерн\tComintern\tKomintern\tthe Communist International\t"
                                           "signed by boris on ")
    text = cli(project, capsys, "glossary", "list", "--doc", DOC)
    assert text.splitlines()[1].endswith("\twritten by hand\tmeetings-with-trotsky")  # the sample's own, by hand


def test_who_set_an_entry_is_proved_by_their_signature(project: Project, capsys) -> None:
    edit.set_term(project, who("boris"), COMINTERN)
    [entry] = read_entries(project)
    keys = public_keys(project)
    assert entry.by == "boris" and entry.sig and provenance.attest(entry, keys) is provenance.Attested.SIGNED
    path = glossary_path(project)
    text = path.read_text(encoding="utf-8")
    # someone who can write the file puts clara's name on boris's entry, or changes what it says: both are seen
    for forged in (text.replace('by = "boris"', 'by = "clara"'), text.replace('en = "Comintern"', 'en = "Komintern!"')):
        path.write_text(forged, encoding="utf-8")
        [changed] = read_entries(project)
        assert provenance.attest(changed, keys) is provenance.Attested.CHANGED
        assert provenance.described(changed, keys).startswith("changed by hand since ")
        row = json.loads(cli(project, capsys, "glossary", "list", "--format", "jsonl").splitlines()[0])
        assert row["attested"] == "changed by hand"
    path.write_text(text.replace("sig = ", "# sig = "), encoding="utf-8")  # the signature dropped: by hand
    [bare] = read_entries(project)
    assert provenance.attest(bare, keys) is provenance.Attested.BY_HAND
    assert "Comintern" in load_glossary(project).english_terms()  # a hand edit still counts for the checks


@pytest.mark.parametrize("login", ["anna", "dmitri", "checks"])
def test_only_editors_change_the_glossary(project: Project, login: str, capsys) -> None:
    for argv in (["set", "Коминтерн", "Comintern", "--doc", DOC], ["remove", "Спиноза", "--doc", DOC],
                 ["set", "Коминтерн", "Comintern"]):
        msg = refused(project, capsys, "glossary", *argv, "--user", login, code=4)
        assert f"{login} is a" in msg and "only an editor may edit the glossary" in msg
    with pytest.raises(PermissionDenied):
        edit.set_term(project, who(login), COMINTERN, DOC)
    assert not glossary_path(project).exists()
    assert "Spinoza" in cli(project, capsys, "glossary", "list", "--doc", DOC)  # everyone reads it


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["Коминтерн", " "], "term 'Коминтерн': 'en' is empty"),
        (["Коминтерн", "Comintern\x1b[2J"], "'en' contains a control character (U+001B)"),
        (["Коминтерн", "Comin\u202etern"], "'en' contains a bidirectional control (U+202E)"),
        (["Коминтерн", "Comintern", "--avoid", "Komin\u2066tern"], "'avoid' contains a bidirectional control (U+2066)"),
        (["Коминтерн", "Comintern", "--note", "see \u202eevil"], "'note' contains a bidirectional control (U+202E)"),
        (["Коминтерн", "Comintern", "--avoid", "COMINTERN"], "the variant to avoid 'COMINTERN' is the preferred form"),
        (["Коминтерн", "Comintern", "--avoid", "Komintern; Comintern"], "holds ';', which separates variants in CSV"),
        (["Коминтерн", "C" * 201], "'en' is too long (201 characters; at most 200)"),
        (["Коминтерн", "Comintern", "--note", "n" * 2001], "'note' is too long (2001 characters; at most 2000)"),
        (["Коминтерн", "Comintern", *[a for k in range(51) for a in ("--avoid", f"Komintern{k}")]],
         "51 variants to avoid; at most 50"),
        (["Коминтерн", "Comintern", "--doc", "no-such-book"], "no document 'no-such-book'"),
    ],
    ids=["empty-en", "escape", "bidi-en", "bidi-avoid", "bidi-note", "avoid-is-en", "semicolon", "long-en",
         "long-note", "many-variants", "no-document"],
)
def test_a_bad_entry_is_refused_in_one_line_and_nothing_written(project: Project, capsys, args: list[str],
                                                                 says: str) -> None:
    msg = refused(project, capsys, "glossary", "set", *args, "--user", "boris")
    assert says in msg, msg


def test_more_terms_than_a_glossary_holds_are_refused(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                      capsys) -> None:
    monkeypatch.setattr(edit, "MAX_TERMS", 6)  # the sample's document glossary holds 6
    msg = refused(project, capsys, "glossary", "set", "Коминтерн", "Comintern", "--doc", DOC, "--user", "boris")
    assert "would hold 7 terms; a glossary holds at most 6" in msg
    edit.set_term(project, who("boris"), GlossaryEntry("Спиноза", "Spinoza", ("Spinosa", "Spinozza")), DOC)  # a change


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('[[term]]\nru = "Ленин"\nen = "Lenin"\n[[term]]\nru = "Ленин"\nen = "Lenine"\n',
         "term #2 repeats the term 'Ленин' of term #1"),
        ('[[term]]\nen = "Lenin"\nby = "boris smith"\n', "term #1, 'by' must be a login, not 'boris smith'"),
        ('[[term]]\nen = "Lenin"\non = "yesterday"\n', "term #1, 'on' must be a date such as 2026-01-02"),
        ('[[term]]\nen = "Lenin"\nnote = "' + "n" * 2001 + '"\n', "term #1, 'note' is too long (at most 2000"),
    ],
    ids=["duplicate", "bad-by", "bad-on", "long-note"],
)
def test_a_hand_edited_glossary_with_a_mistake_is_refused_by_readers_and_writers(project: Project, capsys,
                                                                                  content: str, says: str) -> None:
    glossary_path(project, DOC).write_text(content, encoding="utf-8")
    assert says in refused(project, capsys, "suggest", DOC, "--checks", "glossary", code=2)
    assert says in refused(project, capsys, "glossary", "set", "Коминтерн", "Comintern", "--doc", DOC, "--user",
                           "boris", code=2)


def test_a_symlinked_glossary_is_refused_not_written_through(project: Project, tmp_path: Path, capsys) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[[term]]\nen = "Lenin"\n', encoding="utf-8")
    glossary_path(project).symlink_to(outside)
    msg = refused(project, capsys, "glossary", "set", "Коминтерн", "Comintern", "--user", "boris", extra=tmp_path)
    assert "symbolic link" in msg
    assert outside.read_text(encoding="utf-8") == '[[term]]\nen = "Lenin"\n'


def test_a_refused_change_to_a_missing_glossary_leaves_no_file(project: Project, capsys) -> None:
    before = _snapshot(project.root)
    with pytest.raises(NotFoundError):
        edit.remove_term(project, who("boris"), "Коминтерн")  # the project has no project-wide glossary
    assert _snapshot(project.root) == before


WRITERS, TERMS_EACH = 4, 15


def _adder(root: str, k: int, doc_id: str | None, barrier, out) -> None:
    project = Project(Path(root))
    barrier.wait()
    for j in range(TERMS_EACH):
        edit.set_term(project, who("boris" if k % 2 else "clara"), GlossaryEntry(f"термин {k}-{j}", f"term {k}-{j}",
                                                                                  (f"terme {k}-{j}",)), doc_id)
    out.put(k)


@pytest.mark.parametrize("doc_id", [None, DOC], ids=["new-project-glossary", "sample-glossary"])
def test_editors_adding_terms_at_once_all_land(project: Project, doc_id: str | None) -> None:
    who("boris"), who("clara")  # signed in before the fork: the workers share the Actors
    before = read_entries(project, doc_id)
    barrier, out = CTX.Barrier(WRITERS), CTX.Queue()
    procs = [CTX.Process(target=_adder, args=(str(project.root), k, doc_id, barrier, out)) for k in range(WRITERS)]
    for p in procs:
        p.start()
    assert sorted(out.get(timeout=120) for _ in procs) == list(range(WRITERS))
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    entries = read_entries(project, doc_id)
    assert entries[: len(before)] == before
    added = {e.ru: e for e in entries[len(before) :]}
    assert set(added) == {f"термин {k}-{j}" for k in range(WRITERS) for j in range(TERMS_EACH)}
    assert all(e.by == ("boris" if int(e.ru.split()[1].split("-")[0]) % 2 else "clara") for e in added.values())
    for k in range(WRITERS):  # each writer's terms in the order it wrote them
        mine = [e.ru for e in entries if e.ru.startswith(f"термин {k}-")]
        assert mine == [f"термин {k}-{j}" for j in range(TERMS_EACH)]


def test_hostile_values_in_every_glossary_argument_get_one_line(project: Project, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from test_hostile_input import HOSTILE

    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # outputs named by relative hostile values land here, or nowhere
    commands = [
        ["set", "{}", "Comintern", "--user", "boris"], ["set", "Коминтерн", "{}", "--user", "boris"],
        ["set", "Коминтерн", "Comintern", "--avoid", "{}", "--user", "boris"],
        ["set", "Коминтерн", "Comintern", "--note", "{}", "--user", "boris"],
        ["set", "Коминтерн", "Comintern", "--doc", "{}", "--user", "boris"],
        ["remove", "{}", "--user", "boris"], ["list", "--doc", "{}"], ["import", "{}", "--user", "boris"],
        ["import", str(work), "--encoding", "{}", "--dry-run"], ["export", "--to", "csv", "-o", "{}"],
    ]
    for template in commands:
        for value in HOSTILE:
            argv = ["glossary", *(value if a == "{}" else a for a in template)]
            code = main(["--project", str(project.root), *argv])
            err = capsys.readouterr().err
            lines = err.strip().splitlines()
            assert "Traceback" not in err and "\x1b" not in err and "\x00" not in err, argv
            if code:
                assert len(lines) == 1 and lines[0].startswith("align: error: "), (argv[:4], lines[:3])
    assert not (tmp_path / "etc").exists()
    assert all(e.key != "x" * 100_000 for e in read_entries(project))
