"""The reader at scale and on hostile text: lazy wrapping, the reading measure, inert text, long lists.

Issues 12, 13 and 14: a plan whose first line is a megabyte froze the app;
character widths were computed for the whole document at mount; escape
sequences in the plan reached the terminal; a wide terminal stretched lines
across 150 columns; the mentions list of a common term was built whole
before its first frame.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from textual.widgets import OptionList

from tests.support.pilot import reader_of
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.dialogs.picker import FIRST_LINES, PickerScreen
from tui.ui.widgets.wrap import (
    DEFAULT_MEASURE,
    GUTTER,
    LONG_BLOCK,
    RIGHT_MARGIN,
    BlockTexts,
    Layout,
    cumulative_widths,
    reading_measure,
)

FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]52;c;cHduZWQ=\x07\x1b]0;title\x1b\\\x1b[2J\x9b31m\u202eevil\u202c\t\n"


def with_text(doc: Document, k: int, extra: str) -> Document:
    """``doc`` with ``extra`` appended to measure ``k`` (both scripts)."""
    measures = list(doc.measures)
    m = measures[k]
    measures[k] = dataclasses.replace(m, text=m.text + extra, text_trad=m.text_trad + extra)
    return dataclasses.replace(doc, measures=tuple(measures))


def long_plan(doc: Document, chars: int) -> Document:
    """The first paragraph made ``chars`` characters long: one enormous line of a scrape."""
    k = next(i for i, m in enumerate(doc.measures) if m.kind != "heading")
    return with_text(doc, k, "教育事业发展规划" * (chars // 8))


# --- the layout, without an app ----------------------------------------------------------------


@pytest.mark.parametrize("width", [24, 55, 120])
def test_a_lazy_layout_gives_the_same_rows_as_a_whole_one(small_doc: Document, width: int) -> None:
    texts = BlockTexts(small_doc, False)
    whole = Layout(texts, width)
    lazy = Layout(texts, width, lazy=True)
    assert len(lazy.row_block) < len(whole.row_block)  # nothing past the title is wrapped yet
    # Rows asked for out of order, through every way in.
    last = len(small_doc.measures) - 1
    assert lazy.measure_last_row[last // 2] == whole.measure_last_row[last // 2]
    assert lazy.measure_first_row[last] == whole.measure_first_row[last]
    assert lazy.measure_first_row[0] == whole.measure_first_row[0]
    lazy.wrap_all()
    assert lazy.complete and lazy.height == whole.height
    assert (lazy.row_block, lazy.row_start, lazy.row_end, lazy.row_indent) == (
        whole.row_block, whole.row_start, whole.row_end, whole.row_indent)
    assert [lazy.measure_last_row[i] for i in range(last + 1)] == [whole.measure_last_row[i] for i in range(last + 1)]


def test_widths_are_computed_per_block_when_first_wrapped(small_doc: Document) -> None:
    texts = BlockTexts(small_doc, False)
    assert all(c is None for c in texts._cums)
    layout = Layout(texts, 55, lazy=True)
    layout.wrap_rows(8)
    done = sum(c is not None for c in texts._cums)
    assert 0 < done < len(texts.texts)
    assert texts.cums[3] == cumulative_widths(texts.texts[3])


def test_a_megabyte_line_is_wrapped_only_as_far_as_shown(small_doc: Document) -> None:
    doc = long_plan(small_doc, 400_000)
    layout = Layout(BlockTexts(doc, False), 55, lazy=True)
    layout.wrap_rows(40)
    assert len(layout.row_block) < 200  # not the ~15,000 rows of the long paragraph
    assert layout.height > 10_000  # the estimate already knows it is long
    first = layout.measure_first_row[len(doc.measures) - 1]  # a jump to the end wraps to there
    assert first > 10_000 and layout.complete


def test_cell_widths_match_rich() -> None:
    from rich.cells import cell_len

    text = "教育ab１２é𪾢，“x”\u0301"
    cum = cumulative_widths(text)
    assert cum == [cell_len(text[:i]) for i in range(len(text) + 1)]


# --- the reading measure ------------------------------------------------------------------------


def test_the_measure_setting() -> None:
    assert reading_measure("") == DEFAULT_MEASURE == 80
    assert reading_measure("60") == 60
    assert reading_measure("0") is None and reading_measure("none") is None
    assert reading_measure("5") == 20  # never narrower than a usable line
    assert reading_measure("wide") == DEFAULT_MEASURE  # a typo does not stop the reader


async def test_a_wide_terminal_keeps_lines_to_the_measure_centred(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(220, 50)) as pilot:
        await pilot.pause()
        reader = reader_of(app)
        layout = reader.layout_rows
        assert layout is not None
        room = reader.scrollable_content_region.width - GUTTER - RIGHT_MARGIN
        assert room > 100 and layout.text_width == 80
        assert layout.margin == (room - 80) // 2
        rows = [reader.render_line(y).text for y in range(reader.scrollable_content_region.height)]
        bar_row = next(r for r in rows if "▌" in r)  # the cursor bar stays beside the text
        assert bar_row.index("▌") == layout.margin
        assert all(len(r.rstrip()) <= layout.margin + GUTTER + 80 for r in rows)


async def test_the_measure_follows_the_environment_and_the_setting(small_doc: Document,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_MEASURE", "0")
    app = PolicyApp(small_doc)
    async with app.run_test(size=(220, 50)) as pilot:
        reader = reader_of(app)
        await pilot.pause()
        assert reader.layout_rows is not None and reader.layout_rows.text_width > 100
        reader.max_width = 50
        await pilot.pause()
        assert reader.layout_rows.text_width == 50 and reader.layout_rows.margin > 0


async def test_120_columns_are_not_narrowed(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        layout = reader_of(app).layout_rows
        assert layout is not None and layout.margin == 0
        assert layout.text_width == reader_of(app).scrollable_content_region.width - GUTTER - RIGHT_MARGIN


# --- inert text ---------------------------------------------------------------------------------


async def test_escape_sequences_in_the_plan_are_drawn_inert(small_doc: Document) -> None:
    doc = with_text(small_doc, 2, "集团化办学" + HOSTILE)
    app = PolicyApp(doc)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = reader_of(app)
        reader.move_to(2)
        await pilot.pause()
        segments = [seg.text for y in range(reader.scrollable_content_region.height) for seg in reader.render_line(y)]
        assert "␛]52;c;cHduZWQ=␇" in "".join(segments)  # shown, not dropped
        assert not any(FORBIDDEN.search(text) for text in segments)
        await pilot.press("slash", *"集团化办学", "enter", "m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        lines = [seg.text for y in range(options.size.height) for seg in options.render_line(y)]
        assert not any(FORBIDDEN.search(text) for text in lines)


# --- long lines and long lists ----------------------------------------------------------------------


async def test_a_plan_with_a_megabyte_line_opens_lazily_and_quits(small_doc: Document,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame waits for the first screen only; the rest is wrapped after it, keys
    still work meanwhile, and a plan this big is then moved out of the collector's way."""
    frozen: list[bool] = []
    monkeypatch.setattr("tui.ui.widgets.reader.gc.freeze", lambda: frozen.append(True))
    doc = long_plan(small_doc, 400_000)
    assert len(doc.measures[1].text) > LONG_BLOCK
    app = PolicyApp(doc)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = reader_of(app)
        layout = reader.layout_rows
        assert layout is not None and reader.has_painted
        await pilot.press("j", "j")
        for _ in range(200):
            if layout.complete:
                break
            await pilot.pause(0.01)
        assert layout.complete and frozen == [True, True]  # what start-up built, then the wrapped plan
        assert reader.virtual_size.height == layout.height  # the scroll range is exact once wrapped
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # q quits


async def test_the_mentions_list_opens_with_its_first_screen(small_doc: Document,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    term = "集团化办学"
    doc = small_doc
    for k in range(1, len(doc.measures)):
        doc = with_text(doc, k, term * 3)
    batches: list[int] = []
    add_options = OptionList.add_options

    def counted(self: OptionList, options: Any) -> OptionList:
        options = list(options)
        if options:
            batches.append(len(options))
        return add_options(self, options)

    monkeypatch.setattr(OptionList, "add_options", counted)
    app = PolicyApp(doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *term, "enter")
        await pilot.pause()
        batches.clear()
        await pilot.press("m")
        for _ in range(20):
            await pilot.pause(0.01)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(OptionList)
        hits = sum(1 for k in range(options.option_count) if not options.get_option_at_index(k).disabled)
        assert hits > 100 and batches[0] == FIRST_LINES  # the first frame did not wait for every line
        assert sum(batches) == options.option_count and len(batches) > 1
        assert options.highlighted is not None and not options.get_option_at_index(options.highlighted).disabled


async def test_moving_the_cursor_lays_the_screen_out_again_only_when_the_notes_header_grows(
        bundled_doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout repaints every pane: the notes header asks for one only when it takes another number of lines."""
    from textual.widget import Widget

    asked: list[str] = []
    refresh = Widget.refresh

    def spy(self: Widget, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> None:
        if layout and self.id == "notes-header":
            asked.append(str(self.id))
        refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

    app = PolicyApp(bundled_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("G")  # the last chapter: several measures of one section in a row
        await pilot.pause()
        monkeypatch.setattr(Widget, "refresh", spy)
        header = app.screen.query_one("#notes-header")
        lines = header.size.height
        moves = 0
        for _ in range(3):
            await pilot.press("k")
            await pilot.pause()
            moves += header.size.height == lines
        assert moves and len(asked) <= 3 - moves  # a move that keeps the header's lines asks for no layout
