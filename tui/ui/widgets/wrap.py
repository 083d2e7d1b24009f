"""Provides the lazy layout of a Document's blocks into screen rows (CJK line breaks: ``line_breaks``).

Plain Python (rich.cells only), so the layout can be tested without Textual.
A ``Layout`` is made for one width and one script; the reader keeps one and
makes a new one on resize.  It wraps only as far as it is asked (the rows on
screen, the block of a jump target), one row at a time, so opening a plan of
any size, or one whose first line is a megabyte, costs the first screen; the
reader wraps the rest in short slices after the first frame.  Character
widths are likewise computed per block when the block is first wrapped.
"""

from __future__ import annotations

import os
import time
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from operator import attrgetter
from weakref import WeakMethod

from tui.display import clean_row, one_line
from tui.document.model import Document
from tui.ui.widgets.line_breaks import NO_END, NO_START, cumulative_widths, iter_wrap, wrap_offsets

# The line-breaking rules are re-exported: a layout and its rules are read together.
__all__ = ["CHIPS", "DEFAULT_MEASURE", "GUTTER", "LONG_BLOCK", "NO_END", "NO_START", "RIGHT_MARGIN", "SPACER",
           "TITLE", "BlockTexts", "Layout", "cumulative_widths", "reading_measure", "wrap_offsets"]

GUTTER = 2  # marks column: cursor bar, damaged spans, later annotations
RIGHT_MARGIN = 1
SPACER = -1  # row_block of a blank row between blocks
TITLE = -2  # row_block of a row of the plan's title
CHIPS = -3  # row_block of the annotation chips under a block (row_start is the block)
PARA_INDENT = 4  # two CJK characters, as Chinese paragraphs are set
TABLE_HANG = 2  # a table row's later lines, so that each row's start stands out
LONG_BLOCK = 4000  # characters: a longer block is wrapped a few rows at a time
TITLE_CHARS = 400  # a longer "title" is a damaged line; the plan's text still shows it whole
# The reading measure: at most this many cells of text per line (40 CJK
# characters), the rest of a wide reader is margin.  Reached only above
# about 120 columns with both side panes shown.
DEFAULT_MEASURE = 80
MIN_MEASURE = 20


def reading_measure(env: str | None = None) -> int | None:
    """The measure from ``POLICY_TUI_MEASURE`` (cells of text; ``0`` or ``none``: the full width).

    An unreadable value gives the default rather than stopping the reader.
    """
    value = (os.environ.get("POLICY_TUI_MEASURE", "") if env is None else env).strip().lower()
    if value in ("0", "none", "off"):
        return None
    if value.isdigit():
        return max(MIN_MEASURE, int(value))
    return DEFAULT_MEASURE


class BlockTexts:
    """Each block's text in one script, as shown (``clean_row``: nothing in it drives the
    terminal; same length, so every offset holds), with measure offsets; widths on demand."""

    def __init__(self, doc: Document, traditional: bool) -> None:
        # The plan's title is shown above the first block; it is no measure.
        self.title = one_line(doc.meta.title, TITLE_CHARS)
        self.title_cum = cumulative_widths(self.title)
        self.texts: list[str] = []
        self.heading_level: list[int | None] = []  # None for paragraphs
        self.table: list[bool] = []  # a table block: each of its measures (rows) starts a line
        self.block_bounds: list[list[int]] = []  # measure start offsets + end
        self.block_measures: list[list[int]] = []
        self.measure_block = [0] * len(doc.measures)  # by measure index
        self.measure_offset = [0] * len(doc.measures)
        index = doc.measure_index
        sections = doc.section_by_id
        text_of = attrgetter("text_trad" if traditional else "text")
        measures, measure_block, measure_offset = doc.measures, self.measure_block, self.measure_offset
        for b, block in enumerate(doc.blocks):
            mids = [index[mid] for mid in block.measure_ids]
            parts = [text_of(measures[i]) for i in mids]
            bounds = [0, *accumulate(map(len, parts))]
            for i, offset in zip(mids, bounds, strict=False):
                measure_block[i] = b
                measure_offset[i] = offset
            self.texts.append(clean_row("".join(parts)))
            self.block_bounds.append(bounds)
            self.block_measures.append(mids)
            self.heading_level.append(sections[block.section_id].level if block.kind == "heading" else None)
            self.table.append(block.kind == "table")
        self._cums: list[list[int] | None] = [None] * len(self.texts)
        # Characters before each block: the layout's estimate of the rows it has not wrapped.
        self.char_prefix = [0, *accumulate(len(t) for t in self.texts)]

    @property
    def cums(self) -> _Cums:
        """``cums[b]``: the cumulative widths of block ``b`` (computed on first use)."""
        return _Cums(self)

    def cum(self, b: int) -> list[int]:
        cum = self._cums[b]
        if cum is None:
            cum = self._cums[b] = cumulative_widths(self.texts[b])
        return cum

    def measure_at(self, block: int, offset: int) -> int:
        """Index of the measure of ``block`` that holds char ``offset``."""
        bounds = self.block_bounds[block]
        k = bisect_right(bounds, offset) - 1
        k = min(max(k, 0), len(self.block_measures[block]) - 1)
        return self.block_measures[block][k]


class _Cums:
    """The per-block widths as a read-only sequence (``texts.cums[b]``)."""

    def __init__(self, texts: BlockTexts) -> None:
        self._texts = texts

    def __getitem__(self, b: int) -> list[int]:
        return self._texts.cum(b)

    def __len__(self) -> int:
        return len(self._texts.texts)


class _MeasureRows:
    """First (or last) screen row of each measure, wrapped as far as needed when read.

    Holds its layout weakly: no reference cycle, so a layout replaced on a
    resize is freed at once, even after ``gc.freeze``.
    """

    def __init__(self, layout: Layout, values: list[int], last: bool) -> None:
        self._wrap = WeakMethod(layout.wrap_measure)
        self._values, self._last = values, last

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += len(self._values)
        wrap = self._wrap()
        if wrap is not None:
            wrap(i, self._last)
        return self._values[i]

    def __len__(self) -> int:
        return len(self._values)


class Layout:
    """Screen rows of the document at one width, wrapped lazily from the top.

    Row ``r`` shows ``texts[row_block[r]][row_start[r]:row_end[r]]`` after
    ``row_indent[r]`` cells; negative ``row_block`` values are SPACER, TITLE
    and CHIPS rows, which hold no measure text.  Blocks in ``chip_blocks``
    get one CHIPS row under their text (annotation tags).

    The rows lists hold what is wrapped so far: ``wrap_rows``, ``wrap_block``
    and reading ``measure_first_row[i]`` / ``measure_last_row[i]`` wrap
    further; ``height`` is exact once ``complete``, an estimate before.
    ``measure`` caps the text width (the reading measure); ``margin`` cells
    then stand left of the gutter so that the text block is centred.
    """

    def __init__(self, blocks: BlockTexts, width: int, chip_blocks: frozenset[int] = frozenset(),
                 *, measure: int | None = None, lazy: bool = False) -> None:
        self.blocks = blocks
        self.width = width
        self.chip_blocks = chip_blocks
        self.text_width = max(4, width - GUTTER - RIGHT_MARGIN)
        if measure is not None and self.text_width > measure:
            self.text_width = measure
        self.margin = max(0, (width - GUTTER - RIGHT_MARGIN - self.text_width) // 2)
        self.row_block: list[int] = []
        self.row_start: list[int] = []
        self.row_end: list[int] = []
        self.row_indent: list[int] = []
        self.block_first_row: list[int] = []
        self.block_end_row: list[int] = []  # one past the block's last text row
        n = len(blocks.measure_block)
        self._first, self._last = [0] * n, [0] * n
        self.measure_first_row = _MeasureRows(self, self._first, last=False)
        self.measure_last_row = _MeasureRows(self, self._last, last=True)
        self._indent = PARA_INDENT if self.text_width >= 24 else 0
        # The wrapping frontier: the next block, the lines of the one being
        # wrapped, and the next measure without a first / last row.
        self._block = 0
        self._lines: Iterator[tuple[int, int]] | None = None
        self._line_indent = 0
        self._next_first = self._next_last = 0
        self._add_title()
        if not lazy:
            self.wrap_all()

    # --- asking for rows ---------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._block >= len(self.blocks.texts)

    @property
    def height(self) -> int:
        """Rows of the whole document: exact once complete, else the rows so far plus an estimate."""
        if self.complete:
            return len(self.row_block)
        texts = self.blocks
        done = texts.char_prefix[self._block] + (self.row_end[-1] if self._lines is not None else 0)
        left = texts.char_prefix[-1] - done
        blocks_left = len(texts.texts) - self._block
        return len(self.row_block) + (2 * left) // self.text_width + 2 * blocks_left

    def wrap_all(self) -> None:
        while self._step():
            pass

    def wrap_rows(self, count: int) -> None:
        """Wrap until there are ``count`` rows (or the document ends)."""
        while len(self.row_block) < count and self._step():
            pass

    def wrap_block(self, b: int) -> None:
        """Wrap until block ``b`` is done."""
        while self._block <= b and self._step():
            pass

    def wrap_measure(self, i: int, last: bool = False) -> None:
        """Wrap until measure ``i`` has its first (or last) row."""
        if last:
            while self._next_last <= i and self._step():
                pass
        else:
            while self._next_first <= i and self._step():
                pass

    def wrap_for(self, seconds: float) -> bool:
        """Wrap for about ``seconds``; True once complete."""
        stop = time.perf_counter() + seconds
        steps = 0
        while self._step():
            steps += 1
            if steps % 16 == 0 and time.perf_counter() > stop:
                return False
        return True

    # --- wrapping -----------------------------------------------------------------------------------

    def _add_title(self) -> None:
        title = self.blocks.title
        if title:
            cum = self.blocks.title_cum
            for s, e in iter_wrap(title, cum, self.text_width):
                # Centred: the indent takes half the free cells.
                self._add_row(TITLE, s, e, max(0, (self.text_width - (cum[e] - cum[s])) // 2))
            self._add_row(SPACER, 0, 0, 0)

    def _step(self) -> bool:
        """Wrap a little more: a whole block, or 32 rows of a long one; False at the end."""
        texts = self.blocks
        b = self._block
        if self._lines is None:
            if b >= len(texts.texts):
                return False
            if b:
                self._add_row(SPACER, 0, 0, 0)
            self.block_first_row.append(len(self.row_block))
            self._line_indent = 0 if texts.heading_level[b] is not None else self._indent
            text = texts.texts[b]
            if texts.table[b]:
                self._wrap_table(b)
                return True
            lines = iter_wrap(text, texts.cum(b), self.text_width, self._line_indent)
            if len(text) > LONG_BLOCK:  # wrapped row by row, as far as asked
                self._lines = lines
                return True
            row0 = len(self.row_block)
            for k, (start, end) in enumerate(lines):
                self._add_row(b, start, end, 0 if k else self._line_indent)
            self._place_block(b, row0)
            self._end_block(b)
            return True
        for _ in range(32):
            line = next(self._lines, None)
            if line is None:
                self._end_block(b)
                return True
            start, end = line
            row = len(self.row_block)
            self._add_row(b, start, end, self._line_indent)
            self._line_indent = 0
            self._place_measures(b, row, end)
        return True

    def _wrap_table(self, b: int) -> None:
        """A table block: one row of the table per line (a long one wraps, its later lines indented)."""
        texts = self.blocks
        text, bounds = texts.texts[b], texts.block_bounds[b]
        row0 = len(self.row_block)
        for k in range(len(bounds) - 1):
            row = text[bounds[k]:bounds[k + 1]]
            for j, (start, end) in enumerate(iter_wrap(row, cumulative_widths(row), self.text_width - TABLE_HANG)):
                self._add_row(b, bounds[k] + start, bounds[k] + end, TABLE_HANG if j else 0)
        self._place_block(b, row0)
        self._end_block(b)

    def _place_block(self, b: int, row0: int) -> None:
        """First and last rows of the measures of block ``b``, wrapped whole from ``row0``."""
        texts = self.blocks
        starts = self.row_start[row0:]
        bounds = texts.block_bounds[b]
        mids = texts.block_measures[b]
        for k, i in enumerate(mids):
            self._first[i] = row0 + max(0, bisect_right(starts, bounds[k]) - 1)
            self._last[i] = row0 + max(0, bisect_right(starts, max(bounds[k], bounds[k + 1] - 1)) - 1)
        if mids:
            self._next_first = self._next_last = mids[-1] + 1

    def _place_measures(self, b: int, row: int, end: int) -> None:
        """Give the measures of block ``b`` that start (or end) before ``end`` this row."""
        texts = self.blocks
        block_of, offset = texts.measure_block, texts.measure_offset
        n = len(block_of)
        k = self._next_first
        while k < n and block_of[k] == b and offset[k] < end:
            self._first[k] = row
            k += 1
        self._next_first = k
        k = self._next_last
        bounds = texts.block_bounds[b]
        measures = texts.block_measures[b]
        while k < n and block_of[k] == b:
            j = k - measures[0]
            if max(bounds[j], bounds[j + 1] - 1) >= end:
                break
            self._last[k] = row
            k += 1
        self._next_last = k

    def _end_block(self, b: int) -> None:
        texts = self.blocks
        last_row = len(self.row_block) - 1
        # Measures not placed yet (empty ones at the block's end) go on its last row.
        block_of = texts.measure_block
        n = len(block_of)
        while self._next_first < n and block_of[self._next_first] == b:
            self._first[self._next_first] = last_row
            self._next_first += 1
        while self._next_last < n and block_of[self._next_last] == b:
            self._last[self._next_last] = last_row
            self._next_last += 1
        self.block_end_row.append(len(self.row_block))
        if b in self.chip_blocks:
            self._add_row(CHIPS, b, b, self._indent)
        self._lines = None
        self._block = b + 1

    def _add_row(self, block: int, start: int, end: int, indent: int) -> None:
        self.row_block.append(block)
        self.row_start.append(start)
        self.row_end.append(end)
        self.row_indent.append(indent)

    # --- reading rows ---------------------------------------------------------------------------------

    def row_of(self, block: int, offset: int) -> int:
        """The row that shows char ``offset`` of ``block``."""
        self.wrap_block(block)
        row0 = self.block_first_row[block]
        return row0 + max(0, bisect_right(self.row_start, offset, row0, self.block_end_row[block]) - row0 - 1)

    def offset_at(self, row: int, x: int) -> int | None:
        """Char offset in the row's block under cell ``x`` (0 = first text cell)."""
        self.wrap_rows(row + 1)
        b = self.row_block[row]
        if b < 0:
            return None
        start, end = self.row_start[row], self.row_end[row]
        cum = self.blocks.cum(b)
        x -= self.row_indent[row]
        if x < 0:
            return start
        k = bisect_right(cum, cum[start] + x) - 1
        return min(max(k, start), max(start, end - 1))

    def measure_at_row(self, row: int, x: int = 0) -> int | None:
        """Measure index shown at (row, x); a chips row gives its block's last
        measure, other rows without one the next measure."""
        self.wrap_rows(max(row, 0) + 2)
        row = min(max(row, 0), len(self.row_block) - 1)
        if self.row_block[row] == CHIPS:
            return self.blocks.block_measures[self.row_start[row]][-1]
        while self.row_block[row] < 0:
            self.wrap_rows(row + 2)
            if row + 1 >= len(self.row_block):
                return None
            row, x = row + 1, 0
        offset = self.offset_at(row, x)
        assert offset is not None
        return self.blocks.measure_at(self.row_block[row], offset)
