"""Provides the reader's side panes: which show at a width, and which give way below 120 columns.

Three things decide: the width class, the pane choices of this session (f2,
f3, and ``l`` showing the notes), and which pane was asked for last.  Below
120 columns only one side pane shows: the other *gives way* for the moment,
and comes back when the terminal is wide again.  Only f2 and f3 are choices
to remember (``chosen``): a pane that gave way for lack of width never is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.ui.screens.breakpoints import pick

if TYPE_CHECKING:
    from tui.ui.screens.reader_screen import ReaderScreen

PANES = ("tree", "notes")
NARROW = ("-narrow", "-tiny")


@dataclass(frozen=True)
class Panes:
    """The side panes' state: this session's choice of each (None: by width), and
    the one asked for last (it stays when the other must give way)."""

    tree: bool | None = None
    notes: bool | None = None
    last: str = "tree"

    def choice(self, pane: str) -> bool | None:
        return self.tree if pane == "tree" else self.notes


def with_choice(panes: Panes, pane: str, shown: bool) -> Panes:
    """``panes`` with ``pane`` shown or hidden (a pane shown becomes the one asked for last)."""
    return replace(panes, **{pane: shown}, last=pane if shown else panes.last)


def by_width(pane: str, width_class: str) -> bool:
    """Whether a pane shows when no one chose: the tree from 60 columns, the notes from 120."""
    if width_class == "-tiny":
        return False
    return pane == "tree" or width_class not in NARROW


def giving_way(panes: Panes, width_class: str) -> str:
    """The side pane hidden for lack of width ("" if none): below 120 columns, when both
    would show, the one not asked for last."""
    if width_class not in NARROW:
        return ""
    wanted = [p for p in PANES if (panes.choice(p) if panes.choice(p) is not None else by_width(p, width_class))]
    if len(wanted) < 2:
        return ""
    return "notes" if panes.last == "tree" else "tree"


def shown(panes: Panes, pane: str, width_class: str) -> bool:
    """Whether ``pane`` shows at this width."""
    choice = panes.choice(pane)
    return (by_width(pane, width_class) if choice is None else choice) and giving_way(panes, width_class) != pane


def width_class(screen: ReaderScreen) -> str:
    """The screen's horizontal breakpoint class now."""
    return next((name for _, name in screen.HORIZONTAL_BREAKPOINTS or () if screen.has_class(name)), "")


def width_for(screen: ReaderScreen, width: int) -> str:
    """The screen's horizontal breakpoint class at ``width`` columns."""
    return pick(screen.HORIZONTAL_BREAKPOINTS or [], width) or ""


def resized(screen: ReaderScreen, width: int) -> None:
    """The terminal's new width: coming below 120 columns, the notes give way, as at start."""
    new = width_for(screen, width)
    if new in NARROW and width_class(screen) not in NARROW and screen.panes.last != "tree":
        screen.set_reactive(type(screen).panes, replace(screen.panes, last="tree"))
    apply(screen, new)


def toggle(screen: ReaderScreen, pane: str) -> None:
    """f2/f3: hide the pane if it shows, else show it; the user's choice, remembered."""
    screen.show_pane(pane, not shown(screen.panes, pane, width_class(screen)), chosen=True)


def apply(screen: ReaderScreen, width: str | None = None) -> None:
    """Set the screen's pane classes (``-tree-on``/``-off``, ``-notes-give-way`` …) for
    ``width`` (default: the screen's class now); move the focus out of a pane that hides."""
    width = width_class(screen) if width is None else width
    panes: Panes = screen.panes
    yielding = giving_way(panes, width)
    for name in PANES:
        choice = panes.choice(name)
        screen.set_class(choice is True, f"-{name}-on")
        screen.set_class(choice is False, f"-{name}-off")
        screen.set_class(yielding == name, f"-{name}-give-way")
    for name, widget in (("tree", screen.section_tree), ("notes", screen.notes)):
        hidden = panes.choice(name) is False or yielding == name
        if hidden and widget.has_focus_within:
            screen.reader.focus()
