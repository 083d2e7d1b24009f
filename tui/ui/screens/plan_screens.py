"""Provides what the compare, targets and overview screens share: the key hint and the table cells."""

from __future__ import annotations

from rich.text import Text

from tui.display import one_line
from tui.i18n import t
from tui.ui import actions


def key_hint(scope: str, enter: str) -> Text:
    """``enter 跳转 · a 写批注 · esc 返回``: the screen's keys, from the key table."""
    parts = [f"enter {t(enter)}"] + [f"{a.key_text} {a.description}" for a in actions.ACTIONS if a.scope == scope]
    return Text(" · ".join(parts))


def snippet(text: str, cells: int) -> str:
    """The start of ``text`` on one line, about ``cells`` terminal cells wide (Chinese takes two)."""
    return one_line(text, max(4, cells // 2))
