"""Provides ReaderScreen: section tree, reader and notes pane, with search, lists and jumps.

The screen holds the view state (the plans open and the one shown, the
search over all of them, script, which panes show) and passes it down to its
widgets; the widgets send messages up (the cursor moved, the notes changed,
jump to a measure).  The note keys are handed to the notes pane, which owns
the notebooks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, Tree
from textual.widgets.option_list import Option

from tui import state
from tui.annotations.store import AnnotationStore
from tui.document.corpus import CorpusSearch, HitStep, PlanMeasure
from tui.document.model import Document, Measure
from tui.document.navigation import Navigation
from tui.document.open_plans import OpenPlans
from tui.i18n import t
from tui.state import PlanState
from tui.ui import actions
from tui.ui.messages import CursorMoved, JumpTo, NotesChanged, ShowNotesPane
from tui.ui.screens import lists, plan_views, remembered, side_panes
from tui.ui.screens.breakpoints import SizedScreen
from tui.ui.screens.commands import PlanCommands, SearchCommands, SectionCommands
from tui.ui.screens.side_panes import Panes
from tui.ui.script import has_traditional, plan_title
from tui.ui.widgets.key_bar import KeyBar
from tui.ui.widgets.notes_pane import NotesPane
from tui.ui.widgets.reader import ReaderView
from tui.ui.widgets.section_tree import SectionTree, parse_node_data
from tui.ui.widgets.status_bar import StatusBar


class ReaderScreen(SizedScreen[None]):
    """The three panes, the status line and the key bar (styled for the terminal's
    size from the first frame: see SizedScreen)."""

    AUTO_FOCUS = "#reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (120, "-wide"), (170, "-xwide")]  # noqa: RUF012
    COMMANDS = {SectionCommands, SearchCommands, PlanCommands}  # noqa: RUF012
    BINDINGS = actions.bindings("screen")

    panes: var[Panes] = var(Panes())
    """The side panes shown in this session (f2, f3, and ``l`` showing the notes)."""

    def __init__(self, documents: Document | Sequence[Document], db: AnnotationStore | object,
                 sources: Mapping[str, Path | None] | None = None) -> None:
        """``documents``: the plans to open, the first shown; ``sources``: the file each came
        from (accepted fixes are kept beside it), by plan id."""
        super().__init__(id="reader-screen")
        self.plans = OpenPlans([documents] if isinstance(documents, Document) else list(documents))
        self.db = db
        self.sources = dict(sources or {})
        self._navs: dict[str, Navigation] = {}
        self._section_id = ""
        self._cursor_id = ""  # kept for remember(), which runs when the widgets are gone
        self._traditional = False
        self.mentions: lists.Mentions | None = None  # the last mentions list built (``m``)
        self.chosen = Panes()  # the user's f2/f3 choices: the only pane state remembered

    # --- composition -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield SectionTree(self.document, self.plans.docs[1:], id="tree")
            yield ReaderView(self.document, id="reader")
            yield NotesPane(self.document, self.db, id="notes", plans=lambda: self.plans.docs)  # type: ignore[arg-type]
        # The search box is mounted on the first "/" (startup is kept lean).
        yield StatusBar(id="status")
        yield KeyBar(actions.footer(actions.READER_KEYS), id="keys")

    def on_mount(self) -> None:
        self._show_review_state()
        self._restore(state.load().plan(self.document.id))
        self._show_cursor(self.reader.cursor)

    # --- remembered state -----------------------------------------------------------

    def _restore(self, plan: PlanState) -> None:
        remembered.restore(self, plan)

    def remember(self) -> None:
        """Save where the reader is (called when the screen goes away: no widget queries)."""
        remembered.remember(self)

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
    def document(self) -> Document:
        """The plan shown."""
        return self.plans.current

    @property
    def nav(self) -> Navigation:
        nav = self._navs.get(self.document.id)
        if nav is None or nav.doc is not self.document:
            nav = self._navs[self.document.id] = Navigation(self.document)
        return nav

    @property
    def search(self) -> CorpusSearch:
        """The search over every open plan (``query``, ``hits``, ``index``)."""
        return self.plans.search

    # --- several plans ----------------------------------------------------------------

    def show_plan(self, doc_id: str, index: int | None = None) -> None:
        """Show another open plan: at ``index``, else where the reader was in it."""
        plan_views.show_plan(self, doc_id, index)

    def open_plan_measure(self, ref: PlanMeasure | None) -> None:
        """Go to a measure picked in another screen (its plan is shown if it is open)."""
        plan_views.open_plan_measure(self, ref)

    def action_targets(self) -> None:
        plan_views.open_targets(self)

    def action_overview(self) -> None:
        plan_views.open_overview(self)

    def action_compare(self) -> None:
        plan_views.open_compare(self)

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
        traditional = self.traditional
        labels, pos, total = self.nav.crumb(index, traditional)
        if self.plans.several:  # the status line names the plan shown
            labels = (plan_title(self.document, traditional), *labels)
        self.status.set_crumb(labels, f"{pos}/{total}")
        # 繁 only where the text is traditional: a plan without a traditional original shows 简.
        shown = traditional and has_traditional(self.document)
        self.status.script = t("app.script.trad" if shown else "app.script.simp")
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
            pane = "notesfilter" if widget.id == "notes-filter" else "notes"
        else:
            pane = "reader"
        scopes, label = actions.FOCUS_KEYS[pane]
        bar = self.query_one("#keys", KeyBar)
        bar.keys = tuple(actions.footer(scopes)) if scopes else ()
        bar.label = t(label) if pane != "reader" else ""

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.reader.set_marks(message.marks, message.chips, message.spans)
        self.section_tree.set_counts(message.counts)

    def on_jump_to(self, message: JumpTo) -> None:
        self.show_plan(message.doc_id or self.document.id, message.index)

    def on_show_notes_pane(self, message: ShowNotesPane) -> None:
        self.show_pane("notes", True)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is None:
            return
        doc_id, section_id = parse_node_data(event.node.data)
        if doc_id != self.document.id:
            self.show_plan(doc_id)
        if section_id:
            self.go_to_section(section_id)

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
        step = self.plans.run(query, self.reader.cursor)
        if step is None:
            self._show_hits()
            self._show_search_state()
            self.notify(t("search.no_hits", query=self.search.query), severity="warning")
            return
        self.go_hit(step, t("search.wrapped_first"))

    def go_hit(self, step: HitStep, wrapped_notice: str = "") -> None:
        found = self.plans.go(step.index)
        if found.doc_id != self.document.id:  # the next hit is in another open plan
            self.show_plan(found.doc_id, self.plans.get(found.doc_id).measure_index[found.hit.measure_id])  # type: ignore[union-attr]
        # Side panes first, then the reader: their repaints then reach the
        # screen before the reader's scroll, and the jump lands in one frame.
        self._show_search_state()
        self._show_cursor(self.document.measure_index[found.hit.measure_id])
        self._show_hits()
        self.reader.show_hit(found.hit)
        if step.wrapped:
            self.notify(wrapped_notice)

    def _show_hits(self) -> None:
        """Highlight the hits in the plan shown."""
        hits, current = self.plans.hits_shown()
        self.reader.set_hits(hits, current)

    def _step(self, forward: bool) -> None:
        step = self.plans.step(self.reader.cursor, forward)
        if step is None:
            query = self.search.query
            self.notify(t("search.no_hits", query=query) if query else t("search.needed"))
            return
        self.go_hit(step, t("search.wrapped_first" if forward else "search.wrapped_last"))

    def action_next_hit(self) -> None:
        self._step(True)

    def action_prev_hit(self) -> None:
        self._step(False)

    def clear_search(self) -> None:
        self.plans.search.clear()
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
        s = self.plans.search
        if not s.query:
            self.status.search = ""
        elif not s.hits:
            self.status.search = t("search.none_state", query=s.query)
        elif s.current is not None and s.current.doc_id != self.document.id:  # the current hit is in another plan
            self.status.search = t("search.away_state", query=s.query, total=len(s.hits))
        else:
            self.status.search = t("search.state", query=s.query, current=s.index + 1, total=len(s.hits))

    # --- lists ------------------------------------------------------------------------

    def open_list(self, title: str, options: Sequence[Option], empty: str, on_pick: Callable[[str], None],
                  start: str | None = None, hint: str = "") -> None:
        from tui.ui.dialogs.picker import picker_screen

        self.app.push_screen(picker_screen(self.app).show(title, options, empty, on_pick=on_pick, start=start,
                                                          hint=hint))

    def action_mentions(self) -> None:
        lists.open_mentions(self)

    def action_key_terms(self) -> None:
        lists.open_key_terms(self)

    def action_related(self) -> None:
        lists.open_related(self)

    def action_spots(self) -> None:
        lists.open_spots(self)

    def action_next_spot(self) -> None:
        lists.next_spot(self)

    def replace_document(self, doc: Document, cursor: int) -> None:
        """Show ``doc`` (the same plan with some text changed) in every pane; ids stay."""
        plan_views.replace_document(self, doc, cursor)

    def _show_review_state(self) -> None:
        waiting = sum(1 for s in self.document.spots if s.status == "flagged")
        self.status.review = t("review.pending", count=waiting) if waiting else ""

    # --- notes: handed to the notes pane ---------------------------------------------------

    def action_annotate(self) -> None:
        self.notes.annotate()

    def action_annotate_hit(self) -> None:
        self.notes.annotate_hit(self.plans.current_hit())

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
        if not has_traditional(self.document):  # the same characters either way: say so, switch nothing
            self.notify(t("app.script.none"))
            return
        self.set_script(not self.reader.traditional)

    def set_script(self, traditional: bool) -> None:
        self._traditional = self.reader.traditional = traditional
        self.section_tree.set_traditional(traditional)
        self.notes.traditional = traditional
        self._show_cursor(self.reader.cursor)

    def action_toggle_tree(self) -> None:
        side_panes.toggle(self, "tree")

    def action_toggle_notes(self) -> None:
        side_panes.toggle(self, "notes")

    def show_pane(self, pane: str, shown: bool, chosen: bool = False) -> None:
        """Show or hide a side pane; below 120 columns the other one gives way while this
        one shows.  ``chosen``: the user's f2/f3, remembered for the next start."""
        self.panes = side_panes.with_choice(self.panes, pane, shown)
        if chosen:
            self.chosen = side_panes.with_choice(self.chosen, pane, shown)

    def watch_panes(self) -> None:
        side_panes.apply(self)

    def on_resize(self, event: events.Resize) -> None:
        """Below 120 columns one side pane at a time, on a resize too."""
        side_panes.resized(self, event.size.width)
