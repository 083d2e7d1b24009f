"""Provides StatusBar: breadcrumb, search state and script, in one line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

SEPARATOR = " › "


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


class StatusBar(Horizontal):
    """Three labels; the screen sets their text."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: tuple[str, ...] = ()
        self._position = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="crumb", markup=False)
        yield Label("", id="search-state", markup=False)
        yield Label("", id="script", markup=False)

    def set_crumb(self, labels: Sequence[str], position: str) -> None:
        """The section path and the measure's position in it (``3/12``)."""
        self._labels, self._position = tuple(labels), position
        self._fit()

    def _fit(self) -> None:
        crumb = self.query_one("#crumb", Label)
        crumb.update(fit_crumb(self._labels, self._position, crumb.size.width))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def set_search(self, text: str) -> None:
        label = self.query_one("#search-state", Label)
        label.update(text)
        label.display = bool(text)
        self.call_after_refresh(self._fit)

    def set_script(self, text: str) -> None:
        self.query_one("#script", Label).update(text)
