"""Provides ExportDialog: choose scope, format and path, see the count, write the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from tui.annotations.filters import Filters, apply, is_orphan
from tui.annotations.model import Annotation
from tui.annotations.plans import PlanNotes
from tui.annotations.tags import counties, parse_tags
from tui.document.model import Document
from tui.errors import UserError
from tui.export import FORMATS, prepare_plans, scope_name
from tui.export.files import ExportExists, default_export_path
from tui.i18n import t
from tui.ui import actions
from tui.ui.cells import cut_middle
from tui.ui.widgets.key_list import KeyList

SCOPES = ("all", "chapter", "tags", "county")
FORMAT_LABELS = ("Markdown", "CSV", "JSON")  # same order as FORMATS


def _display(path: Path) -> str:
    """``path`` relative to the current directory when it lies inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class ExportDialog(ModalScreen[Path | None]):
    """Dismisses with the path written (None if nothing was written)."""

    AUTO_FOCUS = "#export-scope"
    BINDINGS = actions.bindings("export")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]  # noqa: RUF012

    def __init__(self, doc: Document, annotations: Sequence[Annotation],
                 current_chapter_id: str | None = None, today: dt.date | None = None,
                 folder: Path | None = None, others: Sequence[PlanNotes] = ()) -> None:
        super().__init__()
        self.doc = doc
        self.annotations = list(annotations)
        self.others = [plan for plan in others if plan.annotations]  # other open plans with notes
        # Any section id will do: its chapter is the scope (front matter and preface have none).
        known = current_chapter_id in doc.section_by_id
        chapter = doc.chapter_of(current_chapter_id) if known and current_chapter_id else None
        self.chapter_id = chapter.id if chapter is not None and chapter.kind in ("chapter", "attachment") else None
        self.today = today or dt.date.today()
        self.folder = folder  # where exports go by default (beside the notes)
        self.written: Path | None = None
        self._done = False  # the file for the current choices is written: OK now closes
        self._auto_path = ""  # the last default we filled in; an edit by the user sticks
        # The existing file the user agreed to replace (by pressing Export again for it).
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        chapter = self.doc.section_by_id.get(self.chapter_id or "")
        chapter_label = (t("export.scope.chapter", chapter=chapter.label()) if chapter
                         else t("export.scope.no_chapter"))
        with Vertical(id="export-box"):
            with VerticalScroll(id="export-form", can_focus=False):
                yield Static(t("export.title"), id="export-title", markup=False)
                if self.others:
                    yield Label(t("export.plans"), classes="export-label", markup=False)
                    with RadioSet(id="export-plans"):
                        yield RadioButton(t("export.plans.current"), value=True, id="plans-current")
                        yield RadioButton(t("export.plans.all", count=len(self.others) + 1), id="plans-all")
                yield Label(t("export.scope"), classes="export-label", markup=False)
                with RadioSet(id="export-scope"):
                    yield RadioButton(t("export.scope.all"), value=True, id="scope-all")
                    yield RadioButton(chapter_label, id="scope-chapter", disabled=chapter is None)
                    yield RadioButton(t("export.scope.tags"), id="scope-tags")
                    yield RadioButton(t("export.scope.county"), id="scope-county")
                yield Input(placeholder=t("export.tags.placeholder"), id="export-tags")
                # An inline list, not a Select: a drop-down overlay loses wide characters
                # wherever a widget beneath it has an edge (Textual cuts each line there).
                yield Label(t("export.county.prompt"), id="export-county-label", markup=False)
                yield KeyList(*[Option(c, id=c) for c in counties()], id="export-county")
                yield Label(t("export.format"), classes="export-label", markup=False)
                with RadioSet(id="export-format"):
                    for fmt, label in zip(FORMATS, FORMAT_LABELS, strict=True):
                        yield RadioButton(label, value=fmt == "md", id=f"format-{fmt}")
                yield Label(t("export.path"), classes="export-label", markup=False)
                yield Input(id="export-path")
            # Outside the scrolling form: what will be written, what was, the buttons and the keys
            # stay in view at 80x24.
            yield Static("", id="export-count", markup=False)
            yield Static("", id="export-result", markup=False)
            with Horizontal(id="export-buttons"):
                yield Label(t("export.hint"), id="export-hint", markup=False)
                yield Button(t("export.ok"), variant="primary", id="export-ok")
                yield Button(t("export.cancel"), id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-result").display = False
        for county in self.query("#export-county").results(KeyList):
            county.highlighted = None  # the user chooses one
        self._refresh()

    # --- state read from the widgets ---------------------------------------
    @property
    def scope(self) -> str:
        index = self.query_one("#export-scope", RadioSet).pressed_index
        return SCOPES[index] if index >= 0 else "all"

    @property
    def every_plan(self) -> bool:
        """Export the notes of every open plan (grouped by plan), not the plan shown only."""
        return any(r.pressed_index == 1 for r in self.query("#export-plans").results(RadioSet))

    def plans(self) -> list[PlanNotes]:
        here = PlanNotes(self.doc, tuple(self.annotations))
        return [here, *self.others] if self.every_plan else [here]

    @property
    def fmt(self) -> str:
        index = self.query_one("#export-format", RadioSet).pressed_index
        return FORMATS[index] if index >= 0 else "md"

    def filters(self) -> Filters:
        """The filters the current choices mean (possibly incomplete: no tag, no county)."""
        if self.scope == "chapter" and self.chapter_id and not self.every_plan:
            return Filters(chapter=self.chapter_id)
        if self.scope == "tags":
            return Filters(tags=parse_tags(self.query_one("#export-tags", Input).value))
        if self.scope == "county":
            option = self.query_one("#export-county", KeyList).highlighted_option
            return Filters(county=option.id if option is not None else None)
        return Filters()

    def _missing(self) -> str | None:
        filters = self.filters()
        if self.scope == "tags" and not filters.tags:
            return t("export.need_tags")
        if self.scope == "county" and not filters.county:
            return t("export.need_county")
        return None

    def selected(self) -> list[tuple[Document, Annotation]]:
        """What would be written now, with the plan of each."""
        if self._missing():
            return []
        filters = self.filters()
        return [(p.doc, a) for p in self.plans() for a in apply(p.doc, p.annotations, filters)]

    # --- keeping the view in step ------------------------------------------
    def _refresh(self) -> None:
        self.query_one("#export-tags", Input).display = self.scope == "tags"
        for part in ("#export-county", "#export-county-label"):
            self.query_one(part).display = self.scope == "county"
        path_input = self.query_one("#export-path", Input)
        # A chapter is one plan's: with every plan chosen, that scope is off.
        self.query_one("#scope-chapter", RadioButton).disabled = self.chapter_id is None or self.every_plan
        if self.every_plan and self.scope == "chapter":
            # Not here: this runs in the radio set's handler, which drops the button's own change.
            self.call_after_refresh(setattr, self.query_one("#scope-all", RadioButton), "value", True)
        stem = scope_name(self.filters(), len(self.plans()))
        default = _display(default_export_path(stem, self.fmt, self.today, self.folder))
        if path_input.value in ("", self._auto_path):
            path_input.value = default
            self.call_after_refresh(self._path_end)
        self._auto_path = default
        items = self.selected()
        placed = [(doc.id, a.anchor.measure_id) for doc, a in items if not is_orphan(doc, a)]
        count = self._missing() or t("export.count", count=len(items), orphans=len(items) - len(placed),
                                     measures=len(set(placed)))
        self.query_one("#export-count", Static).update(count)
        self._result("")  # what the last export said was about other choices
        self._set_done(False)

    def _path_end(self) -> None:
        """The path box scrolled to the file name, not the start of a long folder (moved there
        from the start: a first value set puts the cursor at the end without scrolling)."""
        box = self.query_one("#export-path", Input)
        if not box.has_focus:
            box.cursor_position = 0
            box.action_end()

    def _set_done(self, done: bool) -> None:
        self._done = done
        # Written: one button closes (the other said 取消, a second way to close).
        self.query_one("#export-ok", Button).label = t("export.close" if done else "export.ok")
        self.query_one("#export-cancel", Button).display = not done
        self.query_one("#export-hint", Label).update(t("export.hint.done" if done else "export.hint"))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._refresh()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "export-tags":
            self._refresh()
        elif event.input.id == "export-path":
            self._result("")
            self._set_done(False)

    def on_option_list_option_highlighted(self, event: KeyList.OptionHighlighted) -> None:
        event.stop()
        self._refresh()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-cancel" or self._done:
            self.action_close()
        else:
            self.export()

    def _result(self, text: str, error: bool = False) -> None:
        result = self.query_one("#export-result", Static)
        result.display = bool(text)  # no blank line below the count until there is something to say
        result.update(text)
        result.set_class(error, "error")

    def _with_path(self, key: str, path: Path, **values: object) -> str:
        """The message ``key`` on one line: ``path`` cut in its middle to the dialog's width."""
        width = self.query_one("#export-count", Static).content_region.width or 72
        room = width - cell_len(t(key, path="", **values))
        return t(key, path=cut_middle(str(path), max(12, room)), **values)

    def export(self) -> Path | None:
        """Write the file for the current choices; show the path written or why not.

        Nothing is written when nothing matches; an existing file is replaced
        only when Export is pressed a second time for the same path.
        """
        missing = self._missing()
        raw_path = self.query_one("#export-path", Input).value.strip()
        if missing or not raw_path:
            self._result(missing or t("export.need_path"), error=True)
            return None
        export = prepare_plans(self.plans(), self.filters(), self.fmt, dt.datetime.now(dt.UTC))
        if export.empty:
            self._result(t("export.nothing"), error=True)
            return None
        path = Path(raw_path).expanduser().absolute()
        own_folder = raw_path == self._auto_path  # our default folder may be created
        try:
            written = export.write(path, overwrite=self._confirmed == path, parents=own_folder)
        except ExportExists:
            self._confirmed = path
            self._result(self._with_path("export.exists_ask", path), error=True)
            return None
        except UserError as exc:
            self._result(t("export.failed", error=str(exc)), error=True)
            return None
        self.written = written
        self._result(self._with_path("export.written", written, count=export.count))
        self._set_done(True)
        return written

    def action_submit(self) -> None:
        """enter: export (or close once written); on the cancel button, cancel."""
        focused = self.focused
        if (isinstance(focused, Button) and focused.id == "export-cancel") or self._done:
            self.action_close()
        else:
            self.export()

    def action_close(self) -> None:
        self.dismiss(self.written)
