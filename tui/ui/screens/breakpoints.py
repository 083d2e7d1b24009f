"""Provides SizedScreen: a screen with its breakpoint classes from its first layout on.

Textual sets a screen's breakpoint classes on its first Resize, which arrives
after its first frame: they then restyle and lay out the whole screen again.
At start it also relays the size already laid out up to three times (its own
Resize, the terminal's, the first layout's), each laid out and painted anew.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.screen import Screen, ScreenResultType

Breakpoints = list[tuple[int, str]]


def pick(breakpoints: Breakpoints, dimension: int) -> str | None:
    """The class of the highest edge at or below ``dimension`` (Textual's rule)."""
    return next((name for edge, name in sorted(breakpoints, reverse=True) if dimension >= edge), None)


def breakpoint_classes(screen: Screen[Any], size: Size) -> dict[str, bool]:
    """Every breakpoint class of ``screen`` (its own breakpoints, else the app's),
    and whether it applies at ``size``."""
    horizontal: Breakpoints = (screen.app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
                               else screen.HORIZONTAL_BREAKPOINTS) or []
    vertical: Breakpoints = (screen.app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None
                             else screen.VERTICAL_BREAKPOINTS) or []
    classes = {name: False for _, name in horizontal + vertical}
    for breakpoints, dimension in ((horizontal, size.width), (vertical, size.height)):
        name = pick(breakpoints, dimension)
        if name is not None:
            classes[name] = True
    return classes


class SizedScreen(Screen[ScreenResultType]):
    """Sets its breakpoint classes before it composes, and lets Textual lay it
    out on a Resize only when the size or its classes change."""

    def on_compose(self) -> None:
        # Runs before Textual's own Compose handler (further down the MRO),
        # which calls compose(): the children are styled for the size at once.
        self.update_classes(breakpoint_classes(self, self.app.size), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        classes = breakpoint_classes(self, event.size)
        if event.size == self.outer_size and all(self.has_class(name) == on for name, on in classes.items()):
            event.prevent_default()  # Screen._on_resize: the same layout again
