"""Provides NoteEditor: a modal multi-line note editor (ctrl+s saves, $EDITOR on ctrl+e).

The text typed is never lost: a failed save, a missing or failing $EDITOR
all leave the editor open with the text in it and say why in one line.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from tui.display import clean
from tui.errors import UserError
from tui.i18n import t
from tui.ui import actions

# The built-in TextArea gets slow with very long text (worst on one long
# line); such notes are shown as a preview and edited in $EDITOR.
MAX_CHARS = 200_000
MAX_LINE = 5_000
PREVIEW_CHARS = 4_000

# save(text, as_new) -> a notice for the status line, or None; raises UserError.
SaveNote = Callable[[str, bool], str | None]


def fits_editor(text: str) -> bool:
    """True if the built-in editor handles ``text`` comfortably."""
    return len(text) <= MAX_CHARS and all(len(line) <= MAX_LINE for line in text.split("\n"))


def run_external(editor: str, text: str) -> str:
    """Edit ``text`` in ``editor`` (a command line) through a private temp file.

    Raises UserError if the editor cannot be run or fails; the caller keeps
    its text then.
    """
    fd, name = tempfile.mkstemp(prefix="policy-tui-note-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            code = subprocess.run([*shlex.split(editor), str(path)], check=False).returncode
        except (OSError, ValueError) as exc:
            raise UserError(t("ann.editor.editor_failed", error=f"{editor}: {exc}")) from None
        if code != 0:
            raise UserError(t("ann.editor.editor_failed", error=t("ann.editor.exit_code", code=code)))
        try:
            edited = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UserError(t("ann.editor.editor_failed", error=exc)) from None
    finally:
        path.unlink(missing_ok=True)
    # Editors end the file with a newline the user did not type.
    if edited.endswith("\n") and not text.endswith("\n"):
        edited = edited[:-1]
    return edited


class NoteEditor(ModalScreen[bool]):
    """Edits one note; dismisses with True once saved, False if cancelled."""

    BINDINGS = actions.bindings("editor")

    def __init__(self, title: str, text: str, save: SaveNote, *, context: Text | None = None,
                 others: int = 0) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._original = text
        self._text = text  # the full text while it is too long for the text area
        self._save = save
        self._quote = context
        self._others = others  # other notes on this measure: ctrl+n is offered
        self.as_new = False
        self._warned_discard = False
        self.in_area = fits_editor(text)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label(Text(self._title), id="dialog-title")
            if self._quote is not None:
                yield Static(self._quote, id="dialog-context")
            # Shown made safe (an escape sequence in a note must not reach the terminal).
            yield TextArea(clean(self._text) if self.in_area else "", id="editor-text", soft_wrap=True,
                           show_line_numbers=False)
            yield Static(Text(""), id="editor-preview")
            yield Static(Text(""), id="dialog-message")
            hint = t("ann.editor.hint")
            if self._others:
                hint += "\n" + t("ann.editor.hint_others", count=self._others)
            yield Label(Text(hint), id="dialog-hint")

    def on_mount(self) -> None:
        self._show_mode()
        if not self.in_area:
            self.say(t("ann.editor.too_long", count=len(self._text)))

    def _show_mode(self) -> None:
        area = self.query_one("#editor-text", TextArea)
        preview = self.query_one("#editor-preview", Static)
        area.display = self.in_area
        preview.display = not self.in_area
        if self.in_area:
            area.focus()
            area.move_cursor(area.document.end)
        else:
            head = clean(self._text[:PREVIEW_CHARS]) + ("…" if len(self._text) > PREVIEW_CHARS else "")
            preview.update(Text(head))

    @property
    def text(self) -> str:
        """The note as it stands in the editor."""
        if not self.in_area:
            return self._text
        typed = self.query_one("#editor-text", TextArea).text
        # The area shows control characters as symbols: left as shown, the note keeps its own.
        return self._text if typed == clean(self._text) else typed

    def set_text(self, text: str) -> None:
        self._text = text
        self.in_area = fits_editor(text)
        if self.in_area:
            self.query_one("#editor-text", TextArea).load_text(clean(text))
        self._show_mode()

    def say(self, message: str, error: bool = False) -> None:
        """One line under the text: what happened (red if it went wrong)."""
        line = self.query_one("#dialog-message", Static)
        line.update(Text(message))
        line.set_class(error, "-error")

    # --- actions -------------------------------------------------------------------

    def action_save(self) -> None:
        text = self.text
        try:
            notice = self._save(text, self.as_new)
        except UserError as exc:
            # Full disk, read-only directory, lock busy: keep everything as it is.
            self.say(t("ann.editor.save_failed", error=exc), error=True)
            return
        self.dismiss(True)
        if notice:
            self.app.notify(notice)

    def action_cancel(self) -> None:
        if self.text != self._original and not self._warned_discard:
            self._warned_discard = True
            self.say(t("ann.editor.discard"), error=True)
            return
        self.dismiss(False)

    def action_as_new(self) -> None:
        if not self._others or self.as_new:
            return
        self.as_new = True
        if self.text == self._original:
            self.set_text("")
        self._original = ""
        self.say(t("ann.editor.now_new"))

    def action_external(self) -> None:
        editor = os.environ.get("EDITOR", "").strip() or os.environ.get("VISUAL", "").strip()
        if not editor:
            self.say(t("ann.editor.no_editor"), error=True)
            return
        text = self.text
        edited: str | None = None
        problem = ""
        try:
            with self.app.suspend():
                # Caught inside: an exception escaping the block would leave
                # the app suspended (Textual resumes only on a normal exit).
                try:
                    edited = run_external(editor, text)
                except UserError as exc:
                    problem = str(exc)
        except SuspendNotSupported:
            problem = t("ann.editor.no_suspend")
        if edited is None:
            self.say(problem, error=True)
            return
        self.set_text(edited)
        self._warned_discard = False
        self.say(t("ann.editor.from_editor"))
