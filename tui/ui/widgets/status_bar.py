"""Provides StatusBar: breadcrumb, search state and script, drawn as one line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

SEPARATOR = " › "
GAP = "  "


def fit_crumb(labels: Sequence[str], position: str, width: int) -> str:
    """``a › b › 3/12`` in at most ``width`` cells: the longest titles are
    shortened with "…" first; the position is never cut."""
    parts = list(labels)

    def joined() -> str:
        return SEPARATOR.join([*parts, position])

    while width > 0 and cell_len(joined()) > width and parts:
        k = max(range(len(parts)), key=lambda i: cell_len(parts[i]))
        if len(parts[k]) <= 3:
            break
        parts[k] = parts[k].removesuffix("…")[:-1] + "…"
    return joined()


class StatusBar(Widget):
    """One widget rendering the whole line, so that an update is one repaint
    of one row and never a layout pass; the screen sets its parts."""

    COMPONENT_CLASSES = {"status--search", "status--script"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: tuple[str, ...] = ()
        self._position = ""
        self._search = ""
        self._script = ""

    def set_crumb(self, labels: Sequence[str], position: str) -> None:
        """The section path and the measure's position in it (``3/12``)."""
        if (tuple(labels), position) != (self._labels, self._position):
            self._labels, self._position = tuple(labels), position
            self.refresh()

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.refresh()

    def set_script(self, text: str) -> None:
        if text != self._script:
            self._script = text
            self.refresh()

    @property
    def search_text(self) -> str:
        return self._search

    def render(self) -> Text:
        right = Text(no_wrap=True)
        if self._search:
            right.append(self._search, style=self.get_component_rich_style("status--search", partial=True))
            right.append(GAP)
        right.append(self._script, style=self.get_component_rich_style("status--script", partial=True))
        room = max(0, self.content_region.width - right.cell_len - len(GAP))
        crumb = fit_crumb(self._labels, self._position, room) if self._labels else ""
        line = Text(crumb, no_wrap=True, overflow="ellipsis")
        line.truncate(room, overflow="ellipsis")
        line.pad_right(room - line.cell_len + len(GAP))
        return line + right

    def plain(self) -> str:
        """The line as text (for tests and the benchmark)."""
        return self.render().plain
