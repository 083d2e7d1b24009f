"""Provides what the reader remembers between runs: per plan, position, search, script and panes; the theme."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui import state
from tui.state import PlanState
from tui.ui.screens import side_panes
from tui.ui.screens.side_panes import Panes

if TYPE_CHECKING:
    from tui.ui.screens.reader_screen import ReaderScreen


def restore(screen: ReaderScreen, plan: PlanState) -> None:
    """Where the reader was in this plan last time: position, script, panes, search."""
    if plan.traditional:
        screen.set_script(True)
    # Both chosen open and the terminal narrow: the notes give way (side_panes.giving_way).
    screen.chosen = screen.panes = Panes(plan.tree, plan.notes)
    side_panes.apply(screen)
    index = screen.document.measure_index.get(plan.measure)
    if index is not None:
        screen.call_after_refresh(screen.reader.move_to, index, center=True)
    if plan.search:
        screen.plans.run(plan.search, index or 0)
        screen._show_hits()
        screen._show_search_state()


def remember(screen: ReaderScreen) -> None:
    """Save where the reader is, from the screen's own attributes (its widgets may be gone)."""
    plan = PlanState(measure=screen._cursor_id, search=screen.plans.search.query, tree=screen.chosen.tree,
                     notes=screen.chosen.notes, traditional=screen._traditional)
    saved = state.load()
    # Unless chosen here, the theme saved is the newest: another window may have chosen one since.
    app = screen.app
    theme = app.theme if app.theme != getattr(app, "started_theme", None) else saved.theme
    state.save(replace(saved.with_plan(screen.document.id, plan), theme=theme))
