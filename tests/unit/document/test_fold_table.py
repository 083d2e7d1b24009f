"""The search's fold table ships with the package, in step with OpenCC and the fold rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import locations
from tui.document import search


def test_the_shipped_table_is_what_opencc_and_the_rules_give() -> None:
    src, dst = search._fold_pairs()
    shipped = locations.FOLD_TABLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    rebuild = "python -c 'from tui.document.search import write_fold_table; write_fold_table()'"
    assert shipped == [src, dst], f"rebuild it: {rebuild}"


@pytest.mark.parametrize("content", [None, "", "abc\nxy\n", "\x00"], ids=["missing", "empty", "uneven", "junk"])
def test_a_missing_or_damaged_table_is_rebuilt_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         content: str | None) -> None:
    path = tmp_path / "fold-table.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(locations, "FOLD_TABLE", path)
    search._fold_table.cache_clear()
    try:
        assert search.fold("學校 ＡＢ「十四五」") == '学校 ab"十四五"'
    finally:
        search._fold_table.cache_clear()
