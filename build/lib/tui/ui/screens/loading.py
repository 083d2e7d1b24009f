"""Provides LoadingScreen: shown while a raw plan is imported in a worker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, ProgressBar


class LoadingScreen(Screen[None]):
    """A message and a pulsing progress bar; the app replaces it when done."""

    def __init__(self, message: str) -> None:
        super().__init__(id="loading")
        self._message = message

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Label(Text(self._message), id="loading-message")
            with Center():
                # No total: the import has no reliable measure of progress.
                yield ProgressBar(total=None, show_eta=False, id="loading-bar")
