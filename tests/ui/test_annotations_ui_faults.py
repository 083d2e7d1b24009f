"""Pilot tests of annotation faults: failed saves, read-only stores, hostile and huge notes,
$EDITOR, a large database loaded after the first paint, and a second instance's saves."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.support.pilot import (
    captured_notices,
    notes_text,
    reader_rows,
    saved,
    seed,
    widget_text,
)
from tui.annotations import storage
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.dialogs.note_editor import NoteEditor
from tui.ui.dialogs.tags_dialog import TagsDialog
from tui.ui.screens.reader_screen import ReaderScreen
from tui.ui.widgets import notes_pane

SIZE = (120, 36)
HOSTILE = "[bold]粗[/] [/] [link=https://example.com]链接[/link] [red"


def message_of(screen) -> str:
    return str(screen.query_one("#dialog-message").render())


def full_disk(monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
    """Every write of the database fails as on a full disk (the real error path below the store)."""

    def fail(fd: int, chunks: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage, "_write_all", fail)


# --- failed saves -------------------------------------------------------------------------


async def test_full_disk_keeps_the_note_in_the_editor(small_doc: Document, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press(*"很重要的想法", "enter", *"别丢")
        with monkeypatch.context() as m:
            full_disk(m)
            await pilot.press("ctrl+s")
            await pilot.pause()
            editor = app.screen
            assert isinstance(editor, NoteEditor)  # still open
            assert editor.text == "很重要的想法\n别丢"
            assert "未保存" in message_of(editor) and "磁盘已满" in message_of(editor)
            assert not db.exists()
            # A permission error says so too.
            full_disk(m, errno.EACCES)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor) and "Permission denied" in message_of(app.screen)
        # Space again: the same ctrl+s saves it.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert [a.note for a in saved(db)] == ["很重要的想法\n别丢"]


async def test_full_disk_keeps_the_tags_in_their_box(small_doc: Document, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t")
        await pilot.pause()
        await pilot.press(*"禹州市 产业")
        with monkeypatch.context() as m:
            full_disk(m)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TagsDialog)
            assert app.screen.query_one(Input).value == "禹州市 产业"
            assert "磁盘已满" in message_of(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert [a.tags for a in saved(db)] == [("禹州市", "产业")]


async def test_failed_delete_and_undo_say_why(small_doc: Document, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "留着", ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "d")
        await pilot.pause()
        with monkeypatch.context() as m, captured_notices(app) as notices:
            full_disk(m)
            await pilot.press("y")
            await pilot.pause()
            await pilot.press("u")
        assert "磁盘已满" in notices[0] and notices[1] == "没有可撤销的操作"
        assert [a.note for a in saved(db)] == ["留着"]
        assert "留着" in notes_text(app)


# --- read-only stores -----------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "newer"])
async def test_read_only_store_says_why_and_editing_keys_explain(small_doc: Document, tmp_path: Path,
                                                                 damage: str) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "旧笔记", ("禹州市",)))
    raw = db.read_bytes()
    if damage == "truncated":
        db.write_bytes(raw[: len(raw) // 2])  # a kill mid-write by an older tool
    else:
        db.write_bytes(raw.replace(b'"schema":1', b'"schema":99'))
    before = db.read_bytes()
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=(120, 60)) as pilot:
        with captured_notices(app) as notices:
            await pilot.pause()
            for key in ("a", "t", "A", "d", "u"):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, ReaderScreen), key
        assert len(notices) == 5 and all(n.startswith("无法保存批注：") for n in notices)
        assert "只读" in notes_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = "".join(widget_text(w) for w in app.screen.query(".help-extra")).replace("\n", "")
        assert f"批注数据库：{db}" in help_text and "只读：" in help_text
    assert db.read_bytes() == before  # nothing written over it
    if damage == "truncated":
        assert list(tmp_path.glob("notes.json.corrupt-*"))  # the broken file is kept aside


async def test_a_newer_database_is_still_shown(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "旧笔记", ("禹州市",)))
    db.write_bytes(db.read_bytes().replace(b'"schema":1', b'"schema":99'))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert "旧笔记" in notes_text(app) and "更新版本" in notes_text(app)


# --- hostile and huge notes -----------------------------------------------------------------


async def test_markup_in_notes_and_tags_is_shown_literally(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", HOSTILE, ("[red]", "[/]")), ("1.p1.m1", "[b]x\x1b[31m", ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert HOSTILE in notes_text(app)
        assert "#[red] #[/]" in notes_text(app)
        assert any("#[red] #[/]" in row for row in reader_rows(app))
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert "[b]x␛[31m" in notes_text(app)  # the escape shown as a symbol, never sent
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"[/]")
        await pilot.pause()
        assert "显示 1/2" in str(app.screen.query_one("#notes-summary").render())
        await pilot.press("escape", "k", "k", "k", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor) and app.screen.text == HOSTILE


async def test_a_megabyte_note_is_previewed_and_edited_outside(small_doc: Document, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    big = "很长的批注。" * 170_000 + "结尾"
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", big, ("禹州市",)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        shown = notes_text(app)
        assert f"共 {len(big)} 字" in shown and "结尾" not in shown and len(shown) < 2000
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and not editor.in_area
        assert "ctrl+e" in message_of(editor)
        assert editor.text == big  # kept whole, not the preview
        # Saving without a change keeps the note as it was.
        with captured_notices(app) as notices:
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert notices == ["批注没有改动"] and saved(db)[0].note == big


# --- $EDITOR ------------------------------------------------------------------------------------


def fake_editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\n{body}\n", encoding="utf-8")
    return f"{sys.executable} {script}"


async def test_ctrl_e_without_editor_or_suspend_keeps_the_text(small_doc: Document, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = PolicyApp(small_doc, db=tmp_path / "notes.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press(*"我的草稿", "ctrl+e")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert "未设置 $EDITOR" in message_of(editor) and editor.text == "我的草稿"
        # The test driver cannot suspend (as in a web terminal): said, text kept.
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "pass"))
        await pilot.press("ctrl+e")
        assert "不能暂停" in message_of(editor) and editor.text == "我的草稿"


async def test_ctrl_e_edits_in_the_editor_and_survives_its_failure(small_doc: Document, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.json"
    temps = set(Path(tempfile.gettempdir()).glob("policy-tui-note-*"))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press(*"草稿")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        # A failing editor: the message says so and the text stays.
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "sys.exit(3)"))
        await pilot.press("ctrl+e")
        assert "外部编辑器出错" in message_of(editor) and "3" in message_of(editor)
        assert editor.text == "草稿"
        monkeypatch.setenv("EDITOR", "/no/such/editor")
        await pilot.press("ctrl+e")
        assert "外部编辑器出错" in message_of(editor) and editor.text == "草稿"
        # A working one: appends a line (and the usual final newline); private temp file.
        body = ("import os, stat\np = sys.argv[1]\nassert stat.S_IMODE(os.stat(p).st_mode) == 0o600\n"
                "s = open(p, encoding='utf-8').read()\nopen(p, 'w', encoding='utf-8').write(s + '\\n外部写的\\n')")
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, body))
        await pilot.press("ctrl+e")
        assert editor.text == "草稿\n外部写的"
        assert "已载入外部编辑器" in message_of(editor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [a.note for a in saved(db)] == ["草稿\n外部写的"]
    assert set(Path(tempfile.gettempdir()).glob("policy-tui-note-*")) == temps  # temp files removed


# --- loading and other instances -------------------------------------------------------------------


async def test_a_large_database_loads_after_the_first_paint(small_doc: Document, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "后台读取", ("禹州市",)))
    monkeypatch.setattr(notes_pane, "SYNC_LOAD_BYTES", 0)
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        if screen.notes.notebook is None:
            assert "正在读取批注" in notes_text(app)
        for _ in range(50):  # the worker starts a couple of frames after the first paint
            await pilot.pause()
            await app.workers.wait_for_complete()
            if screen.notes.notebook is not None:
                break
        await pilot.pause()
        assert screen.notes.notebook is not None
        assert "正在读取批注" not in notes_text(app)
        await pilot.press("j")
        assert "后台读取" in notes_text(app)
        assert any(row[1:2] == "●" for row in reader_rows(app))


async def test_saves_by_another_instance_show_up(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        other = AnnotationStore.open(db)
        other.add(new_annotation(small_doc, "preface.p1.m1", note="另一个窗口写的"))
        other.close()
        await pilot.press("j", "k")  # any cursor move looks at the file
        await pilot.pause()
        assert "另一个窗口写的" in notes_text(app)
        assert any(row[1:2] == "●" for row in reader_rows(app))
        # And our own save does not lose theirs.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"追加", "ctrl+s")
        await pilot.pause()
        assert [a.note for a in saved(db)] == ["另一个窗口写的追加"]
