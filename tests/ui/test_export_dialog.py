"""Export dialog, driven with Pilot in a tiny app."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button, Input, Label, RadioButton, Static

from tests.support.fixture_docs import fixture_annotations, fixture_document
from tests.support.pilot import until
from tui.annotations.plans import PlanNotes
from tui.annotations.store import new_annotation
from tui.ui.app import PolicyApp
from tui.ui.dialogs.export_dialog import ExportDialog
from tui.ui.widgets.key_list import KeyList

DOC = fixture_document()
ANNS = fixture_annotations(DOC)
TODAY = dt.date(2024, 5, 1)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body (no asyncio plugin is installed)."""
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))
    return run


class Host(App[None]):
    def __init__(self, chapter: str | None = "3", others: Sequence[PlanNotes] = ()) -> None:
        super().__init__()
        self.chapter = chapter
        self.others = others
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        folder = Path.cwd() / "annotations" / "exports"
        self.push_screen(ExportDialog(DOC, ANNS, self.chapter, today=TODAY, folder=folder, others=self.others),
                         self.results.append)


class Styled(Host):
    """With the app's styles and breakpoints (the dialog's rules for short and narrow terminals)."""

    CSS_PATH = PolicyApp.CSS_PATH
    VERTICAL_BREAKPOINTS = PolicyApp.VERTICAL_BREAKPOINTS


def text_of(screen: ExportDialog, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICY_TUI_LANG", "zh")


@sync
async def test_defaults_count_and_export_all(tmp_path: Path) -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        assert screen.scope == "all" and screen.fmt == "md"
        assert screen.query_one("#export-path", Input).value == "annotations/exports/all-2024-05-01.md"
        assert "将导出 7 条批注（5 条措施，1 条孤立）" in text_of(screen, "#export-count")
        await pilot.click("#export-ok")
        await pilot.pause()
        written = tmp_path / "annotations/exports/all-2024-05-01.md"
        assert written.exists() and "# 许昌市" in written.read_text(encoding="utf-8")
        # The absolute path, cut in its middle to keep the message on one line.
        result = text_of(screen, "#export-result")
        assert result.startswith("已写入 /") and result.endswith(f"/{written.name}（7 条批注）")
        assert str(screen.query_one("#export-ok", Button).label) == "关闭"
        assert str(screen.query_one("#export-hint", Label).render()).startswith("回车关闭")  # not 回车导出
        await pilot.pause(0.3)  # a button ignores clicks while its 0.2 s press effect runs
        await pilot.click("#export-ok")
        await pilot.pause()
    assert app.results == [Path.cwd() / "annotations/exports/all-2024-05-01.md"]


@sync
async def test_county_scope_csv(tmp_path: Path) -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        await pilot.click("#scope-county")
        await pilot.pause()
        assert screen.query_one("#export-county", KeyList).display
        assert "请选择一个县" in text_of(screen, "#export-count")
        county = screen.query_one("#export-county", KeyList)
        county.highlighted = county.get_option_index("禹州市")
        screen.query_one("#format-csv", RadioButton).value = True  # below the fold: no click
        await pilot.pause()
        assert "将导出 3 条批注（2 条措施，1 条孤立）" in text_of(screen, "#export-count")
        path = screen.query_one("#export-path", Input).value
        assert path == "annotations/exports/county-禹州市-2024-05-01.csv"
        await pilot.click("#export-ok")
        await pilot.pause()
        data = (tmp_path / path).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8").count("禹州市") >= 3
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [Path.cwd() / path]


@sync
async def test_tags_scope_is_live_and_edited_path_sticks(tmp_path: Path) -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        path_input = screen.query_one("#export-path", Input)
        path_input.value = "mine/notes.md"
        await pilot.click("#scope-tags")
        await pilot.click("#export-tags")
        await pilot.press(*"重点")
        await pilot.pause()
        assert "将导出 2 条批注" in text_of(screen, "#export-count")
        await pilot.press(*",背景")
        await pilot.pause()
        assert "将导出 3 条批注" in text_of(screen, "#export-count")
        assert path_input.value == "mine/notes.md"
        await pilot.press("enter")  # submits: writes the file
        await pilot.pause()
        assert (tmp_path / "mine/notes.md").exists()


@sync
async def test_current_chapter_and_cancel() -> None:
    app = Host(chapter="3")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        await pilot.click("#scope-chapter")
        await pilot.pause()
        assert "将导出 2 条批注（1 条措施，1 条孤立）" in text_of(screen, "#export-count")
        assert screen.query_one("#export-path", Input).value.endswith("chapter-3-2024-05-01.md")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.parametrize("chapter", [None, "preface", "no-such-id"])
@sync
async def test_no_current_chapter_disables_that_scope(chapter: str | None) -> None:
    app = Host(chapter=chapter)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#scope-chapter").disabled


@sync
async def test_a_section_id_means_its_chapter() -> None:
    app = Host(chapter="3.1.1")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog) and screen.chapter_id == "3"
        assert "三、推进义务教育优质均衡发展" in str(screen.query_one("#scope-chapter").label)


@sync
async def test_write_error_is_shown_and_dialog_stays(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        screen.query_one("#export-path", Input).value = "taken/sub/out.md"
        await pilot.click("#export-ok")
        await pilot.pause()
        assert "导出失败" in text_of(screen, "#export-result")
        assert screen.has_class("-modal") or isinstance(app.screen, ExportDialog)
        assert str(screen.query_one("#export-ok", Button).label) == "导出"


@sync
async def test_an_existing_file_is_replaced_only_when_confirmed(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("my own file", encoding="utf-8")
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        screen.query_one("#export-path", Input).value = "mine.md"
        await pilot.click("#export-ok")
        await pilot.pause()
        assert "已存在" in text_of(screen, "#export-result")
        assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "my own file"
        screen.query_one("#export-ok", Button).press()  # the second press replaces it
        await pilot.pause()
        assert (tmp_path / "mine.md").read_text(encoding="utf-8").startswith("---")


@sync
async def test_nothing_to_export_writes_nothing(tmp_path: Path) -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        await pilot.click("#scope-tags")
        await pilot.click("#export-tags")
        await pilot.press(*"没有的标签")
        await pilot.click("#export-ok")
        await pilot.pause()
        assert "没有符合条件的批注" in text_of(screen, "#export-result")
        assert not (tmp_path / "annotations").exists()
        # Another choice: the message about the last one goes (it stayed under the new count).
        await pilot.click("#scope-all")
        await until(pilot, lambda: not screen.query_one("#export-result").display)
        assert not screen.query_one("#export-result").display


@sync
async def test_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert text_of(screen, "#export-title") == "Export annotations"  # type: ignore[arg-type]
        assert "7 annotations will be written" in text_of(screen, "#export-count")  # type: ignore[arg-type]


@sync
async def test_every_open_plan_grouped_by_plan(tmp_path: Path) -> None:
    from tests.support.plans import fixture_doc

    county = fixture_doc("plan_small.txt")
    notes = (new_annotation(county, county.measures[2].id, note="县里", tags=["禹州市"]),)
    app = Host(others=[PlanNotes(county, notes), PlanNotes(fixture_doc("plan_damaged.txt"), ())])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        assert "有批注的全部 2 个规划" in str(screen.query_one("#plans-all", RadioButton).label)
        await pilot.click("#scope-chapter")
        await until(pilot, lambda: "将导出 2 条批注" in text_of(screen, "#export-count"))
        assert screen.scope == "chapter" and "将导出 2 条批注" in text_of(screen, "#export-count")
        screen.query_one("#plans-all", RadioButton).value = True  # as a click would
        # the plans' choice, then the scope's own change
        await until(pilot, lambda: "将导出 8 条" in text_of(screen, "#export-count"))
        # a chapter is one plan's: the scope goes back to all, and the chapter choice is off
        assert screen.scope == "all" and screen.query_one("#scope-chapter", RadioButton).disabled
        assert "将导出 8 条批注（6 条措施，1 条孤立）" in text_of(screen, "#export-count")
        path = screen.query_one("#export-path", Input).value
        assert path == "annotations/exports/2-plans_all-2024-05-01.md"
        await pilot.click("#export-ok")
        await pilot.pause()
        text = (tmp_path / path).read_text(encoding="utf-8")
        assert f"## {DOC.display_title}" in text and f"## {county.display_title}" in text and "县里" in text


@sync
async def test_enter_exports_from_any_field_and_cancels_on_cancel(tmp_path: Path) -> None:
    """The hint says 回车导出: enter exports from the scope's radio set too (space picks there)."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        assert screen.focused is screen.query_one("#export-scope")
        await pilot.press("down", "space")  # the chapter scope
        await pilot.pause()
        assert screen.scope == "chapter"
        await pilot.press("enter")
        await pilot.pause()
        written = tmp_path / "annotations/exports/chapter-3-2024-05-01.md"
        assert written.exists()
        assert text_of(screen, "#export-result").endswith(f"/{written.name}（2 条批注）")
        assert screen.query_one("#export-result").region.bottom <= 24  # in view at 80x24
        await pilot.press("enter")  # written: enter closes, as the button does
        await pilot.pause()
    assert app.results == [written]
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-cancel", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [None] and [p.name for p in written.parent.iterdir()] == [written.name]


@sync
async def test_at_80x24_the_path_and_the_result_stay_in_view_and_one_button_closes(tmp_path: Path) -> None:
    """After 导出 only "已写入" showed (the path wrapped below, out of view); the 保存到 box showed
    the start of a long folder; with a county picked the format and path scrolled off; after the
    export the buttons read 关闭 and 取消, two ways to close."""
    from rich.cells import cell_len

    from tests.support.plans import fixture_doc

    deep = tmp_path / ("folder-with-a-long-name-" * 3) / "exports"
    other = fixture_doc("plan_small.txt")  # another open plan with notes: the plans' choice shows too
    app = Styled(others=[PlanNotes(other, (new_annotation(other, other.measures[2].id, note="县里"),))])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportDialog) and screen.query_one("#export-plans").display
        path_box = screen.query_one("#export-path", Input)
        await pilot.click("#scope-county")
        county = screen.query_one("#export-county", KeyList)
        county.highlighted = county.get_option_index("禹州市")
        await pilot.pause()
        for part in ("#export-format", "#export-path"):
            region = screen.query_one(part).region
            form = screen.query_one("#export-form").region
            assert form.contains_region(region), part  # no scrolling needed to see them
        path_box.value = str(deep / "county.md")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        written = deep / "county.md"
        assert not written.exists()  # not our default folder: not created
        deep.mkdir(parents=True)
        await pilot.press("enter")
        await pilot.pause()
        assert written.exists()
        result = screen.query_one("#export-result", Static)
        text = text_of(screen, "#export-result")
        assert text.startswith("已写入 /") and "…" in text and text.endswith("/county.md（3 条批注）")
        assert cell_len(text) <= result.content_region.width and result.region.height == 1
        assert result.region.bottom <= 23
        assert not screen.query_one("#export-cancel", Button).display
        assert str(screen.query_one("#export-ok", Button).label) == "关闭"


@sync
async def test_the_path_box_shows_the_file_name() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one("#export-path", Input)
        box.value = ""  # the default again, now a long one
        app.screen.folder = Path("/" + "a-long-folder-name/" * 6)  # type: ignore[attr-defined]
        app.screen._refresh()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert box.scroll_x > 0 and box.value.endswith("all-2024-05-01.md")


@sync
async def test_at_40_columns_the_hint_gives_way_to_the_buttons() -> None:
    """At 40x12 the hint beside the buttons wrapped one syllable a line."""
    app = Styled()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#export-hint").display
        assert screen.query_one("#export-ok").region.height == 1  # one line, below the form
        assert screen.query_one("#export-form").region.height >= 4
