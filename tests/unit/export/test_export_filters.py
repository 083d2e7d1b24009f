"""Export filters: tags, county, chapter, order, orphans; file names and atomic writes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.support.fixture_docs import (
    fixture_annotations,
    fixture_document,
    make_annotation,
)
from tui.annotations.filters import number_value, resolve_chapter
from tui.errors import UserError
from tui.export import (
    Filters,
    default_export_path,
    format_for,
    make_filters,
    select,
    write_file,
)

DOC = fixture_document()
ANNS = fixture_annotations(DOC)


def ids(annotations: list) -> list[str]:  # type: ignore[type-arg]
    return [a.uuid[-1] for a in annotations]


def test_no_filter_is_document_order_then_orphans() -> None:
    # preface, 1.1, 1.2, chapter 二 twice (by created), 3.1.1, then the orphan
    assert ids(select(DOC, ANNS)) == ["6", "1", "2", "4", "5", "3", "7"]


def test_input_order_does_not_matter() -> None:
    assert select(DOC, list(reversed(ANNS))) == select(DOC, ANNS)


def test_tags_match_any_and_normalise() -> None:
    assert ids(select(DOC, ANNS, tags=["重点"])) == ["1", "3"]
    assert ids(select(DOC, ANNS, tags=["重点", "背景"])) == ["6", "1", "3"]
    assert ids(select(DOC, ANNS, tags=["# 重点 "])) == ["1", "3"]
    assert ids(select(DOC, ANNS, tags=["教育 公平"])) == ["2"]  # space -> _ as stored
    assert select(DOC, ANNS, tags=["nothing"]) == []


def test_county_includes_orphans_with_that_tag() -> None:
    assert ids(select(DOC, ANNS, county="禹州市")) == ["4", "3", "7"]
    assert ids(select(DOC, ANNS, county="长葛市")) == ["3"]
    assert select(DOC, ANNS, county="鄢陵县") == []


def test_unknown_county_is_a_user_error() -> None:
    with pytest.raises(UserError, match="未知的县"):
        select(DOC, ANNS, county="北京市")


@pytest.mark.parametrize("value", ["3", "三", "三、", "第三章", " 3 "])
def test_chapter_accepts_arabic_and_chinese(value: str) -> None:
    # the orphan was recorded in chapter 三 (section_path starts with "3")
    assert ids(select(DOC, ANNS, chapter=value)) == ["3", "7"]


def test_chapter_and_county_combine_with_and() -> None:
    assert ids(select(DOC, ANNS, chapter="二", county="禹州市")) == ["4"]
    assert ids(select(DOC, ANNS, chapter="一", tags=["重点"])) == ["1"]


@pytest.mark.parametrize("value", ["9", "九", "preface", "abc", "0", ""])
def test_unknown_chapter_is_a_user_error(value: str) -> None:
    with pytest.raises(UserError, match="没有第") as info:
        resolve_chapter(DOC, value)
    assert "\n" not in str(info.value)


def test_orphan_is_kept_when_its_measure_vanished() -> None:
    gone = make_annotation(DOC, "u-gone", "1.1.p1.m1", "x")
    moved = gone.__class__(**{**gone.__dict__, "anchor": gone.anchor.__class__(
        **{**gone.anchor.__dict__, "measure_id": "1.1.p9.m9"})})
    assert [a.uuid for a in select(DOC, [moved])] == ["u-gone"]
    assert [a.uuid for a in select(DOC, [moved], chapter="1")] == ["u-gone"]


def test_sub_spans_sort_after_the_whole_measure() -> None:
    whole = make_annotation(DOC, "b", "1.2.p1.m1", created="2024-09-09T00:00:00Z")
    part = make_annotation(DOC, "a", "1.2.p1.m1", sub=(2, 4), created="2024-01-01T00:00:00Z")
    assert [a.uuid for a in select(DOC, [part, whole])] == ["b", "a"]


def test_number_value_strips_decoration() -> None:
    assert [number_value(t) for t in ["第十三章", "五、", "（二）", "12.", "前言"]] == [13, 5, 2, 12, None]


def test_scope_names() -> None:
    assert Filters().scope() == "all"
    assert make_filters(DOC, chapter="三").scope() == "chapter-3"
    assert make_filters(DOC, county="禹州市").scope() == "county-禹州市"
    assert make_filters(DOC, tags=["a/b", "c d"]).scope() == "tags-a_b+c_d"


def test_default_export_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports go beside the notes: here, a project notebook in annotations/."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TUI_DB")
    (tmp_path / "annotations").mkdir()
    path = default_export_path("county-禹州市", "md", dt.date(2024, 5, 1))
    assert path == tmp_path / "annotations" / "exports" / "county-禹州市-2024-05-01.md"
    assert default_export_path("all", "md", "2024-05-01", tmp_path / "x") == tmp_path / "x" / "all-2024-05-01.md"
    assert default_export_path("all", "csv", "2024-05-01").name == "all-2024-05-01.csv"
    assert default_export_path("all", "json").name == f"all-{dt.date.today().isoformat()}.json"
    with pytest.raises(UserError):
        default_export_path("all", "pdf")


def test_format_for() -> None:
    assert [format_for(p) for p in ["a.md", "b.CSV", "c.json", "d.txt", "-"]] == ["md", "csv", "json", "md", "md"]


def test_write_file_is_atomic_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "out.md"
    assert write_file("一\n", target, parents=True) == target
    assert target.read_bytes() == "一\n".encode()
    with pytest.raises(UserError, match="--force"):
        write_file("二\r\n", target)  # an existing file is never replaced silently
    write_file("二\r\n", target, overwrite=True)  # replaces, keeps bytes exactly
    assert target.read_bytes() == "二\r\n".encode()
    assert sorted(os.listdir(target.parent)) == ["out.md"]  # no temp files left


def test_write_file_errors_are_user_errors(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="不存在"):
        write_file("x", tmp_path / "file" / "sub" / "out.md")
    with pytest.raises(UserError, match="不是目录"):
        write_file("x", tmp_path / "file" / "out.md")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(UserError, match="目录"):
        write_file("x", tmp_path / "dir.md")
