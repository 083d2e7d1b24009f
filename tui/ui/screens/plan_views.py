"""Provides the reader's other plans: switching the plan shown, and the plan-wide views.

The views (targets, overview, comparison) open their screen over the reader
and send the measure picked there back to ``open_plan_measure``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets.option_list import Option

from tui import locations, state
from tui.document.corpus import PlanMeasure
from tui.document.model import Document
from tui.i18n import t

if TYPE_CHECKING:
    from tui.annotations.notebook import Notebook
    from tui.ui.screens.reader_screen import ReaderScreen


def show_plan(screen: ReaderScreen, doc_id: str, index: int | None = None) -> None:
    """Show another open plan: at ``index``, else where the reader was in it."""
    if doc_id == screen.document.id:
        if index is not None:
            screen.reader.move_to(index, center=True)
        return
    screen.remember()
    doc = screen.plans.show(doc_id)
    screen._section_id = ""
    screen.reader.set_document(doc)
    screen.section_tree.set_document(doc)
    screen.notes.set_document(doc)
    screen._show_review_state()
    if index is None:
        index = doc.measure_index.get(state.load().plan(doc.id).measure, 0)
    screen._show_hits()
    screen._show_search_state()
    screen.reader.move_to(index, center=True)
    screen._show_cursor(index)
    if screen.plans.several:
        screen.notify(t("plans.switched", title=doc.display_title))


def replace_document(screen: ReaderScreen, doc: Document, cursor: int) -> None:
    """Show ``doc`` (the same plan with some text changed) in every pane; ids stay."""
    screen.plans.replace(doc)
    screen.reader.set_document(doc)
    screen.section_tree.set_document(doc)
    screen.notes.set_document(doc)
    screen.reader.move_to(cursor, center=True)
    screen._show_hits()
    screen._show_search_state()
    screen._show_review_state()
    screen._show_cursor(cursor)


def exports_folder(screen: ReaderScreen) -> Path:
    """Where exports of these views go: beside the notes in use."""
    return locations.exports_dir(getattr(screen.app, "db_path", None))


def open_targets(screen: ReaderScreen) -> None:
    """The table of quantified targets of every open plan."""
    from tui.ui.screens.targets_screen import TargetsScreen

    screen.app.push_screen(TargetsScreen(screen.plans.docs, exports=exports_folder(screen)), screen.open_plan_measure)


def open_overview(screen: ReaderScreen) -> None:
    """Chapters with their notes, tags and progress, for the plan shown."""
    from tui.annotations.overview import overview
    from tui.ui.screens.overview_screen import OverviewScreen

    book = screen.notes.notebook
    if book is None:
        screen.notify(t("ann.loading"))
        return
    screen.app.push_screen(OverviewScreen(screen.document, overview(screen.document, book.all()),
                                          traditional=screen.traditional), screen.open_plan_measure)


def open_compare(screen: ReaderScreen) -> None:
    """Pick another plan (open beside this one, or from the library), then compare."""
    from tui.library import Library

    others: dict[str, Document | Path] = {d.id: d for d in screen.plans.docs if d.id != screen.document.id}
    # Each plan by its title, and the library's name for it (what the command line takes).
    titles = {d.id: Text(d.display_title) for d in screen.plans.docs}
    for entry in Library().entries():
        others.setdefault(entry.doc_id, entry.path)
        titles.setdefault(entry.doc_id, Text.assemble(entry.title or entry.name, ("  " + entry.name, "dim")))
    others.pop(screen.document.id, None)
    if not others:
        screen.notify(t("lib.compare.no_other"), severity="warning", timeout=8)
        return
    options = [Option(titles[k], id=k) for k in others]

    def picked(doc_id: str) -> None:
        from tui.document.serialize import load_json

        other = others[doc_id]
        # After the list has closed: pushed now, the list's own dismiss would pop it.
        screen.app.call_later(compare_with, screen, other if isinstance(other, Document) else load_json(other))

    screen.open_list(t("lib.compare.pick"), options, "", picked, hint=t("list.hint_pick"))


def compare_with(screen: ReaderScreen, other: Document) -> None:
    from tui.annotations.notebook import Notebook
    from tui.ui.screens.compare_screen import CompareScreen

    books: dict[str, Notebook] = {}

    def book_of(doc: Document) -> Notebook | None:
        if doc.id == screen.document.id:
            return screen.notes.notebook
        if doc.id not in books:
            books[doc.id] = Notebook.load(doc, screen.db)  # type: ignore[arg-type]
        return books[doc.id]

    screen.app.push_screen(CompareScreen(screen.document, other, book_of, traditional=screen.traditional,
                                         exports=exports_folder(screen)), screen.open_plan_measure)


def open_plan_measure(screen: ReaderScreen, ref: PlanMeasure | None) -> None:
    """Go to a measure picked in another screen; its plan is shown if it is open."""
    if ref is None:
        return
    doc = screen.plans.get(ref.doc_id)
    if doc is not None and ref.measure_id in doc.measure_index:
        screen.show_plan(doc.id, doc.measure_index[ref.measure_id])
        return
    from tui.library import Library

    titles = {e.doc_id: e.title for e in Library().entries()} | {d.id: d.meta.title for d in screen.plans.docs}
    screen.notify(t("lib.other_plan", title=titles.get(ref.doc_id) or ref.doc_id), severity="warning")
