"""Pilot tests of search behaviour: the 集团化办学 walk on the bundled plan, no hits,
traditional queries, context above a jump, and the search box's own keys."""

from __future__ import annotations

import re

from textual.widgets import Input, OptionList

from tests.support.pilot import reader_of
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.screens.reader_screen import ReaderScreen
from tui.ui.widgets.status_bar import StatusBar


def where(doc: Document, measure_index: int) -> str:
    """Chapter and section numbers of a measure, brackets dropped: 五(二) -> 五二."""
    path = doc.path(doc.measures[measure_index].section_id)
    return re.sub(r"[、()（）\s]", "", "".join(s.number for s in path[:2]))


async def test_walk_jituanhua_banxue_on_the_bundled_plan(bundled_doc: Document) -> None:
    app = PolicyApp(bundled_doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter")
        visited = [where(bundled_doc, reader_of(app).cursor)]
        for _ in range(3):
            await pilot.press("n")
            visited.append(where(bundled_doc, reader_of(app).cursor))
        assert visited == ["一三", "五二", "五二", "六三"]
        assert "集团化办学 4/4" in app.screen.query_one(StatusBar).plain()
        await pilot.press("m")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        rows = [options.get_option_at_index(i) for i in range(options.option_count)]
        chart = [str(o.prompt) for o in rows if (o.id or "").startswith("chart")]
        headers = [str(o.prompt) for o in rows if o.disabled and o.id is None]
        assert len(chart) == len(bundled_doc.chapters) and chart[4].rstrip().endswith("2")  # hits per chapter
        assert [h[0] for h in headers] == ["一", "五", "六"]
        assert [h[-2] for h in headers] == ["1", "2", "1"]  # the counts, e.g. "…（2）"


async def test_no_hits_says_so_and_keeps_the_cursor(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    notices: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        original = app.notify
        app.notify = lambda message, **kw: (notices.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
        await pilot.press("j", "j", "slash", *"火星基地", "enter")
        assert notices == ["未找到“火星基地”"]
        assert reader_of(app).cursor == 2
        assert "火星基地 0" in app.screen.query_one(StatusBar).plain()


async def test_a_traditional_query_finds_the_same_hits(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *"集團化辦學", "enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and len(screen.search.hits) == 3


async def test_a_jump_leaves_context_above_the_hit(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.press("slash", *"教师合理流动", "enter")
        reader = reader_of(app)
        layout = reader.layout_rows
        assert layout is not None
        row = layout.measure_first_row[reader.cursor]
        assert small_doc.measures[reader.cursor].id == "3.2.3.p1.m2"
        assert round(reader.scroll_y) + 2 <= row < round(reader.scroll_y) + reader.scrollable_content_region.height


async def test_escape_in_the_search_box_closes_it_and_keeps_hits(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "slash")
        box = app.screen.query_one("#search", Input)
        assert box.has_focus and box.value == "集团化办学"
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not box.display and reader_of(app).has_focus and len(screen.search.hits) == 3
        await pilot.press("escape")
        assert len(screen.search.hits) == 0


async def test_keys_typed_in_the_search_box_are_text(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", "q", "n", "s", "m")
        assert app.is_running
        box = app.screen.query_one("#search", Input)
        assert box.value == "qnsm" and not reader_of(app).traditional


def test_mentions_show_more_of_a_section_title_on_wide_terminals(bundled_doc: Document) -> None:
    """At 80 columns a title is cut at 14 characters; at 200 it gets 60."""
    from tui.document.search import search
    from tui.ui.widgets.list_rows import mention_options

    hits = search(bundled_doc, "集团化办学")
    narrow = [str(o.prompt) for o in mention_options(bundled_doc, hits, False, 80) if not o.disabled]
    wide = [str(o.prompt) for o in mention_options(bundled_doc, hits, False, 200) if not o.disabled]
    title = "（三）深化改革力度，提升职业教育办学水平"  # 20 characters, beside the last hit
    assert title not in narrow[-1] and title[:13] in narrow[-1] and title in wide[-1]


async def test_mentions_opened_again_reuse_their_lines_and_land_as_a_fresh_list(bundled_doc: Document) -> None:
    """The list is built once per search: opened again it holds the same option objects
    (nothing rebuilt), with the highlight and scroll a freshly built list gets."""
    app = PolicyApp(bundled_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "m")
        first = app.screen.query_one(OptionList)
        made = [first.get_option_at_index(i) for i in range(first.option_count)]
        await pilot.press("escape", "n", "n", "m")
        options = app.screen.query_one(OptionList)
        kept = (options.highlighted_option, options.scroll_y, options.option_count)
        assert [options.get_option_at_index(i) for i in range(options.option_count)] == made
        assert all(options.get_option_at_index(i) is o for i, o in enumerate(made))
        assert kept[0] is not None and kept[0].id == "2"  # the current hit: the third
        await pilot.press("escape")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.mentions = None  # built anew: what a first opening shows
        await pilot.press("m")
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(len(made) - 1) is not made[-1]
        assert options.highlighted_option is not None and options.highlighted_option.id == "2"
        assert (options.scroll_y, options.option_count) == kept[1:]
        await pilot.press("escape", "slash", *"职业教育", "enter", "m")  # another search: another list
        options = app.screen.query_one(OptionList)
        assert "职业教育" in str(options.get_option_at_index(options.highlighted or 0).prompt)


async def test_the_mentions_chart_comes_into_view_on_the_first_hit(bundled_doc: Document) -> None:
    """At 80x24 the list opens at the current hit, below the chart; k or home to the first
    hit shows the chart above it too (its lines cannot be highlighted, so scrolling had stopped)."""
    app = PolicyApp(bundled_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"集团化办学", "enter", "n", "n", "n", "m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.scroll_y > 0 and options.highlighted_option is not None
        await pilot.press("home")
        await pilot.pause()
        assert options.highlighted_option is not None and options.highlighted_option.id == "0"
        assert options.scroll_y == 0  # the chart's first line is in view
        await pilot.press("end", "k", "k", "k")
        await pilot.pause()
        assert options.highlighted_option.id == "0" and options.scroll_y == 0
