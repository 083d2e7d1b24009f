"""Provides ReaderRendering: how ReaderView draws one screen row (Line API).

A row is the gutter (cursor bar, then a damage or annotation mark) and a
slice of a block's text cut where styles change; a chips row under a block
lists the tags of its annotated measures.  Rendered rows are cached until
something they show changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.annotations.chips import Chip
from tui.ui.widgets.wrap import CHIPS, GUTTER, TITLE, BlockTexts, Layout

if TYPE_CHECKING:
    from textual.geometry import Region

    from tui.document.model import Document

ChipSource = Callable[[str], Sequence[Chip]]
CHIP_STYLES = {"tag": "reader--tag", "county": "reader--county", "note": "reader--chip-note"}


class ReaderRendering:
    """Row rendering for ReaderView (a mixin: the view holds the state)."""

    if TYPE_CHECKING:
        document: Document
        cursor: int
        rich_style: Style
        scrollable_content_region: Region
        block_texts: BlockTexts
        _layout: Layout | None
        _strips: dict[int, Strip]
        _style_cache: dict[tuple[object, ...], Style]
        _painted: bool
        _hits_by_block: dict[int, list[tuple[int, int, bool]]]
        _marks: dict[str, str]
        _chip_source: ChipSource | None
        _spots_by_block: dict[int, list[tuple[int, int, bool]]] | None

        def _relayout(self) -> None: ...
        def get_component_rich_style(self, name: str, *, partial: bool = False) -> Style: ...

    def _style(self, *names: str) -> Style:
        """Base style plus the named component styles (cached)."""
        style = self._style_cache.get(names)
        if style is None:
            style = self._style() if names else self.rich_style
            for name in names:
                style += self.get_component_rich_style(name, partial=True)
            self._style_cache[names] = style
        return style

    def _spots(self) -> dict[int, list[tuple[int, int, bool]]]:
        if self._spots_by_block is None:
            texts = self.block_texts
            index = self.document.measure_index
            spots: dict[int, list[tuple[int, int, bool]]] = {}
            for spot in self.document.spots:
                i = index.get(spot.measure_id)
                if i is None:
                    continue
                b, off = texts.measure_block[i], texts.measure_offset[i]
                spots.setdefault(b, []).append((off + spot.start, off + spot.end, spot.status == "flagged"))
            self._spots_by_block = spots
        return self._spots_by_block

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            # Wrap here rather than wait for the Resize event, which arrives
            # only after the first frame: the text shows in the first frame.
            self._relayout()
        layout = self._layout
        row = round(self.scroll_y) + y  # type: ignore[attr-defined]
        if layout is None or not 0 <= row < layout.height:
            return Strip.blank(width, self._style())
        strip = self._strips.get(row)
        if strip is None:
            strip = self._render_row(layout, row).crop(0, width).adjust_cell_length(width, self._style())
            self._strips[row] = strip
            self._painted = True
        return strip

    def _render_row(self, layout: Layout, row: int) -> Strip:
        b = layout.row_block[row]
        start, end, indent = layout.row_start[row], layout.row_end[row], layout.row_indent[row]
        base = self._style()
        if b == TITLE:
            text = layout.blocks.title[start:end]
            return Strip([Segment(" " * (GUTTER + indent), base), Segment(text, self._style("reader--title"))])
        if b == CHIPS:
            return self._render_chips(layout, start, indent)
        if b < 0:
            return Strip.blank(0, base)
        texts = layout.blocks
        text = texts.texts[b]
        bounds = texts.block_bounds[b]
        measures = texts.block_measures[b]
        level = texts.heading_level[b]
        cursor = self.cursor
        spots = [s for s in self._spots().get(b, ()) if s[0] < end and s[1] > start]
        hits = [h for h in self._hits_by_block.get(b, ()) if h[0] < end and h[1] > start]
        cuts = {start, end}
        cuts.update(x for x in bounds if start < x < end)
        for a, z, _ in spots + hits:
            cuts.update(x for x in (a, z) if start < x < end)
        points = sorted(cuts)
        ids = self.document.measures
        segments = [*self._gutter(layout, row, b, spots), Segment(" " * indent, base)]
        for a, z in zip(points, points[1:]):
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
            segments.append(Segment(text[a:z], self._style(*names)))
        return Strip(segments)

    def _gutter(self, layout: Layout, row: int, b: int, spots: list[tuple[int, int, bool]]) -> list[Segment]:
        """Two cells: a bar beside the cursor measure, then a mark."""
        first, last = layout.measure_first_row[self.cursor], layout.measure_last_row[self.cursor]
        bar = Segment("▌" if first <= row <= last else " ", self._style("reader--cursor-bar"))
        if any(flagged for _, _, flagged in spots):
            return [bar, Segment("!", self._style("reader--mark"))]  # damage nobody could repair
        if self._marks:
            for i in layout.blocks.block_measures[b]:
                found = self._marks.get(self.document.measures[i].id)
                if found and layout.measure_first_row[i] == row:
                    return [bar, Segment(found[:1], self._style("reader--note-mark"))]
        return [bar, Segment(" ", self._style())]

    def _render_chips(self, layout: Layout, b: int, indent: int) -> Strip:
        """The tags (and untagged notes) of block ``b``'s annotated measures, cut to the width."""
        chips: list[Chip] = []
        seen: set[tuple[str, str]] = set()
        if self._chip_source is not None:
            for i in layout.blocks.block_measures[b]:
                mid = self.document.measures[i].id
                if mid in self._marks:
                    for chip in self._chip_source(mid):
                        if (chip.text, chip.kind) not in seen:
                            seen.add((chip.text, chip.kind))
                            chips.append(chip)
        segments = [Segment(" " * (GUTTER + indent), self._style())]
        room = layout.text_width - indent
        used = 0
        for chip in chips:
            label = chip.text if chip.kind == "note" else f"#{chip.text}"
            width = cell_len(label) + 1
            if used + width > room:
                segments.append(Segment("…", self._style("reader--chip-note")))
                break
            segments.append(Segment(label, self._style(CHIP_STYLES[chip.kind])))
            segments.append(Segment(" ", self._style()))
            used += width
        return Strip(segments)
