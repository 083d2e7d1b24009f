"""Provides NotesPane: the current measure's id, section path and annotations."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.annotations.model import Annotation
from tui.messages import t


class NotesPane(VerticalScroll, can_focus=True):
    """Right-hand pane; the screen sets what it shows (attributes down)."""

    def compose(self) -> ComposeResult:
        yield Static(t("notes.title"), classes="pane-title", markup=False)
        yield Static("", id="notes-measure", markup=False)
        yield Static("", id="notes-section", markup=False)
        yield Static("", id="notes-spots", markup=False)
        yield Static(t("notes.empty"), id="notes-list", markup=False)

    def show_measure(self, measure_id: str, section_path: str, spot_count: int = 0) -> None:
        """Show which measure the cursor is on."""
        self.query_one("#notes-measure", Static).update(Text.assemble((t("notes.measure") + " ", "dim"), measure_id))
        self.query_one("#notes-section", Static).update(Text.assemble((t("notes.section") + " ", "dim"), section_path))
        spots = self.query_one("#notes-spots", Static)
        spots.update(t("notes.spots", count=spot_count) if spot_count else "")
        spots.display = bool(spot_count)

    def show_annotations(self, annotations: Sequence[Annotation]) -> None:
        """List the current measure's annotations (notes and tags shown literally)."""
        if not annotations:
            self.query_one("#notes-list", Static).update(t("notes.empty"))
            return
        text = Text()
        for k, note in enumerate(annotations):
            if k:
                text.append("\n\n")
            if note.tags:
                text.append(t("notes.tags", tags=", ".join(note.tags)) + "\n", style="bold")
            text.append(note.note)
        self.query_one("#notes-list", Static).update(text)
