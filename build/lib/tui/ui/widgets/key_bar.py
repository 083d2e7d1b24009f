"""Provides KeyBar: the bottom line — the keys of the focused pane, or a notice for a while.

One widget drawing one line (Textual's Footer mounts a widget per key and
rebuilds them on every focus change).  Entries that do not fit are left out
whole, never cut in the middle; ``?`` comes first and leads to every key.
Notices (``flash``) take the line for a few seconds instead of a toast, so
that they never cover the status line or the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from tui.display import one_line
from tui.ui.actions import Action

GAP = "  "
NOTICE_SECONDS = 4.0


def key_bar_text(keys: Sequence[Action], width: int, label: str = "") -> Text:
    """``label  key description  key description …`` in ``width`` cells, whole entries only."""
    text = Text(no_wrap=True)
    if label:
        text.append(f"{label} ", style="reverse bold")
    for action in keys:
        entry = Text.assemble((action.key_text, "bold"), " " + action.description)
        room = width - text.cell_len - (len(GAP) if len(text) else 0)
        if entry.cell_len > room:
            break
        if len(text):
            text.append(GAP)
        text.append_text(entry)
    return text


class KeyBar(Widget):
    """The footer line; the screen sets ``keys`` and ``label`` for the focused pane."""

    COMPONENT_CLASSES = {"keybar--notice", "keybar--warning", "keybar--error"}  # noqa: RUF012

    keys: reactive[tuple[Action, ...]] = reactive((), layout=False)
    """The keys shown, most useful first."""
    label: reactive[str] = reactive("", layout=False)
    """The focused pane's name, shown before its keys."""
    notice: reactive[tuple[str, str]] = reactive(("", ""), layout=False)
    """(message, severity) shown instead of the keys for a while."""

    def __init__(self, keys: Sequence[Action] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.keys, tuple(keys))
        self._timer: Timer | None = None

    def flash(self, message: str, severity: str = "information", seconds: float | None = None) -> None:
        """Show ``message`` for ``seconds`` (longer ones stay a little longer)."""
        if self._timer is not None:
            self._timer.stop()
        self.notice = (message, severity)
        wait = seconds if seconds is not None else NOTICE_SECONDS + min(6.0, len(message) / 20)
        self._timer = self.set_timer(wait, self.clear_notice)

    def clear_notice(self) -> None:
        self.notice = ("", "")

    def render(self) -> Text:
        width = self.content_region.width
        message, severity = self.notice
        if message:
            style = {"warning": "keybar--warning", "error": "keybar--error"}.get(severity, "keybar--notice")
            shown = one_line(message, max(1, width * 2))
            text = Text(shown, style=self.get_component_rich_style(style, partial=True), no_wrap=True,
                        overflow="ellipsis")
            if cell_len(shown) > width:
                text.truncate(width, overflow="ellipsis")
            return text
        return key_bar_text(self.keys, width, self.label)

    def plain(self) -> str:
        """The line as text (tests)."""
        return self.render().plain
