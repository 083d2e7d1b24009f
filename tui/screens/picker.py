"""Provides PickerScreen: a modal list (mentions, key terms, related); enter picks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import t


class PickerScreen(ModalScreen[str | None]):
    """Shows ``options``; dismisses with the picked option's id, or None."""

    BINDINGS = [Binding("escape", "dismiss_none", t("key.close"))]

    def __init__(
        self,
        title: str,
        options: Sequence[Option],
        empty: str = "",
        *,
        kind: str = "",
        on_pick: Callable[[str], None] | None = None,
        start: str | None = None,
    ) -> None:
        super().__init__(classes=f"picker {kind}".strip())
        self._title = title
        self._options = list(options)
        self._empty = empty
        # Called before the list closes, so that the screen below is already
        # in its new state when it is painted again (one frame, not two).
        self._on_pick = on_pick
        self._start = start  # id of the option to highlight first

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Label(Text(self._title), id="picker-title")
            if self._options:
                yield OptionList(*self._options, id="picker-list")
            else:
                yield Static(Text(self._empty), id="picker-empty")
            yield Label(Text(t("list.hint")), id="picker-hint")

    def on_mount(self) -> None:
        if self._options:
            options = self.query_one(OptionList)
            # Start on the given option, else the first pickable line (group
            # headers are disabled).
            pickable = [k for k, option in enumerate(self._options) if not option.disabled]
            chosen = [k for k in pickable if self._options[k].id == self._start]
            if chosen or pickable:
                options.highlighted = (chosen or pickable)[0]
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._on_pick is not None and event.option.id is not None:
            self._on_pick(event.option.id)
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
