"""The termbase exchanged with CAT tools (align.glossary.exchange, `align glossary import|export`): TBX and CSV
round trips of the sample's glossary, TBX in the shapes CAT tools write, CSV from Python and from LibreOffice,
OmegaT's TSV, conflicts, roles, and hostile files refused in one line with nothing written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree
from people import who
from test_glossary_edit import COMINTERN, DOC, cli, glossary_findings, run

from align.errors import InputError, PermissionDenied
from align.glossary import GlossaryEntry, edit, exchange, glossary_path, read_entries
from align.glossary.tbx import TBX_NS
from align.project import Project

import book_fixtures as bf
from test_bad_input import refused

# Entries that test what the formats must carry: several variants, a note with a comma, quotes, a line
# break and a leading "=" (a formula to a spreadsheet), an entry without a Russian term.
RICH = [
    GlossaryEntry("Наркомпрос", "Narkompros", ("Narcompros", "Narkomprose"),
                  'the "People\'s Commissariat" for Education, 1917–1946\nalso Наркомпрос РСФСР'),
    GlossaryEntry("Коминтерн", "Comintern", ("Komintern",), "=the Communist International"),
    GlossaryEntry("", "Prinkipo", ("Prinkipos",), ""),
]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def _rich(project: Project) -> list[tuple]:
    """The sample's document glossary with RICH added; what it says, entry by entry."""
    for entry in RICH:
        edit.set_term(project, who("boris"), entry, DOC)
    return [e.terms() for e in read_entries(project, DOC)]


@pytest.mark.parametrize("fmt", list(exchange.Format))
def test_export_then_import_into_an_empty_glossary_gives_the_same_entries(project: Project, files: Path, capsys,
                                                                           fmt: exchange.Format) -> None:
    expected = _rich(project)
    out = files / f"terms.{fmt}"
    cli(project, capsys, "glossary", "export", "--doc", DOC, "--to", str(fmt), "-o", str(out))
    assert not glossary_path(project).exists()
    printed, said = run(project, capsys, "glossary", "import", str(out), "--user", "clara")
    assert printed.count("add\t") == len(expected) == 9
    assert said.strip() == "the project's glossary: 9 added"
    imported = read_entries(project)
    assert [e.terms() for e in imported] == expected
    assert {(e.by, len(e.on)) for e in imported} == {("clara", 10)}
    again = cli(project, capsys, "glossary", "import", str(out), "--dry-run")
    assert again == ""  # every entry unchanged: nothing listed


def test_the_tbx_written_is_tbx_basic(project: Project) -> None:
    _rich(project)
    root = etree.fromstring(exchange.export(project, exchange.Format.TBX, DOC))
    ns = {"t": TBX_NS}
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    concepts = root.findall("t:text/t:body/t:conceptEntry", ns)
    assert len(concepts) == 9 and [c.get("id") for c in concepts[:2]] == ["c1", "c2"]
    spinoza = concepts[0]
    assert spinoza.findtext("t:note", namespaces=ns) == "conventional English form of the philosopher's name"
    langs = [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in spinoza.findall("t:langSec", ns)]
    assert langs == ["ru", "en"]
    en = spinoza.findall("t:langSec", ns)[1]
    assert [(t.findtext("t:term", namespaces=ns), t.findtext("t:termNote[@type='administrativeStatus']",
                                                            namespaces=ns)) for t in en.findall("t:termSec", ns)] == [
        ("Spinoza", "preferredTerm-admn-sts"), ("Spinosa", "deprecatedTerm-admn-sts")]
    prinkipo = concepts[-1]
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in prinkipo.findall("t:langSec", ns)] == ["en"]


MEMOQ_TBX = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en-US">
  <martifHeader>
    <fileDesc><titleStmt><title>History termbase</title></titleStmt><sourceDesc><p>memoQ</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="_1">
        <descrip type="subjectField">History</descrip>
        <transacGrp><transac type="transactionType">origination</transac>
          <transacNote type="responsibility">someone</transacNote><date>2024-03-01T10:00:00</date></transacGrp>
        <langSet xml:lang="ru-RU">
          <tig><term>Коминтерн</term><termNote type="partOfSpeech">noun</termNote></tig>
        </langSet>
        <langSet xml:lang="en-US">
          <descrip type="definition">the Communist International</descrip>
          <ntig><termGrp><term>Comintern</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
          <tig><term>Komintern</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          <tig><term>Communist International</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="de-DE"><tig><term>Kommunistische Internationale</term></tig></langSet>
      </termEntry>
      <termEntry id="_2">
        <langSet xml:lang="ru-RU"><tig><term>Совнарком</term></tig></langSet>
        <langSet xml:lang="de-DE"><tig><term>Rat der Volkskommissare</term></tig></langSet>
      </termEntry>
      <termEntry id="_3">
        <note>the island off Istanbul where Trotsky lived from 1929</note>
        <langSet xml:lang="EN-GB">
          <tig><term>Prinkipos</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
          <tig><term>Prinkipo</term></tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""

PHRASE_TBX = f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.rng"
  type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">
  <tbxHeader><fileDesc><sourceDesc><p>Phrase TMS export</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="n-42">
        <descrip type="subjectField">Politics</descrip>
        <xref type="externalCrossReference" target="https://example.org/x">source</xref>
        <langSec xml:lang="fr"><termSec><term>Bureau politique</term></termSec></langSec>
        <langSec xml:lang="ru">
          <termSec><term>Политбюро</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        </langSec>
        <langSec xml:lang="en">
          <termSec><term>Polit<hi type="italics">buro</hi></term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <note>standard English form</note></termSec>
          <termSec><term>Politbureau</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
          <termSec><term>Polit-bureau</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="n-43">
        <langSec xml:lang="ru"><termSec><term>Наркомпрос</term></termSec></langSec>
        <langSec xml:lang="en"><termSec><term>Narkompros</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""


def test_a_memoq_style_tbx_v2_imports_skipping_what_the_glossary_cannot_hold(project: Project, files: Path,
                                                                             capsys) -> None:
    path = files / "history.tbx"
    path.write_text(MEMOQ_TBX, encoding="utf-8")
    out, said = run(project, capsys, "glossary", "import", str(path), "--user", "boris")
    assert [e.terms() for e in read_entries(project)] == [
        ("Коминтерн", "Comintern", ("Komintern",), "the Communist International"),
        ("", "Prinkipo", ("Prinkipos",), "the island off Istanbul where Trotsky lived from 1929"),
    ]
    skipped = [line for line in out.splitlines() if line.startswith("skipped")]
    assert skipped[0].startswith(f"skipped\t{path} line 10 (termEntry '_1'): English 'Communist International' "
                                 "beside 'Comintern' left out")
    assert skipped[1] == f"skipped\t{path} line 27 (termEntry '_2'): no English term; skipped"
    assert said.strip() == "the project's glossary: 2 added, 2 skipped"


def test_a_tbx_v3_with_a_third_language_merges_into_the_sample(project: Project, capsys) -> None:
    read = exchange.read_file(PHRASE_TBX.encode(), "phrase.tbx")
    assert read.skipped == []
    plan = exchange.plan(project, read, DOC)
    assert [(i.outcome, i.incoming.key) for i in plan.items] == [(exchange.Outcome.UPDATE, "Политбюро"),
                                                                  (exchange.Outcome.ADD, "Наркомпрос")]
    done = exchange.import_terms(project, who("boris"), read, DOC)
    assert done.summary() == "1 added, 1 updated"
    politburo = next(e for e in read_entries(project, DOC) if e.ru == "Политбюро")
    assert politburo.avoid == ("Politbureau", "Polit-bureau") and politburo.note == "standard English form"
    assert politburo.by == "boris"
    assert read_entries(project, DOC)[-1].terms() == ("Наркомпрос", "Narkompros", (), "")


TERMS = [("Коминтерн", "Comintern", "Komintern", "the Communist International, 1919–1943"),
         ("Наркомпрос", "Narkompros", "Narcompros;Narkomprose", 'the "People\'s Commissariat" for Education'),
         ("Ленин", "Lenin", "", "")]


def _expected_terms() -> list[tuple]:
    return [(ru, en, tuple(v for v in avoid.split(";") if v), note) for ru, en, avoid, note in TERMS]


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_a_csv_written_by_pythons_csv_module_imports(project: Project, files: Path, capsys, delimiter: str) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(["en", "ru", "note", "avoid"])  # any order of the columns
    writer.writerows([(en, ru, note, avoid) for ru, en, avoid, note in TERMS])
    path = files / "terms.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))  # with a BOM, as Excel writes it
    cli(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--user", "boris")
    assert [e.terms() for e in read_entries(project, DOC)[-3:]] == _expected_terms()
    [found] = [f for f in glossary_findings(project, capsys) if f["original"] == "Komintern"]
    assert found["replacement"] == "Comintern"  # the glossary check proposes the imported form


def _fods(rows: list[tuple[str, ...]]) -> bytes:
    """A flat OpenDocument spreadsheet of `rows`, every cell a string."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    doc = etree.Element(f"{{{office}}}document", nsmap={"office": office, "table": table, "text": text})
    doc.set(f"{{{office}}}version", "1.3")
    doc.set(f"{{{office}}}mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    sheet = etree.SubElement(etree.SubElement(etree.SubElement(doc, f"{{{office}}}body"), f"{{{office}}}spreadsheet"),
                             f"{{{table}}}table")
    sheet.set(f"{{{table}}}name", "Terms")
    for row in rows:
        tr = etree.SubElement(sheet, f"{{{table}}}table-row")
        for value in row:
            cell = etree.SubElement(tr, f"{{{table}}}table-cell")
            if value:
                cell.set(f"{{{office}}}value-type", "string")
                etree.SubElement(cell, f"{{{text}}}p").text = value
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def test_a_csv_libreoffice_made_from_a_spreadsheet_imports(project: Project, files: Path, capsys) -> None:
    if not bf.CALC:
        pytest.skip("LibreOffice Calc is not installed (soffice " + ("without Calc)" if bf.SOFFICE else "missing)"))
    (files / "terms.fods").write_bytes(_fods([("ru", "en", "avoid", "note"), *TERMS]))
    xlsx = bf.libreoffice(files / "terms.fods", "xlsx", files, files / "profile")
    (files / "csv").mkdir()
    made = bf.libreoffice(xlsx, "csv:Text - txt - csv (StarCalc):44,34,76,1", files / "csv", files / "profile")
    assert made.read_text(encoding="utf-8").splitlines()[0] == '"ru","en","avoid","note"'  # Calc quotes text cells
    printed = cli(project, capsys, "glossary", "import", str(made), "--doc", DOC, "--user", "boris")
    assert printed.count("add\t") == 3
    assert [e.terms() for e in read_entries(project, DOC)[-3:]] == _expected_terms()


def test_omegats_tab_separated_glossary_imports(project: Project, files: Path, capsys) -> None:
    path = files / "glossary.txt"
    path.write_text("# OmegaT project glossary\nКоминтерн\tComintern\tthe Communist International\n"
                    "Наркомпрос\tNarkompros\n\nЛенин\tLenin\t\n", encoding="utf-8")
    cli(project, capsys, "glossary", "import", str(path), "--user", "boris")
    assert [e.terms() for e in read_entries(project)] == [
        ("Коминтерн", "Comintern", (), "the Communist International"), ("Наркомпрос", "Narkompros", (), ""),
        ("Ленин", "Lenin", (), "")]


CONFLICTING = "ru,en,avoid,note\nСпиноза,Spinozza,,from the old termbase\nПолитбюро,Politburo,Polit-bureau,\n" \
              "Коминтерн,Comintern,Komintern,\nБронштейн,Bronstein,Bronshtain,Trotsky's family name, conventional " \
              "English form\n"


def test_a_conflict_is_reported_and_kept_unless_replace(project: Project, files: Path, capsys) -> None:
    path = files / "team.csv"
    path.write_text(CONFLICTING, encoding="utf-8")  # the comma in the last note is not quoted
    msg = refused(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--dry-run", code=2, extra=files)
    assert msg.endswith(f"{path} row 5 has 5 field(s); the header has 4 (ru,en,avoid,note)")
    path.write_text(CONFLICTING.replace("Trotsky's family name, conventional English form",
                                        "\"Trotsky's family name, conventional English form\""), encoding="utf-8")
    before = glossary_path(project, DOC).read_bytes()
    dry, said = run(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--dry-run")
    assert dry.splitlines() == [
        f"conflict\t{path} row 2\tСпиноза\tSpinozza\tthe glossary has 'Spinoza' (kept)",
        f"update\t{path} row 3\tПолитбюро\tPolitburo",
        f"add\t{path} row 4\tКоминтерн\tComintern",
    ]  # Бронштейн says what the glossary says: unchanged, not listed
    assert said.strip() == (
        "meetings-with-trotsky's glossary: 1 added, 1 updated, 1 unchanged, 1 conflict(s) left as they are; "
        "--replace takes the file's; nothing written (dry run)")
    assert glossary_path(project, DOC).read_bytes() == before
    cli(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--user", "boris")
    entries = {e.key: e for e in read_entries(project, DOC)}
    assert entries["Спиноза"].en == "Spinoza" and entries["Спиноза"].by == ""  # not overwritten
    assert entries["Политбюро"].avoid == ("Politbureau", "Polit-bureau")
    assert entries["Политбюро"].note == "standard English form"  # the glossary's note kept
    assert entries["Бронштейн"].by == "" and "Коминтерн" in entries
    out = cli(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--replace", "--user", "clara")
    assert f"replace\t{path} row 2\tСпиноза\tSpinozza\tthe glossary has 'Spinoza' (replaced)" in out
    entries = {e.key: e for e in read_entries(project, DOC)}
    assert entries["Спиноза"].terms() == ("Спиноза", "Spinozza", (), "from the old termbase")
    assert entries["Спиноза"].by == "clara"
    assert entries["Политбюро"].terms() == ("Политбюро", "Politburo", ("Polit-bureau",), "")  # the file's, whole


@pytest.mark.parametrize("login", ["anna", "dmitri"])
def test_translators_and_publishers_may_export_but_not_import(project: Project, files: Path, capsys,
                                                             login: str) -> None:
    path = files / "team.csv"
    path.write_text(CONFLICTING.replace("family name, conventional", "family name and conventional"),
                    encoding="utf-8")
    msg = refused(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--user", login, code=4,
                  extra=files)
    assert "only an editor may edit the glossary" in msg
    read = exchange.read_file(path.read_bytes(), path.name)
    with pytest.raises(PermissionDenied):
        exchange.import_terms(project, who(login), read, DOC)
    cli(project, capsys, "glossary", "export", "--doc", DOC, "--to", "csv", "-o", str(files / "out.csv"))
    assert (files / "out.csv").read_text(encoding="utf-8").count("\n") == 7


def test_export_never_writes_into_the_project(project: Project, capsys) -> None:
    msg = refused(project, capsys, "glossary", "export", "--to", "tbx", "-o", str(glossary_path(project, DOC)))
    assert "texts and logs are not export targets" in msg


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&lol4;</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""
DEEP = ("<tbx><text><body><conceptEntry>" + "<note>" * 300 + "x" + "</note>" * 300
        + "</conceptEntry></body></text></tbx>")
NO_TERM = """<tbx><text><body><conceptEntry id="c9"><langSec xml:lang="en"><termSec>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry>
</body></text></tbx>"""
BIDI_TBX = PHRASE_TBX.replace("<term>Narkompros</term>", "<term>Narko\u202empros</term>")
HUGE_TERM = f'<tbx xmlns="{TBX_NS}"><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>' + \
    "x" * (11 * 1024 * 1024) + "</term></termSec></langSec></conceptEntry></body></text></tbx>"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("laughs.tbx", BILLION_LAUGHS.encode(), "declares XML entities (<!ENTITY>); such files are refused"),
        ("xxe.tbx", EXTERNAL.encode(), "declares XML entities (<!ENTITY>); such files are refused"),
        ("deep.tbx", DEEP.encode(), "nests its elements more than 256 levels deep"),
        ("page.tbx", b"<html><body>termbase</body></html>", "is not TBX: its root element is <html>"),
        ("noterm.tbx", NO_TERM.encode(), "line 1 (conceptEntry 'c9'): the <termSec> at line 1 has no term"),
        ("bidi.tbx", BIDI_TBX.encode(), "(conceptEntry 'n-43'): 'en' contains a bidirectional control (U+202E)"),
        ("cp1251.tbx", PHRASE_TBX.encode("cp1251"), "is not well-formed XML"),
        ("huge-term.tbx", HUGE_TERM.encode(), "holds over 10 MB of text in one piece"),
        ("twice.tbx", PHRASE_TBX.replace("<term>Наркомпрос</term>", "<term>Политбюро</term>").encode(),
         "(conceptEntry 'n-43') repeats the term 'Политбюро' of "),
    ],
    ids=["billion-laughs", "external-entity", "deep-nesting", "not-tbx", "no-term", "bidi", "wrong-encoding",
         "huge-term", "term-twice"],
)
def test_a_hostile_tbx_is_refused_in_one_line_and_nothing_written(project: Project, files: Path, capsys, name: str,
                                                                  content: bytes, says: str) -> None:
    path = files / name
    path.write_bytes(content)
    msg = refused(project, capsys, "glossary", "import", str(path), "--doc", DOC, "--user", "boris", code=2,
                  extra=files)
    assert says in msg and str(path) in msg, msg
    assert "root:" not in msg and "/etc/passwd" not in msg


def test_after_a_deep_file_a_broken_one_is_called_broken_not_deep(files: Path) -> None:
    """The parser's errors are its own: lxml's XMLSyntaxError also carries those of earlier parses in the thread."""
    with pytest.raises(InputError, match="nests its elements more than 256 levels deep"):
        exchange.read_file(DEEP.encode(), "deep.tbx")
    with pytest.raises(InputError, match="broken.tbx is not well-formed XML .Opening and ending tag mismatch"):
        exchange.read_file(b"<tbx><text></tbx>", "broken.tbx")
    assert exchange.read_file(b'<martif><text><body><termEntry><langSet xml:lang="en"><tig><l:term>x</l:term>'
                              b"<term>Lenin</term></tig></langSet></termEntry></body></text></martif>",
                              "prefix.tbx").found[0].entry.en == "Lenin"  # an undeclared prefix is still forgiven


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("ru,en,avoid,note\nКоминтерн,Comintern,,\nЛенин,Le\u202enin,,\n".encode(),
         "terms.csv row 3: 'en' contains a bidirectional control (U+202E) at line 1, column 3"),
        ("ru,en,avoid,note\nКоминтерн,Comintern,,\nЛенин,Lenin,Lenine\n".encode(),
         "terms.csv row 3 has 3 field(s); the header has 4"),
        (b"ru,en,note\n\xcb\xe5\xed\xe8\xed,Lenin,\xe2\xee\xe6\xe4\xfc \xec\xe8\xf0\xee\xe2\xee\xe3\xee "
         b"\xef\xf0\xee\xeb\xe5\xf2\xe0\xf0\xe8\xe0\xf2\xe0\n",
         "terms.csv is not UTF-8 (it looks like cp1251): save it as UTF-8, or give its encoding (--encoding cp1251)"),
        ("ru,en\nЛенин,Lenin\nЛенин,Lenine\n".encode(),
         "terms.csv row 3 repeats the term 'Ленин' of row 2 (one entry per term)"),
        ("ru,en,comment\nЛенин,Lenin,x\n".encode(), "terms.csv row 1: unknown column 'comment'"),
        ("Ленин,Lenin\n".encode(), "the first row must name the columns (ru,en,avoid,note)"),
        ("ru,en,avoid\nЛенин,Lenin,Lenin\n".encode(), "row 2: the variant to avoid 'Lenin' is the preferred form"),
        ("ru,en\nЛенин,\n".encode(), "terms.csv row 2: 'en' is empty"),
        (b"ru,en\n,\n\n", "terms.csv holds no terms to import"),
    ],
    ids=["bidi", "fields", "cp1251", "twice", "unknown-column", "no-header", "avoid-is-en", "empty-en", "empty"],
)
def test_a_bad_csv_is_refused_in_one_line_and_nothing_written(project: Project, files: Path, capsys,
                                                              content: bytes, says: str) -> None:
    path = files / "terms.csv"
    path.write_bytes(content)
    msg = refused(project, capsys, "glossary", "import", str(path), "--user", "boris", code=2, extra=files)
    assert says in msg, msg


def test_a_ten_megabyte_field_and_a_huge_file_are_refused(project: Project, files: Path, capsys) -> None:
    path = files / "terms.csv"
    path.write_text("ru,en,avoid,note\nЛенин,Lenin,," + "n" * (10 * 1024 * 1024) + "\n", encoding="utf-8")
    msg = refused(project, capsys, "glossary", "import", str(path), "--user", "boris", code=2, extra=files)
    assert "terms.csv row 2 cannot be read (field larger than field limit" in msg
    with path.open("r+b") as fh:
        fh.truncate(exchange.MAX_IMPORT_BYTES + 1)  # sparse: its size is refused before anything is read
    msg = refused(project, capsys, "glossary", "import", str(path), "--user", "boris", code=2, extra=files)
    assert "terms.csv is 104.9 MB; a termbase to import may be at most 105 MB" in msg


def test_a_legacy_encoding_imports_when_named(project: Project, files: Path, capsys) -> None:
    path = files / "terms.csv"
    path.write_bytes("ru,en,note\nЛенин,Lenin,вождь мирового пролетариата\n".encode("cp1251"))
    cli(project, capsys, "glossary", "import", str(path), "--encoding", "cp1251", "--user", "boris")
    assert [e.terms() for e in read_entries(project)] == [("Ленин", "Lenin", (), "вождь мирового пролетариата")]


def test_list_prints_what_a_terminal_must_not_act_on_escaped(project: Project, capsys) -> None:
    edit.set_term(project, who("boris"), COMINTERN)
    path = glossary_path(project)
    path.write_text(path.read_text(encoding="utf-8").replace("the Communist International", "a\\nb \\u202eevil"),
                    encoding="utf-8")  # by hand: a file read lets a line break and an override into a note
    text = cli(project, capsys, "glossary", "list")
    assert "\u202e" not in text and "\n" not in text.rstrip("\n") and "a\\x0ab \\u202eevil" in text
    line = cli(project, capsys, "glossary", "list", "--format", "jsonl")
    assert "\u202e" not in line and json.loads(line)["note"] == "a\nb \u202eevil"
