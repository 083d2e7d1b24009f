"""Provides HelpScreen: every key, grouped, built from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import t

KEY_NAMES = {
    "slash": "/",
    "asterisk": "*",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "down": "↓",
    "up": "↑",
}
# Which group a screen or app binding is listed under (by action name).
GROUP_OF_ACTION = {
    "search": "search",
    "next_hit": "search",
    "prev_hit": "search",
    "clear_or_close": "search",
    "mentions": "lists",
    "key_terms": "lists",
    "related": "lists",
    "spots": "lists",
    "annotate": "notes",
    "annotate_hit": "notes",
    "tags": "notes",
    "delete_note": "notes",
    "undo": "notes",
    "prev_note": "notes",
    "next_note": "notes",
    "notes_list": "notes",
    "export": "notes",
}
GROUPS = ("reading", "search", "lists", "notes", "app")


def key_label(binding: Binding) -> str:
    """How a binding's keys are written in the help, e.g. ``j/↓``."""
    if binding.key_display:
        return binding.key_display
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def _bindings(items: Iterable[BindingType]) -> list[Binding]:
    return [b for b in items if isinstance(b, Binding)]


def help_rows(
    reader: Sequence[BindingType], screen: Sequence[BindingType], app: Sequence[BindingType]
) -> dict[str, list[tuple[str, str]]]:
    """Rows (keys, action) per group: reader keys, then the screen's and the app's."""
    rows: dict[str, list[tuple[str, str]]] = {g: [] for g in GROUPS}
    rows["reading"].append(("tab / shift+tab", f"{t('key.focus_next')} / {t('key.focus_prev')}"))
    for binding in _bindings(reader):
        rows["reading"].append((key_label(binding), binding.description))
    rows["reading"].append((t("help.mouse"), t("key.click")))
    for binding in _bindings(screen):
        rows[GROUP_OF_ACTION.get(binding.action, "app")].append((key_label(binding), binding.description))
    rows["search"].append(("enter", t("help.search_enter")))
    rows["search"].append(("esc", t("help.search_escape")))
    rows["lists"].append(("enter / esc", f"{t('key.select')} / {t('key.close')}"))
    rows["notes"].append(("ctrl+s/ctrl+e", t("help.editor")))
    rows["notes"].append(("enter", t("help.notes_enter")))
    rows["notes"].append((f"#  {t('ann.filter.chapter')}", t("help.notes_filter")))
    rows["app"].append(("ctrl+p", t("key.palette")))
    for binding in _bindings(app):
        if binding.show or binding.action in ("help", "quit"):
            rows["app"].append((key_label(binding), binding.description))
    return rows


def help_tables(rows: dict[str, list[tuple[str, str]]]) -> Group:
    """One two-column table per group, titled with the group's name."""
    tables = []
    for group in GROUPS:
        if not rows[group]:
            continue
        table = Table(
            title=t(f"help.group.{group}"), title_justify="left", title_style="bold reverse",
            show_header=False, show_edge=False, box=None, pad_edge=False, expand=True,
        )
        table.add_column(t("help.col.key"), style="bold", no_wrap=True, width=16)
        table.add_column(t("help.col.action"), ratio=1)
        for keys, action in rows[group]:
            table.add_row(Text(keys), Text(action))
        tables.append(table)
        tables.append(Text(""))
    return Group(*tables)


class HelpScreen(ModalScreen[None]):
    """A table of every key; ``extra`` lines go below it (e.g. the database path)."""

    BINDINGS = [Binding("escape,question_mark", "dismiss", t("key.close"))]

    def __init__(self, rows: dict[str, list[tuple[str, str]]], extra: Sequence[str] = ()) -> None:
        super().__init__(classes="picker")
        self._rows = rows
        self._extra = list(extra)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Label(Text(t("help.title")), id="picker-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_tables(self._rows))
                for line in self._extra:
                    yield Static(Text(line), classes="help-extra")
            yield Label(Text(t("help.hint")), id="picker-hint")
