"""Helpers for Pilot tests: what the panes show, notices, seeded databases."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.widget import Widget

from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.screens.reader_screen import ReaderScreen
from tui.ui.widgets.reader import ReaderView
from tui.ui.widgets.status_bar import StatusBar


def reader_of(app: PolicyApp) -> ReaderView:
    return app.screen.query_one("#reader", ReaderView)

def screen_of(app: PolicyApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen

def visible_text(reader: ReaderView) -> str:
    return "\n".join(reader.render_line(y).text for y in range(reader.scrollable_content_region.height))

def status_text(app: PolicyApp) -> str:
    return app.screen.query_one(StatusBar).plain().rstrip()

def widget_text(widget: Widget) -> str:
    """What a widget shows, as plain text (all of it, not just the visible part)."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.virtual_size.height or widget.size.height))
    return "\n".join(line.text.rstrip() for line in lines)

def section_of(app: PolicyApp) -> str:
    reader = reader_of(app)
    return reader.document.measures[reader.cursor].section_id

@contextmanager
def captured_notices(app: PolicyApp) -> Iterator[list[str]]:
    notices: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notices.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    try:
        yield notices
    finally:
        app.notify = original  # type: ignore[method-assign]

def seed(db: Path, doc: Document, *items: tuple[str, str, tuple[str, ...]]) -> list[str]:
    """Save (measure id, note, tags) annotations before the app starts, a day apart in
    the given order (notes on one measure are listed oldest first); their uuids."""
    uuids = []
    with AnnotationStore.open(db) as store:
        for k, (mid, note, tags) in enumerate(items):
            stamp = f"2024-05-{k + 1:02d}T08:00:00Z"
            a = replace(new_annotation(doc, mid, note=note, tags=tags), created=stamp, updated=stamp)
            uuids.append(store.add(a).uuid)
    return uuids

def saved(db: Path) -> list[Annotation]:
    with AnnotationStore.open(db, read_only=True) as store:
        return sorted(store.all(), key=lambda a: (a.created, a.anchor.measure_id, a.note))

def notes_text(app: PolicyApp) -> str:
    """What the notes pane shows in its current mode (header, notes, hints)."""

    return "\n".join(str(w.render()) for w in app.screen.query("#notes Static") if w.display)

def reader_rows(app: PolicyApp) -> list[str]:
    reader = reader_of(app)
    return [reader.render_line(y).text for y in range(reader.scrollable_content_region.height)]

async def go_to(app: PolicyApp, pilot: Any, measure_id: str) -> None:
    reader = reader_of(app)
    reader.move_to(reader.document.measure_index[measure_id], center=True)
    await pilot.pause()


async def until(pilot: Any, condition: Callable[[], bool], tries: int = 50) -> bool:
    """Pause until ``condition`` holds (a busy machine may need more than one refresh); its last value."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause()
    return condition()


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Pause the pilot until ``condition()`` holds or ``timeout`` seconds pass; whether it holds.

    For work the app does in a thread (the word segmenter loads in about a
    second alone, several on a loaded machine): the deadline is generous
    because a passing test returns as soon as the condition holds.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    await pilot.pause()  # what the condition waited for has mounted (a screen pushed: its list filled)
    return True
