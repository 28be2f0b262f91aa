"""The Document view's import of a new edition, through Streamlit's AppTest: an editor replaces the sample's English
with the publisher's second manuscript (a python-docx file), the view says which edition was kept and what the new
text did (the orphaned correction named, the alignment's gone ids counted), and lists the editions (to editors).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from people import who
from test_app import DOC, signed_in, view
from test_editions import _manuscript, _reviewed, _second

from align import editions
from align.project import Project
from align.render import markdown_text
from align.safe_io import stage

from conftest import copy_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    return copy_project(tmp_path)


def test_an_editor_replaces_the_english_and_sees_what_it_did(project: Project) -> None:
    made = _reviewed(project)
    v1 = project.text_path(DOC, "en").read_bytes()
    at = view(signed_in("boris"), "Document")
    assert "Editions (0 kept)" in [e.label for e in at.expander]
    at.file_uploader(key="imp_file").set_value(("manuscript-v2.docx", _manuscript(_second(project)), "application/"
                                                "vnd.openxmlformats-officedocument.wordprocessingml.document"))
    at.text_input(key="imp_doc").set_value(DOC)
    at.run()
    at.button(key="imp_go").click().run()  # not ticked "Replace if it exists": refused, nothing kept
    assert "exists; texts are originals" in at.error[0].value
    at.checkbox(key="imp_force").check().run()
    at.button(key="imp_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert f"Imported manuscript-v2.docx (docx) as the English of {DOC}: " in at.success[0].value
    said = at.warning[0].value  # an orphaned correction and a changed alignment: a warning
    assert "kept as edition 1" in said and "0 still exact, 2 moved, 1 orphaned" in said
    assert markdown_text(f"orphaned (approved): {made['tines']} “tines” → “times”") in said  # plain text, not markup
    assert markdown_text("5 of its 222 English and 0 of its 123 Russian sentence ids are gone") in said
    assert (project.texts_dir / "editions" / DOC / "en" / "1" / f"{DOC}.txt").read_bytes() == v1
    assert "Editions (1 kept)" in [e.label for e in at.expander]
    rows = next(d.value for d in at.dataframe if "kept_as" in d.value.columns).to_dict("records")
    assert [(r["lang"], r["edition"], r["state"], r["file"]) for r in rows] == [
        ("en", 1, "signed", ""), ("en", 2, "current", "manuscript-v2.docx"), ("ru", 1, "current", "")]
    assert rows[0]["replaced_by"] == "boris"
    at = view(signed_in("anna"), "Document")  # translators neither import nor see the editions
    assert not [e.label for e in at.expander if e.label.startswith(("Editions", "Import"))]



def test_an_editor_brings_an_edition_back_and_an_interrupted_import_is_finished(project: Project) -> None:
    v1 = project.text_path(DOC, "en").read_bytes()
    editions.import_book(project, _manuscript(_second(project)), DOC, "en", who("boris"), name="v2.docx", force=True)
    at = view(signed_in("boris"), "Document")
    assert at.selectbox(key="ed_restore").options == ["edition 1 of the English"]
    at.button(key="ed_restore_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert f"Edition 1 of the English of {DOC} is current again." in at.success[0].value
    assert any("kept as edition 2" in i.value for i in at.info)  # nothing stranded: said as information
    assert project.text_path(DOC, "en").read_bytes() == v1
    assert "Editions (2 kept)" in [e.label for e in at.expander]
    at.button(key="ed_restore_go").click().run()  # edition 1 again: it is the current one already
    assert "is the current one already; nothing was changed" in at.error[0].value
    stale = stage(project.text_path(DOC, "en"), b"half an import")  # what a crash before the journal leaves
    at = view(signed_in("boris"), "Document")
    left = "removed the 1 temporary file(s) or folder(s) an interrupted import had left"
    assert any(left in i.value for i in at.info)
    assert not stale.exists()


def test_an_editor_imports_the_first_book_of_an_empty_project(project: Project) -> None:
    for path in [*project.texts_dir.rglob("*.txt"), *project.texts_dir.glob("*.toml")]:
        path.unlink()  # the team's accounts, no book yet: a project as `align init` leaves it
    at = signed_in("anna")
    assert "No documents yet" in [t.value for t in at.title]
    assert "An editor imports the first book" in at.info[0].value and not at.file_uploader
    at = signed_in("boris")
    at.file_uploader(key="imp_file").set_value(("memoir.docx", _manuscript(["The first page.", "The second."]),
                                                "application/vnd.openxmlformats-officedocument.wordprocessingml"
                                                ".document"))
    at.text_input(key="imp_doc").set_value("memoir")
    at.run()
    at.button(key="imp_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.sidebar.selectbox(key="doc").value == "memoir"  # the workbench opens on it
    assert at.sidebar.radio(key="view").value == "Document"
    assert "Imported memoir.docx (docx) as the English of memoir: " in at.success[0].value
    assert " paragraphs in 1 chapter(s), 0 footnote paragraph(s), 0 comment(s)." in at.success[0].value
    assert project.text_path("memoir", "en").read_text(encoding="utf-8") == "The first page.\nThe second.\n"


def test_an_editor_sees_what_a_new_edition_changed(project: Project) -> None:
    editions.import_book(project, _manuscript(_second(project)), DOC, "en", who("boris"), name="v2.docx", force=True)
    at = view(signed_in("boris"), "Document")
    at.toggle(key="ed_changes").set_value(True).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    rows = next(d.value for d in at.dataframe if "what" in d.value.columns).to_dict("records")
    assert rows[1] == {"where": "¶11, sentence 5", "change": "'walked several tines' -> 'paced'",
                       "what": "words changed"}
    assert rows[0]["what"] == "a whole paragraph added"
