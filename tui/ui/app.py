"""Provides PolicyApp: the Textual app that wires a Document into the reader screen."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui import locations
from tui.document.model import Document
from tui.i18n import t
from tui.ui import actions, kinsoku
from tui.ui.screens.reader_screen import ReaderScreen

if TYPE_CHECKING:
    from tui.annotations.store import AnnotationStore

Plan = tuple[Document, "Path | None"]  # a plan and the file it was opened from
GC_THRESHOLDS = gc.get_threshold()  # the interpreter's, restored when the app ends


class PolicyApp(App[int]):
    """Opens ``document``, or runs ``loader`` in a worker behind a progress screen."""

    # Absolute, so that subclasses in other modules (tests, benchmarks) find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = t("app.title")
    BINDINGS = actions.bindings("app")
    # Every screen knows whether the terminal is short: dialogs shrink their text
    # areas there, so that their key hints stay in view at 80x24.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    def __init__(
        self,
        document: Document | None = None,
        *,
        loader: Callable[[], Document | list[Plan]] | None = None,
        source_name: str = "",
        source: Path | None = None,
        more: Sequence[Plan] = (),
        db: str | Path | None = None,
        store: AnnotationStore | None = None,
    ) -> None:
        """``db`` is the annotation database (default: ``locations.default_db()``);
        ``store`` an already open one (tests), which then wins."""
        super().__init__()
        self._quitting = False
        kinsoku.install()
        if document is None and loader is None:
            raise ValueError("PolicyApp needs a document or a loader")
        self.document = document
        self.loader = loader
        self.source_name = source_name
        self.source = source  # the file opened (reviews are kept beside it); None: the bundled plan
        self.more = list(more)  # further plans opened beside it, with their files
        self.db = db
        # Resolved now: the current directory is the one the user started in.
        path = store.path if store is not None else Path(db) if db else locations.default_db()
        self.db_path = path.expanduser().absolute()
        self.store = store
        self.load_error = ""

    def _reader(self, document: Document) -> ReaderScreen:
        plans = [(document, self.source), *self.more]
        sources = {doc.id: path for doc, path in plans}
        return ReaderScreen([doc for doc, _ in plans], self.store if self.store is not None else self.db_path, sources)

    def get_default_screen(self) -> Screen[Any]:
        if self.document is not None:
            return self._reader(self.document)
        from tui.ui.screens.loading import LoadingScreen

        return LoadingScreen(t("load.importing", name=self.source_name))

    def on_load(self) -> None:
        from tui import state

        # Start-up makes many objects and little garbage: the collections it
        # triggers (about 17 ms before the first frame) wait until it is out.
        # (The command line pauses them earlier, for the imports: tui.cli._run_app.)
        gc.disable()
        # The saved theme now, before the stylesheet is first parsed: set once
        # the app is mounted, it parsed it all again (about 10 ms).
        theme = state.load().theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.started_theme = self.theme  # what the user then chose here is saved; see ReaderScreen.remember

    def on_unmount(self) -> None:
        # Back to normal: collected again, what the app froze (start-up, a big plan's layout),
        # as often as before; and collections on, for an app that stops before its first refresh.
        gc.unfreeze()
        gc.set_threshold(*GC_THRESHOLDS)
        gc.enable()

    @staticmethod
    def _started() -> None:
        """The first frame is out: collections resume, without what start-up built.

        Start-up leaves no cyclic garbage to speak of (a collection at this point
        finds none), and what it built lives as long as the app. Frozen, it is
        left out of later collections: otherwise the first one walked all of it
        (12 ms), and a full one walked it again (20 ms) just as a large notebook
        came in. Objects still go when nothing refers to them.

        Full collections then come a tenth as often: what is left to walk holds
        big containers (a big plan's layout, Textual's line caches), 15-20 ms a
        time on a plan 50 times the bundled one, and they came every eight keys
        or so (``m`` at p90: 1.9 times a bare cursor move, 1.1 after).
        """
        gc.freeze()
        young, middle, full = GC_THRESHOLDS
        gc.set_threshold(young, middle, 10 * full)
        gc.enable()

    def on_mount(self) -> None:
        self.call_after_refresh(self._started)
        if self.document is None and self.loader is not None:
            self.run_worker(self.loader, name="import", thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "import":
            return
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, (Document, list)):
            # A loader gives one plan, or several with their files.
            if isinstance(result, list):
                (self.document, self.source), *self.more = result
            else:
                self.document = result
            # Pushed over the progress screen (the default screen cannot be switched out).
            self.push_screen(self._reader(self.document))
        elif event.state == WorkerState.ERROR:
            self.load_error = str(event.worker.error)
            self.exit(return_code=2)

    # --- notices ----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notices go to the reader's bottom line, where they cover nothing; errors, and
        notices while a dialog is open, are toasts.  Never markup: messages quote user text."""
        from tui.ui.widgets.key_bar import KeyBar

        if severity != "error" and threading.get_ident() == self._thread_id and self.screen_stack:
            bar = next(self.screen.query(KeyBar).results(), None)
            if bar is not None:
                bar.flash(message, severity, timeout)
                return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- app-wide actions --------------------------------------------------------

    def help_extra(self) -> list[str]:
        """Lines shown under the key table: the database in use, and why it is read-only."""
        lines = [t("ann.help.db", path=self.db_path)]
        reader = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
        book = reader.notes.notebook if reader is not None else None
        if book is not None and book.store.read_only_reason:
            lines.append(t("ann.help.read_only", reason=book.store.read_only_reason))
        return lines

    def action_help(self) -> None:
        from tui.ui.dialogs.help import HelpScreen

        if isinstance(self.screen, ReaderScreen):
            self.push_screen(HelpScreen(actions.help_rows(), self.help_extra()))

    async def action_quit(self) -> None:
        """Quit; keys typed after q are dropped (they opened dialogs into the closing app)."""
        self._quitting = True
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        if self._quitting and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    def action_help_quit(self) -> None:
        """ctrl+c: say how to quit, in the interface language (Textual's own hint is English)."""
        self.notify(t("app.quit_hint"))

    def search_themes(self) -> None:
        """The theme picker, with its prompt in the interface language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("cmd.theme.placeholder")))

    def action_command_palette(self) -> None:
        """The palette, with its prompt in the interface language."""
        from textual.command import CommandPalette

        # is_open is typed for App[object]; App is invariant in its return type.
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=t("cmd.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Palette entries from the key table (the reader's first), in the interface language."""
        entries = actions.palette()
        if isinstance(screen, ReaderScreen):
            for action in entries:
                if action.scope != "app":
                    yield SystemCommand(action.description, t(action.palette or ""),
                                        partial(screen.run_action, action.action))
        yield SystemCommand(t("cmd.theme"), t("cmd.theme.help"), self.action_change_theme)
        for action in entries:
            if action.scope == "app" and (action.action != "help" or isinstance(screen, ReaderScreen)):
                yield SystemCommand(action.description, t(action.palette or ""), partial(self.run_action, action.action))
