"""Pilot tests of the annotation keys: a, A, t, d, u, [, ], e (each on a temp database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioButton, TextArea

from tests.support.pilot import (
    captured_notices,
    go_to,
    notes_text,
    reader_of,
    reader_rows,
    saved,
    seed,
    widget_text,
)
from tui.annotations.store import AnnotationStore
from tui.document.model import Document
from tui.ui.app import PolicyApp
from tui.ui.dialogs.confirm import ConfirmDialog
from tui.ui.dialogs.export_dialog import ExportDialog
from tui.ui.dialogs.note_editor import NoteEditor
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.dialogs.tags_dialog import TagsDialog
from tui.ui.screens.reader_screen import ReaderScreen
from tui.ui.widgets.key_list import KeyList
from tui.ui.widgets.reader import ReaderView
from tui.ui.widgets.section_tree import SectionTree

SIZE = (120, 36)


# --- a: the note editor ---------------------------------------------------------------


async def test_a_writes_a_note_and_ctrl_s_saves_it(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")  # preface.p1.m1
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(TextArea).has_focus
        with captured_notices(app) as notices:
            await pilot.press(*"值得关注", "enter", *"第二行", "ctrl+s")
            await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert notices == ["批注已保存"]
        [note] = saved(db)
        assert note.anchor.measure_id == "preface.p1.m1" and note.note == "值得关注\n第二行"
        assert note.anchor.sub_start is None
        # The notes pane shows it, the gutter marks it, the tree counts it.
        assert "值得关注" in notes_text(app) and "第二行" in notes_text(app)
        rows = reader_rows(app)
        marked = [row for row in rows if row[1:2] == "●"]
        assert len(marked) == 1 and "教育是国之大计" in marked[0]
        assert any(row.strip().startswith("✎ 值得关注") for row in rows)  # the chips row of an untagged note
        tree = app.screen.query_one(SectionTree)
        assert str(tree.node_for("preface").label) == "1 序言"


# A note imported from someone else may hold an OSC 52 clipboard write, a screen clear or a bidi override.
HOSTILE = "甲\x1b]52;c;SEFDS0VE\x1b\\乙\x1b[2J丙\u202e丁"


@pytest.mark.parametrize("old", ["旧的", HOSTILE])
async def test_a_on_a_noted_measure_edits_that_note(small_doc: Document, tmp_path: Path, old: str) -> None:
    """The editor opens on the measure's note; its control characters show as symbols, as in the pane
    (none reaches the terminal), and the note keeps its own text until it is edited."""
    from tui.display import clean

    db = tmp_path / "notes.json"
    [uuid] = seed(db, small_doc, ("preface.p1.m1", old, ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == old
        shown = editor.query_one("#editor-text", TextArea).text
        assert shown == clean(old) and "\x1b" not in shown and "\u202e" not in shown
        await pilot.press(*"和新的", "ctrl+s")
        await pilot.pause()
        [note] = saved(db)
        assert (note.uuid, note.note) == (uuid, clean(old) + "和新的")


async def test_esc_asks_once_before_dropping_changes(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press(*"草稿", "escape")
        assert isinstance(app.screen, NoteEditor)  # warned, still open
        assert "再按一次 Esc" in str(app.screen.query_one("#dialog-message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert saved(db) == []
        # Without changes esc closes at once.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_a_with_two_notes_lets_you_choose_or_add(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "第一条", ()), ("preface.p1.m1", "第二条", ("产业",)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(OptionList)
        labels = [str(options.get_option_at_index(k).prompt) for k in range(options.option_count)]
        assert len(labels) == 3 and "第一条" in labels[0] and "第二条" in labels[1] and "新建批注" in labels[2]
        await pilot.press("down", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.text == "第二条"
        await pilot.press("escape")
        await pilot.pause()
        # "new note" opens an empty editor; saving adds a third note.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor) and app.screen.text == ""
        await pilot.press(*"第三条", "ctrl+s")
        await pilot.pause()
        assert sorted(a.note for a in saved(db)) == ["第一条", "第三条", "第二条"]


async def test_ctrl_n_saves_the_text_as_a_new_note(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("preface.p1.m1", "原有", ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        assert "ctrl+n" in str(app.screen.query_one("#dialog-hint").render())
        await pilot.press("ctrl+n")
        assert app.screen.text == ""  # untouched text is not carried over
        await pilot.press(*"另一条", "ctrl+s")
        await pilot.pause()
        assert sorted(a.note for a in saved(db)) == ["原有", "另一条"]


# --- t: tags ------------------------------------------------------------------------------


async def test_t_tags_with_county_autocomplete_and_colour(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TagsDialog)
        box = dialog.query_one(Input)
        assert "禹州市" in str(dialog.query_one("#tags-suggestions").render())  # counties offered first
        await pilot.press("禹")
        await pilot.pause(0.1)
        assert box._suggestion == "禹州市"
        await pilot.press("right")  # accepts the suggestion
        assert box.value == "禹州市"
        # Pilot cannot type full-width punctuation (a terminal can): insert it.
        box.insert_text_at_cursor("，")
        await pilot.press(*"产业 ", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        [note] = saved(db)
        assert note.tags == ("禹州市", "产业") and note.note == ""
        # Chips under the paragraph; the county's colour differs from a plain tag's.
        reader = reader_of(app)
        chip_rows = [y for y, row in enumerate(reader_rows(app)) if "#禹州市" in row]
        assert len(chip_rows) == 1
        assert "#产业" in reader_rows(app)[chip_rows[0]]
        styles = {seg.text: seg.style for seg in reader.render_line(chip_rows[0])}
        assert styles["#禹州市"] != styles["#产业"]
        county = reader.get_component_rich_style("reader--county", partial=True)
        assert styles["#禹州市"].bgcolor == county.bgcolor
        assert "#禹州市" in notes_text(app)


async def test_t_suggests_known_tags_and_can_clear_them(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("1.p1.m1", "", ("产教融合",)), ("preface.p1.m1", "", ("产业",)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "2.p1.m1")
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("产")
        await pilot.pause(0.1)
        assert app.screen.query_one(Input)._suggestion in ("产教融合", "产业")
        assert "#产教融合" in str(app.screen.query_one("#tags-suggestions").render())
        await pilot.press("escape")
        await pilot.pause()
        # On a tagged measure the box starts with its tags; emptying them removes
        # the annotation, which had nothing else (issue 12: no empty records), and u brings it back.
        await go_to(app, pilot, "preface.p1.m1")
        await pilot.press("t")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "产业 "
        box.value = ""
        with captured_notices(app) as notices:
            await pilot.press("enter")
            await pilot.pause()
        assert notices == ["已删除批注（u 撤销）"]
        assert [a.tags for a in saved(db) if a.anchor.measure_id == "preface.p1.m1"] == []
        await pilot.press("u")
        await pilot.pause()
        assert [a.tags for a in saved(db) if a.anchor.measure_id == "preface.p1.m1"] == [("产业",)]


# --- A: a note on the search hit only -------------------------------------------------------------


async def test_A_needs_a_current_hit_then_anchors_the_hit_span(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("A")
        assert isinstance(app.screen, ReaderScreen)
        assert notices and "没有当前搜索结果" in notices[0]
        await pilot.press("slash", *"集团化办学", "enter")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert "集团化办学" in str(editor.query_one("#dialog-title").render())
        await pilot.press(*"只批注这几个字", "ctrl+s")
        await pilot.pause()
        [note] = saved(db)
        measure = small_doc.measure_by_id[note.anchor.measure_id]
        assert note.anchor.exact == "集团化办学"
        assert measure.text[note.anchor.sub_start:note.anchor.sub_end] == "集团化办学"
        assert "「集团化办学」" in notes_text(app)
        # Moving off the hit's measure: no current hit any more.
        await pilot.press("j")
        with captured_notices(app) as notices:
            await pilot.press("A")
        assert notices and "没有当前搜索结果" in notices[0]
        # With the search cleared, the noted words stay underlined in the text (and only they).
        await pilot.press("escape")
        await pilot.pause()
        reader = app.screen.query_one(ReaderView)
        underlined = "".join(seg.text for y in range(reader.scrollable_content_region.height)
                             for seg in reader.render_line(y) if seg.style is not None and seg.style.underline)
        assert underlined == "集团化办学"


# --- d and u ----------------------------------------------------------------------------------------


async def test_d_asks_then_deletes_and_u_brings_it_back(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    [uuid] = seed(db, small_doc, ("preface.p1.m1", "要删的", ("禹州市",)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "要删的" in widget_text(app.screen.query_one("#confirm-body Static"))
        await pilot.press("n")
        await pilot.pause()
        assert len(saved(db)) == 1
        await pilot.press("d")
        await pilot.pause()
        with captured_notices(app) as notices:
            await pilot.press("y")
            await pilot.pause()
        assert saved(db) == [] and notices == ["已删除批注（u 撤销）"]
        assert "要删的" not in notes_text(app)
        assert not any(row[1:2] == "●" for row in reader_rows(app))
        with captured_notices(app) as notices:
            await pilot.press("u")
        assert notices == ["已撤销：删除批注（preface.p1.m1）"]
        [back] = saved(db)
        assert (back.uuid, back.note, back.tags) == (uuid, "要删的", ("禹州市",))
        assert "要删的" in notes_text(app)
        with captured_notices(app) as notices:
            await pilot.press("j", "d")
        assert notices == ["本条没有批注（a 添加）"]


async def test_u_undoes_add_tag_and_edit_in_turn(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        await pilot.press(*"初稿", "ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"长葛市", "enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"改", "ctrl+s")
        await pilot.pause()
        [note] = saved(db)
        assert (note.note, note.tags) == ("初稿改", ("长葛市",))
        with captured_notices(app) as notices:
            await pilot.press("u")
            assert [(a.note, a.tags) for a in saved(db)] == [("初稿", ("长葛市",))]
            await pilot.press("u")
            assert [(a.note, a.tags) for a in saved(db)] == [("初稿", ())]
            await pilot.press("u")
            assert saved(db) == []
            await pilot.press("u")
        assert notices == [
            "已撤销：修改批注（preface.p1.m1）",
            "已撤销：修改标签（preface.p1.m1）",
            "已撤销：添加批注（preface.p1.m1）",
            "没有可撤销的操作",
        ]


# --- [ and ] ----------------------------------------------------------------------------------------


async def test_brackets_walk_annotated_measures_and_wrap(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("1.3.p1.m1", "a", ()), ("3.2.1.p1.m2", "b", ()), ("5.p1.m1", "c", ()))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        reader = reader_of(app)
        ids = small_doc.measures
        visited = []
        with captured_notices(app) as notices:
            for _ in range(4):
                await pilot.press("right_square_bracket")
                visited.append(ids[reader.cursor].id)
        assert visited == ["1.3.p1.m1", "3.2.1.p1.m2", "5.p1.m1", "1.3.p1.m1"]
        assert notices == ["已到末尾，回到第一条批注"]
        with captured_notices(app) as notices:
            await pilot.press("left_square_bracket")
            assert ids[reader.cursor].id == "5.p1.m1"
            await pilot.press("left_square_bracket")
            assert ids[reader.cursor].id == "3.2.1.p1.m2"
        assert notices == ["已到开头，回到最后一条批注"]
        # The tree counts include descendants: chapter 三 holds the note in 3.2.1.
        tree = app.screen.query_one(SectionTree)
        assert str(tree.node_for("3").label).startswith("1 三、")
        assert str(tree.node_for("3.2").label).startswith("1 （二）")
        assert str(tree.node_for("2").label).startswith("二、")


async def test_brackets_without_notes_say_so(small_doc: Document, tmp_path: Path) -> None:
    app = PolicyApp(small_doc, db=tmp_path / "none.json")
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("right_square_bracket")
        assert reader_of(app).cursor == 0 and notices == ["还没有批注（a 添加）"]


# --- e: export ----------------------------------------------------------------------------------------


async def test_e_exports_a_county_and_says_where(small_doc: Document, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "notes.json"
    seed(db, small_doc, ("1.3.p1.m1", "禹州推进", ("禹州市",)), ("4.p1.m1", "别的县", ("长葛市",)),
         ("3.2.1.p1.m2", "也涉及", ("禹州市", "集团化")))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#scope-county", RadioButton).value = True
        await pilot.pause()
        county = dialog.query_one("#export-county", KeyList)
        county.highlighted = county.get_option_index("禹州市")
        await pilot.pause()
        assert "将导出 2 条批注" in str(dialog.query_one("#export-count").render())
        await pilot.click("#export-ok")
        await pilot.pause()
        with captured_notices(app) as notices:
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        [path] = list((tmp_path / "exports").glob("county-*.md"))  # beside the notes
        assert notices == [f"已导出：{path}"]
        text = path.read_text(encoding="utf-8")
        assert "禹州推进" in text and "也涉及" in text and "别的县" not in text


async def test_help_lists_the_annotation_keys_and_the_database(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "mine.json"
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(widget_text(w) for w in app.screen.query("#help-body Static"))
        for key, what in [("a", "批注"), ("A", "批注搜索结果"), ("t", "标签"), ("d", "删除批注"), ("u", "撤销"),
                          ("[", "上一条批注"), ("]", "下一条批注"), ("l", "批注列表"), ("e", "导出")]:
            assert any(line.split()[:2] == [key, what] for line in text.splitlines()), key
        assert f"批注数据库：{db}" in text.replace("\n", "")


def test_database_path_flag_beats_environment_beats_default(small_doc: Document, tmp_path: Path,
                                                            monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    from tui import locations

    assert PolicyApp(small_doc).db_path == locations.user_data_dir() / "annotations.json"
    (tmp_path / "annotations").mkdir()  # a project notebook here wins over the user's
    assert PolicyApp(small_doc).db_path == tmp_path / "annotations" / "annotations.json"
    monkeypatch.setenv("POLICY_TUI_DB", str(tmp_path / "env.json"))
    assert PolicyApp(small_doc).db_path == tmp_path / "env.json"
    assert PolicyApp(small_doc, db=str(tmp_path / "flag.json")).db_path == tmp_path / "flag.json"
    assert PolicyApp(small_doc, db="rel/notes.json").db_path == tmp_path / "rel" / "notes.json"
    assert PolicyApp(small_doc, db="~/notes.json").db_path == Path.home() / "notes.json"
    with AnnotationStore.open(tmp_path / "given.json") as store:
        assert PolicyApp(small_doc, store=store).db_path == store.path


async def test_a_measure_with_many_notes_shows_the_first_and_points_to_the_list(small_doc: Document,
                                                                               tmp_path: Path) -> None:
    """A 50,000-note notebook has a hundred on a measure: laying them all out in the pane cost 40 ms."""
    from tui.ui.widgets.notes_pane import NOTES_SHOWN

    db = tmp_path / "annotations.json"
    mid = small_doc.measures[3].id
    seed(db, small_doc, *((mid, f"第{k}条批注", ()) for k in range(NOTES_SHOWN + 5)))
    app = PolicyApp(small_doc, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, mid)
        shown = notes_text(app)
        assert f"第{NOTES_SHOWN - 1}条批注" in shown and f"第{NOTES_SHOWN}条批注" not in shown
        assert "还有 5 条" in shown and "按 l 查看全部批注" in shown
