"""Pilot tests of the start: the first screen is styled and laid out once, garbage
collection waits for the first frame, and what the first screen does not use stays unloaded."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from textual import events
from textual.geometry import Size

from tests.support.pilot import reader_of, screen_of
from tui import state
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.screens.breakpoints import breakpoint_classes
from tui.ui.screens.reader_screen import ReaderScreen


class Relayouts:
    """Counts the times Textual lays a screen out anew for its size (``Screen._on_resize``
    does it through ``_screen_resized``): a count of layouts alone would also see one a
    scroll bar had pending since the focus restyled it, flushed by whatever comes next."""

    def __init__(self, screen: ReaderScreen, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        resized = screen._screen_resized

        def counted(size: Size) -> None:
            self.count += 1
            resized(size)

        monkeypatch.setattr(screen, "_screen_resized", counted)


async def test_breakpoint_classes_follow_textuals_rule(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)):
        screen = screen_of(app)
        assert breakpoint_classes(screen, Size(80, 24)) == {
            "-tiny": False, "-narrow": True, "-wide": False, "-xwide": False, "-short": True, "-tall": False}
        on = {name for name, on in breakpoint_classes(screen, Size(170, 30)).items() if on}
        assert on == {"-xwide", "-tall"}
        assert {name for name, on in breakpoint_classes(screen, Size(10, 5)).items() if on} == {"-tiny", "-short"}


@pytest.mark.parametrize(("size", "classes"), [((80, 24), {"-narrow", "-short"}), ((200, 60), {"-xwide", "-tall"})])
async def test_the_reader_has_its_size_classes_before_its_first_layout(
        small_doc: Document, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], classes: set[str]) -> None:
    """Set by the first Resize, they restyled and laid out the screen again after its first frame."""
    seen: list[set[str]] = []
    on_mount = ReaderScreen.on_mount

    def record(screen: ReaderScreen) -> None:
        seen.append(set(screen.classes))
        on_mount(screen)

    monkeypatch.setattr(ReaderScreen, "on_mount", record)
    app = PolicyApp(small_doc)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert classes <= seen[0]
        assert {c for c in screen_of(app).classes if c in breakpoint_classes(screen_of(app), app.size)} == classes


async def test_a_resize_to_the_size_laid_out_is_not_laid_out_again(
        small_doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        relayouts = Relayouts(screen, monkeypatch)
        screen.post_message(events.Resize(app.size, app.size))
        await pilot.pause()
        assert relayouts.count == 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert relayouts.count == 1 and screen.has_class("-narrow")
        assert screen.has_class("-narrow") and screen.has_class("-short") and not screen.has_class("-wide")
        assert not screen.query_one("#notes").display


async def test_a_resize_under_a_dialog_still_sets_the_readers_classes(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        assert not isinstance(app.screen, ReaderScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = screen_of(app)
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert not screen.has_class("-wide") and not screen.has_class("-tall")


async def test_garbage_collection_waits_for_the_first_frame(small_doc: Document,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    on_mount = ReaderScreen.on_mount

    def record(screen: ReaderScreen) -> None:
        seen.append(gc.isenabled())
        on_mount(screen)

    monkeypatch.setattr(ReaderScreen, "on_mount", record)
    assert gc.isenabled()
    before = gc.get_threshold()
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert seen == [False]
        assert gc.isenabled()
        # What start-up built is left out of later collections, and full ones are rarer,
        # for as long as the app runs.
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold()[2] == 10 * before[2]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_an_app_that_stops_before_its_first_refresh_resumes_garbage_collection(small_doc: Document) -> None:
    app = PolicyApp(small_doc)
    app.on_load()
    assert not gc.isenabled()
    app.on_unmount()
    assert gc.isenabled()


async def test_no_notes_before_or_after_asks_for_no_repaint(small_doc: Document,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The empty notebook's marks arrive just after the first frame: the text stays as painted."""
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        reader = reader_of(app)
        refreshes: list[bool] = []
        monkeypatch.setattr(reader, "refresh", lambda *a, **k: refreshes.append(True))
        reader.set_marks({})
        assert refreshes == []
        reader.set_marks({small_doc.measures[0].id: "●"})
        assert refreshes


async def test_a_saved_theme_is_applied_before_the_first_screen_is_built(
        small_doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """Set once the app was mounted, it parsed the whole stylesheet a second time
    (about 10 ms before the first frame); set at Load, it is the first parse."""
    state.save(state.State(theme="nord"))
    screens: list[int] = []
    refresh_css = PolicyApp.refresh_css

    def spy(app: PolicyApp, animate: bool = True) -> None:
        screens.append(len(app.screen_stack))
        refresh_css(app, animate)

    monkeypatch.setattr(PolicyApp, "refresh_css", spy)
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert screens[0] == 0


async def test_a_window_that_did_not_change_the_theme_keeps_the_one_another_chose(small_doc: Document) -> None:
    """Two windows: A switches to nord and quits; B, still on the old theme, quits after it."""
    state.save(state.State(theme="gruvbox"))
    first, second = PolicyApp(small_doc), PolicyApp(small_doc)
    async with second.run_test(size=(120, 36)) as pilot_b:
        async with first.run_test(size=(120, 36)) as pilot_a:
            first.theme = "nord"
            await pilot_a.pause()
        assert state.load().theme == "nord"
        await pilot_b.pause()
    assert state.load().theme == "nord"
    third = PolicyApp(small_doc)
    async with third.run_test(size=(120, 36)) as pilot:
        third.theme = "textual-light"
        await pilot.pause()
    assert state.load().theme == "textual-light"


def test_the_notes_list_is_not_loaded_for_the_first_screen() -> None:
    """It and its filter are imported when ``l`` first opens it."""
    code = (
        "import sys\n"
        "import tui.ui.app\n"
        "print(','.join(m for m in ('tui.ui.widgets.notes_list', 'tui.annotations.query') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
