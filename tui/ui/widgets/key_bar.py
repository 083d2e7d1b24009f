"""Provides KeyBar: a one-line footer of the main keys, drawn as a single widget.

Textual's Footer mounts one widget per key and rebuilds them whenever the
focus or the screen changes (every list opened or closed), which costs a
layout pass of its own; this bar is painted once and never rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

KEY_NAMES = {"slash": "/", "asterisk": "*", "question_mark": "?", "escape": "esc"}


def key_hint(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return "/".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def key_bar_text(bindings: Iterable[BindingType]) -> Text:
    """``key description`` pairs of the bindings marked ``show``, in order."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.show:
            continue
        if text:
            text.append("  ")
        text.append(key_hint(binding), style="bold")
        text.append(" " + binding.description)
    return text


class KeyBar(Static):
    """The footer line; the screen gives it the bindings to show."""

    def __init__(self, bindings: Iterable[BindingType], *, id: str | None = None) -> None:
        super().__init__(key_bar_text(bindings), id=id)
