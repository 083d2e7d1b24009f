"""Provides StatusBar: breadcrumb, search state and script, drawn as one line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.display import clean_row
from tui.ui.cells import cut_cells

SEPARATOR = " › "
GAP = "  "


def fit_crumb(labels: Sequence[str], position: str, width: int) -> str:
    """``a › b › 3/12`` in at most ``width`` cells: the longest titles are
    shortened with "…" first (down to a few cells each); the position is never cut.

    Linear in the width, whatever the titles' length: a title longer than the
    line is first cut to the line, then every title longer than a common cap
    is cut to it (the cap is the largest that fits).
    """
    fixed = cell_len(position) + cell_len(SEPARATOR) * len(labels)
    room = max(0, width - fixed)
    # Nothing can show more than ``width`` cells: cut first, then measure.
    parts = [label[: width + 1] for label in labels]
    lengths = [cell_len(p) for p in parts]
    if sum(lengths) > room and parts:
        lo, hi = 4, max(lengths)  # a cap below 4 cells shows nothing useful
        while lo < hi:  # the largest cap whose total fits
            mid = (lo + hi + 1) // 2
            if sum(min(n, mid) for n in lengths) <= room:
                lo = mid
            else:
                hi = mid - 1
        parts = [cut_cells(p, lo) for p in parts]
    return SEPARATOR.join([*parts, position])


class StatusBar(Widget):
    """One widget rendering the whole line, so that an update is one repaint
    of one row and never a layout pass; the screen sets its parts."""

    COMPONENT_CLASSES = {"status--search", "status--script", "status--review"}  # noqa: RUF012

    crumb: reactive[tuple[tuple[str, ...], str]] = reactive(((), ""), layout=False)
    """The section path and the measure's position in it (``3/12``)."""
    search: reactive[str] = reactive("", layout=False)
    """The search state: the query, then the current hit and the count (``2/4``)."""
    review: reactive[str] = reactive("", layout=False)
    """How many damaged spots still wait for review (catalogue key review.pending), or nothing."""
    script: reactive[str] = reactive("", layout=False)
    """Which script the text shows (simplified or traditional)."""

    def set_crumb(self, labels: Sequence[str], position: str) -> None:
        # Section titles are plan text: shown inert (escape sequences, control characters).
        self.crumb = (tuple(clean_row(label) for label in labels), position)

    def render(self) -> Text:
        right = Text(no_wrap=True)
        if self.review:
            right.append(self.review, style=self.get_component_rich_style("status--review", partial=True))
            right.append(GAP)
        if self.search:
            right.append(self.search, style=self.get_component_rich_style("status--search", partial=True))
            right.append(GAP)
        right.append(self.script, style=self.get_component_rich_style("status--script", partial=True))
        room = max(0, self.content_region.width - right.cell_len - len(GAP))
        labels, position = self.crumb
        line = Text(fit_crumb(labels, position, room) if labels else "", no_wrap=True, overflow="ellipsis")
        line.truncate(room, overflow="ellipsis")
        line.pad_right(room - line.cell_len + len(GAP))
        return line + right

    def plain(self) -> str:
        """The line as text (for tests and the benchmark)."""
        return self.render().plain
