"""Provides text cut to a number of terminal cells (wide characters take two), at the end or in the middle."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from tui.display import cut


def cut_cells(label: str, cells: int) -> str:
    """``label`` in at most ``cells`` cells, ending in "…" when cut (``display.cut``; nothing in none)."""
    return cut(label, cells) if cells > 0 else ""


def cut_middle(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, its middle replaced by "…" when cut: a path
    keeps its start and its file name."""
    if cell_len(text) <= cells:
        return text
    if cells < 2:
        return cut_cells(text, cells)
    tail_cells = (cells - 1) * 2 // 3  # the end (the file name) matters most
    tail = ""
    for char in reversed(text):
        if cell_len(char + tail) > tail_cells:
            break
        tail = char + tail
    head = set_cell_size(text, cells - 1 - cell_len(tail)).rstrip()
    return f"{head}…{tail}"
