"""Provides AnnotateMixin: the reader screen's editing keys and the notebook's life cycle.

Keys: ``a`` note, ``A`` note on the current search hit, ``t`` tags, ``d``
delete, ``u`` undo (``[``, ``]``, ``l`` and ``e`` are in annotate_browse).
Every change goes through the Notebook (and so the session's undo stack); a
store that cannot be written makes the editing keys say why instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from tui.annotations.model import Annotation
from tui.annotations.notebook import Notebook, Saved
from tui.annotations.tags import parse_tags
from tui.display import one_line
from tui.document.search import section_path_label
from tui.errors import UserError
from tui.i18n import t
from tui.ui.widgets.ann_text import annotation_text
from tui.ui.widgets.notes_pane import NotesPane

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.document.model import Document, Measure
    from tui.document.search import Hit
    from tui.ui.widgets.reader import ReaderView
    from tui.ui.widgets.section_tree import SectionTree

    _Base = Screen[None]
else:
    _Base = object

ANNOTATION_BINDINGS = [
    Binding("a", "annotate", t("key.annotate")),
    Binding("A", "annotate_hit", t("key.annotate_hit"), show=False),
    Binding("t", "tags", t("key.tags")),
    Binding("d", "delete_note", t("key.delete_note"), show=False),
    Binding("u", "undo", t("key.undo"), show=False),
    Binding("left_square_bracket", "prev_note", t("key.prev_note"), key_display="[", show=False),
    Binding("right_square_bracket", "next_note", t("key.next_note"), key_display="]", show=False),
    Binding("l", "notes_list", t("key.notes_list")),
    Binding("e", "export", t("key.export")),
]
# A database up to this size is read before the first paint (a few ms);
# a larger one in a thread after it, so that startup does not wait for it.
SYNC_LOAD_BYTES = 1 << 20
POLL_SECONDS = 3.0  # how often saves by another instance are looked for
CONTEXT_CHARS = 200  # of the measure quoted in the dialogs


def loads_quickly(path: Path) -> bool:
    try:
        return path.stat().st_size <= SYNC_LOAD_BYTES
    except OSError:
        return True  # missing or unreadable: opening it is instant


class AnnotateMixin(_Base):
    """Annotation actions for ReaderScreen (which provides the attributes below)."""

    if TYPE_CHECKING:
        document: Document
        hits: tuple[Hit, ...]
        hit_index: int
        reader: ReaderView
        tree: SectionTree
        traditional: bool

        def _toggle_pane(self, selector: str, name: str) -> None: ...
        def fill_notes_list(self) -> None: ...  # BrowseNotesMixin

    notebook: Notebook | None = None

    # --- loading ---------------------------------------------------------------------

    def start_notebook(self) -> None:
        """Open the store: now if it is small (or given), else in a thread after the first paint."""
        store = getattr(self.app, "store", None)
        path: Path = self.app.db_path  # type: ignore[attr-defined]
        if store is not None or loads_quickly(path):
            self._attach_notebook(Notebook.load(self.document, store or path))
        else:
            self.notes.set_status(t("ann.pane.loading"))
            load = partial(Notebook.load, self.document, path)

            def start() -> None:
                # Parsing a large file holds the GIL for a while: start once the
                # first frame is out (and whatever it triggered is handled).
                self.call_after_refresh(self.run_worker, load, name="notebook", thread=True, exit_on_error=False)

            self.call_after_refresh(start)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "notebook":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Notebook):
            self._attach_notebook(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.notes.set_status(t("ann.load_failed", error=event.worker.error))
            self.notify(t("ann.load_failed", error=event.worker.error), severity="error")

    def _attach_notebook(self, notebook: Notebook) -> None:
        self.notebook = notebook
        reason = notebook.store.read_only_reason
        self.notes.set_status(t("ann.pane.read_only", reason=reason) if reason else None)
        for notice in notebook.notices:
            bad = notice == reason
            self.notify(notice, severity="error" if bad else "warning", timeout=15 if bad else 8)
        self.refresh_annotations()

    def _poll(self) -> None:
        if self.notebook is not None and self.notebook.sync():
            self.refresh_annotations()

    def on_unmount(self) -> None:
        if self.notebook is not None:
            self.notebook.close()

    # --- showing -------------------------------------------------------------------------

    @property
    def notes(self) -> NotesPane:
        return self.query_one(NotesPane)

    def annotations_for(self, measure_id: str) -> Sequence[Annotation]:
        return self.notebook.for_measure(measure_id) if self.notebook is not None else ()

    def refresh_annotations(self) -> None:
        """Marks, chips, counts and the notes pane after a change (ours or another's)."""
        book = self.notebook
        if book is None:
            return
        book.sync()
        self.reader.set_marks(book.marks(), book.chips)
        self.tree.set_counts(book.section_counts())
        self.notes.show_annotations(self.annotations_for(self._measure().id))
        if self.notes.mode == "list":
            self.fill_notes_list()

    def _measure(self) -> Measure:
        return self.document.measures[self.reader.cursor]

    def _where(self, measure: Measure) -> str:
        return f"{section_path_label(self.document, measure.section_id, self.traditional)} · {measure.id}"

    def _quote_measure(self, measure: Measure, sub: tuple[int, int] | None = None) -> Text:
        text = measure.text_in(self.traditional)
        if sub is None:
            return Text(one_line(text, CONTEXT_CHARS))
        a, z = sub
        shown = Text(one_line(text[max(0, a - 40):a], 40).lstrip("…"))
        shown.append(text[a:z], style="bold reverse")
        shown.append(one_line(text[z:z + 40], 40))
        return shown

    # --- guards --------------------------------------------------------------------------

    def _writable(self) -> Notebook | None:
        """The notebook if notes can be saved now; otherwise say why and return None."""
        book = self.notebook
        if book is None:
            self.notify(t("ann.loading"))
            return None
        if book.read_only:
            self.notify(t("ann.read_only_key", reason=book.store.read_only_reason), severity="warning", timeout=10)
            return None
        return book

    def _choose(self, title: str, annotations: Sequence[Annotation], with_new: bool,
                then: Callable[[Annotation | None], None]) -> None:
        """Let the user pick one of a measure's notes (or "new" -> None), then go on."""
        from tui.ui.dialogs.picker import SCREEN_NAME, PickerScreen
        from tui.ui.widgets.note_rows import NEW, choice_options

        if not self.app.is_screen_installed(SCREEN_NAME):
            self.app.install_screen(PickerScreen(), SCREEN_NAME)
        picker = self.app.get_screen(SCREEN_NAME)
        assert isinstance(picker, PickerScreen)
        by_id = {a.uuid: a for a in annotations}
        picker.show(title, choice_options(self.document, annotations, self.notes.chip_styles(), with_new))

        def picked(choice: str | None) -> None:
            if choice == NEW:
                then(None)
            elif choice in by_id:
                then(by_id[choice])

        self.app.push_screen(picker, picked)

    # --- a, A: the note editor -----------------------------------------------------------

    def _for_measure_note(self, title_key: str, then: Callable[[Measure, Annotation | None, int], None]) -> None:
        """Run ``then`` on the current measure's note: the only one, or the one picked."""
        book = self._writable()
        if book is None:
            return
        measure = self._measure()
        existing = book.for_measure(measure.id)
        if len(existing) <= 1:
            then(measure, existing[0] if existing else None, len(existing))
        else:
            self._choose(t(title_key, count=len(existing)), existing, True,
                         lambda a: then(measure, a, len(existing)))

    def action_annotate(self) -> None:
        self._for_measure_note("ann.choose.edit", self._edit_note)

    def action_annotate_hit(self) -> None:
        book = self._writable()
        if book is None:
            return
        measure = self._measure()
        hit = self.hits[self.hit_index] if 0 <= self.hit_index < len(self.hits) else None
        if hit is None or hit.measure_id != measure.id:
            self.notify(t("ann.no_hit"), severity="warning")
            return
        self._edit_note(measure, None, 0, sub=(hit.start, hit.end))

    def _edit_note(self, measure: Measure, annotation: Annotation | None, others: int,
                   sub: tuple[int, int] | None = None) -> None:
        from tui.ui.dialogs.note_editor import NoteEditor

        book = self.notebook
        assert book is not None
        where = self._where(measure)
        if sub is not None:
            title = t("ann.editor.new_hit", quote=measure.text[sub[0]:sub[1]], where=where)
        else:
            title = t("ann.editor.edit" if annotation else "ann.editor.new", where=where)

        def save(text: str, as_new: bool) -> str | None:
            saved = book.save_note(measure.id, text, annotation, as_new=as_new, sub=sub)
            if saved in (Saved.EMPTY, Saved.UNCHANGED):
                return t("ann.editor.empty" if saved is Saved.EMPTY else "ann.unchanged")
            self.refresh_annotations()
            return t("ann.deleted" if saved is Saved.DELETED else "ann.saved")

        editor = NoteEditor(title, annotation.note if annotation else "", save,
                            context=self._quote_measure(measure, sub), others=others if annotation else 0)
        self.app.push_screen(editor)

    # --- t: tags -------------------------------------------------------------------------

    def action_tags(self) -> None:
        self._for_measure_note("ann.choose.tags", lambda measure, a, _count: self._edit_tags(measure, a))

    def _edit_tags(self, measure: Measure, annotation: Annotation | None) -> None:
        from tui.ui.dialogs.tags_dialog import TagsDialog

        book = self.notebook
        assert book is not None

        def save(typed: str) -> str | None:
            saved = book.save_tags(measure.id, typed, annotation)
            if saved in (Saved.EMPTY, Saved.UNCHANGED):
                return None
            self.refresh_annotations()
            if saved is Saved.DELETED:
                return t("ann.deleted")
            tags = parse_tags(typed)
            return t("ann.tags.saved", tags=" ".join(tags)) if tags else t("ann.tags.cleared")

        counts = book.store.tag_counts(self.document.id)
        initial = " ".join(annotation.tags) if annotation is not None else ""
        dialog = TagsDialog(t("ann.tags.title", where=self._where(measure)), initial, counts, save,
                            self.notes.chip_styles(), context=self._quote_measure(measure))
        self.app.push_screen(dialog)

    # --- d, u: delete and undo -----------------------------------------------------------

    def action_delete_note(self) -> None:
        book = self._writable()
        if book is None:
            return
        existing = book.for_measure(self._measure().id)
        if not existing:
            self.notify(t("ann.none_here"))
        elif len(existing) == 1:
            self._confirm_delete(existing[0])
        else:
            self._choose(t("ann.choose.delete", count=len(existing)), existing, False,
                         lambda a: a is not None and self._confirm_delete(a))

    def _confirm_delete(self, annotation: Annotation) -> None:
        from tui.ui.dialogs.confirm import ConfirmDialog

        book = self.notebook
        assert book is not None

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                book.delete(annotation.uuid)
            except UserError as exc:  # StoreError: one line, nothing changed
                self.notify(str(exc), severity="error", timeout=10)
                return
            self.refresh_annotations()
            self.notify(t("ann.deleted"))

        body = annotation_text(annotation, self.notes.chip_styles())
        self.app.push_screen(ConfirmDialog(t("ann.delete.title"), body, t("ann.delete.hint")), answered)

    def action_undo(self) -> None:
        book = self._writable()
        if book is None:
            return
        try:
            done = book.undo_last()
        except UserError as exc:
            self.notify(t("ann.undo.failed", error=exc), severity="error", timeout=10)
            return
        self.refresh_annotations()
        self.notify(done or t("ann.undo.empty"))
