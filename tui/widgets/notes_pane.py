"""Provides NotesPane: the current measure's id, section path and annotations."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.annotations.model import Annotation
from tui.messages import t


def header_text(measure_id: str, section_path: str, spot_count: int) -> Text:
    """Title, measure id, section path and a damage hint, one per line."""
    text = Text(t("notes.title") + "\n", style="bold")
    text.append(t("notes.measure") + " ", style="dim")
    text.append(measure_id + "\n")
    text.append(t("notes.section") + " ", style="dim")
    text.append(section_path)
    if spot_count:
        text.append("\n" + t("notes.spots", count=spot_count), style="bold red")
    return text


class NotesPane(VerticalScroll, can_focus=True):
    """Right-hand pane; the screen sets what it shows (attributes down).

    Two widgets only (header and list), each updated only when its text
    changes, so that moving the cursor costs little.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-header", markup=False)
        yield Static(t("notes.empty"), id="notes-list", markup=False)

    def _set(self, widget_id: str, content: Text) -> None:
        if self._shown.get(widget_id) == content.plain:
            return
        self._shown[widget_id] = content.plain
        self.query_one(f"#{widget_id}", Static).update(content)

    def show_measure(self, measure_id: str, section_path: str, spot_count: int = 0) -> None:
        """Show which measure the cursor is on."""
        self._set("notes-header", header_text(measure_id, section_path, spot_count))

    def show_annotations(self, annotations: Sequence[Annotation]) -> None:
        """List the current measure's annotations (notes and tags shown literally)."""
        if not annotations:
            self._set("notes-list", Text(t("notes.empty"), style="dim"))
            return
        text = Text()
        for k, note in enumerate(annotations):
            if k:
                text.append("\n\n")
            if note.tags:
                text.append(t("notes.tags", tags=", ".join(note.tags)) + "\n", style="bold")
            text.append(note.note)
        self._set("notes-list", text)
