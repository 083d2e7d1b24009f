"""Provides PickerScreen: a modal list (mentions, key terms, related); enter picks.

One instance is installed per app and refilled each time (``show``), so that
opening a list does not compose and style a new screen.  A long list (the
mentions of a common term in a big plan) opens with the lines of its first
screen; the rest is added in slices after the first frame.  Shown again
with the very same options (the mentions list is kept per search), the list
keeps its lines and their renders and only moves its highlight.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.display import clean_row
from tui.i18n import t
from tui.ui import actions
from tui.ui.widgets.key_list import KeyList

SCREEN_NAME = "picker"
FIRST_LINES = 48  # lines added before the first frame: more than the list shows
MORE_LINES = 150  # lines added per slice after it


def picker_screen(app: App[object]) -> PickerScreen:
    """The app's one list screen (installed on first use)."""
    if not app.is_screen_installed(SCREEN_NAME):
        app.install_screen(PickerScreen(), SCREEN_NAME)
    picker = app.get_screen(SCREEN_NAME)
    assert isinstance(picker, PickerScreen)
    return picker


class PickerScreen(ModalScreen[str | None]):
    """Shows options; dismisses with the picked option's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [*actions.bindings("list")]

    def __init__(self) -> None:
        super().__init__(classes="picker")
        self._title = ""
        self._options: Sequence[Option] = []
        self._empty = ""
        self._on_pick: Callable[[str], None] | None = None
        self._start: str | None = None
        self._hint = ""
        self._added = 0  # options in the list so far

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Label("", id="picker-title", markup=False)
            yield KeyList(id="picker-list")
            yield Static("", id="picker-empty", markup=False)
            yield Label("", id="picker-hint")

    def show(
        self,
        title: str,
        options: Sequence[Option],
        empty: str = "",
        *,
        on_pick: Callable[[str], None] | None = None,
        start: str | None = None,
        hint: str = "",
    ) -> PickerScreen:
        """Set what the list shows next time it opens.

        ``on_pick`` is called before the list closes, so that the screen
        below is already in its new state when it is painted again (one
        frame, not two); ``start`` is the id of the option highlighted first;
        ``hint`` says what enter does (default: jumps).
        """
        same = options is self._options and self._added == len(options) > 0
        self._title, self._options, self._empty = title, options, empty
        self._on_pick, self._start, self._hint = on_pick, start, hint or t("list.hint")
        if self.is_mounted:
            self._fill(keep=same)
        return self

    def on_mount(self) -> None:
        self._fill()

    def on_screen_resume(self) -> None:
        self.query_one(OptionList).focus()

    def _fill(self, keep: bool = False) -> None:
        """Fill the list; with ``keep``, it already holds every one of these options."""
        # The title and the empty text hold what the user typed (a search may be pasted).
        self.query_one("#picker-title", Label).update(Text(clean_row(self._title)))
        self.query_one("#picker-hint", Label).update(Text(self._hint))
        options = self.query_one(OptionList)
        if keep:
            self._restart(options)
            return
        options.clear_options()
        options.display = bool(self._options)
        empty = self.query_one("#picker-empty", Static)
        empty.update(Text(clean_row(self._empty)))
        empty.display = not self._options
        # Start on the given option, else the first pickable line (group
        # headers are disabled); looked for only as far as needed.
        start = next((k for k, option in enumerate(self._options) if option.id == self._start), None)
        if start is None or self._options[start].disabled:
            start = next((k for k, option in enumerate(self._options) if not option.disabled), None)
        head = max(FIRST_LINES, (start or 0) + FIRST_LINES // 2)
        self._added = min(head, len(self._options))
        options.add_options(self._options[: self._added])
        if start is not None:
            options.highlighted = start
        if self._added < len(self._options):
            self.call_after_refresh(self._add_more, self._options)

    def _restart(self, options: OptionList) -> None:
        """As a fresh fill leaves the list (top, then the start option in view), without rebuilding it."""
        options.highlighted = None
        options.scroll_y = 0
        try:
            start = None if self._start is None else options.get_option_index(self._start)
        except OptionDoesNotExist:
            start = None
        if start is None or self._options[start].disabled:
            start = next((k for k, option in enumerate(self._options) if not option.disabled), None)
        if start is not None:
            options.highlighted = start

    def _add_more(self, filling: Sequence[Option]) -> None:
        """Add the next slice of a long list (unless it was refilled meanwhile)."""
        if filling is not self._options or self._added >= len(filling):
            return
        end = min(len(filling), self._added + MORE_LINES)
        self.query_one(OptionList).add_options(filling[self._added : end])
        self._added = end
        if end < len(filling):
            self.set_timer(0.001, lambda: self._add_more(filling))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._on_pick is not None and event.option.id is not None:
            self._on_pick(event.option.id)
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
