"""Pilot tests: every key of the reader's key table does what the help says."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from tests.support.pilot import (
    captured_notices,
    reader_of,
    screen_of,
    section_of,
    status_text,
    visible_text,
    wait_until,
    widget_text,
)
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.dialogs.help import HelpScreen
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.dialogs.spots import SpotsScreen
from tui.ui.screens.reader_screen import ReaderScreen

SIZE = (120, 36)


async def test_tab_and_shift_tab_cycle_focus_between_panes(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "reader"
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == ["notes", "tree", "reader"]
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "tree"


@pytest.mark.parametrize("down,up", [("j", "k"), ("down", "up")])
async def test_next_and_previous_measure(small_doc: Document, down: str, up: str) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        assert reader.cursor == 0
        await pilot.press(down, down, down)
        assert reader.cursor == 3
        await pilot.press(up)
        assert reader.cursor == 2
        await pilot.press(up, up, up)
        assert reader.cursor == 0  # stops at the top


async def test_half_pages_move_view_and_cursor(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(100, 20)) as pilot:
        reader = reader_of(app)
        await pilot.press("ctrl+d")
        first_scroll, first_cursor = reader.scroll_y, reader.cursor
        assert first_scroll > 0 and first_cursor > 0
        await pilot.press("ctrl+d")
        second_cursor = reader.cursor
        assert reader.scroll_y > first_scroll and second_cursor > first_cursor
        await pilot.press("ctrl+u")
        assert reader.scroll_y == first_scroll and reader.cursor < second_cursor
        await pilot.press("ctrl+u", "ctrl+u")
        assert reader.scroll_y == 0


async def test_space_pages_down_keeping_cursor_in_view(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(100, 20)) as pilot:
        reader = reader_of(app)
        height = reader.scrollable_content_region.height
        await pilot.press("space")
        assert reader.scroll_y >= height - 3
        layout = reader.layout_rows
        assert layout is not None
        row = layout.measure_first_row[reader.cursor]
        assert reader.scroll_y <= row < reader.scroll_y + height


async def test_g_and_G_go_to_top_and_end(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(100, 20)) as pilot:
        reader = reader_of(app)
        await pilot.press("G")
        assert reader.cursor == len(small_doc.measures) - 1
        assert reader.scroll_y == reader.max_scroll_y > 0
        assert "营造良好教育生态" in visible_text(reader)
        await pilot.press("g")
        assert reader.cursor == 0 and reader.scroll_y == 0


async def test_slash_enter_highlights_hits_and_jumps_after_cursor(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        # Put the cursor after the first mention (in chapter 一) first.
        reader.move_to(small_doc.measure_index["2.h"])
        await pilot.press("slash")
        box = app.screen.query_one("#search", Input)
        assert box.display and box.has_focus
        await pilot.press(*"集团化办学", "enter")
        assert not box.display and reader.has_focus
        assert section_of(app) == "3.2.1"  # the first hit after the cursor
        assert "集团化办学 2/3" in status_text(app)
        assert len(screen_of(app).search.hits) == 3


async def test_n_and_N_step_through_hits_with_wrap_notice(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"集团化办学", "enter")
        visited = [section_of(app)]
        with captured_notices(app) as notices:
            for _ in range(3):
                await pilot.press("n")
                visited.append(section_of(app))
            assert visited == ["1.3", "3.2.1", "4.1", "1.3"]
            assert any("回到第一处" in n for n in notices)
            await pilot.press("N")
            assert section_of(app) == "4.1"
            assert any("回到最后一处" in n for n in notices)
        assert "集团化办学 3/3" in status_text(app)


async def test_n_without_search_says_so(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("n")
        assert notices == ["请先按 / 搜索"]
        assert reader_of(app).cursor == 0


async def test_escape_clears_highlighting(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"集团化办学", "enter")
        assert screen_of(app).search.hits
        await pilot.press("escape")
        assert len(screen_of(app).search.hits) == 0 and "集团化办学" not in status_text(app)
        reader = reader_of(app)
        styles = {seg.style for y in range(20) for seg in reader.render_line(y) if "集团" in seg.text}
        hit_bg = reader.get_component_rich_style("reader--hit-current", partial=True).bgcolor
        assert all(style is None or style.bgcolor != hit_bg for style in styles)


async def test_m_lists_mentions_grouped_and_enter_jumps(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "m")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        rows = [options.get_option_at_index(i) for i in range(options.option_count)]
        chart = [o for o in rows if (o.id or "").startswith("chart")]  # hits per chapter, first
        prompts = [str(o.prompt) for o in rows if o not in chart]
        headers = [p for p in prompts if not p.startswith("  ")]
        assert headers == ["一、“十三五”时期教育事业主要成就（1）", "三、推进基本公共教育均等化（1）", "四、增强职业教育适应性（1）"]
        assert options.highlighted == len(chart) + 1  # the current hit (the first) under its header
        await pilot.press("down", "down", "enter")  # skips headers: second, then third hit
        assert isinstance(app.screen, ReaderScreen)
        assert section_of(app) == "4.1"
        assert "集团化办学 3/3" in status_text(app)


async def test_m_starts_on_the_current_hit(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "n", "m")
        options = app.screen.query_one(OptionList)
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == "1"


async def test_m_without_search_says_so(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("m")
        assert isinstance(app.screen, ReaderScreen) and notices == ["请先按 / 搜索"]


async def test_asterisk_lists_key_terms_and_enter_searches(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        reader.move_to(small_doc.measure_index["4.1.p1.m1"])  # 产教融合 … 集团化办学
        await pilot.press("asterisk")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["产教融合", "实训基地", "集团化办学"]
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert screen_of(app).search.query == "集团化办学"
        assert "集团化办学" in status_text(app)


async def test_r_lists_related_measures_and_enter_jumps(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        reader.move_to(small_doc.measure_index["4.1.p1.m1"])
        await pilot.press("r")
        # The first r loads the word segmenter in a thread.
        assert await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen)
                                and any(o.option_count for o in app.screen.query(OptionList)))
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "1.3.p1.m1" in ids[:3] and "4.1.p1.m1" not in ids
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert small_doc.measures[reader.cursor].id == ids[0]


async def test_s_toggles_simplified_and_traditional(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        assert "时期教育事业主要成就" in visible_text(reader) and status_text(app).endswith("简")
        await pilot.press("s")
        assert reader.traditional
        assert "時期教育事業主要成就" in visible_text(reader) and status_text(app).endswith("繁")
        tree = app.screen.query_one("#tree")
        assert any("時期" in str(node.label) for node in tree.root.children)  # type: ignore[attr-defined]
        await pilot.press("s")
        assert not reader.traditional and "时期教育事业主要成就" in visible_text(reader)


async def test_search_works_in_traditional_mode(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "slash", *"集团化办学", "enter")
        assert len(screen_of(app).search.hits) == 3 and section_of(app) == "1.3"
        assert "集團化辦學" in visible_text(reader_of(app))


async def test_ctrl_p_goes_to_a_section_by_number(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"三（二）")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert section_of(app) == "3.2"


async def test_ctrl_p_search_command(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"教师合理流动")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_of(app).search.query == "教师合理流动"
        assert section_of(app) == "3.2.3"


async def test_question_mark_shows_every_key(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = widget_text(app.screen.query_one("#help-body").query_one("Static"))
        for key in ["tab / shift+tab", "j/↓", "k/↑", "ctrl+d", "ctrl+u", "space", "g", "G", "/", "n", "N",
                    "m", "*", "r", "o", "s", "ctrl+p", "?", "q", "f2", "f3", "esc", "enter"]:
            assert f"\n{key} " in "\n" + text or text.startswith(key), key
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_o_shows_raw_text_of_damaged_spans(damaged_doc: Document) -> None:
    app = PolicyApp(damaged_doc)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        with captured_notices(app) as notices:
            await pilot.press("o")
        assert notices == ["本条没有损坏片段"]
        damaged = damaged_doc.spots[0].measure_id
        reader.move_to(damaged_doc.measure_index[damaged])
        await pilot.press("o")
        assert isinstance(app.screen, SpotsScreen)
        text = widget_text(app.screen.query_one("#spots-list"))
        assert "未能修复" in text and "自动修复" in text and "把握" in text
        assert damaged_doc.spots[0].raw[:3] in text
        assert not any(word in text for word in ("lost", "lead byte", "confident"))  # explained in Chinese
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_f2_f3_toggle_side_panes(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        tree, notes = app.screen.query_one("#tree"), app.screen.query_one("#notes")
        assert tree.display and notes.display
        await pilot.press("f2", "f3")
        assert not tree.display and not notes.display
        await pilot.press("f2")
        assert tree.display


async def test_keys_typed_after_q_are_dropped(small_doc: Document) -> None:
    """q then e at once used to push the export dialog into the closing app (a traceback)."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "u", "e", "s", "t")
        await pilot.pause()
    assert app.return_code in (0, None)
