"""The workbench's Glossary view through Streamlit's AppTest: everyone searches and downloads the termbase;
editors add, change and remove entries and import a CSV or TBX, previewed before it is applied."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import DOC, signed_in, view

from align.glossary import glossary_path, read_entries
from align.project import Project

from conftest import copy_project

PICK = f"gl_pick_{DOC}"  # the entry picker of the document's glossary


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    return copy_project(tmp_path)


def _glossary(login: str) -> AppTest:
    at = view(signed_in(login), "Glossary")
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def _table(at: AppTest):
    """The glossary as the view lists it (its first table)."""
    return at.dataframe[0].value


def _preview(at: AppTest):
    """The import's preview (the table after the glossary's)."""
    return at.dataframe[1].value


def _messages(at: AppTest, kind: str) -> list[str]:
    """The messages of `kind` as a reader sees them: markdown's escapes (align.render.markdown_text) undone."""
    return [re.sub(r"\\(.)", r"\1", unescape(m.value)) for m in getattr(at, kind)]


def test_a_translator_searches_and_downloads_but_does_not_edit(project: Project) -> None:
    at = _glossary("anna")
    table = _table(at)
    assert list(table["Russian"]) == [e.ru for e in read_entries(project, DOC)]
    assert set(table["set in"]) == {"this document"}
    at.text_input(key="gl_search").set_value("vich").run()  # English, variants and notes are searched, any case
    assert list(_table(at)["English"]) == ["Lev Davydovich", "Grigory Evseevich"]
    at.text_input(key="gl_search").set_value("ПОЛИТ").run()
    assert list(_table(at)["avoid"]) == ["Politbureau"]
    assert {b.key for b in at.get("download_button")} == {"gl_dl_tbx", "gl_dl_csv"}
    assert not [b for b in at.button if b.key in ("gl_save", "gl_apply")] and len(at.get("file_uploader")) == 0
    assert "Change the glossary" not in [h.value for h in at.subheader]


def test_a_publisher_reads_it_too(project: Project) -> None:
    at = _glossary("dmitri")
    assert len(_table(at)) == 6 and not [b for b in at.button if b.key == "gl_save"]


def test_an_editor_adds_changes_and_removes_an_entry(project: Project) -> None:
    at = _glossary("boris")
    at.text_input(key="gl_ru").set_value("Коминтерн")
    at.text_input(key="gl_en").set_value("Comintern")
    at.text_area(key="gl_avoid").set_value("Komintern\n\nKomintern ")
    at.text_area(key="gl_note").set_value("the Communist International")
    at.button(key="gl_save").click().run()
    assert _messages(at, "success") == [f"Added Коминтерн → Comintern in {DOC}'s glossary."]
    added = read_entries(project, DOC)[-1]
    assert added.terms() == ("Коминтерн", "Comintern", ("Komintern",), "the Communist International")
    assert added.by == "boris"
    assert list(_table(at)["set by"])[-1].startswith("signed by boris on ")

    at.selectbox(key=PICK).set_value("Спиноза").run()  # picking an entry fills the form
    assert (at.text_input(key="gl_en").value, at.text_area(key="gl_avoid").value) == ("Spinoza", "Spinosa")
    at.text_area(key="gl_avoid").set_value("Spinosa\nSpinozza")
    at.button(key="gl_save").click().run()
    assert _messages(at, "success") == [f"Changed Спиноза → Spinoza in {DOC}'s glossary."]
    assert read_entries(project, DOC)[0].avoid == ("Spinosa", "Spinozza")

    at.text_input(key="gl_en").set_value("Spino\u202eza")  # refused, saying why; nothing written
    before = glossary_path(project, DOC).read_bytes()
    at.button(key="gl_save").click().run()
    assert "'en' contains a bidirectional control (U+202E)" in _messages(at, "error")[0]
    assert glossary_path(project, DOC).read_bytes() == before

    at.button(key="gl_remove").click().run()
    assert _messages(at, "success") == [f"Removed Спиноза from {DOC}'s glossary."]
    assert "Спиноза" not in [e.ru for e in read_entries(project, DOC)]
    assert at.selectbox(key=PICK).value == "" and at.text_input(key="gl_en").value == ""


def test_an_editor_sets_a_project_wide_entry(project: Project) -> None:
    at = _glossary("clara")
    at.radio(key="gl_scope").set_value("project").run()
    at.text_input(key="gl_ru").set_value("Ленин")
    at.text_input(key="gl_en").set_value("Lenin")
    at.button(key="gl_save").click().run()
    assert _messages(at, "success") == ["Added Ленин → Lenin in the project's glossary."]
    assert [e.en for e in read_entries(project)] == ["Lenin"]
    table = _table(at)
    assert list(table["set in"][table["Russian"] == "Ленин"]) == ["the project"]


def test_an_editor_previews_an_import_then_applies_it(project: Project) -> None:
    at = _glossary("boris")
    upload = "ru,en,avoid,note\nСпиноза,Spinozza,,\nПолитбюро,Politburo,Polit-bureau,\nКоминтерн,Comintern,Komintern,\n"
    at.file_uploader(key="gl_file").set_value(("team.csv", upload.encode(), "text/csv")).run()
    assert not at.exception and not at.error
    preview = _preview(at)
    assert list(preview["outcome"]) == ["conflict", "update", "add"]
    assert list(preview["the glossary has"]) == ["Spinoza", "Politburo", ""]
    assert list(preview["avoid"])[1] == "Politbureau; Polit-bureau"
    assert f"Into {DOC}'s glossary: 1 added, 1 updated, 1 conflict(s) left as they are." in [c.value for c in
                                                                                           at.caption]
    assert at.button(key="gl_apply").label == "Apply: write 2 entries"
    assert len(read_entries(project, DOC)) == 6  # a preview writes nothing
    at.button(key="gl_apply").click().run()
    assert _messages(at, "success") == [f"Imported into {DOC}'s glossary: 1 added, 1 updated, 1 conflict(s) left as "
                                        "they are."]
    entries = {e.key: e for e in read_entries(project, DOC)}
    assert entries["Спиноза"].en == "Spinoza" and entries["Коминтерн"].by == "boris"
    assert entries["Политбюро"].avoid == ("Politbureau", "Polit-bureau")
    at.checkbox(key="gl_replace").check().run()  # the file's entry where the English differs
    assert list(_preview(at)["outcome"]) == ["replace", "update"]
    at.button(key="gl_apply").click().run()
    assert {e.key: e for e in read_entries(project, DOC)}["Спиноза"].en == "Spinozza"


def test_a_hostile_upload_is_refused_in_one_message(project: Project) -> None:
    at = _glossary("boris")
    laughs = b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>'
    before = glossary_path(project, DOC).read_bytes()
    at.file_uploader(key="gl_file").set_value(("laughs.tbx", laughs, "application/xml")).run()
    assert not at.exception
    assert len(at.error) == 1 and "declares XML entities" in at.error[0].value
    assert not [b for b in at.button if b.key == "gl_apply"]
    assert glossary_path(project, DOC).read_bytes() == before
