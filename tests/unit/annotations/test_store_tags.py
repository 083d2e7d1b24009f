"""Tag normalisation, parsing of typed tags, the county list and suggestions."""

from collections import Counter

import pytest

from tui import locations
from tui.annotations.tags import (
    counties,
    is_county,
    normalize_tag,
    normalize_tags,
    parse_tags,
    suggest,
)

COUNTIES = ["魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县", "城乡一体化示范区", "经济技术开发区", "东城区"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("禹州市", "禹州市"),
        ("  禹州市  ", "禹州市"),
        ("#禹州市", "禹州市"),
        ("##禹州市", "禹州市"),
        ("# 禹州市", "禹州市"),
        ("＃禹州市", "禹州市"),  # full-width hash
        ("green  city", "green_city"),
        ("a\tb\nc", "a_b_c"),
        ("ＧＤＰ　增长", "GDP_增长"),  # full-width letters and ideographic space
        ("C#", "C#"),
        ("Tech", "Tech"),  # case is kept
        ("①产业", "①产业"),  # only full-width ASCII is folded
        ("a\x00b\x1bc", "abc"),
        ("", ""),
        ("   ", ""),
        ("#", ""),
        ("# #", ""),
    ],
)
def test_normalize_tag(raw: str, expected: str) -> None:
    assert normalize_tag(raw) == expected


def test_normalize_is_idempotent() -> None:
    for raw in ["# 禹州市 ", "ＧＤＰ　增长", "a  b", "C#"]:
        once = normalize_tag(raw)
        assert normalize_tag(once) == once


def test_normalize_tags_drops_empties_and_duplicates_keeping_order() -> None:
    assert normalize_tags(["产业", "#禹州市", "", "产业", "禹州市 ", "#"]) == ("产业", "禹州市")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("禹州市,产业", ("禹州市", "产业")),
        ("禹州市，产业", ("禹州市", "产业")),
        ("禹州市、产业", ("禹州市", "产业")),
        ("禹州市；高中", ("禹州市", "高中")),  # a Chinese semicolon (it made one tag 禹州市;高中)
        ("禹州市;高中", ("禹州市", "高中")),
        ("禹州市 产业", ("禹州市", "产业")),
        ("禹州市　产业", ("禹州市", "产业")),  # ideographic space
        ("#禹州市 #产业", ("禹州市", "产业")),
        (" ,，、 禹州市,, 禹州市 ", ("禹州市",)),
        ("", ()),
    ],
)
def test_parse_tags(typed: str, expected: tuple[str, ...]) -> None:
    assert parse_tags(typed) == expected


def test_counties_file_is_shipped_one_per_line() -> None:
    lines = locations.COUNTIES_FILE.read_text(encoding="utf-8").split()
    assert lines == COUNTIES
    assert list(counties()) == COUNTIES


def test_is_county_normalises_first() -> None:
    assert is_county("禹州市")
    assert is_county(" #禹州市")
    assert not is_county("禹州")
    assert not is_county("产业")


def test_suggest_puts_counties_first_then_tags_by_frequency() -> None:
    counts = Counter({"交通": 5, "产业": 3, "禹州市": 9, "长远规划": 3, "旧": 0})
    got = suggest("", counts)
    assert got[: len(COUNTIES)] == COUNTIES
    assert got[len(COUNTIES):] == ["交通", "产业", "长远规划"]  # ties alphabetical, zero counts left out


def test_suggest_filters_by_prefix() -> None:
    counts = Counter({"长远规划": 2, "交通": 1, "Tech": 1})
    assert suggest("长", counts) == ["长葛市", "长远规划"]
    assert suggest("#长", counts) == ["长葛市", "长远规划"]
    assert suggest("tE", counts) == ["Tech"]  # case-insensitive
    assert suggest("禹", counts, limit=1) == ["禹州市"]
    assert suggest("没有", counts) == []
