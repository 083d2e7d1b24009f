"""In the Chinese interface no screen shows an English word, except key names and format names."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support.pilot import seed
from tui.document.model import Document
from tui.ui.app import PolicyApp

ALLOWED = {
    # key names and the names of formats and programs
    "ctrl", "esc", "enter", "tab", "shift", "space", "pagedown", "pageup", "editor", "markdown", "csv", "json",
    "gbk", "ascii", "utf", "opencc", "vim",
}
WORD = re.compile(r"[A-Za-z]{3,}")
TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def english_words(app: PolicyApp, doc: Document) -> set[str]:
    """ASCII words on screen that are not key names, nor the plan's own text or ids, nor a path."""
    svg = app.export_screenshot()
    shown = html.unescape(" ".join(TEXT.findall(svg))).replace("\xa0", " ")
    # File paths are what they are (a long one is shown by its end: it may start mid-word).
    shown = re.sub(r"[\w.-]*/[\w./-]+", " ", shown)
    data = " ".join([*(m.text + " " + m.id for m in doc.measures), *(s.id for s in doc.sections)])
    plan_words = {w.lower() for w in WORD.findall(data)}
    return {w for w in WORD.findall(shown) if w.lower() not in ALLOWED | plan_words}


SCREENS: dict[str, list[str]] = {
    "reader": [],
    "help": ["question_mark"],
    "search box": ["slash"],
    "mentions": ["slash", *"集团化办学", "enter", "m"],
    "key terms": ["asterisk"],
    "related": ["r"],
    "notes list": ["l"],
    "note editor": ["a"],
    "tags": ["t"],
    "export": ["e"],
    "palette": ["ctrl+p"],
    "targets": ["T"],
    "overview": ["v"],
    "tree focused": ["tab", "shift+tab", "shift+tab"],
}


@pytest.mark.parametrize("name", SCREENS)
async def test_no_english_on_screen(name: str, small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("1.3.p1.m1", "笔记", ("禹州市",)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await _go(pilot, SCREENS[name])
        assert english_words(app, small_doc) == set(), name


async def test_no_english_in_the_damage_review(damaged_doc: Document) -> None:
    app = PolicyApp(damaged_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await _go(pilot, ["exclamation_mark", "o"])
        assert english_words(app, damaged_doc) == set()


async def _go(pilot: Pilot[int], keys: list[str]) -> None:
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause(0.2)


async def test_the_check_finds_english_when_there_is_some(small_doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same walk in the English interface finds words: the check can fail."""
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    app = PolicyApp(small_doc)
    async with app.run_test(size=(120, 36)) as pilot:
        await _go(pilot, ["question_mark"])
        assert {"Help", "Search"} <= english_words(app, small_doc) or "Next" in english_words(app, small_doc)
