"""Provides HelpScreen: every key, grouped, built from the key table (``tui.ui.actions``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import t
from tui.ui import actions
from tui.ui.actions import GROUPS


def help_tables(rows: dict[str, list[tuple[str, str]]]) -> Group:
    """One two-column table per group, titled with the group's name."""
    tables: list[Table | Text] = []
    for group in GROUPS:
        if not rows[group]:
            continue
        table = Table(
            title=t(f"help.group.{group}"), title_justify="left", title_style="bold reverse",
            show_header=False, show_edge=False, box=None, pad_edge=False, expand=True,
        )
        table.add_column(t("help.col.key"), style="bold", no_wrap=True, width=16)
        table.add_column(t("help.col.action"), ratio=1, overflow="fold")
        for keys, action in rows[group]:
            table.add_row(Text(keys), Text(action))
        tables.append(table)
        tables.append(Text(""))
    return Group(*tables)


class HelpScreen(ModalScreen[None]):
    """A table of every key; ``extra`` lines go below it (e.g. the database path)."""

    BINDINGS = actions.bindings("help")

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

    def action_scroll_by(self, rows: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=rows, animate=False)

    def action_scroll_page(self, pages: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=pages * max(1, body.size.height - 1), animate=False)
