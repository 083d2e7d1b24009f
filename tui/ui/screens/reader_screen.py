"""Provides ReaderScreen: section tree, reader and notes pane, with search, lists and jumps.

The screen holds the view state (search, script, which panes show) and
passes it down to its widgets; the widgets send messages up (the cursor
moved, the notes changed, jump to a measure).  The note keys are handed to
the notes pane, which owns the notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Tree
from textual.widgets.option_list import Option

from tui import state
from tui.annotations.store import AnnotationStore
from tui.document.corpus import PlanMeasure
from tui.document.model import Document, Measure
from tui.document.navigation import Navigation
from tui.document.search import HitStep, SearchSession
from tui.i18n import t
from tui.state import PlanState
from tui.ui import actions
from tui.ui.dialogs.spots import ReviewChoice
from tui.ui.messages import CursorMoved, JumpTo, NotesChanged, ShowNotesPane
from tui.ui.screens.commands import SearchCommands, SectionCommands
from tui.ui.widgets.key_bar import KeyBar
from tui.ui.widgets.notes_pane import NotesPane
from tui.ui.widgets.reader import ReaderView
from tui.ui.widgets.section_tree import SectionTree
from tui.ui.widgets.status_bar import StatusBar

# Which keys the key bar shows, by the focused pane: (scopes, catalogue key of the pane's name).
READER_KEYS = ("app", "screen", "reader")
FOCUS_KEYS = {
    "reader": (READER_KEYS, "pane.reader"),
    "tree": (("app", "tree"), "pane.tree"),
    "notes": (("app", "options", "noteslist"), "pane.notes"),
    "search": (("searchbox",), "pane.search"),
}


class ReaderScreen(Screen[None]):
    """The three panes, the status line and the key bar."""

    AUTO_FOCUS = "#reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (120, "-wide"), (170, "-xwide")]  # noqa: RUF012
    COMMANDS = {SectionCommands, SearchCommands}  # noqa: RUF012
    BINDINGS = actions.bindings("screen")

    tree_shown: var[bool | None] = var(None)
    """The user's f2 choice; None leaves it to the terminal's width."""
    notes_shown: var[bool | None] = var(None)
    """The user's f3 choice; None leaves it to the terminal's width."""

    def __init__(self, document: Document, db: AnnotationStore | object) -> None:
        super().__init__(id="reader-screen")
        self.document = document
        self.db = db
        self.nav = Navigation(document)
        self.search = SearchSession(document)
        self._section_id = ""
        self._cursor_id = ""  # kept for remember(), which runs when the widgets are gone
        self._traditional = False

    # --- composition -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Set the width class now: the Resize that sets it later would restyle
        # and lay out the whole screen again right after the first frame.
        width = self.app.size.width
        self.add_class(next(name for edge, name in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= edge))
        with Horizontal(id="panes"):
            yield SectionTree(self.document, id="tree")
            yield ReaderView(self.document, id="reader")
            yield NotesPane(self.document, self.db, id="notes")  # type: ignore[arg-type]
        # The search box is mounted on the first "/" (startup is kept lean).
        yield StatusBar(id="status")
        yield KeyBar(actions.footer(READER_KEYS), id="keys")

    def on_mount(self) -> None:
        self.status.script = t("app.script.simp")
        self._show_review_state()
        self._restore(state.load().plan(self.document.id))
        self._show_cursor(self.reader.cursor)

    # --- remembered state -----------------------------------------------------------

    def _restore(self, plan: PlanState) -> None:
        """Where the reader was in this plan last time: position, script, panes, search."""
        if plan.traditional:
            self.action_toggle_script()
        self.tree_shown, self.notes_shown = plan.tree, plan.notes
        index = self.document.measure_index.get(plan.measure)
        if index is not None:
            self.call_after_refresh(self.reader.move_to, index, center=True)
        if plan.search:
            step = self.search.run(plan.search, index or 0)
            if step is not None:
                self.reader.set_hits(self.search.hits, step.index)
            self._show_search_state()

    def remember(self) -> None:
        """Save where the reader is (called when the screen goes away: no widget queries)."""
        plan = PlanState(measure=self._cursor_id, search=self.search.query, tree=self.tree_shown,
                         notes=self.notes_shown, traditional=self._traditional)
        saved = state.load()
        state.save(replace(saved.with_plan(self.document.id, plan), theme=self.app.theme))

    def on_unmount(self) -> None:
        self.remember()

    @property
    def reader(self) -> ReaderView:
        return self.query_one("#reader", ReaderView)

    @property
    def section_tree(self) -> SectionTree:
        return self.query_one("#tree", SectionTree)

    @property
    def notes(self) -> NotesPane:
        return self.query_one("#notes", NotesPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def traditional(self) -> bool:
        return self.reader.traditional

    @property
    def measure(self) -> Measure:
        """The measure under the cursor."""
        return self.document.measures[self.reader.cursor]

    # --- messages from the widgets ----------------------------------------------------

    def on_cursor_moved(self, message: CursorMoved) -> None:
        self._show_cursor(message.index)

    def _show_cursor(self, index: int) -> None:
        measure = self.document.measures[index]
        self._cursor_id = measure.id
        labels, pos, total = self.nav.crumb(index, self.traditional)
        self.status.set_crumb(labels, f"{pos}/{total}")
        self.notes.show_measure(measure)
        if measure.section_id != self._section_id:
            self._section_id = measure.section_id
            self.section_tree.follow(measure.section_id)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The key bar follows the focus: the focused pane's name and its keys."""
        widget = event.widget
        if widget.id == "search":
            pane = "search"
        elif self.section_tree in widget.ancestors_with_self:
            pane = "tree"
        elif self.notes in widget.ancestors_with_self:
            pane = "notes"
        else:
            pane = "reader"
        scopes, label = FOCUS_KEYS[pane]
        bar = self.query_one("#keys", KeyBar)
        bar.keys = tuple(actions.footer(scopes)) if scopes else ()
        bar.label = t(label) if pane != "reader" else ""

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.reader.set_marks(message.marks, message.chips, message.spans)
        self.section_tree.set_counts(message.counts)

    def on_jump_to(self, message: JumpTo) -> None:
        self.reader.move_to(message.index, center=True)

    def on_show_notes_pane(self, message: ShowNotesPane) -> None:
        self._show_one("notes")

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.go_to_section(event.node.data)

    def go_to_section(self, section_id: str) -> None:
        """Move the reader to the start of a section (heading at the top)."""
        index = self.nav.section_start(section_id)
        if index is not None:
            self.reader.move_to(index, top=True)

    # --- search -----------------------------------------------------------------------

    def _search_box(self) -> Input | None:
        """The search box, once it has been opened."""
        return next(self.query("#search").results(Input), None)

    async def action_search(self) -> None:
        box = self._search_box()
        if box is None:
            # Mounted on first use, above the status line: startup stays lean.
            box = Input(self.search.query, placeholder=t("search.placeholder"), id="search")
            await self.mount(box, before=self.status)
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self._close_search_box()
        self.run_search(event.value)

    def _close_search_box(self) -> None:
        box = self._search_box()
        if box is not None:
            box.display = False
        self.reader.focus()

    def run_search(self, query: str) -> None:
        """Highlight every hit of ``query`` and jump to the first after the cursor."""
        box = self._search_box()
        if box is not None:
            box.value = query.strip()
        if not query.strip():
            self.clear_search()
            return
        step = self.search.run(query, self.reader.cursor)
        if step is None:
            self.reader.set_hits((), -1)
            self._show_search_state()
            self.notify(t("search.no_hits", query=self.search.query), severity="warning")
            return
        self._go_hit(step, t("search.wrapped_first"))

    def _go_hit(self, step: HitStep, wrapped_notice: str) -> None:
        hit = self.search.go(step.index)
        # Side panes first, then the reader: their repaints then reach the
        # screen before the reader's scroll, and the jump lands in one frame.
        self._show_search_state()
        self._show_cursor(self.document.measure_index[hit.measure_id])
        self.reader.set_hits(self.search.hits, step.index)
        self.reader.show_hit(hit)
        if step.wrapped:
            self.notify(wrapped_notice)

    def _step(self, forward: bool) -> None:
        step = self.search.step(self.reader.cursor, forward)
        if step is None:
            query = self.search.query
            self.notify(t("search.no_hits", query=query) if query else t("search.needed"))
            return
        self._go_hit(step, t("search.wrapped_first" if forward else "search.wrapped_last"))

    def action_next_hit(self) -> None:
        self._step(True)

    def action_prev_hit(self) -> None:
        self._step(False)

    def clear_search(self) -> None:
        self.search.clear()
        self.reader.set_hits((), -1)
        self._show_search_state()

    def action_clear_or_close(self) -> None:
        box = self._search_box()
        if box is not None and box.display:
            self._close_search_box()
        elif self.notes.has_focus_within:
            self.reader.focus()  # out of the notes list, back to the text
        elif self.search.query:
            self.clear_search()
            self.notify(t("search.cleared"))

    def _show_search_state(self) -> None:
        s = self.search
        if not s.query:
            self.status.search = ""
        elif not s.hits:
            self.status.search = t("search.none_state", query=s.query)
        else:
            self.status.search = t("search.state", query=s.query, current=s.index + 1, total=len(s.hits))

    # --- lists ------------------------------------------------------------------------

    def _open_list(self, title: str, options: Sequence[Option], empty: str, on_pick: Callable[[str], None],
                   start: str | None = None) -> None:
        from tui.ui.dialogs.picker import picker_screen

        self.app.push_screen(picker_screen(self.app).show(title, options, empty, on_pick=on_pick, start=start))

    def action_mentions(self) -> None:
        from tui.ui.widgets.list_rows import mention_options

        if not self.search.hits:
            self._step(True)  # says why there is nothing to list
            return
        options = mention_options(self.document, self.search.hits, self.traditional, self.app.size.width)
        title = t("mentions.title", query=self.search.query, total=len(self.search.hits))
        self._open_list(title, options, "", lambda choice: self._go_hit(HitStep(int(choice), False), ""),
                        start=str(self.search.index))

    def action_key_terms(self) -> None:
        from tui.document.related import key_terms
        from tui.ui.widgets.list_rows import term_options

        options = term_options(key_terms(self.document, self.measure.id))
        self._open_list(t("terms.title"), options, t("terms.none"), self.run_search)

    def action_related(self) -> None:
        from tui.document.related import related_measures
        from tui.ui.widgets.list_rows import related_options

        related = related_measures(self.document, self.measure.id)
        options = related_options(self.document, related, self.traditional)

        def picked(choice: str) -> None:
            self.reader.move_to(self.document.measure_index[choice], center=True)

        self._open_list(t("related.title"), options, t("related.none"), picked)

    def action_spots(self) -> None:
        from tui.ui.dialogs.spots import SpotsScreen

        if not self.document.spots_by_measure.get(self.measure.id, ()):
            self.notify(t("spots.none"))
            return
        self.app.push_screen(SpotsScreen(self.document, self.measure, self.traditional), self.accept_review)

    def action_next_spot(self) -> None:
        """``!``: the next damaged spot still to review, after the cursor (wrapping)."""
        from tui.ingest.review import pending

        doc = self.document
        waiting = [doc.measure_index[doc.spots[k].measure_id] for k in pending(doc)]
        if not waiting:
            self.notify(t("review.none_left") if doc.spots else t("review.no_spots"))
            return
        after = [i for i in waiting if i > self.reader.cursor]
        self.reader.move_to((after or waiting)[0], center=True)
        if not after:
            self.notify(t("search.wrapped_first"))

    def accept_review(self, choice: ReviewChoice | None) -> None:
        """Apply a reading chosen in the spots screen; keep it beside the plan's file."""
        if choice is None:
            return
        from tui.ingest.review import accept, save_review

        cursor = self.reader.cursor
        doc, entry = accept(self.document, choice.index, choice.fixed, f"reviewed in policy-tui: {choice.how}")
        source = getattr(self.app, "source", None)
        if source is None:
            notice = t("review.session_only", fixed=choice.fixed)
        else:
            try:
                saved = save_review(doc, [entry], source)
                notice = t("review.accepted_one", fixed=choice.fixed, errata=saved.errata)
            except OSError as exc:
                notice = t("review.save_failed", fixed=choice.fixed, error=exc.strerror or exc)
        self.replace_document(doc, cursor)
        self.notify(notice, timeout=8)

    def replace_document(self, doc: Document, cursor: int) -> None:
        """Show ``doc`` (the same plan with some text changed) in every pane; ids stay."""
        self.document = doc
        self.nav = Navigation(doc)
        query = self.search.query
        self.search = SearchSession(doc)
        self.reader.set_document(doc)
        self.section_tree.set_document(doc)
        self.notes.set_document(doc)
        self.reader.move_to(cursor, center=True)
        if query:
            step = self.search.run(query, cursor)
            self.reader.set_hits(self.search.hits, step.index if step else -1)
        self._show_search_state()
        self._show_review_state()
        self._show_cursor(cursor)

    def _show_review_state(self) -> None:
        waiting = sum(1 for s in self.document.spots if s.status == "flagged")
        self.status.review = t("review.pending", count=waiting) if waiting else ""

    # --- notes: handed to the notes pane ---------------------------------------------------

    def action_annotate(self) -> None:
        self.notes.annotate()

    def action_annotate_hit(self) -> None:
        self.notes.annotate_hit(self.search.current)

    def action_tags(self) -> None:
        self.notes.tags()

    def action_delete_note(self) -> None:
        self.notes.delete()

    def action_undo(self) -> None:
        self.notes.undo()

    def action_prev_note(self) -> None:
        self.notes.step(self.reader.cursor, False)

    def action_next_note(self) -> None:
        self.notes.step(self.reader.cursor, True)

    async def action_notes_list(self) -> None:
        if not await self.notes.toggle_list():
            self.reader.focus()

    def action_export(self) -> None:
        self.notes.export(self.measure.section_id)

    # --- view ---------------------------------------------------------------------------

    def action_toggle_script(self) -> None:
        traditional = self._traditional = not self.reader.traditional
        self.reader.traditional = traditional
        self.section_tree.set_traditional(traditional)
        self.notes.traditional = traditional
        self.status.script = t("app.script.trad" if traditional else "app.script.simp")
        self._show_cursor(self.reader.cursor)

    def action_toggle_tree(self) -> None:
        if self.section_tree.display:
            self.tree_shown = False
        else:
            self._show_one("tree")

    def action_toggle_notes(self) -> None:
        if self.notes.display:
            self.notes_shown = False
        else:
            self._show_one("notes")

    def _show_one(self, pane: str) -> None:
        """Show a side pane; below 120 columns the other one gives way, so that the
        text keeps a readable width (both at 80 columns left it 20)."""
        narrow = self.has_class("-narrow") or self.has_class("-tiny")
        if pane == "tree":
            self.tree_shown = True
            if narrow and self.notes.display:
                self.notes_shown = False
        else:
            self.notes_shown = True
            if narrow and self.section_tree.display:
                self.tree_shown = False

    def watch_tree_shown(self, shown: bool | None) -> None:
        self._show_pane(self.section_tree, "tree", shown)

    def watch_notes_shown(self, shown: bool | None) -> None:
        self._show_pane(self.notes, "notes", shown)

    def _show_pane(self, pane: SectionTree | NotesPane, name: str, shown: bool | None) -> None:
        # Classes, not ``display``: the user's choice must outlast width changes.
        self.set_class(shown is True, f"-{name}-on")
        self.set_class(shown is False, f"-{name}-off")
        if shown is False and pane.has_focus_within:
            self.reader.focus()

    # --- other plans (issue 15) ---------------------------------------------------------

    def open_plans(self) -> list[Document]:
        """The plans open in this reader, this one first (wiring several plans extends this)."""
        return [self.document]

    def _exports(self) -> Path:
        from tui import locations

        return locations.exports_dir(getattr(self.app, "db_path", None))

    def action_targets(self) -> None:
        from tui.ui.screens.targets_screen import TargetsScreen

        self.app.push_screen(TargetsScreen(self.open_plans(), exports=self._exports()), self.open_plan_measure)

    def action_overview(self) -> None:
        from tui.annotations.overview import overview
        from tui.ui.screens.overview_screen import OverviewScreen

        book = self.notes.notebook
        if book is None:
            self.notify(t("ann.loading"))
            return
        self.app.push_screen(OverviewScreen(self.document, overview(self.document, book.all()),
                                            traditional=self.traditional), self.open_plan_measure)

    def action_compare(self) -> None:
        """Pick another plan (from the library, or open beside this one), then compare."""
        from rich.text import Text

        from tui.library import Library

        others: dict[str, Document | Path] = {d.id: d for d in self.open_plans()[1:]}
        for entry in Library().entries():
            others.setdefault(entry.doc_id, entry.path)
        others.pop(self.document.id, None)
        if not others:
            self.notify(t("lib.compare.no_other"), severity="warning", timeout=8)
            return
        titles = {k: v.meta.title if isinstance(v, Document) else v.stem for k, v in others.items()}
        options = [Option(Text(titles[k]), id=k) for k in others]

        def picked(doc_id: str) -> None:
            from tui.document.serialize import load_json

            other = others[doc_id]
            # After the list has closed: pushed now, the list's own dismiss would pop it.
            self.app.call_later(self.compare_with, other if isinstance(other, Document) else load_json(other))

        self._open_list(t("lib.compare.pick"), options, "", picked)

    def compare_with(self, other: Document) -> None:
        from tui.annotations.notebook import Notebook
        from tui.ui.screens.compare_screen import CompareScreen

        books: dict[str, Notebook] = {}

        def book_of(doc: Document) -> Notebook | None:
            if doc.id == self.document.id:
                return self.notes.notebook
            if doc.id not in books:
                books[doc.id] = Notebook.load(doc, self.db)  # type: ignore[arg-type]
            return books[doc.id]

        self.app.push_screen(CompareScreen(self.document, other, book_of, traditional=self.traditional,
                                           exports=self._exports()), self.open_plan_measure)

    def open_plan_measure(self, ref: PlanMeasure | None) -> None:
        """Go to a measure picked in another screen (a measure of another plan: say so)."""
        if ref is None:
            return
        if ref.doc_id == self.document.id and ref.measure_id in self.document.measure_index:
            self.reader.move_to(self.document.measure_index[ref.measure_id], center=True)
            return
        from tui.library import Library

        titles = {e.doc_id: e.title for e in Library().entries()} | {d.id: d.meta.title for d in self.open_plans()}
        self.notify(t("lib.other_plan", title=titles.get(ref.doc_id) or ref.doc_id), severity="warning")
