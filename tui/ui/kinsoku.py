"""Provides Chinese line-breaking rules for every wrapped text in the UI (dialogs, lists, panes).

Textual and rich wrap text with ``rich._wrap.divide_line``, which breaks at
spaces and folds a run of Chinese characters at any character, so a line may
start with "，" or "》".  ``install()`` replaces it, in the two modules that
call it, with ``divide_line`` below for text that holds wide characters.
"""

from __future__ import annotations

from itertools import accumulate

import rich.text
import textual.content
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, get_character_cell_size

from tui.ui.widgets.line_breaks import NO_END, NO_START


def _can_break(text: str, i: int) -> bool:
    """May a line start at ``text[i]``?  After a space; or beside a wide character,
    unless that puts closing punctuation first or opening punctuation last."""
    before, after = text[i - 1], text[i]
    if before.isspace():
        return True
    if after.isspace() or after in NO_START or before in NO_END:
        return False
    return get_character_cell_size(before) == 2 or get_character_cell_size(after) == 2


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Break offsets for ``text`` in ``width`` cells (the contract of rich's ``divide_line``)."""
    if width < 4 or cell_len(text) == len(text) or cell_len(text) <= width:
        return rich_divide_line(text, width, fold)  # no wide characters, or nothing to wrap
    cum = [0, *accumulate(get_character_cell_size(c) for c in text)]
    offsets: list[int] = []
    start, n = 0, len(text)
    while cum[n] - cum[start] > width:
        end = start + 1
        while end < n and cum[end + 1] - cum[start] <= width:
            end += 1  # the longest line that fits: text[start:end]
        # Trailing spaces may hang past the edge (they are trimmed).
        while end < n and text[end].isspace():
            end += 1
        if end >= n:
            break
        brk = next((b for b in range(end, start, -1) if _can_break(text, b)), None)
        # Words and tags set off by spaces stay whole when the line stays two-thirds full.
        space = next((b for b in range(end, start, -1) if text[b - 1].isspace()), None)
        if space is not None and cum[space] - cum[start] >= width * 2 // 3:
            brk = space
        if brk is None:
            if not fold:
                break
            brk = end  # one long word: fold it
        offsets.append(brk)
        start = brk
    return offsets


def install() -> None:
    """Wrap with the Chinese rules from now on (idempotent)."""
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]
    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
