"""Provides NotesPane: the current measure's annotations, or a filtered list of all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.annotations.model import Annotation
from tui.i18n import t
from tui.ui.widgets.ann_text import ChipStyles, annotation_text


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


# The widgets of each mode; the other mode's are hidden.
MEASURE_PARTS = ("#notes-header", "#notes-list", "#notes-hint")
LIST_PARTS = ("#notes-filter", "#notes-summary", "#notes-all")


class NotesPane(VerticalScroll, can_focus=True):
    """Right-hand pane; the screen sets what it shows (attributes down, messages up).

    In "measure" mode: a header, the measure's annotations and a key hint,
    each updated only when its text changes, so that moving the cursor costs
    little.  In "list" mode (mounted on first use): a filter box and a list
    of every annotation; typing posts ``FilterChanged``, enter ``Picked``.
    """

    COMPONENT_CLASSES = {"notes--tag", "notes--county", "notes--chip-note", "notes--mark"}

    @dataclass
    class FilterChanged(Message):
        text: str

    @dataclass
    class Picked(Message):
        uuid: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, object] = {}
        self.mode = "measure"

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-header", markup=False)
        yield Static("", id="notes-status", markup=False)
        yield Static(t("notes.empty"), id="notes-list", markup=False)
        yield Static("", id="notes-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#notes-status").display = False

    def chip_styles(self) -> ChipStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        return ChipStyles(style("notes--tag"), style("notes--county"), style("notes--chip-note"))

    def _set(self, widget_id: str, content: Text) -> None:
        key = (content.plain, tuple(content.spans), str(content.style))
        if self._shown.get(widget_id) == key:
            return
        self._shown[widget_id] = key
        self.query_one(f"#{widget_id}", Static).update(content)

    # --- measure mode ------------------------------------------------------------

    def show_measure(self, measure_id: str, section_path: str, spot_count: int = 0) -> None:
        """Show which measure the cursor is on."""
        self._set("notes-header", header_text(measure_id, section_path, spot_count))

    def show_annotations(self, annotations: Sequence[Annotation]) -> None:
        """List the current measure's annotations (notes and tags shown literally)."""
        if not annotations:
            self._set("notes-list", Text(t("notes.empty"), style="dim"))
            self._set("notes-hint", Text(t("ann.pane.hint_empty")))
            return
        text = Text()
        styles = self.chip_styles()
        for k, note in enumerate(annotations):
            if k:
                text.append("\n\n")
            text.append_text(annotation_text(note, styles))
        self._set("notes-list", text)
        self._set("notes-hint", Text(t("ann.pane.hint")))

    def set_status(self, message: str | None) -> None:
        """A warning under the header in both modes (read-only store, loading); None hides it."""
        status = self.query_one("#notes-status", Static)
        status.display = bool(message)
        self._set("notes-status", Text(message or ""))

    # --- list mode ----------------------------------------------------------------

    async def set_mode(self, mode: str) -> None:
        """``measure`` or ``list``; the list's widgets are mounted the first time."""
        if mode == "list" and not self.query("#notes-all"):
            await self.mount(
                Input(placeholder=t("ann.list.placeholder"), id="notes-filter"),
                Static("", id="notes-summary", markup=False),
                OptionList(id="notes-all"),
            )
        self.mode = mode
        for selector in MEASURE_PARTS:
            self.query_one(selector).display = mode == "measure"
        for selector in LIST_PARTS:
            for widget in self.query(selector):
                widget.display = mode == "list"
        self.scroll_home(animate=False)

    @property
    def filter_text(self) -> str:
        found = self.query("#notes-filter").results(Input)
        box = next(found, None)
        return box.value if box is not None else ""

    def focus_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def show_list(self, options: Sequence[Option], summary: Text) -> None:
        """Fill the list (keeping the highlighted entry if it is still there)."""
        listing = self.query_one("#notes-all", OptionList)
        highlighted = listing.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        listing.clear_options()
        listing.add_options(options)
        ids = [option.id for option in options]
        pickable = [k for k, option in enumerate(options) if not option.disabled]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        elif pickable:
            listing.highlighted = pickable[0]
        self.query_one("#notes-summary", Static).update(summary)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "notes-filter":
            event.stop()
            self.post_message(self.FilterChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Never let the filter's enter reach the screen (it would run a search).
        event.stop()
        self.query_one("#notes-all", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and isinstance(self.app.focused, Input) and self.app.focused.id == "notes-filter":
            event.stop()
            self.query_one("#notes-all", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))
