"""Pilot tests of the notes list (l): filter by tag, county, chapter and text; enter jumps; orphans."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.widgets import Input, OptionList

from tests.support.pilot import captured_notices
from tui.annotations.model import Anchor
from tui.annotations.query import NoteIndex, parse_query
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.widgets.notes_pane import NotesPane
from tui.ui.widgets.reader import ReaderView

SIZE = (150, 40)


def seed_all(db: Path, doc: Document) -> None:
    """Four placed notes in chapters 一, 三, 四 and one orphan whose sentence is gone."""
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(doc, "1.3.p1.m1", note="禹州的集团化", tags=("禹州市", "集团化")))
        store.add(new_annotation(doc, "3.2.1.p1.m2", note="结对帮扶要跟进", tags=("长葛市",)))
        store.add(new_annotation(doc, "4.1.p1.m1", note="实训基地", tags=("产业",)))
        store.add(new_annotation(doc, "5.p1.m1", note="经费"))
        lost = new_annotation(doc, "5.p1.m1", note="原文已删")
        anchor = Anchor("9.9.p1.m1", ("9", "9.9"), "这句话在新版本里没有了")
        store.add(dataclasses.replace(lost, anchor=anchor, orphaned=True))


def list_labels(app: PolicyApp) -> list[str]:
    options = app.screen.query_one("#notes-all", OptionList)
    return [str(options.get_option_at_index(k).prompt) for k in range(options.option_count)]


async def type_filter(app: PolicyApp, pilot, text: str) -> None:
    box = app.screen.query_one("#notes-filter", Input)
    box.value = text
    await pilot.pause()


async def test_l_lists_every_note_with_the_orphans_last(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        notes = app.screen.query_one(NotesPane)
        assert notes.mode == "list"
        assert app.focused is app.screen.query_one("#notes-filter", Input)
        labels = list_labels(app)
        # Document order, then the orphans' group with the lost quote.
        assert [k for k, label in enumerate(labels) if "禹州的集团化" in label] == [0]
        assert "结对帮扶要跟进" in labels[1] and "实训基地" in labels[2] and "经费" in labels[3]
        assert labels[4] == "无法定位的批注（1）"
        assert "这句话在新版本里没有了" in labels[5] and "原文已删" in labels[5]
        assert "显示 5/5" in str(app.screen.query_one("#notes-summary").render())
        # down into the list, up from its first note back to the filter (typing went nowhere there)
        await pilot.press("down", "down", "up")
        assert app.focused is not app.screen.query_one("#notes-filter", Input)
        await pilot.press("up")
        assert app.focused is app.screen.query_one("#notes-filter", Input)
        # l again: back to the current measure.
        app.screen.query_one(ReaderView).focus()
        await pilot.press("l")
        await pilot.pause()
        assert notes.mode == "measure"


async def test_filter_by_tag_county_chapter_and_text(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()

        await type_filter(app, pilot, "#禹州市")
        labels = list_labels(app)
        assert len(labels) == 1 and "禹州的集团化" in labels[0]
        await type_filter(app, pilot, "长葛市")  # a county typed as a word matches its tag
        assert len(list_labels(app)) == 1 and "结对帮扶" in list_labels(app)[0]
        await type_filter(app, pilot, "章:四")
        assert len(list_labels(app)) == 1 and "实训基地" in list_labels(app)[0]
        await type_filter(app, pilot, "ch:3")
        assert len(list_labels(app)) == 1 and "结对帮扶" in list_labels(app)[0]
        await type_filter(app, pilot, "跟进")  # text in a note
        assert len(list_labels(app)) == 1 and "结对帮扶" in list_labels(app)[0]
        await type_filter(app, pilot, "原文已删")  # orphans are filtered too, in their group
        assert list_labels(app)[0] == "无法定位的批注（1）"
        await type_filter(app, pilot, "没有这个词")
        assert list_labels(app) == ["没有符合的批注"]
        await type_filter(app, pilot, "章:九十")
        assert "没有第九十章" in str(app.screen.query_one("#notes-summary").render())  # in the UI language
        await type_filter(app, pilot, "")
        assert "显示 5/5" in str(app.screen.query_one("#notes-summary").render())


async def test_enter_on_an_entry_jumps_to_its_measure(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen.query_one(ReaderView)
        await pilot.press("l")
        await pilot.pause()
        await type_filter(app, pilot, "实训")
        await pilot.press("down")  # from the filter into the list
        assert app.focused is app.screen.query_one("#notes-all", OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert small_doc.measures[reader.cursor].id == "4.1.p1.m1"
        # Enter in the filter box moves into the list rather than running a search.
        await type_filter(app, pilot, "禹州")
        app.screen.query_one("#notes-filter", Input).focus()
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#notes-all", OptionList)
        assert not app.screen.query("#search")
        await pilot.press("enter")
        await pilot.pause()
        assert small_doc.measures[reader.cursor].id == "1.3.p1.m1"
        # esc returns to the text.
        await pilot.press("escape")
        assert app.focused is reader


async def test_enter_on_an_orphan_shows_its_quote(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen.query_one(ReaderView)
        await pilot.press("l")
        await pilot.pause()
        await type_filter(app, pilot, "原文已删")
        await pilot.press("down")
        with captured_notices(app) as notices:
            await pilot.press("enter")
            await pilot.pause()
        assert reader.cursor == 0
        assert notices == ["这条批注无法在正文中定位，原文：这句话在新版本里没有了"]


async def test_l_shows_a_hidden_notes_pane(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=(90, 30)) as pilot:  # narrow: the notes pane starts hidden
        notes = app.screen.query_one(NotesPane)
        assert not notes.display
        await pilot.press("l")
        await pilot.pause()
        assert notes.display and notes.mode == "list"


def test_note_index_filters_in_plain_python(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed_all(db, small_doc)
    with AnnotationStore.open(db, read_only=True) as store:
        index = NoteIndex(small_doc, store.all())

    def notes(text: str) -> list[str]:
        return [e.annotation.note for e in index.select(parse_query(small_doc, text))]

    assert notes("") == ["禹州的集团化", "结对帮扶要跟进", "实训基地", "经费", "原文已删"]
    assert notes("#禹州市 #集团化") == ["禹州的集团化"]
    assert notes("#禹州市 #产业") == []
    assert notes("＃产业") == ["实训基地"]
    assert notes("ch：1") == ["禹州的集团化"]  # a full-width colon, as typed with an input method
    assert notes("章:5 经费") == ["经费"]
    assert notes("这句话") == ["原文已删"]  # the orphan's quote is searched
    assert parse_query(small_doc, "章:99").problem
