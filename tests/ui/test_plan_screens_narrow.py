"""Pilot tests of the compare and targets screens on an 80x24 terminal: list keys, cursor in view, fitting columns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

from textual.widgets import DataTable

from tests.support.compare_pair import county_text
from tui.document.model import Document
from tui.ingest.pipeline import import_text
from tui.ui.app import PolicyApp
from tui.ui.screens import plan_views
from tui.ui.screens.compare_screen import CompareScreen
from tui.ui.screens.reader_screen import ReaderScreen

NARROW = (80, 24)


def cursor_row_shown(table: DataTable[Any]) -> bool:
    """Whether the cursor's row is among the rows the table shows (every row is one line)."""
    top = round(table.scroll_y)
    rows = table.scrollable_content_region.height - table.header_height
    return top <= table.cursor_row < top + rows


def fits(table: DataTable[Any]) -> bool:
    """The columns fit the table's width: nothing scrolls sideways."""
    return table.virtual_size.width <= table.scrollable_content_region.width and table.max_scroll_x == 0


@cache
def county() -> Document:
    return import_text(county_text(), source="qingshan-county.txt")


@asynccontextmanager
async def comparing(shown: Document, other: Document) -> AsyncIterator[tuple[PolicyApp, Any, CompareScreen]]:
    """The reader on ``shown`` at 80x24, the comparison with ``other`` open."""
    app = PolicyApp(shown)
    async with app.run_test(size=NARROW) as pilot:
        yield app, pilot, await open_compare(app, pilot, other)


async def open_compare(app: PolicyApp, pilot: Any, other: Document) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    plan_views.compare_with(screen, other)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    compare = app.screen
    assert isinstance(compare, CompareScreen)
    return compare


async def test_compare_at_80x24_keeps_the_cursor_row_above_the_detail(bundled_doc: Document) -> None:
    """j x26 used to leave the cursor row under the detail pane (it grew after the table scrolled)."""
    async with comparing(county(), bundled_doc) as (_app, pilot, screen):
        table = screen.query_one(DataTable)
        for k in range(40):
            await pilot.press("j")
            await pilot.pause()
            assert cursor_row_shown(table), k


async def test_compare_moves_with_the_list_keys(bundled_doc: Document) -> None:
    """G, ctrl+d, space did nothing; End scrolled the table sideways and cut every row's first character."""
    async with comparing(county(), bundled_doc) as (_app, pilot, screen):
        table = screen.query_one(DataTable)
        assert fits(table)
        await pilot.press("ctrl+d")
        await pilot.pause()
        half = table.cursor_row
        assert half > 3 and cursor_row_shown(table)
        await pilot.press("space")
        await pilot.pause()
        assert table.cursor_row > half + 3 and cursor_row_shown(table)
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert half <= table.cursor_row < half * 3
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 and cursor_row_shown(table)
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0 and round(table.scroll_y) == 0
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 and table.scroll_x == 0
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_compare_columns_refit_on_resize(bundled_doc: Document) -> None:
    async with comparing(county(), bundled_doc) as (_app, pilot, screen):
        table = screen.query_one(DataTable)
        table.move_cursor(row=12, column=2)
        narrow = table.ordered_columns[0].width
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        await pilot.pause()
        assert table.ordered_columns[0].width > narrow + 30 and fits(table)
        assert table.cursor_coordinate == (12, 2)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert table.ordered_columns[0].width == narrow and fits(table)


async def test_targets_at_80x24_fit_and_keep_the_year_whole(small_doc: Document, bundled_doc: Document) -> None:
    """The year column showed "20" for 2025 and 类别/章/措施 were behind a horizontal scrollbar."""
    from tui.ui.screens.targets_screen import TargetsScreen

    for docs in ([bundled_doc], [small_doc, bundled_doc]):
        app = PolicyApp(docs[0], more=[(d, None) for d in docs[1:]])
        async with app.run_test(size=NARROW) as pilot:
            await pilot.press("T")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TargetsScreen)
            table = screen.query_one(DataTable)
            assert fits(table), [c.width for c in table.ordered_columns]
            labels = [str(c.label) for c in table.ordered_columns]
            year = labels.index("年份")
            assert table.ordered_columns[year].width >= 4
            assert {"类别", "章"} <= set(labels)
            years = {str(table.get_cell_at((r, year))) for r in range(table.row_count)}  # type: ignore[arg-type]
            assert "2025" in years and all(len(y) in (0, 4) for y in years)


async def test_targets_lined_up_say_so_in_the_summary(small_doc: Document, bundled_doc: Document) -> None:
    """After l the summary still said 按措施排序 (sorted by measure)."""
    from tui.ui.screens.targets_screen import TargetsScreen

    app = PolicyApp(small_doc, more=[(bundled_doc, None)])
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("T")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        summary = screen.query_one("#targets-summary")
        assert "按措施排序" in str(summary.render())
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.lineup and "按指标对齐" in str(summary.render()) and "排序" not in str(summary.render())
        assert fits(screen.query_one(DataTable))
        await pilot.press("l")
        await pilot.pause()
        assert "按措施排序" in str(summary.render())


async def test_x_swaps_the_sides(bundled_doc: Document) -> None:
    """Opened from the city plan, the county's few measures were buried in the city's many: x puts them first."""
    async with comparing(bundled_doc, county()) as (app, pilot, screen):
        assert screen.alignment is not None and screen.alignment.a is bundled_doc
        await pilot.press("x")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.alignment is not None and screen.alignment.a is county() and screen.alignment.b is bundled_doc
        assert str(screen.query_one("#compare-title").render()).startswith(county().display_title[:6])
        assert "x" in str(screen.query_one("#compare-hint").render())
