"""Provides SpotsScreen: the damaged spans of one measure with raw text, fix and status."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.document.model import Measure, Spot
from tui.i18n import t
from tui.ui import actions


def spots_table(measure: Measure, spots: tuple[Spot, ...], traditional: bool) -> Table:
    """One row per spot: the text around it, raw, fixed, status, reason."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    for key in ("spots.context", "spots.raw", "spots.fixed", "spots.status", "spots.reason"):
        table.add_column(t(key), overflow="fold")
    text = measure.text_in(traditional)
    for spot in spots:
        context = Text(text[max(0, spot.start - 6) : spot.start])
        context.append(text[spot.start : spot.end], style="bold underline")
        context.append(text[spot.end : spot.end + 6])
        status = Text(t(f"spots.status.{spot.status}"), style="bold red" if spot.status == "flagged" else "")
        table.add_row(context, Text(spot.raw), Text(spot.fixed), status, Text(spot.reason))
    return table


class SpotsScreen(ModalScreen[None]):
    """Raw text on demand for the measure under the cursor."""

    BINDINGS = actions.bindings("spots")

    def __init__(self, measure: Measure, spots: tuple[Spot, ...], traditional: bool) -> None:
        super().__init__(classes="picker")
        self._measure, self._spots, self._traditional = measure, spots, traditional

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Label(Text(f"{t('spots.title')} · {self._measure.id}"), id="picker-title")
            with VerticalScroll(id="spots-body"):
                yield Static(spots_table(self._measure, self._spots, self._traditional))
            yield Label(Text(t("spots.hint")), id="picker-hint")
