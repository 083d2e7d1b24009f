"""Provides KeyBar: a one-line footer of the main keys, drawn as a single widget.

Textual's Footer mounts one widget per key and rebuilds them whenever the
focus or the screen changes (every list opened or closed), which costs a
layout pass of its own; this bar is painted once and never rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from tui.ui.actions import Action


def key_bar_text(keys: Iterable[Action]) -> Text:
    """``key description`` pairs, in order."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for action in keys:
        if text:
            text.append("  ")
        text.append(action.key_text, style="bold")
        text.append(" " + action.description)
    return text


class KeyBar(Static):
    """The footer line; the screen gives it the actions to show."""

    def __init__(self, keys: Iterable[Action], *, id: str | None = None) -> None:
        super().__init__(key_bar_text(keys), id=id)
