"""Provides CJK-aware line wrapping of a Document's blocks into screen rows.

Plain Python (rich.cells only), so the layout can be tested without Textual.
A ``Layout`` is built for one width and one script; the reader keeps one per
(width, script) and rebuilds it on resize.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from rich.cells import get_character_cell_size

from tui.document.model import Document

GUTTER = 2  # marks column: cursor bar, damaged spans, later annotations
RIGHT_MARGIN = 1
SPACER = -1  # row_block of a blank row between blocks
TITLE = -2  # row_block of a row of the plan's title
CHIPS = -3  # row_block of the annotation chips under a block (row_start is the block)
PARA_INDENT = 4  # two CJK characters, as Chinese paragraphs are set
# Characters that must not start a line (kinsoku shori) ...
NO_START = frozenset("，。、；：？！）》」』】〕”’…·—%,.;:?!)]}～")
# ... and characters that must not end one.
NO_END = frozenset("（《「『【〔“‘([{")


@lru_cache(maxsize=4096)
def _width(char: str) -> int:
    return get_character_cell_size(char)


def cumulative_widths(text: str) -> list[int]:
    """``cum[i]`` is the cell width of ``text[:i]`` (length ``len(text)+1``)."""
    return [0, *accumulate(_width(c) for c in text)]


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def wrap_offsets(text: str, cum: list[int], width: int, first_indent: int = 0) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) lines of at most ``width`` cells.

    Never splits a character; keeps closing punctuation off a line start and
    opening punctuation off a line end, and ASCII words whole when they fit.
    """
    n = len(text)
    if n == 0:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    start = 0
    avail = max(2, width - first_indent)
    while start < n:
        end = bisect_right(cum, cum[start] + avail) - 1
        if end <= start:  # a character wider than the line: put it alone
            end = start + 1
        if end < n:
            end = _adjust_break(text, start, end)
        lines.append((start, end))
        start = end
        avail = max(2, width)
    return lines


def _adjust_break(text: str, start: int, end: int) -> int:
    """Move a break at ``end`` back so that the line rules hold."""
    candidate = end
    # An ASCII word (or number) that fits on a line of its own moves down whole.
    if _is_word(text[candidate - 1]) and _is_word(text[candidate]):
        word_start = candidate
        while word_start > start and _is_word(text[word_start - 1]):
            word_start -= 1
        if word_start > start:
            candidate = word_start
    # Pull the last character down rather than start a line with "，" ...
    while candidate - start > 1 and text[candidate] in NO_START:
        candidate -= 1
    # ... or end one with "“".
    while candidate - start > 1 and text[candidate - 1] in NO_END:
        candidate -= 1
    return candidate if candidate > start else end


class BlockTexts:
    """Each block's text in one script, with measure offsets and widths."""

    def __init__(self, doc: Document, traditional: bool) -> None:
        # The plan's title is shown above the first block; it is no measure.
        self.title = doc.meta.title
        self.title_cum = cumulative_widths(self.title)
        self.texts: list[str] = []
        self.cums: list[list[int]] = []
        self.heading_level: list[int | None] = []  # None for paragraphs
        self.measure_block: list[int] = []  # by measure index
        self.measure_offset: list[int] = []
        self.block_bounds: list[list[int]] = []  # measure start offsets + end
        index = doc.measure_index
        by_id = doc.measure_by_id
        self.measure_block = [0] * len(doc.measures)
        self.measure_offset = [0] * len(doc.measures)
        self.block_measures: list[list[int]] = []
        for b, block in enumerate(doc.blocks):
            parts = []
            bounds = [0]
            mids = []
            for mid in block.measure_ids:
                text = by_id[mid].text_in(traditional)
                i = index[mid]
                self.measure_block[i] = b
                self.measure_offset[i] = bounds[-1]
                mids.append(i)
                parts.append(text)
                bounds.append(bounds[-1] + len(text))
            text = "".join(parts)
            self.texts.append(text)
            self.cums.append(cumulative_widths(text))
            self.block_bounds.append(bounds)
            self.block_measures.append(mids)
            if block.kind == "heading":
                self.heading_level.append(doc.section_by_id[block.section_id].level)
            else:
                self.heading_level.append(None)

    def measure_at(self, block: int, offset: int) -> int:
        """Index of the measure of ``block`` that holds char ``offset``."""
        bounds = self.block_bounds[block]
        k = bisect_right(bounds, offset) - 1
        k = min(max(k, 0), len(self.block_measures[block]) - 1)
        return self.block_measures[block][k]


class Layout:
    """Screen rows of the whole document at one width.

    Row ``r`` shows ``texts[row_block[r]][row_start[r]:row_end[r]]`` after
    ``row_indent[r]`` cells; negative ``row_block`` values are SPACER, TITLE
    and CHIPS rows, which hold no measure text.  Blocks in ``chip_blocks``
    get one CHIPS row under their text (annotation tags).
    """

    def __init__(self, blocks: BlockTexts, width: int, chip_blocks: frozenset[int] = frozenset()) -> None:
        self.blocks = blocks
        self.width = width
        self.chip_blocks = chip_blocks
        self.text_width = max(4, width - GUTTER - RIGHT_MARGIN)
        self.row_block: list[int] = []
        self.row_start: list[int] = []
        self.row_end: list[int] = []
        self.row_indent: list[int] = []
        self.block_first_row: list[int] = []
        self.block_end_row: list[int] = []  # one past the block's last text row
        self._build()
        self.measure_first_row, self.measure_last_row = self._measure_rows()

    def _build(self) -> None:
        indent = PARA_INDENT if self.text_width >= 24 else 0
        title = self.blocks.title
        if title:
            cum = self.blocks.title_cum
            for s, e in wrap_offsets(title, cum, self.text_width):
                # Centred: the indent takes half the free cells.
                self._add_row(TITLE, s, e, max(0, (self.text_width - (cum[e] - cum[s])) // 2))
            self._add_row(SPACER, 0, 0, 0)
        for b, text in enumerate(self.blocks.texts):
            if b:
                self._add_row(SPACER, 0, 0, 0)
            self.block_first_row.append(len(self.row_block))
            first = 0 if self.blocks.heading_level[b] is not None else indent
            for k, (s, e) in enumerate(wrap_offsets(text, self.blocks.cums[b], self.text_width, first)):
                self._add_row(b, s, e, first if k == 0 else 0)
            self.block_end_row.append(len(self.row_block))
            if b in self.chip_blocks:
                self._add_row(CHIPS, b, b, indent)

    def _add_row(self, block: int, start: int, end: int, indent: int) -> None:
        self.row_block.append(block)
        self.row_start.append(start)
        self.row_end.append(end)
        self.row_indent.append(indent)

    def _measure_rows(self) -> tuple[list[int], list[int]]:
        blocks = self.blocks
        firsts = [0] * len(blocks.measure_block)
        lasts = [0] * len(blocks.measure_block)
        for b, mids in enumerate(blocks.block_measures):
            row0 = self.block_first_row[b]
            starts = self.row_start[row0 : self.block_end_row[b]]
            bounds = blocks.block_bounds[b]
            for k, i in enumerate(mids):
                firsts[i] = row0 + max(0, bisect_right(starts, bounds[k]) - 1)
                last_char = max(bounds[k], bounds[k + 1] - 1)
                lasts[i] = row0 + max(0, bisect_right(starts, last_char) - 1)
        return firsts, lasts

    @property
    def height(self) -> int:
        return len(self.row_block)

    def row_of(self, block: int, offset: int) -> int:
        """The row that shows char ``offset`` of ``block``."""
        row0 = self.block_first_row[block]
        return row0 + max(0, bisect_right(self.row_start, offset, row0, self.block_end_row[block]) - row0 - 1)

    def offset_at(self, row: int, x: int) -> int | None:
        """Char offset in the row's block under cell ``x`` (0 = first text cell)."""
        b = self.row_block[row]
        if b < 0:
            return None
        start, end = self.row_start[row], self.row_end[row]
        cum = self.blocks.cums[b]
        x -= self.row_indent[row]
        if x < 0:
            return start
        k = bisect_right(cum, cum[start] + x) - 1
        return min(max(k, start), max(start, end - 1))

    def measure_at_row(self, row: int, x: int = 0) -> int | None:
        """Measure index shown at (row, x); a chips row gives its block's last
        measure, other rows without one the next measure."""
        row = min(max(row, 0), self.height - 1)
        if self.row_block[row] == CHIPS:
            return self.blocks.block_measures[self.row_start[row]][-1]
        while self.row_block[row] < 0:
            if row + 1 >= self.height:
                return None
            row, x = row + 1, 0
        offset = self.offset_at(row, x)
        assert offset is not None
        return self.blocks.measure_at(self.row_block[row], offset)
