"""Pilot tests: pane layout at different sizes, resize, mouse, and the tree following the reader."""

from __future__ import annotations

from textual import events
from textual.widgets import Tree

from tests.support.pilot import reader_of, wait_until
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.widgets.reader import ReaderView
from tui.ui.widgets.section_tree import parse_node_data
from tui.ui.widgets.status_bar import StatusBar
from tui.ui.widgets.wrap import GUTTER


def cursor_row_in_view(reader: ReaderView) -> bool:
    layout = reader.layout_rows
    assert layout is not None
    first = layout.measure_first_row[reader.cursor]
    last = layout.measure_last_row[reader.cursor]
    top, height = round(reader.scroll_y), reader.scrollable_content_region.height
    return first < top + height and last >= top


async def test_wide_terminal_shows_three_panes(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(200, 60)):
        tree, reader, notes = (app.screen.query_one(s) for s in ("#tree", "#reader", "#notes"))
        assert tree.display and notes.display
        assert reader.size.width > 100  # the reader gets the room
        assert app.screen.has_class("-xwide")


async def test_80x24_collapses_notes_and_f3_brings_it_back(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        tree, notes = app.screen.query_one("#tree"), app.screen.query_one("#notes")
        assert tree.display and not notes.display
        assert reader_of(app).size.width >= 50
        await pilot.press("f3")
        assert notes.display and not tree.display  # the tree gives way at this width


async def test_tiny_terminal_shows_the_reader_alone(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(50, 20)) as pilot:
        assert not app.screen.query_one("#tree").display
        await pilot.press("f2")
        assert app.screen.query_one("#tree").display


async def test_resize_rewraps_and_keeps_cursor_in_view(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = reader_of(app)
        reader.move_to(small_doc.measure_index["3.2.1.p1.m2"])
        await pilot.pause()
        wide = reader.layout_rows
        assert wide is not None
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        narrow = reader.layout_rows
        assert narrow is not None and narrow.width < wide.width and narrow.height > wide.height
        assert small_doc.measures[reader.cursor].id == "3.2.1.p1.m2"
        assert cursor_row_in_view(reader)
        # Every row fits the new width: no clipped characters.
        for y in range(reader.scrollable_content_region.height):
            assert reader.render_line(y).cell_length == reader.scrollable_content_region.width


async def test_tree_follows_the_reader(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        tree = app.screen.query_one("#tree", Tree)
        reader_of(app).move_to(small_doc.measure_index["3.2.2.p1.m2"])
        await pilot.pause()
        assert tree.cursor_node is not None and parse_node_data(tree.cursor_node.data or "")[1] == "3.2.2"
        assert tree.cursor_node.parent is not None and tree.cursor_node.parent.is_expanded


async def test_the_tree_follows_a_held_key_once_after_the_text_moved(small_doc: Document) -> None:
    """The reader's move is drawn first; moves made before the next frame cost one reveal, of the last."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        tree = app.screen.query_one("#tree", Tree)
        await pilot.pause()
        reveals: list[str] = []
        reveal = tree._reveal  # type: ignore[attr-defined]
        tree._reveal = lambda: (reveals.append(tree._following), reveal())  # type: ignore[attr-defined]
        reader = reader_of(app)
        for mid in ("2.1.p1.m1", "3.1.p1.m1", "3.2.2.p1.m2"):
            reader.move_to(small_doc.measure_index[mid])
        before = tree.cursor_node
        assert before is None or parse_node_data(before.data or "")[1] != "3.2.2"  # not yet: after the frame
        await pilot.pause()
        assert reveals == ["3.2.2"]
        assert tree.cursor_node is not None and parse_node_data(tree.cursor_node.data or "")[1] == "3.2.2"


async def test_selecting_a_tree_node_moves_the_reader(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        tree = app.screen.query_one("#tree", Tree)
        node = next(n for n in tree.root.children if parse_node_data(n.data or "")[1] == "2")
        await pilot.click("#tree", offset=(4, node.line))
        await pilot.pause()
        reader = reader_of(app)
        assert small_doc.measures[reader.cursor].id == "2.h"
        layout = reader.layout_rows
        assert layout is not None
        assert 0 <= layout.measure_first_row[reader.cursor] - round(reader.scroll_y) <= 2  # heading at the top


async def test_clicking_a_measure_puts_the_cursor_on_it(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = reader_of(app)
        layout = reader.layout_rows
        assert layout is not None
        target = small_doc.measure_index["1.1.p1.m2"]
        row = layout.measure_first_row[target]
        # The second sentence starts mid-row: click a cell inside it.
        texts = layout.blocks
        block = texts.measure_block[target]
        offset = texts.measure_offset[target]
        cum = texts.cums[block]
        x = GUTTER + layout.row_indent[row] + cum[offset + 1] - cum[layout.row_start[row]]
        await pilot.click("#reader", offset=(x, row - round(reader.scroll_y)))
        assert reader.cursor == target


async def test_mouse_wheel_scrolls_and_cursor_stays_visible(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(100, 20)) as pilot:
        reader = reader_of(app)
        for _ in range(8):
            await pilot._post_mouse_events([events.MouseScrollDown], "#reader", offset=(10, 5))
        await pilot.pause()
        assert reader.scroll_y > 5
        assert reader.cursor > 0 and cursor_row_in_view(reader)


async def test_status_line_shows_breadcrumb_position_and_script(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        reader_of(app).move_to(small_doc.measure_index["3.2.2.p1.m2"])
        await pilot.pause()
        line = app.screen.query_one(StatusBar).plain().rstrip()
        assert line.startswith("三、推进基本公共教育均等化 › （二）促进义务教育优质均衡发展 › ")
        # (二): its heading, then items of 3, 2 and 2 measures; 3.2.2.p1.m2 is the 6th of 8.
        assert "› 6/8" in line and line.endswith("简")


async def test_breadcrumb_shortens_titles_at_80_columns(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter")
        line = app.screen.query_one(StatusBar).plain()
        assert "…" in line and "集团化办学 1/3" in line and line.rstrip().endswith("简")
        assert "› 2/3" in line  # the position is never cut


async def test_at_80_columns_one_side_pane_at_a_time(small_doc: Document) -> None:
    """f3 or l at 80x24 used to leave the text 20 columns wide; now the tree gives way."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = reader_of(app)
        wide = reader.size.width
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#notes").display and not screen.query_one("#tree").display
        assert reader.size.width >= 40
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#tree").display and not screen.query_one("#notes").display
        assert reader.size.width == wide
        await pilot.press("l")
        await pilot.pause()
        assert screen.query_one("#notes").display and not screen.query_one("#tree").display
        assert reader.size.width >= 40


async def test_q_closes_pop_ups(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        for opener in ("question_mark", "asterisk", "r"):
            await pilot.press(opener)
            # The first r loads the word segmenter in a thread.
            assert await wait_until(pilot, lambda: app.screen.is_modal), opener
            await pilot.press("q")
            await pilot.pause()
            assert not app.screen.is_modal and app.is_running, opener


async def test_the_reader_remembers_position_script_panes_and_search(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "n", "s", "f2")
        await pilot.pause()
        where = reader_of(app).cursor
    again = PolicyApp(small_doc)
    async with again.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = again.screen
        assert reader_of(again).cursor == where and reader_of(again).traditional
        assert not screen.query_one("#tree").display
        assert screen.search.query == "集团化办学" and len(screen.search.hits) == 3
        assert "集团化办学" in screen.status.plain()


async def test_panes_both_open_on_a_wide_terminal_leave_room_on_a_narrow_one(small_doc: Document) -> None:
    """Both side panes shown at 160 columns and remembered; the next start at 80x24 shows the
    tree only (both there left the text 20 columns wide), and the wide terminal keeps both."""
    from tui import state
    from tui.state import PlanState

    state.save(state.load().with_plan(small_doc.id, PlanState(tree=True, notes=True)))
    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#tree").display and not app.screen.query_one("#notes").display
    state.save(state.load().with_plan(small_doc.id, PlanState(tree=True, notes=True)))
    app = PolicyApp(small_doc)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#tree").display and app.screen.query_one("#notes").display


async def test_a_pane_that_gave_way_for_width_is_not_remembered(small_doc: Document) -> None:
    """l at 80x24 shows the notes and the tree gives way: that used to be saved as the
    user's "tree": false, so the next start at 160x45 had no tree until f2."""
    from tui import state

    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.query_one("#notes").display and not app.screen.query_one("#tree").display
    assert state.load().plan(small_doc.id).tree is None
    again = PolicyApp(small_doc)
    async with again.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#tree").display and again.screen.query_one("#notes").display


async def test_f2_and_f3_are_remembered(small_doc: Document) -> None:
    from tui import state

    app = PolicyApp(small_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")  # the notes shown, the tree gives way: only the notes were chosen
        await pilot.pause()
    assert (state.load().plan(small_doc.id).tree, state.load().plan(small_doc.id).notes) == (None, True)
    app = PolicyApp(small_doc)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert not app.screen.query_one("#tree").display
    assert state.load().plan(small_doc.id).tree is False


async def test_resizing_to_80_columns_keeps_one_side_pane(small_doc: Document) -> None:
    """Both side panes open at 160x45, then 80x24: both stayed and left the text about
    20 cells wide; now the notes give way (as at start), and come back at 160 columns."""
    from tui import state
    from tui.state import PlanState

    state.save(state.load().with_plan(small_doc.id, PlanState(tree=True, notes=True)))
    app = PolicyApp(small_doc)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#tree").display and screen.query_one("#notes").display
        await pilot.press("f3", "f3")  # the notes asked for last: at 80 columns they still give way
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.query_one("#tree").display and not screen.query_one("#notes").display
        assert reader_of(app).size.width >= 40
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert screen.query_one("#tree").display and screen.query_one("#notes").display
    assert (state.load().plan(small_doc.id).tree, state.load().plan(small_doc.id).notes) == (True, True)
