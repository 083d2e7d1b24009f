"""Pilot tests: the hints under the lists say what enter does, the help rows are whole, g/G in every list."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, OptionList, Static, Tree

from tests.support.compare_pair import city_text
from tests.support.pilot import go_to, seed, wait_until, widget_text
from tui.document.model import Document
from tui.i18n import t
from tui.ingest.pipeline import import_text
from tui.library import Library
from tui.ui.app import PolicyApp
from tui.ui.dialogs.picker import PickerScreen

SIZE = (100, 30)


def hint(app: PolicyApp) -> str:
    return str(app.screen.query_one("#picker-hint", Label).render())


async def test_the_plan_picker_and_the_note_chooser_say_enter_picks(small_doc: Document, tmp_path: Path) -> None:
    """The c plan picker and the chooser of a measure's notes said 回车跳转 (enter jumps)."""
    Library().add(import_text(city_text(), source="jiangcheng-city.txt"), "jiangcheng-city.txt")
    db = tmp_path / "notes.json"
    measure = next(m.id for m in small_doc.measures if m.kind == "sentence")
    seed(db, small_doc, (measure, "一", ()), (measure, "二", ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and hint(app) == t("list.hint_pick")
        await pilot.press("escape")
        await go_to(app, pilot, measure)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and hint(app) == t("list.hint_pick")
        await pilot.press("escape", "asterisk")
        # The first * loads the word segmenter in a thread.
        assert await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert hint(app) == t("list.hint_search")  # as its title says (it said 回车跳转)
        await pilot.press("escape", "m")  # no search: the mentions list is not opened; r is
        await pilot.press("r")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert hint(app) == t("list.hint")


async def test_help_rows_for_the_notes_filter_are_whole_at_80x24(small_doc: Document) -> None:
    """The # row was cut ("章:3；…") and its "↓ 进入列表" wrapped away from the ↓."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = widget_text(app.screen.query_one("#help-body Static", Static))
        assert "…" not in text
        filter_row = next(line for line in text.splitlines() if line.startswith("#"))
        assert filter_row.rstrip().endswith(t("help.notes_filter")[-4:])
        assert any(line.startswith("↓") and t("help.notes_filter_down") in line for line in text.splitlines())


async def test_g_and_G_in_the_lists_and_the_tree(small_doc: Document) -> None:
    """g did nothing in the mentions list (home did)."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"教育", "enter", "m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        first = options.highlighted
        assert first is not None
        await pilot.press("G")
        await pilot.pause()
        assert options.highlighted == options.option_count - 1
        await pilot.press("g")
        await pilot.pause()
        assert options.highlighted == first
        await pilot.press("escape")
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        tree.focus()
        await pilot.press("G")
        await pilot.pause()
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        await pilot.pause()
        assert tree.cursor_line == 0
