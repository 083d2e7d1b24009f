"""Provides ReaderView: the document text with a measure cursor (Line API).

Only the visible rows are rendered: the text is wrapped per width
(``wrap.Layout``) as far as the screen needs, the rest in short slices
after the first frame, and ``render_line`` has a ``RowPainter`` style one
row at a time.  On a wide terminal the text keeps to a reading measure
(``max_width`` cells) and is centred.
"""

from __future__ import annotations

import gc
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.document.model import Document
from tui.document.search import Hit
from tui.ui import actions
from tui.ui.messages import ChipSource, CursorMoved, SpanSource
from tui.ui.widgets.reader_render import Overlays, RowPainter, spots_by_block
from tui.ui.widgets.wrap import GUTTER, BlockTexts, Layout, reading_measure

CONTEXT_ROWS = 2  # rows kept above/below the cursor when scrolling to it
WRAP_SLICE = 0.008  # seconds of wrapping at a time after the first frame: keys stay prompt
FREEZE_CHARS = 200_000  # a plan this long is moved out of the garbage collector's reach once shown


class ReaderView(ScrollView, can_focus=True):
    """The plan's text; one measure is under the cursor."""

    COMPONENT_CLASSES = {  # noqa: RUF012
        "reader--title",
        "reader--h1",
        "reader--h2",
        "reader--h3",
        "reader--lead",
        "reader--cursor",
        "reader--cursor-bar",
        "reader--hit",
        "reader--hit-current",
        "reader--spot-flagged",
        "reader--spot-fixed",
        "reader--mark",
        "reader--note-mark",
        "reader--tag",
        "reader--county",
        "reader--chip-note",
        "reader--noted",
    }

    BINDINGS: ClassVar[list[BindingType]] = [*actions.bindings("reader")]

    cursor: reactive[int] = reactive(0, init=False, always_update=False)
    """Index of the measure under the cursor (in ``document.measures``)."""
    traditional: reactive[bool] = reactive(False, init=False)
    """Show the traditional-script text."""
    max_width: reactive[int] = reactive(0, init=False)
    """The reading measure: at most this many cells of text per line, centred (0: the full width).
    Starts from ``POLICY_TUI_MEASURE`` (default 80, about 40 CJK characters)."""

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self._texts: dict[bool, BlockTexts] = {}
        self._layout: Layout | None = None
        self._hits: tuple[Hit, ...] = ()
        self._current_hit = -1
        self._hits_by_block: dict[int, list[tuple[int, int, bool]]] = {}
        self._marks: dict[str, str] = {}
        self._chip_source: ChipSource | None = None
        self._span_source: SpanSource | None = None
        self._chip_blocks: frozenset[int] = frozenset()
        self._spots_by_block: dict[int, list[tuple[int, int, bool]]] | None = None
        self._strips: dict[int, Strip] = {}
        self._style_cache: dict[tuple[str, ...], Style] = {}
        self._painter = RowPainter(document, self._style)
        self._following_scroll = False
        self._painted = False
        self._wrapping = False
        self.set_reactive(ReaderView.max_width, reading_measure() or 0)

    # --- attributes set by the screen --------------------------------------

    def set_hits(self, hits: tuple[Hit, ...], current: int) -> None:
        """Highlight ``hits``; ``hits[current]`` is the current one (-1: none)."""
        self._hits, self._current_hit = hits, current
        self._hits_by_block = {}
        texts = self.block_texts
        index = self.document.measure_index
        for k, hit in enumerate(hits):
            i = index[hit.measure_id]
            b, off = texts.measure_block[i], texts.measure_offset[i]
            self._hits_by_block.setdefault(b, []).append((off + hit.start, off + hit.end, k == current))
        self._invalidate()

    def set_marks(self, marks: dict[str, str], chips: ChipSource | None = None,
                  spans: SpanSource | None = None) -> None:
        """Gutter marks by measure id (annotated measures), and where their chips come from.

        A block holding a marked measure gets a chips row under it; ``chips``
        is asked for a measure's chips only when that row is drawn, ``spans``
        for the words a note on a search hit is about, which are underlined.
        """
        unmarked = not marks and not self._marks
        self._marks = dict(marks)
        if chips is not None:
            self._chip_source = chips
        if spans is not None:
            self._span_source = spans
        if unmarked:
            # Chips and underlines are drawn for marked measures only: nothing
            # changes (the notes of an empty notebook, just after the first frame).
            return
        texts = self.block_texts
        index = self.document.measure_index
        blocks = frozenset(texts.measure_block[index[mid]] for mid in self._marks if mid in index)
        if blocks != self._chip_blocks:
            self._chip_blocks = blocks
            self._relayout()
        else:
            self._invalidate()

    # --- geometry ------------------------------------------------------------

    @property
    def block_texts(self) -> BlockTexts:
        texts = self._texts.get(self.traditional)
        if texts is None:
            texts = self._texts[self.traditional] = BlockTexts(self.document, self.traditional)
        return texts

    @property
    def has_painted(self) -> bool:
        """True once rows of text have been rendered (the benchmark waits for it)."""
        return self._painted

    @property
    def layout_rows(self) -> Layout | None:
        """The current wrap (None before the first resize)."""
        return self._layout

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        old = self._layout
        screen_row = None
        if old is not None and old.height:
            screen_row = old.measure_first_row[self.cursor] - round(self.scroll_y)
        self._layout = Layout(self.block_texts, width, self._chip_blocks, measure=self.max_width or None, lazy=True)
        self._spots_by_block = None
        self.virtual_size = Size(width, self._layout.height)
        self._invalidate()
        if not self._wrapping:
            self._wrapping = True
            self.call_after_refresh(self._wrap_rest)
        if screen_row is not None:
            # Keep the cursor measure where it was on screen, if that is
            # still inside the (maybe shorter) view.
            height = max(1, self.scrollable_content_region.height)
            screen_row = max(0, min(screen_row, height - 1 - min(CONTEXT_ROWS, height // 4)))
            top = self._layout.measure_first_row[self.cursor] - screen_row
            self._scroll_quietly(top)

    def _wrap_rest(self) -> None:
        """Wrap a slice of the rows not wrapped yet; again after a pause until done.

        A timer, not ``call_later``: the pause lets keys and repaints run
        between slices.
        """
        layout = self._layout
        if layout is None or layout.wrap_for(WRAP_SLICE):
            self._wrapping = False
            self._sync_size()
            if layout is not None and layout.blocks.char_prefix[-1] >= FREEZE_CHARS:
                # A big plan is hundreds of thousands of objects that live as
                # long as the app: without this, each full collection walks
                # them all, a pause of 50-250 ms in the middle of a key.
                gc.freeze()
        else:
            self.set_timer(0.001, self._wrap_rest)

    def _sync_size(self) -> None:
        """The scrollable height, as far as the wrap knows it (exact once complete)."""
        layout = self._layout
        if layout is not None and self.virtual_size.height != layout.height:
            self.virtual_size = Size(layout.width, layout.height)

    def watch_max_width(self) -> None:
        self._relayout()

    def on_resize(self, event: events.Resize) -> None:
        if self._layout is None or self._layout.width != self.scrollable_content_region.width:
            self._relayout()

    def watch_traditional(self) -> None:
        if self._hits:
            self.set_hits(self._hits, self._current_hit)
        self._relayout()

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_mount(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._strips.clear()

    # --- drawing ---------------------------------------------------------------

    def _style(self, *names: str) -> Style:
        """Base style plus the named component styles (cached)."""
        style = self._style_cache.get(names)
        if style is None:
            style = self.rich_style
            for name in names:
                style += self.get_component_rich_style(name, partial=True)
            self._style_cache[names] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            # Wrap here rather than wait for the Resize event, which arrives
            # only after the first frame: the text shows in the first frame.
            self._relayout()
        layout = self._layout
        row = round(self.scroll_y) + y
        if layout is not None:
            layout.wrap_rows(row + 1)
        if layout is None or not 0 <= row < len(layout.row_block):
            return Strip.blank(width, self._style())
        strip = self._strips.get(row)
        if strip is None:
            if self._spots_by_block is None:
                self._spots_by_block = spots_by_block(self.document, self.block_texts)
            over = Overlays(self.cursor, self._hits_by_block, self._spots_by_block, self._marks, self._chip_source,
                            self._span_source)
            strip = self._strips[row] = self._painter.paint(layout, row, over, width)
            self._painted = True
        return strip

    # --- cursor and scrolling -------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.screen.post_message(CursorMoved(new, self.document.measures[new].id))
        # Repaint after the message is out, so that the panes it updates
        # are painted in the same frame as the cursor.
        self.call_later(self._refresh_measures, old, new)

    def _refresh_measures(self, *indexes: int) -> None:
        """Repaint only the rows of these measures (a cursor move)."""
        layout = self._layout
        if layout is None:
            return
        top = round(self.scroll_y)
        width = self.scrollable_content_region.width
        for i in indexes:
            if not 0 <= i < len(layout.measure_first_row):
                continue
            first, last = layout.measure_first_row[i], layout.measure_last_row[i]
            for row in range(first, last + 1):
                self._strips.pop(row, None)
            self.refresh(Region(0, first - top, width, last - first + 1))

    def move_to(self, index: int, *, row_hint: int | None = None, center: bool = False, top: bool = False) -> None:
        """Put the cursor on measure ``index`` and scroll it into view.

        ``row_hint`` is a row inside the measure that must be visible (a hit
        in a long measure); ``center`` places it a third down the view, with
        context above, unless it is already comfortably in view; ``top``
        puts the measure at the top (a section start).
        """
        index = max(0, min(index, len(self.document.measures) - 1))
        self.cursor = index
        layout = self._layout
        if layout is None:
            return
        first, last = layout.measure_first_row[index], layout.measure_last_row[index]
        self._sync_size()  # a jump past the rows wrapped so far
        focus_row = first if row_hint is None else row_hint
        height = max(1, self.scrollable_content_region.height)
        view_top = round(self.scroll_y)
        margin = min(CONTEXT_ROWS, height // 4)
        if top:
            self._scroll_quietly(first - 1)
        elif center:
            if not (view_top + margin <= focus_row and max(last, focus_row) < view_top + height - margin):
                self._scroll_quietly(focus_row - height // 3)
        elif first - margin < view_top or (last - first + 1 > height and focus_row < view_top):
            self._scroll_quietly(first - margin)
        elif last + margin >= view_top + height:
            self._scroll_quietly(min(first - margin, last + margin - height + 1))

    def show_hit(self, hit: Hit) -> None:
        """Jump to a search hit: cursor on its measure, hit in view with context."""
        index = self.document.measure_index[hit.measure_id]
        row = None
        if self._layout is not None:
            texts = self.block_texts
            b = texts.measure_block[index]
            row = self._layout.row_of(b, texts.measure_offset[index] + hit.start)
        self.move_to(index, row_hint=row, center=True)

    def _scroll_quietly(self, y: int) -> None:
        """Scroll without letting the cursor follow the scroll."""
        self._following_scroll = True
        try:
            self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)
        finally:
            self._following_scroll = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._following_scroll:
            self._keep_cursor_in_view()

    def _keep_cursor_in_view(self) -> None:
        """After a wheel or scrollbar scroll, move the cursor into the view."""
        layout = self._layout
        if layout is None or not layout.height:
            return
        top = round(self.scroll_y)
        bottom = top + max(1, self.scrollable_content_region.height) - 1
        first, last = layout.measure_first_row[self.cursor], layout.measure_last_row[self.cursor]
        if last < top:
            target = layout.measure_at_row(top)
        elif first > bottom:
            target = layout.measure_at_row(bottom)
            # The measure at the bottom row may start below the view; take the previous one.
            if target is not None and layout.measure_first_row[target] > bottom and target > 0:
                target -= 1
        else:
            return
        if target is not None:
            self.cursor = target

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def _shift(self, rows: int) -> None:
        """Scroll by ``rows`` and move the cursor by as many rows."""
        layout = self._layout
        if layout is None or not layout.height:
            return
        row = layout.measure_first_row[self.cursor] + rows
        target = layout.measure_at_row(row)
        self._sync_size()
        if target is None:
            target = len(self.document.measures) - 1
        if target == self.cursor:
            target += 1 if rows > 0 else -1
        self._scroll_quietly(round(self.scroll_y) + rows)
        self.move_to(target)

    def action_half_page(self, direction: int) -> None:
        self._shift(direction * max(1, self.scrollable_content_region.height // 2))

    def action_page_down(self) -> None:
        self._shift(max(1, self.scrollable_content_region.height - CONTEXT_ROWS))

    def action_top(self) -> None:
        self.move_to(0)
        self._scroll_quietly(0)

    def action_end(self) -> None:
        self.move_to(len(self.document.measures) - 1)

    def on_click(self, event: events.Click) -> None:
        layout = self._layout
        offset = event.get_content_offset(self)
        if layout is None or offset is None:
            return
        row = round(self.scroll_y) + offset.y
        if 0 <= row < layout.height:
            target = layout.measure_at_row(row, offset.x - layout.margin - GUTTER)
            if target is not None:
                self.move_to(target)

    def set_document(self, document: Document) -> None:
        """Show ``document`` instead (the same plan after a reviewed fix: measure ids stay)."""
        self.document = document
        self._painter = RowPainter(document, self._style)
        self._texts = {}
        self._spots_by_block = None
        self._hits, self._current_hit, self._hits_by_block = (), -1, {}
        # Another plan's measures: the old cursor and layout mean nothing in it (the screen moves the cursor next).
        self.set_reactive(ReaderView.cursor, min(self.cursor, len(document.measures) - 1))
        self._layout = None
        self._relayout()
