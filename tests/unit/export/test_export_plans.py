"""Exports that span several plans: grouped by plan first, in every format, from the CLI too."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.support.fixture_docs import fixture_annotations, fixture_document
from tests.support.plans import fixture_doc
from tui.annotations.filters import Filters
from tui.annotations.plans import PlanNotes, gather, placed
from tui.annotations.store import AnnotationStore, new_annotation
from tui.cli import main
from tui.document.serialize import write_json
from tui.export import parse_json, prepare_plans, scope_name

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
CITY = fixture_document()
COUNTY = fixture_doc("plan_small.txt")


def _county_notes() -> list:
    sentences = [m for m in COUNTY.measures if m.kind == "sentence"]
    return [new_annotation(COUNTY, sentences[0].id, note="县里的第一条", tags=["禹州市"]),
            new_annotation(COUNTY, sentences[3].id, note="待办", tags=["重点"])]


PLANS = [placed(CITY, fixture_annotations(CITY)), placed(COUNTY, _county_notes())]


def test_markdown_groups_by_plan_then_chapter() -> None:
    export = prepare_plans(PLANS, Filters(), "md", NOW)
    text = export.text
    assert export.count == 9 and export.plans == 2 and export.orphans == 1
    assert text.count("\n# ") == 1  # one H1 for the file
    plan_heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert plan_heads[0] == f"## {CITY.display_title}" and plan_heads[1] == f"## {COUNTY.display_title}"
    # chapters one level down, below their plan; each note is a level-5 heading
    city_part, county_part = text.split(f"\n## {COUNTY.display_title}\n")
    assert "\n### 孤立批注\n" in city_part and "\n##### 已删除的旧措施原文。\n" in city_part
    assert "县里的第一条" in county_part and "县里的第一条" not in city_part
    assert "\n## 汇总（各规划）\n" in county_part
    assert "  - title:" in text.split("---")[1] and "annotations: 9" in text.split("---")[1]


def test_filters_apply_in_every_plan_and_empty_plans_are_left_out() -> None:
    export = prepare_plans(PLANS, Filters(tags=("禹州市",)), "md", NOW)
    city_county = sum("禹州市" in a.tags for a in PLANS[0].annotations)
    assert export.count == city_county + 1 and export.plans == 2
    export = prepare_plans(PLANS, Filters(tags=("待办不存在",)), "md", NOW)
    assert export.empty and "没有符合条件的批注" in export.text


def test_csv_and_json_carry_the_plan_of_each_row() -> None:
    rows = list(csv.reader(io.StringIO(prepare_plans(PLANS, Filters(), "csv", NOW).text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["plan", "doc_id", "chapter"]
    assert [r[1] for r in rows[1:]] == [CITY.id] * 7 + [COUNTY.id] * 2
    text = prepare_plans(PLANS, Filters(), "json", NOW).text
    data = json.loads(text)
    assert [d["id"] for d in data["documents"]] == [CITY.id, COUNTY.id] and data["count"] == 9
    assert {a.doc_id for a in parse_json(text)} == {CITY.id, COUNTY.id}  # it imports back


def test_one_plan_is_the_single_plan_export_and_a_chapter_needs_one_plan() -> None:
    single = prepare_plans(PLANS[:1], Filters(), "md", NOW)
    assert single.text.count("\n## ") > 0 and "\n##### " not in single.text
    with pytest.raises(ValueError):
        prepare_plans(PLANS, Filters(chapter="3"), "md", NOW)
    assert scope_name(Filters(), 3) == "3-plans_all" and scope_name(Filters(tags=("a",))) == "tags-a"


def test_gather_places_each_plans_notes_from_the_store(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "db.json") as store:
        store.merge(fixture_annotations(CITY) + _county_notes())
        got = gather(store, [COUNTY, CITY])
    assert [p.doc.id for p in got] == [COUNTY.id, CITY.id]
    assert [len(p.annotations) for p in got] == [2, 7]
    assert isinstance(got[0], PlanNotes)


@pytest.fixture
def two_plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICY_TUI_LANG", "zh")
    city, county, lib = tmp_path / "city.json", tmp_path / "county.json", tmp_path / "lib"
    write_json(CITY, city)
    write_json(COUNTY, county)
    lib.mkdir()
    write_json(CITY, lib / "city.json")
    write_json(COUNTY, lib / "county.json")
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.merge(fixture_annotations(CITY) + _county_notes())
    return {"city": city, "county": county, "lib": lib, "db": db, "dir": tmp_path}


def test_cli_exports_several_files_grouped_by_plan(two_plans: dict[str, Path], capsys) -> None:
    code = main(["export", str(two_plans["county"]), str(two_plans["city"]), "--db", str(two_plans["db"])])
    out = capsys.readouterr().out
    path = two_plans["dir"] / "exports" / f"2-plans_all-{dt.date.today().isoformat()}.md"
    assert code == 0 and out.strip() == (f"已写入 {path}：9 条批注（7 条措施，1 条孤立），"
                                         f"来自 2 个规划：《{COUNTY.display_title}》、《{CITY.display_title}》")
    text = path.read_text(encoding="utf-8")
    assert text.index(f"## {COUNTY.display_title}") < text.index(f"## {CITY.display_title}")  # the order named


def test_cli_all_exports_the_library_plans_that_have_notes(two_plans: dict[str, Path], capsys) -> None:
    code = main(["export", "--all", "--library", str(two_plans["lib"]), "--db", str(two_plans["db"]),
                 "--tag", "禹州市", "--format", "csv", "-o", "-"])
    captured = capsys.readouterr()
    assert code == 0 and "来自 2 个规划" in captured.err
    rows = list(csv.reader(io.StringIO(captured.out.lstrip("\ufeff"))))
    assert {r[1] for r in rows[1:]} == {CITY.id, COUNTY.id}


def test_cli_all_says_what_it_could_not_place(two_plans: dict[str, Path], capsys) -> None:
    (two_plans["lib"] / "county.json").unlink()
    code = main(["export", "--all", "--library", str(two_plans["lib"]), "--db", str(two_plans["db"]), "-o", "-"])
    err = capsys.readouterr().err
    assert code == 0 and "另有 2 条批注所属的规划不在规划库中" in err


def test_cli_refuses_a_chapter_over_several_plans(two_plans: dict[str, Path], capsys) -> None:
    code = main(["export", str(two_plans["city"]), str(two_plans["county"]), "--chapter", "3",
                 "--db", str(two_plans["db"])])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--chapter 只能用于一个规划" in err
    assert not (two_plans["dir"] / "exports").exists()


def test_cli_tags_and_annotations_group_by_plan(two_plans: dict[str, Path], capsys) -> None:
    lib, db = str(two_plans["lib"]), str(two_plans["db"])
    assert main(["tags", "--by-plan", "--library", lib, "--db", db]) == 0
    out = capsys.readouterr().out
    heads = [line for line in out.splitlines() if line.startswith("# ")]
    assert heads == [f"# {CITY.display_title}", f"# {COUNTY.display_title}"]  # the most annotated first
    county_part = out.split(f"# {COUNTY.display_title}")[1]
    assert "禹州市  (县区)" in county_part and "重点" in county_part and "长葛市" not in county_part
    assert main(["annotations", "--library", lib, "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"# {CITY.display_title}  (7 条)" in out and f"# {COUNTY.display_title}  (2 条)" in out
    county_part = out.split(f"# {COUNTY.display_title}")[1]
    first = next(m for m in COUNTY.measures if m.kind == "sentence")
    assert COUNTY.section_by_id[first.section_id].label() in county_part  # section titles, not ids
    (two_plans["lib"] / "county.json").unlink()
    assert main(["annotations", "--library", lib, "--db", db]) == 0
    assert f"# 不在规划库中的规划 {COUNTY.id}  (2 条)" in capsys.readouterr().out  # listed, never dropped


def test_cli_a_plan_named_twice_is_exported_once_where_it_first_came(two_plans: dict[str, Path], capsys) -> None:
    # The county named first, then the library (which holds it too): the county comes first, once.
    code = main(["export", str(two_plans["county"]), "--all", "--library", str(two_plans["lib"]),
                 "--db", str(two_plans["db"]), "-o", "-"])
    text = capsys.readouterr().out
    assert code == 0 and text.count(f"## {COUNTY.display_title}") == 1
    assert text.index(f"## {COUNTY.display_title}") < text.index(f"## {CITY.display_title}")


def test_cli_with_no_plan_named_exports_every_plan_with_matching_notes(two_plans: dict[str, Path], capsys) -> None:
    """The README's ``export --county 禹州市 -o 禹州市.md``: the notes of every plan, the message naming them."""
    base = ["export", "--library", str(two_plans["lib"]), "--db", str(two_plans["db"])]
    assert main([*base, "--county", "禹州市", "-o", "禹州市.md"]) == 0
    out = capsys.readouterr().out
    assert f"来自 2 个规划：《{CITY.display_title}》、《{COUNTY.display_title}》" in out
    text = (two_plans["dir"] / "禹州市.md").read_text(encoding="utf-8")
    assert "县里的第一条" in text and f"## {CITY.display_title}" in text
    # One plan has notes that match: the one-plan export, named.
    assert main([*base, "--tag", "背景", "-o", "背景.md"]) == 0
    assert out_of(capsys).endswith(f"，来自《{CITY.display_title}》")
    text = (two_plans["dir"] / "背景.md").read_text(encoding="utf-8")
    assert f'title: "{CITY.meta.title}"' in text and "县里的第一条" not in text


def out_of(capsys) -> str:  # type: ignore[no-untyped-def]
    return capsys.readouterr().out.strip()


def test_cli_a_chapter_needs_the_notes_of_one_plan(two_plans: dict[str, Path], capsys) -> None:
    base = ["export", "--library", str(two_plans["lib"]), "--db", str(two_plans["db"]), "-o", "-"]
    assert main([*base, "--county", "禹州市", "--chapter", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2 个规划有符合条件的批注（city, county）" in err
    assert not (two_plans["dir"] / "exports").exists()
    assert main([*base, "--tag", "教育_公平", "--chapter", "1"]) == 0  # only the city plan's notes match


def test_cli_nothing_to_export_counts_the_plans_named(two_plans: dict[str, Path], capsys) -> None:
    """The database holds 9 notes; the county plan 2 of them: the message says whose count it gives."""
    code = main(["export", str(two_plans["county"]), "--db", str(two_plans["db"]), "--county", "长葛市"])
    err = capsys.readouterr().err
    assert code == 1 and f"中《{COUNTY.display_title}》的批注有 2 条，没有符合条件的" in err
