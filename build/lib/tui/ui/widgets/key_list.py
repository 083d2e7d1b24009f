"""Provides KeyList: an OptionList that also moves with j and k."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.ui import actions


class KeyList(OptionList):
    """The lists of the reader (mentions, key terms, related, the notes list)."""

    BINDINGS = actions.bindings("options")
