"""Provides ReaderScreen: section tree, reader and notes pane, with search and jumps."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Tree
from textual.widgets.option_list import Option

from tui.document.model import Document
from tui.document.navigation import Navigation, first_hit_from, hit_keys, step_hit
from tui.document.search import Hit, search, section_path_label
from tui.i18n import t
from tui.ui.screens.annotate import ANNOTATION_BINDINGS, AnnotateMixin
from tui.ui.screens.annotate_browse import BrowseNotesMixin
from tui.ui.screens.commands import SearchCommands, SectionCommands
from tui.ui.widgets.key_bar import KeyBar
from tui.ui.widgets.notes_pane import NotesPane
from tui.ui.widgets.reader import CursorMoved, ReaderView
from tui.ui.widgets.section_tree import SectionTree
from tui.ui.widgets.status_bar import StatusBar


class ReaderScreen(AnnotateMixin, BrowseNotesMixin, Screen[None]):
    """The three panes; owns the search state and passes it down to the reader.

    The annotation keys and the notebook come from AnnotateMixin and BrowseNotesMixin.
    """

    AUTO_FOCUS = "#reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (120, "-wide"), (170, "-xwide")]
    COMMANDS = {SectionCommands, SearchCommands}
    BINDINGS = [
        Binding("slash", "search", t("key.search"), key_display="/"),
        Binding("n", "next_hit", t("key.next_hit")),
        Binding("N", "prev_hit", t("key.prev_hit")),
        Binding("escape", "clear_or_close", t("key.clear_search"), show=False),
        Binding("m", "mentions", t("key.mentions")),
        Binding("asterisk", "key_terms", t("key.key_terms"), key_display="*"),
        Binding("r", "related", t("key.related")),
        Binding("o", "spots", t("key.spots"), show=False),
        Binding("s", "toggle_script", t("key.toggle_script")),
        Binding("f2", "toggle_tree", t("key.toggle_tree"), show=False),
        Binding("f3", "toggle_notes", t("key.toggle_notes"), show=False),
        *ANNOTATION_BINDINGS,
    ]

    def __init__(self, document: Document) -> None:
        super().__init__(id="reader-screen")
        self.document = document
        self.nav = Navigation(document)
        self.query_text = ""
        self.hits: tuple[Hit, ...] = ()
        self.hit_index = -1
        self._hit_keys: list[tuple[int, int]] = []
        self._section_id = ""

    # --- composition -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Set the width class now: the Resize that sets it later would restyle
        # and lay out the whole screen again right after the first frame.
        width = self.app.size.width
        self.add_class(next(name for edge, name in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= edge))
        with Horizontal(id="panes"):
            yield SectionTree(self.document, id="tree")
            yield ReaderView(self.document, id="reader")
            yield NotesPane(id="notes")
        # The search box is mounted on the first "/" (startup is kept lean).
        yield StatusBar(id="status")
        # Help first: at 80 columns the bar is cut short, and ? leads to every key.
        app_keys = sorted(self.app.BINDINGS, key=lambda b: getattr(b, "action", "") != "help")
        yield KeyBar([app_keys[0], *ReaderView.BINDINGS, *self.BINDINGS, *app_keys[1:]], id="keys")

    def on_mount(self) -> None:
        self.query_one(StatusBar).set_script(t("app.script.simp"))
        self._show_cursor(self.reader.cursor)
        self.start_notebook()

    @property
    def reader(self) -> ReaderView:
        return self.query_one("#reader", ReaderView)

    @property
    def tree(self) -> SectionTree:
        return self.query_one("#tree", SectionTree)

    @property
    def traditional(self) -> bool:
        return self.reader.traditional

    # --- cursor -----------------------------------------------------------------

    def on_cursor_moved(self, message: CursorMoved) -> None:
        self._show_cursor(message.index)

    def _show_cursor(self, index: int) -> None:
        doc = self.document
        measure = doc.measures[index]
        labels, pos, total = self.nav.crumb(index, self.traditional)
        self.query_one(StatusBar).set_crumb(labels, f"{pos}/{total}")
        notes = self.query_one(NotesPane)
        spots = doc.spots_by_measure.get(measure.id, ())
        notes.show_measure(measure.id, section_path_label(doc, measure.section_id, self.traditional), len(spots))
        if self.notebook is not None and self.notebook.sync():
            self.refresh_annotations()  # another instance saved: marks and counts too
        notes.show_annotations(self.annotations_for(measure.id))
        if measure.section_id != self._section_id:
            self._section_id = measure.section_id
            self.tree.follow(measure.section_id)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.go_to_section(event.node.data)

    def go_to_section(self, section_id: str) -> None:
        """Move the reader to the start of a section (heading at the top)."""
        index = self.nav.section_start(section_id)
        if index is not None:
            self.reader.move_to(index, top=True)

    # --- search -----------------------------------------------------------------

    def _search_box(self) -> Input | None:
        """The search box, once it has been opened."""
        return next(self.query("#search").results(Input), None)

    async def action_search(self) -> None:
        box = self._search_box()
        if box is None:
            # Mounted on first use, above the status line: startup stays lean.
            box = Input(self.query_text, placeholder=t("search.placeholder"), id="search")
            await self.mount(box, before=self.query_one(StatusBar))
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
        query = query.strip()
        box = self._search_box()
        if box is not None:
            box.value = query
        if not query:
            self.clear_search()
            return
        self.query_text = query
        self.hits = search(self.document, query)
        self._hit_keys = hit_keys(self.document, self.hits)
        if not self.hits:
            self.hit_index = -1
            self.reader.set_hits((), -1)
            self._show_search_state()
            self.notify(t("search.no_hits", query=query), severity="warning")
            return
        step = first_hit_from(self._hit_keys, self.reader.cursor)
        self._go_hit(step.index, t("search.wrapped_first") if step.wrapped else None)

    def _go_hit(self, k: int, notice: str | None = None) -> None:
        self.hit_index = k
        # Side panes first, then the reader: their repaints then reach the
        # screen before the reader's scroll, and the jump lands in one frame.
        self._show_search_state()
        self._show_cursor(self.document.measure_index[self.hits[k].measure_id])
        self.reader.set_hits(self.hits, k)
        self.reader.show_hit(self.hits[k])
        if notice:
            self.notify(notice)

    def _step(self, forward: bool) -> None:
        if not self.hits:
            self.notify(t("search.needed") if not self.query_text else t("search.no_hits", query=self.query_text))
            return
        step = step_hit(self._hit_keys, self.reader.cursor, self.hit_index, forward)
        notice = None
        if step.wrapped:
            notice = t("search.wrapped_first") if forward else t("search.wrapped_last")
        self._go_hit(step.index, notice)

    def action_next_hit(self) -> None:
        self._step(True)

    def action_prev_hit(self) -> None:
        self._step(False)

    def clear_search(self) -> None:
        self.query_text, self.hits, self.hit_index, self._hit_keys = "", (), -1, []
        self.reader.set_hits((), -1)
        self._show_search_state()

    def action_clear_or_close(self) -> None:
        box = self._search_box()
        if box is not None and box.display:
            self._close_search_box()
        elif self.notes.has_focus_within:
            self.reader.focus()  # out of the notes list, back to the text
        elif self.query_text:
            self.clear_search()
            self.notify(t("search.cleared"))

    def _show_search_state(self) -> None:
        status = self.query_one(StatusBar)
        if not self.query_text:
            status.set_search("")
        elif not self.hits:
            status.set_search(t("search.none_state", query=self.query_text))
        else:
            status.set_search(t("search.state", query=self.query_text, current=self.hit_index + 1, total=len(self.hits)))

    # --- lists --------------------------------------------------------------------

    def _open_list(
        self, title: str, options: list[Option], empty: str, on_pick: Callable[[str], None], start: str | None = None
    ) -> None:
        """Refill the app's one list screen and show it."""
        from tui.ui.dialogs.picker import SCREEN_NAME, PickerScreen

        if not self.app.is_screen_installed(SCREEN_NAME):
            self.app.install_screen(PickerScreen(), SCREEN_NAME)
        picker = self.app.get_screen(SCREEN_NAME)
        assert isinstance(picker, PickerScreen)
        picker.show(title, options, empty, on_pick=on_pick, start=start)
        self.app.push_screen(picker)

    def action_mentions(self) -> None:
        from tui.ui.widgets.list_rows import mention_options

        if not self.hits:
            self._step(True)  # says why there is nothing to list
            return
        options = mention_options(self.document, self.hits, self.traditional)
        title = t("mentions.title", query=self.query_text, total=len(self.hits))
        self._open_list(title, options, "", lambda choice: self._go_hit(int(choice)), start=str(self.hit_index))

    def action_key_terms(self) -> None:
        from tui.document.related import key_terms
        from tui.ui.widgets.list_rows import term_options

        measure = self.document.measures[self.reader.cursor]
        options = term_options(key_terms(self.document, measure.id))
        self._open_list(t("terms.title"), options, t("terms.none"), self.run_search)

    def action_related(self) -> None:
        from tui.document.related import related_measures
        from tui.ui.widgets.list_rows import related_options

        measure = self.document.measures[self.reader.cursor]
        related = related_measures(self.document, measure.id)
        options = related_options(self.document, related, self.traditional)

        def picked(choice: str) -> None:
            self.reader.move_to(self.document.measure_index[choice], center=True)

        self._open_list(t("related.title"), options, t("related.none"), picked)

    def action_spots(self) -> None:
        from tui.ui.dialogs.spots import SpotsScreen

        measure = self.document.measures[self.reader.cursor]
        spots = self.document.spots_by_measure.get(measure.id, ())
        if not spots:
            self.notify(t("spots.none"))
            return
        self.app.push_screen(SpotsScreen(measure, spots, self.traditional))

    # --- view toggles ----------------------------------------------------------------

    def action_toggle_script(self) -> None:
        reader = self.reader
        reader.traditional = not reader.traditional
        self.tree.set_traditional(reader.traditional)
        self.query_one(StatusBar).set_script(t("app.script.trad" if reader.traditional else "app.script.simp"))
        self._show_cursor(reader.cursor)

    def _toggle_pane(self, selector: str, name: str) -> None:
        pane = self.query_one(selector)
        showing = pane.display
        self.set_class(not showing, f"-{name}-on")
        self.set_class(showing, f"-{name}-off")
        if showing and pane.has_focus_within:
            self.reader.focus()

    def action_toggle_tree(self) -> None:
        self._toggle_pane("#tree", "tree")

    def action_toggle_notes(self) -> None:
        self._toggle_pane("#notes", "notes")
