"""Provides the note dialogs' flows: pick a note, edit it, tag it, confirm a delete.

A dialog collects; the Notebook acts (its save rules are in the core).  Each
flow takes what it needs as arguments and calls ``done`` after a change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import App

from tui.annotations.model import Annotation
from tui.annotations.notebook import Notebook, Saved
from tui.annotations.tags import parse_tags
from tui.display import one_line
from tui.document.model import Document, Measure
from tui.document.search import section_path_label
from tui.errors import UserError
from tui.i18n import t
from tui.ui.widgets.ann_text import ChipStyles, annotation_text

CONTEXT_CHARS = 200  # of the measure quoted in the dialogs
Done = Callable[[], None]


def where(doc: Document, measure: Measure, traditional: bool) -> str:
    return f"{section_path_label(doc, measure.section_id, traditional)} · {measure.id}"


def quote_measure(measure: Measure, traditional: bool, sub: tuple[int, int] | None = None) -> Text:
    """The measure as quoted in a dialog; a sub-span (a search hit) stands out."""
    text = measure.text_in(traditional)
    if sub is None:
        return Text(one_line(text, CONTEXT_CHARS))
    a, z = sub
    shown = Text(one_line(text[max(0, a - 40):a], 40).lstrip("…"))
    shown.append(text[a:z], style="bold reverse")
    shown.append(one_line(text[z:z + 40], 40))
    return shown


def choose_note(app: App[object], doc: Document, title: str, annotations: Sequence[Annotation],
                styles: ChipStyles, with_new: bool, then: Callable[[Annotation | None], None]) -> None:
    """Let the user pick one of a measure's notes (or "new" -> None), then go on."""
    from tui.ui.dialogs.picker import picker_screen
    from tui.ui.widgets.note_rows import NEW, choice_options

    by_id = {a.uuid: a for a in annotations}
    picker = picker_screen(app).show(title, choice_options(doc, annotations, styles, with_new),
                                     hint=t("list.hint_pick"))

    def picked(choice: str | None) -> None:
        if choice == NEW:
            then(None)
        elif choice is not None and choice in by_id:
            then(by_id[choice])

    app.push_screen(picker, picked)


def edit_note(app: App[object], book: Notebook, measure: Measure, annotation: Annotation | None,
              others: int, traditional: bool, done: Done, sub: tuple[int, int] | None = None) -> None:
    """The note editor on ``annotation`` (None: a new note, on ``sub`` if given)."""
    from tui.ui.dialogs.note_editor import NoteEditor

    place = where(book.doc, measure, traditional)
    if sub is not None:
        title = t("ann.editor.new_hit", quote=measure.text[sub[0]:sub[1]], where=place)
    else:
        title = t("ann.editor.edit" if annotation else "ann.editor.new", where=place)

    def save(text: str, as_new: bool) -> str | None:
        saved = book.save_note(measure.id, text, annotation, as_new=as_new, sub=sub)
        if saved in (Saved.EMPTY, Saved.UNCHANGED):
            return t("ann.editor.empty" if saved is Saved.EMPTY else "ann.unchanged")
        done()
        if saved is Saved.CHANGED_ELSEWHERE:
            return t("ann.changed_elsewhere")
        return t({Saved.DELETED: "ann.deleted", Saved.RECREATED: "store.saved_as_new",
                  Saved.KEPT_APART: "ann.kept_apart"}.get(saved, "ann.saved"))

    app.push_screen(NoteEditor(title, annotation.note if annotation else "", save,
                               context=quote_measure(measure, traditional, sub),
                               others=others if annotation else 0))


def edit_tags(app: App[object], book: Notebook, measure: Measure, annotation: Annotation | None,
              styles: ChipStyles, traditional: bool, done: Done) -> None:
    """The tags dialog on ``annotation`` (None: tags on a new annotation)."""
    from tui.ui.dialogs.tags_dialog import TagsDialog

    def save(typed: str) -> str | None:
        saved = book.save_tags(measure.id, typed, annotation)
        if saved in (Saved.EMPTY, Saved.UNCHANGED):
            return None
        done()
        if saved in (Saved.DELETED, Saved.RECREATED):
            return t("ann.deleted" if saved is Saved.DELETED else "store.saved_as_new")
        tags = parse_tags(typed)
        return t("ann.tags.saved", tags=" ".join(tags)) if tags else t("ann.tags.cleared")

    counts = book.store.tag_counts(book.doc.id)
    initial = " ".join(annotation.tags) if annotation is not None else ""
    app.push_screen(TagsDialog(t("ann.tags.title", where=where(book.doc, measure, traditional)), initial,
                               counts, save, styles, context=quote_measure(measure, traditional)))


def confirm_delete(app: App[object], book: Notebook, annotation: Annotation, styles: ChipStyles,
                   done: Done) -> None:
    """Ask, then delete (undoable)."""
    from tui.ui.dialogs.confirm import ConfirmDialog

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            book.delete(annotation.uuid)
        except UserError as exc:  # StoreError: one line, nothing changed
            app.notify(str(exc), severity="error", timeout=10)
            return
        done()
        app.notify(t("ann.deleted"))

    body = annotation_text(annotation, styles)
    app.push_screen(ConfirmDialog(t("ann.delete.title"), body, t("ann.delete.hint")), answered)
