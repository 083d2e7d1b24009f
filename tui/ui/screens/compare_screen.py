"""Provides CompareScreen: two plans side by side, each measure of A beside its counterpart in B, by chapter.

The alignment is computed in a worker (the segmenter's first load takes
about a second).  The left column is A, the right B; the row under the
cursor is shown in full below the table with the shared words and B's other
close measures.  ``enter`` on either side dismisses with that measure
(a ``PlanMeasure``) for the reader to go to; ``a`` annotates the measure of
the side under the cursor; ``e`` / ``E`` export the alignment as Markdown /
CSV beside the notes (never over an existing file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.worker import Worker, WorkerState

from tui.annotations.model import Annotation
from tui.annotations.notebook import Notebook
from tui.display import one_line
from tui.document.align import Alignment, Row, align
from tui.document.corpus import PlanMeasure
from tui.document.model import Document
from tui.errors import UserError
from tui.i18n import t
from tui.ui import actions
from tui.ui.screens.plan_screens import key_hint, snippet
from tui.ui.script import plan_title
from tui.ui.widgets.key_list import KeyTable

Books = Callable[[Document], Notebook | None]
MARK = "● "  # before a measure that carries a note
SCORE_CELLS = 6


def export_path(folder: Path, stem: str, fmt: str) -> Path:
    """``<folder>/<stem>-<date>.<fmt>``, numbered if taken: an export never replaces a file."""
    base = f"{stem}-{dt.date.today().isoformat()}"
    path = folder / f"{base}.{fmt}"
    k = 2
    while path.exists():
        path = folder / f"{base}-{k}.{fmt}"
        k += 1
    return path


class CompareScreen(Screen[PlanMeasure | None]):
    """A beside B; dismisses with the measure picked (or None)."""

    BINDINGS = actions.bindings("compare")
    CSS_PATH = "plans.tcss"

    def __init__(self, a: Document, b: Document, books: Books, *, traditional: bool = False,
                 exports: Path | None = None) -> None:
        super().__init__(id="compare-screen")
        self.a, self.b = a, b
        self.books = books
        self.traditional = traditional
        self.exports = exports
        self.alignment: Alignment | None = None
        self._rows: list[Row | None] = []  # per table row: a measure row, or None for a chapter header
        self._chapters: dict[int, tuple[str, str]] = {}  # a chapter header's row: its two chapters, in full

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-box"):
            yield Label(Text(t("lib.compare.header", a=self._title(self.a), b=self._title(self.b))),
                        id="compare-title")
            yield Label(Text(t("lib.compare.working")), id="compare-summary")
            yield KeyTable(id="compare-table", cursor_type="cell", zebra_stripes=False)
            yield Static("", id="compare-detail")
            yield Label(key_hint("compare", "lib.key.jump"), id="compare-hint")

    def _title(self, doc: Document) -> str:
        return one_line(plan_title(doc, self.traditional), 40)

    def on_mount(self) -> None:
        self.run_worker(partial(align, self.a, self.b), name="align", thread=True, exclusive=True,
                        exit_on_error=False)

    def action_swap(self) -> None:
        """``x``: the other plan as A, so that its measures lead (a county's 19 rather than a city's 477)."""
        self.a, self.b = self.b, self.a
        self.alignment = None
        self.query_one("#compare-title", Label).update(
            Text(t("lib.compare.header", a=self._title(self.a), b=self._title(self.b))))
        self.query_one("#compare-summary", Label).update(Text(t("lib.compare.working")))
        self.on_mount()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "align":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Alignment):
            self.show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#compare-summary", Label).update(Text(t("lib.compare.failed", error=event.worker.error)))

    # --- the table ------------------------------------------------------------------------

    def show(self, alignment: Alignment) -> None:
        """Fill the table: a header row per chapter pair, then its rows."""
        from tui.library.compare_report import summary

        self.alignment = alignment
        self.query_one("#compare-summary", Label).update(Text(summary(alignment)))
        table = self.query_one(DataTable)
        self._fill(table)
        table.focus()
        self._show_detail(0)

    def _side(self, table: DataTable[object]) -> int:
        """The width of each plan's column: the two, the score and each cell's padding fill the table."""
        room = table.scrollable_content_region.width or self.app.size.width - 4
        return max(20, (room - SCORE_CELLS - 2 * 3 * table.cell_padding) // 2)

    def _fill(self, table: DataTable[object]) -> None:
        assert self.alignment is not None
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        side = self._side(table)
        table.add_column(one_line(self._title(self.a), side // 2), width=side, key="a")
        table.add_column(t("lib.compare.col_score"), width=SCORE_CELLS, key="score")
        table.add_column(one_line(self._title(self.b), side // 2), width=side, key="b")
        self._rows = []
        self._chapters = {}
        none = t("lib.compare.none")
        for pair in self.alignment.chapters:
            left = pair.a.label(self.traditional) if pair.a else none
            right = pair.b.label(self.traditional) if pair.b else none
            table.add_row(Text(snippet(left, side), style="bold"), "", Text(snippet(right, side), style="bold"))
            self._chapters[len(self._rows)] = (left, right)
            self._rows.append(None)
            for row in pair.rows:
                score = f"{row.score:.2f}" if row.score is not None else "—"
                table.add_row(self._cell(self.a, row.a, side), score, self._cell(self.b, row.b, side))
                self._rows.append(row)
        table.move_cursor(row=cursor.row, column=cursor.column)

    def on_resize(self) -> None:
        """The columns fit the new width (after the table is laid out again)."""
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        table = self.query_one(DataTable)
        if self.alignment is not None and table.ordered_columns and table.ordered_columns[0].width != self._side(table):
            self._fill(table)

    def _cell(self, doc: Document, measure_id: str | None, cells: int) -> Text:
        if measure_id is None:
            return Text("")
        book = self.books(doc)
        marked = book is not None and measure_id in book.counts
        text = doc.measure_by_id[measure_id].text_in(self.traditional)
        return Text((MARK if marked else "") + snippet(text, cells - (2 if marked else 0)))

    def _refresh_marks(self) -> None:
        table = self.query_one(DataTable)
        side = table.ordered_columns[0].width
        for k, row in enumerate(self._rows):
            if row is not None:
                table.update_cell_at(Coordinate(k, 0), self._cell(self.a, row.a, side))
                table.update_cell_at(Coordinate(k, 2), self._cell(self.b, row.b, side))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_detail(event.coordinate.row)

    def _show_detail(self, index: int) -> None:
        if self.alignment is None or not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        detail = Text()
        if row is None and index in self._chapters:  # a chapter header: both chapters in full
            for tag, label in zip("AB", self._chapters[index], strict=True):
                detail.append(f"{tag} ", style="bold")
                detail.append(label + "\n", style="bold")
        if row is not None:
            for doc, mid, tag in ((self.a, row.a, "A"), (self.b, row.b, "B")):
                detail.append(f"{tag} ", style="bold")
                if mid is None:
                    detail.append(t("lib.compare.only_here") + "\n", style="dim")
                else:
                    detail.append(f"[{mid}] ", style="dim")
                    detail.append(doc.measure_by_id[mid].text_in(self.traditional) + "\n")
            match = next((m for m in self.alignment.matches if m.measure_id == row.a), None) if row.a else None
            if match is not None and match.counterpart is not None:
                detail.append(t("lib.compare.detail_shared", words="、".join(match.counterpart.shared)) + "\n",
                              style="dim")
            if match is not None:
                others = [c for c in match.candidates if match.counterpart is None or c != match.counterpart]
                if others:
                    items = "；".join(f"{c.score:.2f} {one_line(self.b.measure_by_id[c.measure_id].text, 18)}"
                                     for c in others)
                    detail.append(t("lib.compare.detail_others", items=items), style="dim")
        self.query_one("#compare-detail", Static).update(detail)

    # --- keys -------------------------------------------------------------------------------

    def _focused(self) -> tuple[Document, str] | None:
        """The plan and measure under the cursor: the left column is A, the right B (the score: A)."""
        table = self.query_one(DataTable)
        if not self._rows:
            return None
        coord = table.cursor_coordinate
        row = self._rows[coord.row] if 0 <= coord.row < len(self._rows) else None
        if row is None:
            return None
        if coord.column == 2:
            return (self.b, row.b) if row.b else None
        return (self.a, row.a) if row.a else ((self.b, row.b) if row.b else None)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        focused = self._focused()
        if focused is not None:
            self.dismiss(PlanMeasure(focused[0].id, focused[1]))

    def action_annotate(self) -> None:
        from tui.ui.dialogs import note_flows
        from tui.ui.widgets.ann_text import ChipStyles

        focused = self._focused()
        if focused is None:
            return
        doc, measure_id = focused
        book = self.books(doc)
        if book is None:
            self.notify(t("ann.loading"))
            return
        if book.read_only:
            self.notify(book.store.read_only_reason or t("ann.error.read_only"), severity="warning")
            return
        measure = doc.measure_by_id[measure_id]
        existing = book.for_measure(measure_id)

        def edit(annotation: Annotation | None) -> None:
            note_flows.edit_note(self.app, book, measure, annotation, len(existing), self.traditional,
                                 self._refresh_marks)

        if len(existing) <= 1:
            edit(existing[0] if existing else None)
        else:
            note_flows.choose_note(self.app, doc, t("ann.choose.edit", count=len(existing)), existing,
                                   ChipStyles(), True, edit)

    def action_export(self, fmt: str) -> None:
        from tui import locations
        from tui.export.files import write_file
        from tui.library.compare_report import render

        if self.alignment is None:
            self.notify(t("lib.compare.working"))
            return
        from tui.library.catalog import plan_name

        folder = self.exports or locations.exports_dir()
        stem = f"compare-{plan_name(self.a.display_title)}-{plan_name(self.b.display_title)}"
        try:
            path = write_file(render(self.alignment, fmt), export_path(folder, stem, fmt), parents=True)
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(t("lib.exported", path=path), timeout=10)

    def action_close(self) -> None:
        self.dismiss(None)
