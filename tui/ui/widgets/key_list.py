"""Provides KeyList and KeyTable: an OptionList and a DataTable that also move with j and k."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, OptionList

from tui.ui import actions


class KeyList(OptionList):
    """The lists of the reader (mentions, key terms, related, the notes list)."""

    BINDINGS = actions.bindings("options")

    def scroll_to_highlight(self, top: bool = False) -> None:
        """As OptionList does; on the first option that can be picked, the lines above it
        (a mentions list's chart, a plan's header) come into view too, when they fit."""
        first = next((k for k, option in enumerate(self.options) if not option.disabled), None)
        if self.highlighted is not None and self.highlighted == first and self.is_mounted:
            self._update_lines()
            end = self._index_to_line.get(first, 0) + self._heights.get(first, 1)
            if end <= self.scrollable_content_region.height:
                self.scroll_to(y=0, animate=False, immediate=True)
                return
        super().scroll_to_highlight(top)


class KeyTable(DataTable[Any]):
    """The tables of the targets and comparison screens: the cursor row stays in view
    when the table's height changes (the comparison's detail below it grows and shrinks)."""

    BINDINGS = actions.bindings("table")

    def action_half_page(self, direction: int) -> None:
        rows = max(1, (self.scrollable_content_region.height - self.header_height) // 2)
        self.move_cursor(row=max(0, min(self.row_count - 1, self.cursor_row + direction * rows)))

    def on_resize(self) -> None:
        # DataTable scrolls to the cursor when it moves, for the height it has then.
        self.call_after_refresh(self._scroll_cursor_into_view)
