"""Provides plain-Python navigation facts about a Document: section ranges, breadcrumbs."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from tui.document.model import Document, Section
from tui.document.search import Hit


class Navigation:
    """Measure ranges of every section's subtree (pre-order makes them contiguous)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        paths: dict[str, tuple[Section, ...]] = {}
        for i, measure in enumerate(doc.measures):
            path = paths.get(measure.section_id)
            if path is None:
                path = paths[measure.section_id] = doc.path(measure.section_id)
            for section in path:
                self.first.setdefault(section.id, i)
                self.last[section.id] = i

    def section_start(self, section_id: str) -> int | None:
        """Index of the first measure in ``section_id``'s subtree."""
        return self.first.get(section_id)

    def anchor(self, section_id: str) -> Section:
        """The deepest chapter/section (level <= 2) on the path: the breadcrumb's end."""
        path = self.doc.path(section_id)
        anchor = path[0]
        for section in path:
            if section.level <= 2:
                anchor = section
        return anchor

    def crumb(self, index: int, traditional: bool = False) -> tuple[tuple[str, ...], int, int]:
        """(labels of the path down to the anchor, position, count) of measure ``index``."""
        measure = self.doc.measures[index]
        anchor = self.anchor(measure.section_id)
        labels = tuple(s.label(traditional) for s in self.doc.path(anchor.id))
        first, last = self.first[anchor.id], self.last[anchor.id]
        return labels, index - first + 1, last - first + 1


@dataclass(frozen=True)
class HitStep:
    """Where a step through the hits lands, and whether it wrapped around."""

    index: int
    wrapped: bool


def hit_keys(doc: Document, hits: tuple[Hit, ...]) -> list[tuple[int, int]]:
    """(measure index, start) of each hit: its position in reading order."""
    index = doc.measure_index
    return [(index[h.measure_id], h.start) for h in hits]


def first_hit_from(keys: list[tuple[int, int]], cursor: int) -> HitStep:
    """The first hit in or after measure ``cursor``; wraps to the first hit."""
    k = bisect_left(keys, (cursor, -1))
    return HitStep(k, False) if k < len(keys) else HitStep(0, True)


def step_hit(keys: list[tuple[int, int]], cursor: int, current: int, forward: bool) -> HitStep:
    """The next (or previous) hit after the cursor, counted from the current hit
    when the cursor still sits on its measure."""
    if 0 <= current < len(keys) and keys[current][0] == cursor:
        point = keys[current]
    else:
        point = (cursor, -1) if forward else (cursor, 1 << 30)
    if forward:
        k = bisect_left(keys, (point[0], point[1] + 1))
        return HitStep(k, False) if k < len(keys) else HitStep(0, True)
    k = bisect_left(keys, point) - 1
    return HitStep(k, False) if k >= 0 else HitStep(len(keys) - 1, True)
