"""Provides NotesPane: the notes of the measure under the cursor, or a filtered list of all notes.

The pane owns the document's Notebook: it opens it (in a thread when the
file is large), keeps it in step with other instances, and runs the note
keys the screen hands down (``annotate``, ``tags``, ``delete`` …).  It
posts ``NotesChanged`` after every change and ``JumpTo`` when a note is
picked; the screen passes those on to the reader and the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui.annotations.model import Annotation
from tui.annotations.notebook import Notebook
from tui.annotations.plans import placed
from tui.annotations.store import AnnotationStore
from tui.document.model import Document, Measure
from tui.document.search import Hit, section_path_label
from tui.errors import UserError
from tui.i18n import t
from tui.locations import exports_dir
from tui.ui.dialogs import note_flows
from tui.ui.messages import JumpTo, NotesChanged, ShowNotesPane
from tui.ui.widgets.ann_text import ChipStyles, annotation_text

if TYPE_CHECKING:
    # Imported on first use (``l``): the list and its filter (about 3 ms) are
    # no part of the first screen.
    from tui.ui.widgets.notes_list import NotesList

# A database up to this size (about 20,000 notes; 10,000 load in 15 ms) is read
# before the first paint: cheaper than a thread hand-off and a second full paint
# (bench: notes shown 1.06x the start without notes, against 1.49x in a thread).
# A larger one loads in a thread, beside the first paint.
SYNC_LOAD_BYTES = 16 << 20
POLL_SECONDS = 3.0  # how often saves by another instance are looked for
# A measure's notes shown in the pane; the rest are in the notes list (l), which filters.
# (A 50,000-note notebook has a hundred on a measure: laying them all out cost 40 ms.)
NOTES_SHOWN = 20

# The widgets of each mode; the other mode's are hidden.
MEASURE_PARTS = ("#notes-header", "#notes-list", "#notes-hint")
LIST_PARTS = ("#notes-browser",)


def loads_quickly(path: Path) -> bool:
    try:
        return path.stat().st_size <= SYNC_LOAD_BYTES
    except OSError:
        return True  # missing or unreadable: opening it is instant


def header_text(measure_id: str, section_path: str, spot_count: int) -> Text:
    """Title, measure id, section path and a damage hint, one per line."""
    text = Text(t("notes.title") + "\n", style="bold")
    text.append(t("notes.measure") + " ", style="dim")
    text.append(measure_id + "\n")
    text.append(t("notes.section") + " ", style="dim")
    text.append(section_path)
    if spot_count:
        text.append("\n" + t("notes.spots", count=spot_count), style="bold red")
    return text


class NotesPane(VerticalScroll, can_focus=True):
    """Right-hand pane. In "measure" mode: a header, the measure's notes and a key hint,
    each updated only when its text changes (moving the cursor costs little).  In "list"
    mode (mounted on first use): a filter box and every note; enter jumps."""

    COMPONENT_CLASSES = {"notes--tag", "notes--county", "notes--chip-note", "notes--mark"}  # noqa: RUF012

    traditional: var[bool] = var(False)
    """Quote measures in traditional characters."""

    def __init__(self, document: Document, db: Path | AnnotationStore, *, id: str | None = None,
                 plans: Callable[[], Sequence[Document]] | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        # The open plans (the notes list spans them); the plan shown alone by default.
        self.plans: Callable[[], Sequence[Document]] = plans or (lambda: [self.document])
        self.db = db
        self.notebook: Notebook | None = None
        self.mode = "measure"
        self.measure: Measure = document.measures[0]
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-header", markup=False)
        yield Static("", id="notes-status", markup=False)
        yield Static(t("notes.empty"), id="notes-list", markup=False)
        yield Static("", id="notes-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#notes-status").display = False
        self._open_notebook()
        self.set_interval(POLL_SECONDS, self.sync)

    def on_unmount(self) -> None:
        if self.notebook is not None:
            self.notebook.close()

    # --- the notebook ----------------------------------------------------------------

    def _open_notebook(self) -> None:
        """Now if the store is small (or given), else in a thread, beside the first frame."""
        db = self.db
        if isinstance(db, AnnotationStore) or loads_quickly(db):
            self._use_notebook(Notebook.load(self.document, db))
            return
        self.set_status(t("ann.pane.loading"))
        load = partial(Notebook.load, self.document, db)

        # At once, beside the first frame: most of a load is reading and checksumming the
        # file, which leave the GIL free (with 50,000 notes the notes came 60 ms sooner
        # than when it waited for the frame, and the text 0-10 ms later).
        self.run_worker(load, name="notebook", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "notebook":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Notebook):
            self._use_notebook(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.set_status(t("ann.load_failed", error=event.worker.error))
            self.app.notify(t("ann.load_failed", error=event.worker.error), severity="error")

    def _use_notebook(self, notebook: Notebook) -> None:
        self.notebook = notebook
        reason = notebook.store.read_only_reason
        self.set_status(t("ann.pane.read_only", reason=reason) if reason else None)
        for notice in notebook.notices:
            bad = notice == reason
            self.app.notify(notice, severity="error" if bad else "warning", timeout=15 if bad else 8)
        self.changed()

    def set_document(self, document: Document) -> None:
        """The same plan with changed text: its notes are placed again (never lost)."""
        self.document = document
        if self.notebook is not None:
            self._use_notebook(Notebook.load(document, self.notebook.store))

    def sync(self) -> None:
        """Show saves made by another instance."""
        if self.notebook is not None and self.notebook.sync():
            self.changed()

    def changed(self) -> None:
        """After a change (ours or another's): tell the screen, and show it here."""
        book = self.notebook
        if book is None:
            return
        book.sync()
        self.post_message(NotesChanged(book.marks(), book.chips, book.section_counts(), book.spans))
        self._show_notes()
        if self.mode == "list":
            self.fill_list()

    def _writable(self) -> Notebook | None:
        """The notebook if notes can be saved now; otherwise say why and return None."""
        book = self.notebook
        if book is None:
            self.app.notify(t("ann.loading"))
            return None
        if book.read_only:
            self.app.notify(t("ann.read_only_key", reason=book.store.read_only_reason),
                            severity="warning", timeout=10)
            return None
        return book

    # --- what the screen hands down -----------------------------------------------------

    def show_measure(self, measure: Measure) -> None:
        """The cursor is on ``measure``: its place, damage and notes."""
        self.measure = measure
        doc = self.document
        spots = doc.spots_by_measure.get(measure.id, ())
        path = section_path_label(doc, measure.section_id, self.traditional)
        self._set("notes-header", header_text(measure.id, path, len(spots)))
        self.sync()
        self._show_notes()

    def annotate(self) -> None:
        """``a``: edit the measure's note (picking one if there are several), or write one."""
        self._for_note("ann.choose.edit", self._edit)

    def annotate_hit(self, hit: Hit | None) -> None:
        """``A``: a new note on the current search hit only."""
        book = self._writable()
        if book is None:
            return
        if hit is None or hit.measure_id != self.measure.id:
            self.app.notify(t("ann.no_hit"), severity="warning")
            return
        note_flows.edit_note(self.app, book, self.measure, None, 0, self.traditional, self.changed,
                             sub=(hit.start, hit.end))

    def tags(self) -> None:
        """``t``: tag the measure's note (or a new annotation)."""
        self._for_note("ann.choose.tags", lambda book, a, _n: note_flows.edit_tags(
            self.app, book, self.measure, a, self.chip_styles(), self.traditional, self.changed))

    def delete(self) -> None:
        """``d``: delete one of the measure's notes, after asking."""
        book = self._writable()
        if book is None:
            return
        existing = book.for_measure(self.measure.id)
        if not existing:
            self.app.notify(t("ann.none_here"))
            return

        def confirm(a: Annotation | None) -> None:
            if a is not None:
                note_flows.confirm_delete(self.app, book, a, self.chip_styles(), self.changed)

        if len(existing) == 1:
            confirm(existing[0])
        else:
            note_flows.choose_note(self.app, self.document, t("ann.choose.delete", count=len(existing)),
                                   existing, self.chip_styles(), False, confirm)

    def undo(self) -> None:
        """``u``: undo the session's latest change to the notes."""
        book = self._writable()
        if book is None:
            return
        try:
            done = book.undo_last()
        except UserError as exc:  # StoreError: say it, nothing changed
            self.app.notify(t("ann.undo.failed", error=exc), severity="error", timeout=10)
            return
        self.changed()
        self.app.notify(done or t("ann.undo.empty"))

    def step(self, cursor: int, forward: bool) -> None:
        """``[`` / ``]``: the previous / next annotated measure."""
        if self.notebook is None:
            self.app.notify(t("ann.loading"))
            return
        self.notebook.sync()
        step = self.notebook.step(cursor, forward)
        if step is None:
            self.app.notify(t("ann.no_notes"))
            return
        index, wrapped = step
        self.post_message(JumpTo(index))
        if wrapped:
            self.app.notify(t("ann.wrapped_first" if forward else "ann.wrapped_last"))

    def export(self, section_id: str) -> None:
        """``e``: the export dialog, scoped to the cursor's chapter if asked."""
        from tui.ui.dialogs.export_dialog import ExportDialog

        if self.notebook is None:
            self.app.notify(t("ann.loading"))
            return

        def written(path: Path | None) -> None:
            if path is not None:
                self.app.notify(t("ann.exported", path=path), timeout=10)

        book = self.notebook
        folder = exports_dir(book.store.path)
        others = [placed(doc, book.store.all(doc.id)) for doc in self.plans() if doc.id != self.document.id]
        self.app.push_screen(ExportDialog(self.document, book.all(), section_id, folder=folder, others=others),
                             written)

    def _for_note(self, title_key: str, then: Callable[[Notebook, Annotation | None, int], None]) -> None:
        """Run ``then`` on the measure's note: the only one, or the one picked."""
        book = self._writable()
        if book is None:
            return
        existing = book.for_measure(self.measure.id)
        if len(existing) <= 1:
            then(book, existing[0] if existing else None, len(existing))
        else:
            note_flows.choose_note(self.app, self.document, t(title_key, count=len(existing)), existing,
                                   self.chip_styles(), True, lambda a: then(book, a, len(existing)))

    def _edit(self, book: Notebook, annotation: Annotation | None, count: int) -> None:
        note_flows.edit_note(self.app, book, self.measure, annotation, count, self.traditional, self.changed)

    # --- measure mode ----------------------------------------------------------------

    def chip_styles(self) -> ChipStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        return ChipStyles(style("notes--tag"), style("notes--county"), style("notes--chip-note"))

    def _set(self, widget_id: str, content: Text) -> None:
        key = (content.plain, tuple(content.spans), str(content.style))
        if self._shown.get(widget_id) == key:
            return
        self._shown[widget_id] = key
        widget = self.query_one(f"#{widget_id}", Static)
        size = widget.content_size
        widget.update(content, layout=False)
        # A new layout only when the text takes another number of lines: laying out the
        # whole screen again cost more than the jump itself on every cursor move.
        if size.width <= 0 or widget.get_content_height(size, self.app.size, size.width) != size.height:
            widget.refresh(layout=True)

    def _show_notes(self) -> None:
        """The measure's notes (shown literally), or "no notes"."""
        notes: Sequence[Annotation] = self.notebook.for_measure(self.measure.id) if self.notebook else ()
        if not notes:
            self._set("notes-list", Text(t("notes.empty"), style="dim"))
            self._set("notes-hint", Text(t("ann.pane.hint_empty")))
            return
        text = Text()
        styles = self.chip_styles()
        for k, note in enumerate(notes[:NOTES_SHOWN]):
            if k:
                text.append("\n\n")
            text.append_text(annotation_text(note, styles))
        if len(notes) > NOTES_SHOWN:
            text.append("\n\n" + t("ann.pane.more", count=len(notes) - NOTES_SHOWN), style="dim")
        self._set("notes-list", text)
        self._set("notes-hint", Text(t("ann.pane.hint")))

    def set_status(self, message: str | None) -> None:
        """A warning under the header in both modes (read-only store, loading); None hides it."""
        status = self.query_one("#notes-status", Static)
        status.display = bool(message)
        self._set("notes-status", Text(message or ""))

    # --- list mode -------------------------------------------------------------------

    async def toggle_list(self) -> bool:
        """``l``: open the list of every note, or close it; True if it is open now."""
        if self.mode == "list" and self.display:
            await self.set_mode("measure")
            return False
        if self.notebook is None:
            self.app.notify(t("ann.loading"))
            return False
        if not self.display:
            self.post_message(ShowNotesPane())
        await self.set_mode("list")
        self.fill_list()
        browser = self._browser()
        if browser is not None:
            browser.focus_filter()
        return True

    def _browser(self) -> NotesList | None:
        """The list of every note, once mounted."""
        from tui.ui.widgets.notes_list import NotesList

        return next(self.query("#notes-browser").results(NotesList), None)

    async def set_mode(self, mode: str) -> None:
        """``measure`` or ``list``; the list's widgets are mounted the first time."""
        if mode == "list" and not self.query("#notes-browser"):
            from tui.ui.widgets.notes_list import NotesList

            await self.mount(NotesList(id="notes-browser"))
        self.mode = mode
        for selector in MEASURE_PARTS:
            self.query_one(selector).display = mode == "measure"
        for selector in LIST_PARTS:
            for widget in self.query(selector):
                widget.display = mode == "list"
        self.scroll_home(animate=False)

    def fill_list(self) -> None:
        """Every note of the open plans that matches the filter (see NotesList)."""
        book = self.notebook
        browser = self._browser()
        if book is None or browser is None:
            return
        book.sync()
        docs = [d if d.id != self.document.id else self.document for d in self.plans()] or [self.document]
        browser.fill(book, docs, self.chip_styles())
