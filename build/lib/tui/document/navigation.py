"""Provides navigation facts about a Document: section ranges and breadcrumbs."""

from __future__ import annotations

from tui.document.model import Document, Section


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
