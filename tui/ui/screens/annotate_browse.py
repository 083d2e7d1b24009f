"""Provides BrowseNotesMixin: ``[``/``]`` between annotated measures, the notes list (``l``)
and export (``e``), for ReaderScreen alongside AnnotateMixin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from tui.display import one_line
from tui.i18n import t
from tui.ui.widgets.notes_pane import NotesPane

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.annotations.notebook import Notebook
    from tui.annotations.query import NoteIndex
    from tui.document.model import Document, Measure
    from tui.ui.widgets.reader import ReaderView

    _Base = Screen[None]
else:
    _Base = object


class BrowseNotesMixin(_Base):
    """Moving between notes and listing them (ReaderScreen provides the attributes below)."""

    if TYPE_CHECKING:
        document: Document
        notebook: Notebook | None
        reader: ReaderView

        @property
        def notes(self) -> NotesPane: ...
        def _measure(self) -> Measure: ...
        def _toggle_pane(self, selector: str, name: str) -> None: ...

    _note_index: tuple[int, NoteIndex] | None = None

    # --- [ and ]: annotated measures ----------------------------------------------------------

    def _step_note(self, forward: bool) -> None:
        if self.notebook is None:
            self.notify(t("ann.loading"))
            return
        self.notebook.sync()
        step = self.notebook.step(self.reader.cursor, forward)
        if step is None:
            self.notify(t("ann.no_notes"))
            return
        index, wrapped = step
        self.reader.move_to(index, center=True)
        if wrapped:
            self.notify(t("ann.wrapped_first" if forward else "ann.wrapped_last"))

    def action_prev_note(self) -> None:
        self._step_note(False)

    def action_next_note(self) -> None:
        self._step_note(True)

    # --- l: the list of all notes ---------------------------------------------------------------

    async def action_notes_list(self) -> None:
        notes = self.notes
        if notes.mode == "list" and notes.display:
            await notes.set_mode("measure")
            self.reader.focus()
            return
        if self.notebook is None:
            self.notify(t("ann.loading"))
            return
        if not notes.display:
            self._toggle_pane("#notes", "notes")
        await notes.set_mode("list")
        self.fill_notes_list()
        notes.focus_filter()

    def fill_notes_list(self) -> None:
        from tui.annotations.query import NoteIndex, parse_query
        from tui.ui.widgets.note_rows import note_options

        book = self.notebook
        if book is None:
            return
        book.sync()
        if self._note_index is None or self._note_index[0] != book.store.revision:
            self._note_index = (book.store.revision, NoteIndex(self.document, book.all()))
        index = self._note_index[1]
        query = parse_query(self.document, self.notes.filter_text)
        entries = index.select(query)
        options = note_options(self.document, entries, self.notes.chip_styles())
        summary = Text(t("ann.list.summary", shown=len(entries), total=len(index)))
        if query.problem:
            summary.append("\n" + query.problem, style="bold")
        problems = book.store.problems
        if problems:
            summary.append("\n" + t("ann.list.problems", count=len(problems)), style="bold")
        summary.append("\n" + t("ann.list.hint"), style="dim")
        self.notes.show_list(options, summary)

    def on_notes_pane_filter_changed(self, event: NotesPane.FilterChanged) -> None:
        self.fill_notes_list()

    def on_notes_pane_picked(self, event: NotesPane.Picked) -> None:
        book = self.notebook
        a = book.get(event.uuid) if book is not None else None
        if a is None:
            return
        index = self.document.measure_index.get(a.anchor.measure_id)
        if a.orphaned or index is None:
            self.notify(t("ann.list.orphan_jump", quote=one_line(a.anchor.exact, 80)), timeout=10)
            return
        self.reader.move_to(index, center=True)

    # --- e: export ---------------------------------------------------------------------------------

    def action_export(self) -> None:
        from tui.ui.dialogs.export_dialog import ExportDialog

        book = self.notebook
        if book is None:
            self.notify(t("ann.loading"))
            return

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(t("ann.exported", path=path), timeout=10)

        dialog = ExportDialog(self.document, book.all(), self._measure().section_id)
        self.app.push_screen(dialog, written)
