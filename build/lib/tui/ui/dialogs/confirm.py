"""Provides ConfirmDialog: a yes/no question about one thing (y/enter or n/esc)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.ui import actions


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True (y, enter) or False (n, esc)."""

    BINDINGS = actions.bindings("confirm")

    def __init__(self, question: str, body: Text, hint: str) -> None:
        super().__init__(classes="dialog")
        self._question = question
        self._body = body
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label(Text(self._question), id="dialog-title")
            with VerticalScroll(id="confirm-body"):
                yield Static(self._body)
            yield Label(Text(self._hint), id="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
