"""Provides RowPainter: how the reader draws one screen row (Line API).

A row is the margin (when the reading measure leaves room), the gutter
(cursor bar, then a damage or annotation mark) and a slice of a block's
text cut where styles change; a chips row under a block lists the tags of
its annotated measures.  The text comes from ``BlockTexts``, already made
safe for the terminal; chips and marks are made so here.  Rendered rows are
cached until something they show changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.annotations.chips import Chip
from tui.display import clean_row
from tui.document.model import Document
from tui.ui.messages import ChipSource, SpanSource
from tui.ui.widgets.wrap import CHIPS, GUTTER, TITLE, BlockTexts, Layout

CHIP_STYLES = {"tag": "reader--tag", "county": "reader--county", "note": "reader--chip-note"}
Spans = Mapping[int, list[tuple[int, int, bool]]]  # block -> (start, end, flag) in block offsets
StyleOf = Callable[..., Style]  # component class names -> the combined style


def spots_by_block(document: Document, texts: BlockTexts) -> dict[int, list[tuple[int, int, bool]]]:
    """Damaged spans per block: (start, end, still flagged?)."""
    index = document.measure_index
    spots: dict[int, list[tuple[int, int, bool]]] = {}
    for spot in document.spots:
        i = index.get(spot.measure_id)
        if i is None:
            continue
        b, off = texts.measure_block[i], texts.measure_offset[i]
        spots.setdefault(b, []).append((off + spot.start, off + spot.end, spot.status == "flagged"))
    return spots


@dataclass(frozen=True)
class Overlays:
    """What is drawn over the text: cursor, hits, damage, notes."""

    cursor: int
    hits: Spans
    spots: Spans
    marks: Mapping[str, str]
    chips: ChipSource | None
    spans: SpanSource | None = None


class RowPainter:
    """Draws rows of a Layout; ``style`` gives the style of component classes."""

    def __init__(self, document: Document, style: StyleOf) -> None:
        self.document = document
        self._style = style

    def paint(self, layout: Layout, row: int, over: Overlays, width: int) -> Strip:
        """Row ``row`` of ``layout``, cut or padded to ``width`` cells."""
        strip = self._render_row(layout, row, over)
        if layout.margin:
            strip = Strip([Segment(" " * layout.margin, self._style()), *strip])
        return strip.crop(0, width).adjust_cell_length(width, self._style())

    def _render_row(self, layout: Layout, row: int, over: Overlays) -> Strip:
        b = layout.row_block[row]
        start, end, indent = layout.row_start[row], layout.row_end[row], layout.row_indent[row]
        base = self._style()
        if b == TITLE:
            text = layout.blocks.title[start:end]
            return Strip([Segment(" " * (GUTTER + indent), base), Segment(text, self._style("reader--title"))])
        if b == CHIPS:
            return self._render_chips(layout, start, indent, over)
        if b < 0:
            return Strip.blank(0, base)
        texts = layout.blocks
        text = texts.texts[b]
        bounds = texts.block_bounds[b]
        measures = texts.block_measures[b]
        level = texts.heading_level[b]
        cursor = over.cursor
        spots = [s for s in over.spots.get(b, ()) if s[0] < end and s[1] > start]
        hits = [h for h in over.hits.get(b, ()) if h[0] < end and h[1] > start]
        noted = [n for n in self._noted(texts, b, over) if n[0] < end and n[1] > start]
        cuts = {start, end}
        cuts.update(x for x in bounds if start < x < end)
        for a, z in [(s[0], s[1]) for s in spots + hits] + noted:
            cuts.update(x for x in (a, z) if start < x < end)
        points = sorted(cuts)
        ids = self.document.measures
        segments = [*self._gutter(layout, row, b, spots, over), Segment(" " * indent, base)]
        for a, z in pairwise(points):
            k = bisect_right(bounds, a) - 1
            i = measures[min(k, len(measures) - 1)]
            names: list[str] = []
            if level is not None:
                names.append("reader--h1" if level <= 1 else "reader--h2" if level == 2 else "reader--h3")
            elif ids[i].kind == "lead":
                names.append("reader--lead")
            if i == cursor:
                names.append("reader--cursor")
            for s0, s1, flagged in spots:
                if s0 <= a < s1:
                    names.append("reader--spot-flagged" if flagged else "reader--spot-fixed")
                    break
            for h0, h1, current in hits:
                if h0 <= a < h1:
                    names.append("reader--hit-current" if current else "reader--hit")
                    break
            if any(n0 <= a < n1 for n0, n1 in noted):
                names.append("reader--noted")
            segments.append(Segment(text[a:z], self._style(*names)))
        return Strip(segments)

    def _noted(self, texts: BlockTexts, b: int, over: Overlays) -> list[tuple[int, int]]:
        """The words notes on search hits are about, in block ``b`` (block offsets)."""
        if over.spans is None or not over.marks:
            return []
        out: list[tuple[int, int]] = []
        for i in texts.block_measures[b]:
            mid = self.document.measures[i].id
            if mid in over.marks:
                off = texts.measure_offset[i]
                out.extend((off + s, off + e) for s, e in over.spans(mid))
        return out

    def _gutter(self, layout: Layout, row: int, b: int, spots: list[tuple[int, int, bool]],
                over: Overlays) -> list[Segment]:
        """Two cells: a bar beside the cursor measure, then a mark."""
        first, last = layout.measure_first_row[over.cursor], layout.measure_last_row[over.cursor]
        bar = Segment("▌" if first <= row <= last else " ", self._style("reader--cursor-bar"))
        if any(flagged for _, _, flagged in spots):
            return [bar, Segment("!", self._style("reader--mark"))]  # damage nobody could repair
        if over.marks:
            for i in layout.blocks.block_measures[b]:
                found = over.marks.get(self.document.measures[i].id)
                if found and layout.measure_first_row[i] == row:
                    return [bar, Segment(clean_row(found[:1]), self._style("reader--note-mark"))]
        return [bar, Segment(" ", self._style())]

    def _render_chips(self, layout: Layout, b: int, indent: int, over: Overlays) -> Strip:
        """The tags (and untagged notes) of block ``b``'s annotated measures, cut to the width."""
        chips: list[Chip] = []
        seen: set[tuple[str, str]] = set()
        if over.chips is not None:
            for i in layout.blocks.block_measures[b]:
                mid = self.document.measures[i].id
                if mid in over.marks:
                    for chip in over.chips(mid):
                        if (chip.text, chip.kind) not in seen:
                            seen.add((chip.text, chip.kind))
                            chips.append(chip)
        segments = [Segment(" " * (GUTTER + indent), self._style())]
        room = layout.text_width - indent
        used = 0
        for chip in chips:
            label = clean_row(chip.text if chip.kind == "note" else f"#{chip.text}")
            width = cell_len(label) + 1
            if used + width > room:
                segments.append(Segment("…", self._style("reader--chip-note")))
                break
            segments.append(Segment(label, self._style(CHIP_STYLES[chip.kind])))
            segments.append(Segment(" ", self._style()))
            used += width
        return Strip(segments)
