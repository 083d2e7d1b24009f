"""``import`` into the library, ``list``, and ``search`` over several plans (with --by-chapter)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import FIXTURES
from tui import locations
from tui.annotations.store import AnnotationStore, new_annotation
from tui.cli import main
from tui.document.model import Document

PLAN = FIXTURES / "plan_small.txt"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    monkeypatch.chdir(tmp_path)


def _import(tmp_path: Path, *extra: str) -> None:
    raw = tmp_path / "plan_small.txt"
    raw.write_bytes(PLAN.read_bytes())
    assert main(["import", str(raw), *extra]) == 0


def test_import_writes_beside_the_raw_file_and_adds_to_the_library(tmp_path: Path, capsys) -> None:
    _import(tmp_path)
    out = capsys.readouterr().out
    assert (tmp_path / "plan_small.json").exists()  # as before
    assert "Han characters" in out or "wrote" in out  # the import summary is kept
    assert "added to the library as plan_small" in out
    assert (locations.library_dir() / "plan_small.json").exists()
    _import(tmp_path, "-o", str(tmp_path / "again.json"))
    assert "already in the library as plan_small (unchanged)" in capsys.readouterr().out
    assert (tmp_path / "again.json").exists()


def test_import_into_another_library_or_none(tmp_path: Path, capsys) -> None:
    _import(tmp_path, "--library", str(tmp_path / "lib"))
    assert (tmp_path / "lib" / "plan_small.json").exists()
    _import(tmp_path, "--no-library", "-o", str(tmp_path / "x.json"))
    assert "library" not in capsys.readouterr().out.splitlines()[-1]
    assert not locations.library_dir().exists()


def test_list_shows_title_number_date_size_and_notes(tmp_path: Path, capsys, small_doc: Document) -> None:
    _import(tmp_path)
    db = tmp_path / "notes.json"
    with AnnotationStore.open(db) as store:
        for m in [m for m in small_doc.measures if m.kind == "sentence"][:2]:
            store.add(new_annotation(small_doc, m.id, note="x"))
    capsys.readouterr()
    assert main(["list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1 plans" in lines[0] and str(db) in lines[0]
    assert lines[1].split() == ["name", "title", "doc", "no.", "date", "size", "notes"]
    assert lines[2].startswith("plan_small") and small_doc.meta.title in lines[2]
    assert lines[2].split()[-1] == "2" and "chars" in lines[2]
    assert main(["list", "--json", "--db", str(db)]) == 0
    [row] = json.loads(capsys.readouterr().out)["plans"]
    assert (row["name"], row["notes"], row["id"]) == ("plan_small", 2, small_doc.id)


def test_list_of_an_empty_library_says_how_to_fill_it(capsys) -> None:
    assert main(["list"]) == 0
    assert "policy-tui import" in capsys.readouterr().out


def test_search_across_the_library_groups_by_plan_then_chapter(tmp_path: Path, capsys) -> None:
    _import(tmp_path)
    seed = tmp_path / "seed.json"
    seed.write_bytes(locations.BUNDLED_DOC.read_bytes())
    capsys.readouterr()
    assert main(["search", "集团化办学", "plan_small", str(seed)]) == 0
    out = capsys.readouterr().out
    assert out.index("示例市") < out.index("许昌市")
    assert "  一、“十三五”时期许昌市教育事业主要成就  1" in out
    assert "  五、不断推进基本公共教育均等化  2" in out
    assert out.rstrip().endswith("7 hits for “集团化办学” in 2 of 2 plans")
    assert main(["search", "集团化办学", "--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 3 and [p["count"] for p in data["plans"]] == [3]
    assert main(["search", "火星", "--all"]) == 1


def test_search_by_chapter_draws_a_chart(tmp_path: Path, capsys, bundled_doc: Document) -> None:
    assert main(["search", "集团化办学", "--by-chapter"]) == 0  # the bundled plan
    lines = capsys.readouterr().out.splitlines()
    assert "4 hits" in lines[0]
    chart = lines[2:]
    assert len(chart) == len(bundled_doc.chapters)
    assert chart[4].startswith("五、") and chart[4].endswith(" 2") and "█" in chart[4]
    assert chart[1].endswith(" 0") and "█" not in chart[1]


def test_search_one_plan_keeps_its_output(capsys) -> None:
    assert main(["search", "集团化办学", str(locations.BUNDLED_DOC)]) == 0
    out = capsys.readouterr().out
    assert "【集团化办学】" in out and "4 hits for '集团化办学'" in out


def test_unknown_plan_name_is_a_one_line_error(capsys) -> None:
    assert main(["search", "教育", "nowhere"]) == 2
    err = capsys.readouterr().err.strip()
    assert "nowhere" in err and "\n" not in err
