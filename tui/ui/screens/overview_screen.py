"""Provides OverviewScreen: per chapter the measures, notes, progress and top tags; then every tag with its count.

The numbers come from ``tui.annotations.overview``; this screen only lays
them out.  ``enter`` on a chapter dismisses with its first measure (a
``PlanMeasure``) for the reader to go to.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from tui.annotations.overview import Overview
from tui.display import one_line
from tui.document.corpus import PlanMeasure
from tui.document.model import Document
from tui.document.term_chart import bar
from tui.i18n import t
from tui.ui import actions
from tui.ui.screens.plan_screens import key_hint
from tui.ui.script import plan_title

BAR_CELLS = 12


def progress_text(share: float) -> Text:
    """``████▌        38%``: a bar of fixed width and the percentage."""
    text = Text(bar(share, 1.0, BAR_CELLS).ljust(BAR_CELLS), style="green")
    text.append(f" {share:4.0%}")
    return text


class OverviewScreen(Screen[PlanMeasure | None]):
    """The plan's chapters and tags at a glance."""

    BINDINGS = actions.bindings("overview")
    CSS_PATH = "plans.tcss"

    def __init__(self, doc: Document, view: Overview, *, traditional: bool = False) -> None:
        super().__init__(id="overview-screen")
        self.doc = doc
        self.view = view
        self.traditional = traditional

    def compose(self) -> ComposeResult:
        v = self.view
        with Vertical(id="overview-box"):
            yield Label(Text(t("lib.overview.title", title=plan_title(self.doc, self.traditional))), id="overview-title")
            yield Label(Text(t("lib.overview.summary", measures=v.measures, annotated=v.annotated,
                               progress=f"{v.progress:.0%}", annotations=v.annotations, orphans=v.orphans)),
                        id="overview-summary")
            yield DataTable(id="overview-table", cursor_type="row")
            yield DataTable(id="overview-tags", cursor_type="none", show_cursor=False)
            yield Label(key_hint("overview", "lib.key.jump"), id="overview-hint")

    def on_mount(self) -> None:
        table: DataTable[Any] = self.query_one("#overview-table", DataTable)
        for key in ("chapter", "measures", "notes", "progress", "tags"):
            table.add_column(t(f"lib.overview.col.{key}"))
        for row in self.view.chapters:
            top = "  ".join(f"#{tag} {n}" for tag, n in row.top_tags)
            table.add_row(one_line(row.section.label(self.traditional), 28), str(row.measures), str(row.annotations),
                          progress_text(row.progress), top, key=row.section.id)
        tags: DataTable[Any] = self.query_one("#overview-tags", DataTable)
        tags.add_column(t("lib.overview.col.tag"))
        tags.add_column(t("lib.overview.col.count"))
        for tag, n in self.view.tags:
            tags.add_row(f"#{tag}", str(n))
        if not self.view.tags:
            tags.add_row(Text(t("lib.overview.no_tags"), style="dim"), "")
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        section_id = event.row_key.value
        first = next((m for m in self.doc.measures if section_id is not None
                      and self.doc.chapter_of(m.section_id).id == section_id), None)
        if first is not None:
            self.dismiss(PlanMeasure(self.doc.id, first.id))

    def action_close(self) -> None:
        self.dismiss(None)
