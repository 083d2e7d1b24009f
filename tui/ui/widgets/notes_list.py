"""Provides NotesList: every note of every open plan, grouped by plan, under a filter box.

The notes pane mounts it the first time ``l`` is pressed and hands it the
current plan's notebook and the open plans on every fill.  Notes of the plan
shown come from its notebook (live); those of the other plans are read from
the same store and placed in memory, once per store revision.  Picking a note
posts ``JumpTo`` with its plan, so the screen can switch plans first.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.annotations.model import Annotation
from tui.annotations.notebook import Notebook
from tui.annotations.plans import PlanNotes, placed
from tui.annotations.query import PlanEntries, PlansIndex
from tui.display import one_line
from tui.document.model import Document
from tui.i18n import t
from tui.ui.messages import JumpTo
from tui.ui.widgets.ann_text import ChipStyles
from tui.ui.widgets.key_list import KeyList
from tui.ui.widgets.note_rows import note_options

PLAN_TITLE = 40  # cells of a plan's title in its group header


class NotesList(Vertical):
    """A filter box, a summary line and the notes; enter jumps (to another plan if need be)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: tuple[object, ...] | None = None  # what the index was built from
        self._index: PlansIndex | None = None
        self._where: dict[str, tuple[Document, Annotation]] = {}  # uuid -> its plan and itself
        self._source: tuple[Notebook, Sequence[Document], ChipStyles] | None = None  # the last fill's

    def compose(self) -> ComposeResult:
        yield Input(placeholder=t("ann.list.placeholder"), id="notes-filter")
        yield Static("", id="notes-summary", markup=False)
        yield KeyList(id="notes-all")

    @property
    def filter_text(self) -> str:
        return self.query_one("#notes-filter", Input).value

    def focus_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def fill(self, book: Notebook, docs: Sequence[Document], styles: ChipStyles) -> None:
        """Every note matching the filter: plan by plan (in ``docs`` order), document order in each."""
        self._source = (book, docs, styles)
        index = self._plans_index(book, docs)
        groups, problem = index.select(self.filter_text)
        shown = sum(len(group.entries) for group in groups)
        summary = Text(t("ann.list.summary", shown=shown, total=len(index)))
        if len(docs) > 1:
            summary.append(t("ann.list.plans", count=len(docs)))
        if problem:
            summary.append("\n" + problem, style="bold")
        if book.store.problems:
            summary.append("\n" + t("ann.list.problems", count=len(book.store.problems)), style="bold")
        summary.append("\n" + t("ann.list.hint"), style="dim")
        if len(docs) > 1:
            # A plan's header on one line: its title cut to the list's width (wide characters take two cells).
            width = self.query_one("#notes-all", OptionList).scrollable_content_region.width
            options = _grouped(groups, styles, max(6, (width - 8) // 2) if width else PLAN_TITLE)
        else:
            options = note_options(book.doc, groups[0].entries, styles)
        first = next((e.annotation.uuid for g in groups if g.doc.id == book.doc.id for e in g.entries), None)
        self._show(options, summary, first)

    def _plans_index(self, book: Notebook, docs: Sequence[Document]) -> PlansIndex:
        key = (book.store.revision, id(book.doc), tuple(id(d) for d in docs))
        if self._index is None or self._key != key:
            plans = [PlanNotes(doc, tuple(book.all())) if doc.id == book.doc.id
                     else placed(doc, book.store.all(doc.id)) for doc in docs]
            self._index, self._key = PlansIndex(plans), key
            self._where = {a.uuid: (p.doc, a) for p in plans for a in p.annotations}
        return self._index

    def _show(self, options: Sequence[Option], summary: Text, first: str | None) -> None:
        """Fill the list, keeping the highlighted entry if it is still there (else the plan shown's first)."""
        listing = self.query_one("#notes-all", OptionList)
        highlighted = listing.highlighted_option
        keep = highlighted.id if highlighted is not None else first
        listing.clear_options()
        listing.add_options(options)
        ids = [option.id for option in options]
        pickable = [k for k, option in enumerate(options) if not option.disabled]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        elif pickable:
            listing.highlighted = pickable[0]
        self.query_one("#notes-summary", Static).update(summary)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._source is not None:
            self.fill(*self._source)

    def on_resize(self) -> None:
        if self._source is not None and len(self._source[1]) > 1:  # the plans' headers fit the width
            self.fill(*self._source)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Never let the filter's enter reach the screen (it would run a search).
        event.stop()
        self.query_one("#notes-all", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if event.key == "down" and isinstance(focused, Input):
            event.stop()
            self.query_one("#notes-all", OptionList).focus()
        elif event.key in ("up", "k") and isinstance(focused, OptionList):
            # Up from the first note goes back to the filter, as down came from it.
            first = next((k for k, option in enumerate(focused.options) if not option.disabled), None)
            if focused.highlighted in (None, first):
                event.stop()
                event.prevent_default()
                self.focus_filter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = self._where.get(event.option.id or "")
        if found is None:
            return
        doc, a = found
        index = doc.measure_index.get(a.anchor.measure_id)
        if a.orphaned or index is None:
            self.app.notify(t("ann.list.orphan_jump", quote=one_line(a.anchor.exact, 80)), timeout=10)
            return
        self.post_message(JumpTo(index, doc.id))


def _grouped(groups: Sequence[PlanEntries], styles: ChipStyles, title_chars: int) -> list[Option]:
    """A header per plan with its count, then its notes."""
    options: list[Option] = []
    for group in groups:
        header = Text(f"▍{one_line(group.doc.display_title, title_chars)}", style="bold")
        header.append(f"  {t('ann.list.plan_count', count=len(group.entries))}", style="dim")
        options.append(Option(header, disabled=True))
        if group.entries:
            options += note_options(group.doc, group.entries, styles)
    if not any(group.entries for group in groups):
        options.append(Option(Text(t("ann.list.none"), style="dim"), disabled=True))
    return options
