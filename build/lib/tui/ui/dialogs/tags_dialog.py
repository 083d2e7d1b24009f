"""Provides TagsDialog: edit a note's tags with autocomplete (counties first, then known tags)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from tui.annotations.chips import Chip
from tui.annotations.tags import is_county, normalize_tag, parse_tags, suggest
from tui.errors import UserError
from tui.i18n import t
from tui.ui import actions
from tui.ui.widgets.ann_text import ChipStyles, chip_text

SUGGESTIONS_SHOWN = 9
_LAST_TOKEN = re.compile(r"[^,，、\s]*$")

# save(typed text) -> a notice, or None; raises UserError.
SaveTags = Callable[[str], str | None]


def split_last(value: str) -> tuple[str, str]:
    """(everything before the tag being typed, the tag being typed)."""
    token = _LAST_TOKEN.search(value)
    assert token is not None  # the pattern matches the empty string
    return value[: token.start()], token.group()


def candidates(value: str, counts: Mapping[str, int], limit: int | None = None) -> list[str]:
    """Completions for the tag being typed, leaving out tags already entered."""
    head, token = split_last(value)
    entered = set(parse_tags(head))
    return [c for c in suggest(token, counts) if c not in entered][:limit]


class TagSuggester(Suggester):
    """Completes the last tag in the box: the first county, then the most used tag."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        # Case-sensitive: the value must come back as typed, with the tag completed.
        super().__init__(use_cache=False, case_sensitive=True)
        self.counts = counts

    async def get_suggestion(self, value: str) -> str | None:
        head, token = split_last(value)
        if not normalize_tag(token):
            return None
        for candidate in candidates(value, self.counts, 1):
            if candidate != normalize_tag(token):
                hashes = token[: len(token) - len(token.lstrip("#＃"))]
                return head + hashes + candidate
        return None


class TagsDialog(ModalScreen[bool]):
    """One input line of tags; enter saves, esc cancels; dismisses with True once saved."""

    BINDINGS = actions.bindings("tags")

    def __init__(self, title: str, tags: str, counts: Mapping[str, int], save: SaveTags,
                 styles: ChipStyles, context: Text | None = None) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._tags = tags
        self._counts = counts
        self._save = save
        self._styles = styles
        self._quote = context

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label(Text(self._title), id="dialog-title")
            if self._quote is not None:
                yield Static(self._quote, id="dialog-context")
            yield Input(self._tags, placeholder=t("ann.tags.placeholder"), id="tags-input",
                        suggester=TagSuggester(self._counts))
            yield Static(Text(""), id="tags-suggestions")
            yield Static(Text(""), id="dialog-message")
            yield Label(Text(t("ann.tags.hint")), id="dialog-hint")

    def on_mount(self) -> None:
        box = self.query_one("#tags-input", Input)
        if box.value and not box.value.endswith(" "):
            box.value += " "  # ready for the next tag
        box.cursor_position = len(box.value)
        box.focus()
        self._show_candidates(box.value)

    def _show_candidates(self, value: str) -> None:
        shown = candidates(value, self._counts, SUGGESTIONS_SHOWN)
        text = Text(t("ann.tags.suggest"), style="dim")
        chips = [Chip(c, "county" if is_county(c) else "tag") for c in shown]
        text.append_text(chip_text(chips, self._styles))
        self.query_one("#tags-suggestions", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_candidates(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            notice = self._save(event.value)
        except UserError as exc:
            line = self.query_one("#dialog-message", Static)
            line.update(Text(t("ann.editor.save_failed", error=exc)))
            line.set_class(True, "-error")
            return
        self.dismiss(True)
        if notice:
            self.app.notify(notice)

    def action_cancel(self) -> None:
        self.dismiss(False)

