"""Pilot tests of the screens beyond one plan: targets (T), overview (v) and compare (c)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from tests.support.compare_pair import city_text, county_text
from tests.support.pilot import captured_notices, reader_of, seed
from tui.document.model import Document
from tui.ingest.pipeline import import_text
from tui.library import Library
from tui.ui.app import PolicyApp
from tui.ui.dialogs.note_editor import NoteEditor
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.screens.compare_screen import CompareScreen
from tui.ui.screens.overview_screen import OverviewScreen
from tui.ui.screens.reader_screen import ReaderScreen
from tui.ui.screens.targets_screen import TargetsScreen

SIZE = (120, 36)


def cell_texts(table: DataTable, column: int) -> list[str]:
    return [str(table.get_cell_at((row, column))) for row in range(table.row_count)]  # type: ignore[arg-type]


async def test_targets_table_filters_sorts_and_jumps(bundled_doc: Document) -> None:
    app = PolicyApp(bundled_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.figures) > 100
        await pilot.press("j", "j", "k")  # j and k move, as in every list (k once switched the kind)
        assert table.cursor_row == 1 and len(screen.figures) == table.row_count
        await pilot.press("t")  # targets only
        assert set(cell_texts(table, 3)) == {"目标"}
        await pilot.press("slash", *"入园率")
        assert screen.query_one(Input).has_focus
        assert cell_texts(table, 0) == ["学前教育毛入园率"]
        await pilot.press("escape")  # out of the filter, not out of the screen
        assert app.screen is screen and table.has_focus and cell_texts(table, 0) == ["学前教育毛入园率"]
        await pilot.press("slash", "enter")  # back to the table
        await pilot.press("enter")  # go there
        assert isinstance(app.screen, ReaderScreen)
        reader = reader_of(app)
        assert bundled_doc.measures[reader.cursor].id == "3.3.1.p1.m2"


async def test_targets_sort_by_value_and_export(bundled_doc: Document, tmp_path: Path) -> None:
    app = PolicyApp(bundled_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        screen.exports = tmp_path
        await pilot.press("s", "s")  # reading order -> indicator -> value
        assert "数值" in str(screen.query_one("#targets-summary").render())
        with captured_notices(app) as notices:
            await pilot.press("E")
        [written] = list(tmp_path.glob("targets-*.csv"))
        assert notices == [f"已导出 {written}"]
        assert written.read_text(encoding="utf-8").count("\n") == len(screen.figures) + 1


async def test_overview_counts_notes_and_goes_to_a_chapter(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    sentences = [m.id for m in small_doc.measures if m.kind == "sentence" and m.id.startswith("3.")]
    seed(db, small_doc, (sentences[0], "看这里", ("禹州市",)), (sentences[1], "", ("交通", "禹州市")))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        chapters = screen.query_one("#overview-table", DataTable)
        notes = dict(zip(cell_texts(chapters, 0), cell_texts(chapters, 2), strict=True))
        assert notes["三、推进基本公共教育均等化"] == "2"
        assert sum(int(n) for n in notes.values()) == 2
        tags = screen.query_one("#overview-tags", DataTable)
        assert cell_texts(tags, 0) == ["#禹州市", "#交通"] and cell_texts(tags, 1) == ["2", "1"]
        row = cell_texts(chapters, 0).index("三、推进基本公共教育均等化")
        chapters.move_cursor(row=row)
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        cursor = small_doc.measures[reader_of(app).cursor]
        assert small_doc.chapter_of(cursor.section_id).id == "3"


async def test_compare_with_a_library_plan(tmp_path: Path) -> None:
    county = import_text(county_text(), source="qingshan-county.txt")
    city = import_text(city_text(), source="jiangcheng-city.txt")
    Library().add(city, "jiangcheng-city.txt")
    app = PolicyApp(county, db=tmp_path / "notes.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, PickerScreen)
        picker = app.screen.query_one(OptionList)
        assert picker.option_count == 1
        shown = str(picker.get_option_at_index(0).prompt)
        assert city.meta.title in shown and "jiangcheng-city" in shown  # its title, and the name to type
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(DataTable)
        left, right = cell_texts(table, 0), cell_texts(table, 2)
        copied = next(k for k, text in enumerate(left) if text.startswith("大班额问题基本消除"))
        assert right[copied].startswith("大班额问题基本消除") and cell_texts(table, 1)[copied] == "1.00"
        assert any(text.startswith("建设市职业教育园区") and not left[k] for k, text in enumerate(right))  # dropped
        # The detail shows the row under the cursor from the start (a chapter header: both chapters);
        # j and k move down and up, as in every list.
        assert str(screen.query_one("#compare-detail", Static).render()).startswith("A ")
        table.move_cursor(row=0, column=0)
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1
        assert "[" in str(screen.query_one("#compare-detail", Static).render())  # a measure: its id
        # Annotate the city's side, then go to the county's measure.
        table.move_cursor(row=copied, column=2)
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"市里也有", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert cell_texts(table, 2)[copied].startswith("● ")
        with captured_notices(app) as notices:
            await pilot.press("enter")  # the city's measure: another plan
        assert isinstance(app.screen, ReaderScreen) and "江城市" in notices[0]
        await pilot.press("c", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=copied, column=0)
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert county.measures[reader_of(app).cursor].text.startswith("大班额问题基本消除")


async def test_compare_without_another_plan_says_how_to_add_one(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("c")
        assert isinstance(app.screen, ReaderScreen)
        assert "policy-tui import" in notices[0]


async def test_the_palette_offers_the_new_screens(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"量化指标", "对照另一份规划", "概览"} <= set(titles)
