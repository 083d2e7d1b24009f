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
    assert main(["search", "集团化办学", "--all", "--json"]) == 0  # the library, and the bundled plan
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 7 and [p["count"] for p in data["plans"]] == [3, 4]
    assert main(["search", "火星", "--all"]) == 1


def test_search_by_chapter_draws_a_chart(tmp_path: Path, capsys, bundled_doc: Document) -> None:
    assert main(["search", "集团化办学", "--by-chapter"]) == 0  # the bundled plan
    lines = capsys.readouterr().out.splitlines()
    assert "4 hits" in lines[0]
    chart = lines[2:]
    assert len(chart) == len(bundled_doc.chapters)
    assert chart[4].startswith("五、") and chart[4].endswith(" 2") and "█" in chart[4]
    assert chart[1].endswith(" 0") and "█" not in chart[1]


def test_search_one_plan_keeps_its_output(capsys, monkeypatch) -> None:
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    assert main(["search", "集团化办学", str(locations.BUNDLED_DOC)]) == 0
    out = capsys.readouterr().out
    assert "【集团化办学】" in out and "“集团化办学”共 4 处" in out  # in the interface language
    assert main(["search", "没有这个词", str(locations.BUNDLED_DOC)]) == 1
    assert capsys.readouterr().out.strip() == "未找到“没有这个词”"
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert main(["search", "集团化办学", str(locations.BUNDLED_DOC)]) == 0
    assert "4 hits for “集团化办学”" in capsys.readouterr().out


def test_unknown_plan_name_is_a_one_line_error(capsys) -> None:
    assert main(["search", "教育", "nowhere"]) == 2
    err = capsys.readouterr().err.strip()
    assert "nowhere" in err and "\n" not in err


def test_another_plan_with_the_same_title_never_takes_over_the_first(tmp_path: Path, capsys) -> None:
    """Two counties' plans may share a title: the second is added beside the first, whose notes stay put."""
    from tui.document.serialize import load_json

    title = "“十五五”教育事业发展规划"
    first = tmp_path / "丙县.txt"
    first.write_text(f"{title}\n一、学前教育\n新建幼儿园10所。扩大普惠性资源。\n二、义务教育\n推进集团化办学。\n",
                     encoding="utf-8")
    second = tmp_path / "丁县.txt"
    second.write_text(f"{title}\n一、职业教育\n建设实训基地3个。深化产教融合。\n二、高中教育\n推进多样化发展。\n",
                      encoding="utf-8")
    assert main(["import", str(first)]) == 0
    doc_a = load_json(tmp_path / "丙县.json")
    db = tmp_path / "notes.json"
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(doc_a, doc_a.measures[2].id, note="丙县的批注"))
    capsys.readouterr()
    assert main(["import", str(second)]) == 0
    out = capsys.readouterr().out
    assert "丙县 in the library (from 丙县.txt) has the same title but other text" in out
    assert "added to the library as 丁县" in out
    doc_b = load_json(tmp_path / "丁县.json")
    assert doc_b.id != doc_a.id
    assert sorted(p.stem for p in locations.library_dir().glob("[!.]*.json")) == ["丁县", "丙县"]
    assert main(["annotations", "--db", str(db)]) == 0
    assert "[orphaned]" not in capsys.readouterr().out  # the first plan's note is still placed
    # Re-importing either file, or a revised text of the same file, stays the same plan.
    assert main(["import", str(second)]) == 0
    assert "(unchanged)" in capsys.readouterr().out and load_json(tmp_path / "丁县.json").id == doc_b.id
    first.write_text(first.read_text(encoding="utf-8") + "三、保障措施\n加大经费投入。\n", encoding="utf-8")
    assert main(["import", str(first)]) == 0
    assert load_json(tmp_path / "丙县.json").id == doc_a.id


def test_opening_a_raw_file_gives_the_id_its_import_would(tmp_path: Path, capsys) -> None:
    from tui.cli.reader import prepare

    title = "“十五五”教育事业发展规划"
    first, second = tmp_path / "甲县.txt", tmp_path / "乙县.txt"
    first.write_text(f"{title}\n一、学前教育\n新建幼儿园10所。\n二、义务教育\n推进集团化办学。\n", encoding="utf-8")
    second.write_text(f"{title}\n一、职业教育\n建设实训基地3个。\n二、高中教育\n推进多样化发展。\n", encoding="utf-8")
    assert main(["import", str(first)]) == 0
    opening = prepare([str(second)])
    assert opening.loader is not None
    (doc, _source), = opening.loader()
    assert main(["import", str(second), "-o", str(tmp_path / "b.json")]) == 0
    from tui.document.serialize import load_json

    assert doc.id == load_json(tmp_path / "b.json").id != load_json(tmp_path / "甲县.json").id


def test_every_command_taking_a_plan_takes_library_names_and_the_bundled_plans_name(
        tmp_path: Path, capsys, bundled_doc: Document) -> None:
    _import(tmp_path)
    capsys.readouterr()
    assert main(["dump", "plan_small"]) == 0
    assert capsys.readouterr().out.startswith("示例市")
    for name in ("xuchang-2022", "许昌市"):  # the bundled plan: its file's stem, or part of its title
        assert main(["dump", name]) == 0
        assert capsys.readouterr().out.startswith(bundled_doc.meta.title)
    assert main(["search", "集团化办学", "xuchang-2022"]) == 0
    assert "4" in capsys.readouterr().out
    assert main(["annotations", "plan_small", "--db", str(tmp_path / "none.json")]) == 2  # no such database
    assert main(["review", "xuchang-2022"]) == 0
    capsys.readouterr()
    assert main(["review", "xuchang-2022", "--accept-best", "0.9"]) == 2
    assert "bundled plan is not changed in place" in capsys.readouterr().err
    assert main(["dump", "nosuchplan"]) == 2


def test_the_reader_opens_the_bundled_plan_by_name_and_never_writes_beside_it(tmp_path: Path,
                                                                              bundled_doc: Document) -> None:
    from tui.cli.reader import prepare

    _import(tmp_path)
    opening = prepare(["plan_small", "许昌"])
    assert opening.more and opening.more[0][0].id == bundled_doc.id
    assert opening.more[0][1] is None  # no file: reviews of the bundled plan stay in the session
    assert prepare([str(locations.BUNDLED_DOC)]).source is None


def test_an_ambiguous_name_is_said_so_not_taken_for_the_bundled_plan(capsys, small_doc: Document) -> None:
    import dataclasses

    from tui.library import Library

    library = Library()
    library.add(small_doc, "规划甲")
    library.add(dataclasses.replace(small_doc, id="other-plan-id"), "规划乙")
    capsys.readouterr()
    # "规划" is part of both names, and of the bundled plan's title: the library's ambiguity is the answer.
    assert main(["dump", "规划"]) == 2
    err = capsys.readouterr().err
    assert "规划甲" in err and "规划乙" in err


def test_all_means_the_library_and_the_bundled_plan_for_every_command(tmp_path: Path, capsys,
                                                                     bundled_doc: Document) -> None:
    from tui.cli.reader import prepare

    _import(tmp_path)
    capsys.readouterr()
    assert main(["search", "集团化办学", "--all"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("in 2 of 2 plans")
    assert main(["targets", "--all", "--json"]) == 0
    assert [p["doc_id"] for p in json.loads(capsys.readouterr().out)["plans"]][-1] == bundled_doc.id
    opening = prepare(every=True)  # the reader
    assert [d.id for d, _ in opening.more] == [bundled_doc.id] and opening.more[0][1] is None
    empty = prepare(every=True, library_dir=str(tmp_path / "empty"))  # no library yet: the bundled plan
    assert empty.document is not None and empty.document.id == bundled_doc.id and not empty.more


def test_another_file_of_the_same_plan_needs_replace(tmp_path: Path, capsys) -> None:
    """gov2.docx, then a truncated copy of it under another name: refused (nothing written) unless --replace."""
    from tui.document.serialize import load_json

    head = "关于推进政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n一、总体要求\n"
    body = "推进政务新媒体健康有序发展。加强统筹协调。\n二、工作措施\n明确主管主办单位。完善审核发布制度。\n"
    full, cut = tmp_path / "gov2.txt", tmp_path / "damaged.txt"
    full.write_text(head + body, encoding="utf-8")
    cut.write_text(head + body.partition("二、")[0], encoding="utf-8")
    assert main(["import", str(full)]) == 0
    kept = load_json(locations.library_dir() / "gov2.json").content_hash
    capsys.readouterr()
    assert main(["import", str(cut)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "gov2 in the library comes from gov2.txt; damaged.txt is the same plan" in captured.err
    assert "--replace" in captured.err and not (tmp_path / "damaged.json").exists()
    assert load_json(locations.library_dir() / "gov2.json").content_hash == kept
    assert main(["import", str(cut), "--replace"]) == 0
    assert "updated gov2 in the library" in capsys.readouterr().out
    assert load_json(locations.library_dir() / "gov2.json").content_hash != kept
    assert main(["import", str(cut)]) == 0  # the same file again: as before
    assert "(unchanged)" in capsys.readouterr().out
