"""Provides the one table of keys: each key once, with its action, help group and palette entry.

Bindings (``bindings(scope)``), the help screen (``help_rows``), the command
palette (``palette``) and the key bar (``footer``) are all generated from
``ACTIONS``; adding a key means adding one row here (and its catalogue text).

Descriptions are looked up when the UI modules are imported, so the CLI sets
the interface language before importing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from textual.binding import Binding, BindingType

from tui.i18n import t

# How key names are written for people, everywhere (help, key bar, palette).
KEY_NAMES = {
    "slash": "/",
    "asterisk": "*",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "down": "↓",
    "up": "↑",
    "space": "space",
}
GROUPS = ("reading", "search", "lists", "notes", "app")


@dataclass(frozen=True)
class Action:
    """One key (or several keys for one action) and everything shown about it.

    ``scope`` names the class whose BINDINGS it is in: ``app``, ``screen``
    (the reader screen), ``reader`` (the text), ``tree``, a dialog
    (``editor``, ``tags``, ``confirm``, ``list``, ``help``, ``spots``, ``table``,
    ``export``), or a screen of other plans (``compare``, ``targets``,
    ``overview``).  ``footer`` orders the keys shown in the key bar (0: not
    shown); ``palette`` is the catalogue key of its palette help (None: not
    in the palette).
    """

    keys: str
    action: str
    label: str  # catalogue key of the description
    scope: str
    group: str = "app"
    display: str = ""
    footer: int = 0
    palette: str | None = None
    priority: bool = False
    show_in_help: bool = True

    @property
    def description(self) -> str:
        return t(self.label)

    @property
    def key_text(self) -> str:
        """``j/↓``: how the keys are written for people."""
        return self.display or "/".join(KEY_NAMES.get(k.strip(), k.strip()) for k in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=bool(self.footer),
                       key_display=self.display or None, priority=self.priority)


def _a(keys: str, action: str, label: str, scope: str, group: str = "app", **kw: object) -> Action:
    return Action(keys, action, label, scope, group, **kw)  # type: ignore[arg-type]


ACTIONS: tuple[Action, ...] = (
    # --- app ---------------------------------------------------------------------------
    # Our own palette binding, so that the key bar and help show it in our language.
    _a("ctrl+p", "command_palette", "key.palette", "app", footer=15, priority=True),
    _a("question_mark", "help", "key.help", "app", display="?", footer=1, palette="cmd.help.help"),
    _a("q", "quit", "key.quit", "app", footer=90, palette="cmd.quit.help"),
    # --- reading (the text) ----------------------------------------------------------
    _a("j,down", "move(1)", "key.next_measure", "reader", "reading", display="j/↓", footer=2),
    _a("k,up", "move(-1)", "key.prev_measure", "reader", "reading", display="k/↑", footer=3),
    _a("ctrl+d", "half_page(1)", "key.half_down", "reader", "reading"),
    _a("ctrl+u", "half_page(-1)", "key.half_up", "reader", "reading"),
    _a("space", "page_down", "key.page_down", "reader", "reading"),
    _a("g", "top", "key.top", "reader", "reading"),
    _a("G", "end", "key.end", "reader", "reading"),
    # --- search -------------------------------------------------------------------------
    _a("slash", "search", "key.search", "screen", "search", display="/", footer=4, palette="cmd.search.help"),
    _a("n", "next_hit", "key.next_hit", "screen", "search", footer=5),
    _a("N", "prev_hit", "key.prev_hit", "screen", "search", footer=6),
    _a("escape", "clear_or_close", "key.clear_search", "screen", "search"),
    # --- lists ----------------------------------------------------------------------------
    _a("m", "mentions", "key.mentions", "screen", "lists", footer=7, palette="cmd.mentions.help"),
    _a("asterisk", "key_terms", "key.key_terms", "screen", "lists", display="*", footer=8,
       palette="cmd.key_terms.help"),
    _a("r", "related", "key.related", "screen", "lists", footer=9, palette="cmd.related.help"),
    _a("o", "spots", "key.spots", "screen", "lists", palette="cmd.spots.help"),
    _a("exclamation_mark", "next_spot", "key.next_spot", "screen", "lists", display="!", palette="cmd.next_spot.help"),
    # --- notes ----------------------------------------------------------------------------
    _a("a", "annotate", "key.annotate", "screen", "notes", footer=11, palette="cmd.annotate.help"),
    _a("A", "annotate_hit", "key.annotate_hit", "screen", "notes"),
    _a("t", "tags", "key.tags", "screen", "notes", footer=12, palette="cmd.tags.help"),
    _a("d", "delete_note", "key.delete_note", "screen", "notes"),
    _a("u", "undo", "key.undo", "screen", "notes", palette="cmd.undo.help"),
    _a("left_square_bracket", "prev_note", "key.prev_note", "screen", "notes", display="["),
    _a("right_square_bracket", "next_note", "key.next_note", "screen", "notes", display="]"),
    _a("l", "notes_list", "key.notes_list", "screen", "notes", footer=13, palette="cmd.notes_list.help"),
    _a("e", "export", "key.export", "screen", "notes", footer=14, palette="cmd.export.help"),
    # --- view -----------------------------------------------------------------------------
    _a("s", "toggle_script", "key.toggle_script", "screen", "app", footer=10, palette="cmd.script.help"),
    _a("f2", "toggle_tree", "key.toggle_tree", "screen", "app", palette="cmd.tree.help"),
    _a("f3", "toggle_notes", "key.toggle_notes", "screen", "app", palette="cmd.notes.help"),
    # --- the tree and the lists (their own keys when focused; in the key bar then) --------
    _a("j,down", "cursor_down", "key.move_down", "tree", "reading", display="j/↓", footer=2, show_in_help=False),
    _a("k,up", "cursor_up", "key.move_up", "tree", "reading", display="k/↑", footer=3, show_in_help=False),
    _a("enter", "select_cursor", "key.open_section", "tree", "reading", footer=4, show_in_help=False),
    _a("space", "toggle_node", "key.toggle_node", "tree", "reading", footer=5, show_in_help=False),
    _a("g", "scroll_home", "key.top", "tree", "reading", show_in_help=False),
    _a("G", "scroll_end", "key.end", "tree", "reading", show_in_help=False),
    _a("j,down", "cursor_down", "key.move_down", "options", "lists", display="j/↓", footer=2, show_in_help=False),
    _a("k,up", "cursor_up", "key.move_up", "options", "lists", display="k/↑", footer=3, show_in_help=False),
    _a("enter", "select", "key.jump", "options", "lists", footer=4, show_in_help=False),
    _a("g", "first", "key.top", "options", "lists", show_in_help=False),
    _a("G", "last", "key.end", "options", "lists", show_in_help=False),
    # The tables of the targets and comparison screens move with j and k too.
    _a("j", "cursor_down", "key.move_down", "table", "lists", show_in_help=False),
    _a("k", "cursor_up", "key.move_up", "table", "lists", show_in_help=False),
    _a("g,home", "scroll_top", "key.top", "table", "lists", show_in_help=False),
    _a("G,end", "scroll_bottom", "key.end", "table", "lists", show_in_help=False),
    _a("ctrl+d", "half_page(1)", "key.half_down", "table", "lists", show_in_help=False),
    _a("ctrl+u", "half_page(-1)", "key.half_up", "table", "lists", show_in_help=False),
    _a("space", "page_down", "key.page_down", "table", "lists", show_in_help=False),
    # Shown in the key bar only: the search box and the notes list handle these themselves.
    _a("enter", "submit", "key.find", "searchbox", "search", footer=1, show_in_help=False),
    _a("escape", "close", "key.close", "searchbox", "search", footer=2, show_in_help=False),
    _a("escape", "clear_or_close", "key.back_to_text", "noteslist", "notes", footer=5, show_in_help=False),
    _a("l", "notes_list", "key.close_list", "noteslist", "notes", footer=6, show_in_help=False),
    # In the notes list's filter box letters are typed: only these keys act there.
    _a("down", "focus_list", "key.to_list", "notesfilter", "notes", display="↓", footer=1, show_in_help=False),
    _a("enter", "focus_list", "key.to_list", "notesfilter", "notes", footer=2, show_in_help=False),
    _a("escape", "clear_or_close", "key.back_to_text", "notesfilter", "notes", footer=3, show_in_help=False),
    # The help screen scrolls like the text.
    _a("j,down", "scroll_by(1)", "key.move_down", "help", show_in_help=False),
    _a("k,up", "scroll_by(-1)", "key.move_up", "help", show_in_help=False),
    _a("space,pagedown", "scroll_page(1)", "key.page_down", "help", show_in_help=False),
    _a("pageup", "scroll_page(-1)", "key.page_up", "help", show_in_help=False),
    # --- dialogs (listed in the help under their group) ------------------------------------
    # Priority: the text area would take ctrl+e (line end) and esc.
    _a("ctrl+s", "save", "key.save", "editor", "notes", priority=True, show_in_help=False),
    _a("escape", "cancel", "key.cancel", "editor", "notes", priority=True, show_in_help=False),
    _a("ctrl+e", "external", "key.external_editor", "editor", "notes", priority=True, show_in_help=False),
    _a("ctrl+n", "as_new", "key.new_note", "editor", "notes", priority=True, show_in_help=False),
    _a("escape", "cancel", "key.cancel", "tags", "notes", show_in_help=False),
    # q closes the pop-ups that have no text box (where it would be typed).
    _a("y,enter", "answer(True)", "key.yes", "confirm", show_in_help=False),
    _a("n,escape,q", "answer(False)", "key.no", "confirm", show_in_help=False),
    _a("escape,q", "dismiss_none", "key.close", "list", show_in_help=False),
    _a("escape,question_mark,q", "dismiss", "key.close", "help", show_in_help=False),
    _a("escape,o,q", "dismiss", "key.close", "spots", show_in_help=False),
    _a("escape", "close", "export.cancel", "export", show_in_help=False),
    # Priority: enter exports from any field (the radio sets would take it to toggle; space does that).
    _a("enter", "submit", "export.ok", "export", priority=True, show_in_help=False),
    # --- other plans (issue 15): the reader's keys, then the keys inside each screen -------------
    _a("T", "targets", "lib.key.targets", "screen", "lists", palette="lib.cmd.targets.help"),
    _a("c", "compare", "lib.key.compare", "screen", "lists", palette="lib.cmd.compare.help"),
    _a("v", "overview", "lib.key.overview", "screen", "lists", palette="lib.cmd.overview.help"),
    _a("a", "annotate", "key.annotate", "compare", show_in_help=False),
    _a("x", "swap", "lib.key.swap", "compare", show_in_help=False),
    _a("e", "export('md')", "lib.key.export_md", "compare", show_in_help=False),
    _a("E", "export('csv')", "lib.key.export_csv", "compare", show_in_help=False),
    _a("escape", "close", "key.close", "compare", show_in_help=False),
    _a("slash", "filter", "lib.key.filter", "targets", display="/", show_in_help=False),
    _a("s", "sort", "lib.key.sort", "targets", show_in_help=False),
    _a("t", "kind", "lib.key.kind", "targets", show_in_help=False),  # not k: k moves up, as everywhere
    _a("l", "lineup", "lib.key.lineup", "targets", show_in_help=False),
    _a("e", "export('md')", "lib.key.export_md", "targets", show_in_help=False),
    _a("E", "export('csv')", "lib.key.export_csv", "targets", show_in_help=False),
    _a("escape", "close", "key.close", "targets", show_in_help=False),
    _a("escape", "close", "key.close", "overview", show_in_help=False),
)

# Rows of the help screen that are not bindings of the reader: keys inside
# boxes and lists, and the mouse.  (keys, catalogue key, group); "first" rows
# go before the group's bindings.
HELP_FIRST: tuple[tuple[str, str, str], ...] = (
    ("tab / shift+tab", "help.focus", "reading"),
    ("j / k  g / G", "help.tree_lists", "reading"),
)
HELP_NOTES: tuple[tuple[str, str, str], ...] = (
    ("help.mouse", "key.click", "reading"),
    ("enter", "help.search_enter", "search"),
    ("esc", "help.search_escape", "search"),
    ("enter / esc", "help.lists", "lists"),
    ("ctrl+s/ctrl+e", "help.editor", "notes"),
    ("enter", "help.notes_enter", "notes"),
    ("#  ann.filter.chapter", "help.notes_filter", "notes"),
    ("↓", "help.notes_filter_down", "notes"),
)


# Which keys the key bar shows, by the focused pane: (scopes, catalogue key of the pane's name).
READER_KEYS = ("app", "screen", "reader")
FOCUS_KEYS = {
    "reader": (READER_KEYS, "pane.reader"),
    "tree": (("app", "tree"), "pane.tree"),
    "notes": (("app", "options", "noteslist"), "pane.notes"),
    "notesfilter": (("notesfilter",), "pane.notes_filter"),
    "search": (("searchbox",), "pane.search"),
}


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope, in table order (typed as the classes' BINDINGS are)."""
    return [a.binding() for a in ACTIONS if a.scope == scope]


def for_scopes(scopes: Iterable[str]) -> Iterator[Action]:
    wanted = set(scopes)
    return (a for a in ACTIONS if a.scope in wanted)


def _note_rows(notes: Iterable[tuple[str, str, str]], rows: dict[str, list[tuple[str, str]]]) -> None:
    for keys, label, group in notes:
        written = " ".join(t(part) if part.startswith(("help.", "ann.")) else part for part in keys.split(" "))
        rows[group].append((written, t(label)))


def help_rows() -> dict[str, list[tuple[str, str]]]:
    """(keys, what they do) per help group: the text's keys, the screen's, the app's."""
    rows: dict[str, list[tuple[str, str]]] = {g: [] for g in GROUPS}
    _note_rows((n for n in HELP_FIRST if n[2] == "reading"), rows)
    for scope in ("reader", "screen"):
        for action in ACTIONS:
            if action.scope == scope and action.show_in_help:
                rows[action.group].append((action.key_text, action.description))
    _note_rows(HELP_NOTES, rows)
    _note_rows((n for n in HELP_FIRST if n[2] == "app"), rows)
    for action in ACTIONS:
        if action.scope == "app" and action.show_in_help:
            rows[action.group].append((action.key_text, action.description))
    return rows


def footer(scopes: Iterable[str]) -> list[Action]:
    """The key bar's actions for these scopes, most useful first."""
    return sorted((a for a in for_scopes(scopes) if a.footer), key=lambda a: a.footer)


def palette() -> list[Action]:
    """The actions offered in the command palette, in table order."""
    return [a for a in ACTIONS if a.palette]
