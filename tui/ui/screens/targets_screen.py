"""Provides TargetsScreen: every quantified target of the open plans, sortable and filterable; enter goes there.

One row per figure: chapter, indicator, value (with qualifier and
baseline), year, target or achievement, measure.  ``/`` filters on any of
them, ``s`` sorts by the next column (a click on a header sorts by it),
``k`` shows targets, achievements or both; with several plans ``l`` lines
them up, one row per indicator and one column per plan.  ``e`` / ``E``
export what is shown as Markdown / CSV.  ``enter`` dismisses with the
figure's measure (a ``PlanMeasure``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label
from textual.worker import Worker, WorkerState

from tui.display import cells, clean_row
from tui.document.corpus import PlanMeasure
from tui.document.lineup import Lined, line_up
from tui.document.model import Document
from tui.document.search import fold
from tui.document.targets import Target, targets_of
from tui.errors import UserError
from tui.i18n import t
from tui.library import targets_report as report
from tui.ui import actions
from tui.ui.cells import cut_cells
from tui.ui.screens.plan_screens import key_hint, snippet
from tui.ui.widgets.key_list import KeyTable

KINDS: tuple[tuple[str, ...], ...] = (("target", "achievement"), ("target",), ("achievement",))
Figure = tuple[Document, Target]
# Cells of the columns, at most: the whole indicator is in the measure (enter) and in the exports.
INDICATOR_CELLS, CHAPTER_CELLS, VALUE_CELLS, PLAN_CELLS, YEAR_CELLS, KIND_CELLS = 32, 28, 12, 10, 4, 4
MIN_SHARED = 30  # the indicator and chapter need this much between them, else the measure id gives way


# (catalogue key of the column, sort key); the first sort is reading order.
SORTS: tuple[tuple[str, Callable[[Figure], Any]], ...] = (
    ("lib.targets.col.measure", lambda f: 0),
    ("lib.targets.col.indicator", lambda f: f[1].indicator),
    ("lib.targets.col.value", lambda f: (f[1].unit, f[1].number)),
    ("lib.targets.col.year", lambda f: f[1].year or 0),
    ("lib.targets.col.kind", lambda f: f[1].kind),
    ("lib.targets.col.chapter", lambda f: f[0].measure_index[f[1].measure_id]),
)


def figure_widths(room: int, several: bool, value: int, measure: int) -> tuple[int, int, int, int]:
    """Cells for the indicator, the value, the chapter and the measure id in ``room`` cells (cell
    padding aside) beside the plan (``several``), the year and the kind.  The year is never cut,
    the value only below 12 cells on a narrow terminal; the indicator and the chapter share the rest; the measure id (the row's
    ``enter`` goes there) is left out (0) when they would have too little."""
    value = min(value, max(VALUE_CELLS, room // 6))  # cut only on a narrow terminal
    shared = room - (PLAN_CELLS if several else 0) - value - YEAR_CELLS - KIND_CELLS - measure
    if shared < MIN_SHARED:
        shared, measure = shared + measure + 2, 0  # 2: the column's padding
    indicator = min(INDICATOR_CELLS, max(8, shared * 3 // 5))
    return indicator, value, min(CHAPTER_CELLS, max(4, shared - indicator)), measure


class TargetsScreen(Screen[PlanMeasure | None]):
    """The targets table; dismisses with the measure picked (or None)."""

    BINDINGS = actions.bindings("targets")
    CSS_PATH = "plans.tcss"

    def __init__(self, docs: Sequence[Document], *, exports: Path | None = None) -> None:
        super().__init__(id="targets-screen")
        self.docs = list(docs)
        self.exports = exports
        self.figures: list[Figure] = [(d, x) for d in self.docs for x in targets_of(d)]
        self.shown: list[Figure] = []
        self.kinds = 0
        self.sort = 0
        self.lineup = False
        self.lined: list[Lined] | None = None

    def compose(self) -> ComposeResult:
        titles = "、".join(d.display_title for d in self.docs)
        with Vertical(id="targets-box"):
            yield Label(Text(t("lib.targets.title", title=titles)), id="targets-title")
            yield Label("", id="targets-summary")
            yield Input(placeholder=t("lib.targets.filter"), id="targets-filter")
            yield KeyTable(id="targets-table", cursor_type="row")
            yield Label(key_hint("targets", "lib.key.jump"), id="targets-hint")

    def on_mount(self) -> None:
        self.refill()
        self.query_one(DataTable).focus()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    # --- filling ----------------------------------------------------------------------------

    def _matches(self, figure: Figure, words: list[str]) -> bool:
        doc, x = figure
        chapter, section = report.where(doc, x)
        haystack = fold(" ".join((chapter, section, x.indicator, report.value_text(x), str(x.year or ""),
                                  report.kind_text(x), x.measure_id, doc.display_title)))
        return all(w in haystack for w in words)

    def refill(self) -> None:
        """The table for the current filter, kind, sort and mode."""
        words = fold(self.query_one(Input).value).split()
        kinds = KINDS[self.kinds]
        shown = [f for f in self.figures if f[1].kind in kinds and self._matches(f, words)]
        shown.sort(key=SORTS[self.sort][1])
        self.shown = shown
        table = self.table
        table.clear(columns=True)
        if self.lineup and self.lined is not None:
            self._fill_lineup(table, kinds, words)
        else:
            self._fill_figures(table)
        kind = t("lib.targets.kind.all") if len(kinds) > 1 else t(f"lib.targets.kind.{kinds[0]}")
        count = table.row_count
        if self.lineup and self.lined is not None:  # lined up by indicator: no sort column
            summary = t("targets.lineup_shown", shown=count, total=len(self.lined), kind=kind)
        else:
            summary = t("lib.targets.shown", shown=count, total=len(self.figures), column=t(SORTS[self.sort][0]),
                        kind=kind)
        self.query_one("#targets-summary", Label).update(Text(summary))

    def _room(self, table: DataTable[Any], columns: int) -> int:
        """The table's width for cell text, ``columns`` columns' padding aside."""
        width = table.scrollable_content_region.width or self.app.size.width - 3  # not laid out yet
        return width - 2 * table.cell_padding * columns

    def _fill_figures(self, table: DataTable[Any]) -> None:
        table.cursor_type = "row"
        several = len(self.docs) > 1
        values = [report.value_text(x) for _, x in self.shown]
        measure = max((cells(x.measure_id) for _, x in self.shown), default=4)
        indicator, value, chapter, measure = figure_widths(
            self._room(table, 7 if several else 6), several, max(map(cells, values), default=4), measure)
        # The figure first, then where it is: at 80 columns the value and year stay in view.
        head = ([(t("lib.targets.col.plan"), PLAN_CELLS)] if several else []) + [
            (t("lib.targets.col.indicator"), indicator), (t("lib.targets.col.value"), value),
            (t("lib.targets.col.year"), YEAR_CELLS), (t("lib.targets.col.kind"), KIND_CELLS),
            (t("lib.targets.col.chapter"), chapter)] + ([(t("lib.targets.col.measure"), measure)] if measure else [])
        for label, width in head:
            table.add_column(label, width=width)
        for (doc, x), value_text in zip(self.shown, values, strict=True):
            chapter_text = report.where(doc, x)[0]
            row = ([snippet(doc.display_title, PLAN_CELLS)] if several else []) + [
                snippet(x.indicator, indicator), cut_cells(clean_row(value_text), value), str(x.year or ""),
                Text(report.kind_text(x), style="dim" if x.kind == "achievement" else "bold"),
                snippet(chapter_text, chapter)] + ([x.measure_id] if measure else [])
            table.add_row(*row)

    def _fill_lineup(self, table: DataTable[Any], kinds: tuple[str, ...], words: list[str]) -> None:
        table.cursor_type = "cell"
        room = self._room(table, 1 + len(self.docs))
        indicator = min(INDICATOR_CELLS, room * 2 // 5)
        side = max(12, (room - indicator) // len(self.docs))
        table.add_column(t("lib.targets.col.indicator"), width=indicator)
        for doc in self.docs:
            table.add_column(snippet(doc.display_title, side), width=side)
        assert self.lined is not None
        for row in self.lined:
            cells_ = [tuple(x for x in row.cells.get(d.id, ()) if x.kind in kinds) for d in self.docs]
            if not any(cells_) or not all(w in fold(row.label) for w in words):
                continue
            table.add_row(snippet(row.label, indicator), *(cut_cells(clean_row(report.cell_text(c) or "—"), side)
                                                           for c in cells_), key=str(self.lined.index(row)))

    def on_resize(self) -> None:
        """The columns fit the new width, once the table is laid out again; the cursor stays."""
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        table = self.table
        cursor = table.cursor_coordinate
        self.refill()
        table.move_cursor(row=cursor.row, column=cursor.column)

    # --- keys -------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_sort(self) -> None:
        self.sort = (self.sort + 1) % len(SORTS)
        self.refill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        label = str(event.label)
        found = [k for k, (key, _) in enumerate(SORTS) if t(key) == label]
        if found and not self.lineup:
            self.sort = found[0]
            self.refill()

    def action_kind(self) -> None:
        self.kinds = (self.kinds + 1) % len(KINDS)
        self.refill()

    def action_lineup(self) -> None:
        if len(self.docs) < 2:
            self.notify(t("lib.targets.one_plan"))
            return
        self.lineup = not self.lineup
        if self.lineup and self.lined is None:
            # Lining up cuts the indicators into words: the segmenter may load first.
            self.run_worker(partial(line_up, self.docs), name="lineup", thread=True, exclusive=True,
                            exit_on_error=False)
            return
        self.refill()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "lineup" and event.state == WorkerState.SUCCESS:
            self.lined = event.worker.result
            self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.lineup and 0 <= event.cursor_row < len(self.shown):
            doc, x = self.shown[event.cursor_row]
            self.dismiss(PlanMeasure(doc.id, x.measure_id))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if not self.lineup or self.lined is None or event.coordinate.column == 0:
            return
        row = self.lined[int(event.cell_key.row_key.value or 0)]
        doc = self.docs[event.coordinate.column - 1]
        kinds = KINDS[self.kinds]
        figures = [x for x in row.cells.get(doc.id, ()) if x.kind in kinds]
        if figures:
            self.dismiss(PlanMeasure(doc.id, figures[-1].measure_id))

    def action_export(self, fmt: str) -> None:
        from tui import locations
        from tui.export.files import write_file
        from tui.library.catalog import plan_name
        from tui.ui.screens.compare_screen import export_path

        if self.lineup and self.lined is not None:
            text = report.lineup_csv(self.docs, self.lined) if fmt == "csv" else report.lineup_markdown(
                self.docs, self.lined)
        else:
            text = report.targets_csv(self.shown) if fmt == "csv" else report.targets_markdown(self.shown)
        stem = "targets-" + plan_name(self.docs[0].display_title)
        try:
            path = write_file(text, export_path(self.exports or locations.exports_dir(), stem, fmt), parents=True)
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(t("lib.exported", path=path), timeout=10)

    def action_close(self) -> None:
        if self.query_one(Input).has_focus:  # esc in the filter: back to the table, the filter kept
            self.table.focus()
            return
        self.dismiss(None)
