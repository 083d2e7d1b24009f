"""The ``tags`` and ``annotations`` commands, and their one-line errors."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from tests.support.paths import FIXTURES
from tui.annotations.store import AnnotationStore, new_annotation, to_record
from tui.cli import main
from tui.document.model import Document

PLAN = FIXTURES / "plan_small.txt"


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    monkeypatch.chdir(tmp_path)


def _sentences(doc: Document) -> list[str]:
    return [m.id for m in doc.measures if m.kind == "sentence"]


@pytest.fixture
def db(small_doc: Document, tmp_path: Path) -> Path:
    path = tmp_path / "notes.json"
    ms = _sentences(small_doc)
    with AnnotationStore.open(path) as store:
        store.add(new_annotation(small_doc, ms[0], note="[bold]重点[/]\n第二行", tags="禹州市 产业"))
        store.add(new_annotation(small_doc, ms[1], note="[link=x]链接[/link] \x1b[31mred", tags="禹州市"))
        store.add(new_annotation(small_doc, ms[2], note="", tags="长葛市 交通", sub=(0, 4)))
        o = store.add(new_annotation(small_doc, ms[3], note="lost", tags="交通"))
        store.update(dataclasses.replace(o, orphaned=True))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tags_lists_counts_with_counties_marked(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "tags", "--db", str(db))
    assert code == 0 and err == ""
    assert out.splitlines() == ["2  交通", "2  禹州市  (county)", "1  产业", "1  长葛市  (county)"]


def test_tags_uses_env_then_default_path(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "tags")[1].startswith("no tags yet (read ")  # no database yet: empty, and says which
    assert not (tmp_path / "annotations").exists()  # listing creates nothing
    monkeypatch.setenv("POLICY_TUI_DB", str(db))
    assert "禹州市" in _run(capsys, "tags")[1]


def test_annotations_lists_path_quote_note_and_tags(db: Path, small_doc: Document, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "annotations", "--db", str(db))
    assert code == 0 and err == ""
    lines = out.splitlines()
    first = small_doc.measure_by_id[_sentences(small_doc)[0]]
    assert lines[0].startswith(f"{first.id}  ") and lines[0].endswith("#禹州市 #产业")
    assert " › ".join(s.id for s in small_doc.path(first.section_id)) in lines[0]
    quote = first.text if len(first.text) <= 60 else first.text[:60] + "…"
    assert lines[1] == f"    「{quote}」"
    assert lines[2] == "    [bold]重点[/]…"  # markup shown literally, first line only
    assert "    [link=x]链接[/link] \u241b[31mred" in lines  # no escape sequence reaches the terminal
    assert "\x1b" not in out
    assert any("[orphaned]" in line for line in lines)
    assert lines[-3].endswith("[orphaned]  #交通")  # orphans come last
    sub = small_doc.measure_by_id[_sentences(small_doc)[2]].text[:4]
    assert f"    「{sub}」" in lines


def test_annotations_of_a_plan_show_section_titles(db: Path, small_doc: Document, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "annotations", str(PLAN), "--db", str(db), "--tag", "禹州市")
    assert code == 0, err
    lines = out.splitlines()
    first = small_doc.measure_by_id[_sentences(small_doc)[0]]
    labels = " › ".join(s.label() for s in small_doc.path(first.section_id))
    assert lines[0] == f"{first.id}  {labels}  #禹州市 #产业"
    assert sum(1 for line in lines if not line.startswith("    ")) == 2


def test_annotations_json_and_tag_filter(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "annotations", "--db", str(db), "--json", "--tag", "#长葛市", "--tag", "产业")
    assert code == 0
    rows = json.loads(out)
    with AnnotationStore.open(db) as store:
        expected = {a.uuid: to_record(a) for a in store.all() if {"长葛市", "产业"} & set(a.tags)}
    assert {r["uuid"]: r for r in rows} == expected and len(rows) == 2
    assert "禹州市" in out  # not \\u escaped


def test_no_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"annotations": {}}', encoding="utf-8")
    assert _run(capsys, "annotations", "--db", str(empty))[1].strip() == f"no annotations (read {empty})"
    assert _run(capsys, "annotations", "--db", str(empty), "--json")[1].strip() == "[]"


@pytest.mark.parametrize("command", ["tags", "annotations"])
@pytest.mark.parametrize("case", ["missing", "directory", "under-a-file", "corrupt", "truncated"])
def test_bad_db_paths_give_one_line_errors(command: str, case: str, db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = {
        "missing": tmp_path / "nope" / "annotations.json",
        "directory": tmp_path,
        "under-a-file": db / "annotations.json",
        "corrupt": tmp_path / "corrupt.json",
        "truncated": tmp_path / "truncated.json",
    }[case]
    if case == "corrupt":
        path.write_bytes(b"\xff\xfe not json")
    if case == "truncated":
        path.write_bytes(db.read_bytes()[:300])
    code, out, err = _run(capsys, command, "--db", str(path))
    assert code == 2 and out == ""
    assert err.startswith("policy-tui: error: ") and err.count("\n") == 1
    assert str(path) in err
    assert list(tmp_path.glob("*.corrupt-*")) == []  # listing writes nothing, not even a copy


def test_notes_on_the_bundled_plan_show_section_titles_without_doc(tmp_path, capsys):
    from tui.ingest.load import load_document

    plan = load_document(None)
    path = tmp_path / "bundled.json"
    with AnnotationStore.open(path) as store:
        store.add(new_annotation(plan, "5.2.p1.m3", note="集团化", tags="禹州市"))
    code, out, _err = _run(capsys, "annotations", "--db", str(path))
    assert code == 0
    assert "五、不断推进基本公共教育均等化 › （二）促进义务教育优质均衡发展" in out


def test_where_follows_the_git_like_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """--db beats $POLICY_TUI_DB beats annotations/ here or above beats the user's data folder."""
    from tui import locations

    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    project = tmp_path / "proj"
    (project / "annotations").mkdir(parents=True)
    (project / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(project / "sub" / "deeper")
    assert locations.choose_db() == locations.DbChoice(project / "annotations" / "annotations.json", "project")
    monkeypatch.chdir(tmp_path)
    user = locations.choose_db()
    assert user.source == "user" and user.path == locations.user_data_dir() / "annotations.json"
    assert str(user.path).startswith(os.environ["XDG_DATA_HOME"])  # the test's own data folder
    monkeypatch.setenv("POLICY_TUI_DB", "~/x.json")
    assert locations.choose_db().source == "env" and "~" not in str(locations.choose_db().path)
    assert locations.choose_db("mine.json") == locations.DbChoice(Path("mine.json"), "option")
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    code, out, _ = _run(capsys, "where", "--db", "mine.json")
    assert code == 0 and "mine.json  (from --db)  [not created yet]" in out
    monkeypatch.delenv("POLICY_TUI_DB")
    code, out, _ = _run(capsys, "tags")
    assert code == 0 and out.strip() == f"no tags yet (read {user.path})"


def test_an_orphan_of_a_plan_shows_its_old_place_by_title(small_doc: Document) -> None:
    """As the Markdown export does (原位置：二、… › （一）…), not as section ids (2 › 2.1)."""
    from tui.cli.notes_cmds import _where

    lost = small_doc.measure_by_id[_sentences(small_doc)[3]]
    orphan = dataclasses.replace(new_annotation(small_doc, lost.id, note="lost"), orphaned=True)
    labels = " › ".join(s.label() for s in small_doc.path(lost.section_id))
    assert _where(small_doc, orphan) == labels
    assert _where(None, orphan) == " › ".join(s.id for s in small_doc.path(lost.section_id))  # plan unknown
