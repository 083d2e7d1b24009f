"""SVG snapshot tests of the reader on the small fixture plan, grouped by feature.

Each docstring says what the image should show.  Review a changed SVG before
accepting it with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
Snapshots live in tests/ui/snapshots/<module>/.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.pilot import Pilot

from tests.support.plans import fixture_doc
from tui.ui.app import PolicyApp

SNAPSHOTS = Path(__file__).parent / "snapshots"
WIDE = (120, 36)


@pytest.fixture(autouse=True)
def snapshots_in_tests_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the SVGs in tests/ui/snapshots/ rather than syrupy's __snapshots__."""

    def dirname(cls: type, *, test_location: Any) -> str:
        return str(SNAPSHOTS / test_location.basename)

    monkeypatch.setattr(SVGImageExtension, "dirname", classmethod(dirname))


# Paths show in the help and the export dialog: a fixed one keeps the images stable.
SNAPSHOT_DB = Path(tempfile.gettempdir()) / "policy-tui-snapshots" / "notes.json"


@pytest.fixture(autouse=True)
def fresh_db() -> Path:
    """The fixed database path, emptied before every test."""
    shutil.rmtree(SNAPSHOT_DB.parent, ignore_errors=True)
    SNAPSHOT_DB.parent.mkdir(parents=True)
    return SNAPSHOT_DB


def small_app() -> PolicyApp:
    return PolicyApp(fixture_doc("plan_small.txt"), db=SNAPSHOT_DB)


class TestReader:
    def test_initial_screen(self, snap_compare: Any) -> None:
        """Three panes at 120x36: the tree with chapters 一 to 五 open and 序言 highlighted;
        the title centred over the text, 序言 as a heading with the cursor bar beside it;
        paragraphs indented two characters, CJK text wrapped without cut characters;
        the notes pane shows preface.h and 序言; the status line reads "序言 › 1/3 … 简";
        the notes pane ends with the hint "a 写批注 · t 加标签 · l 全部批注";
        the key bar starts ? 帮助 and lists j/k, /, n, N, m, *, r, s, a, t, cut short at 120 columns."""
        assert snap_compare(small_app(), terminal_size=WIDE)

    def test_80x24(self, snap_compare: Any) -> None:
        """At 80x24 the notes pane is hidden, the tree is narrower (24 columns) and
        the reader wraps to the rest; nothing is clipped; the key bar ends in an ellipsis."""
        assert snap_compare(small_app(), terminal_size=(80, 24))

    def test_traditional_script(self, snap_compare: Any) -> None:
        """After j×3 and s: the text and the tree in traditional characters (時期, 發展),
        the cursor on the chapter heading 一、“十三五”時期教育事業主要成就, status ending in 繁."""
        assert snap_compare(small_app(), terminal_size=WIDE, press=["j", "j", "j", "s"])


class TestSearch:
    def test_search_with_hits(self, snap_compare: Any) -> None:
        """After /集团化办学 enter: the first hit (in 一(三)) in orange as the current hit,
        the cursor on its sentence, the tree highlighting （三）教育改革不断深化, and
        "集团化办学 1/3" in the status line."""
        assert snap_compare(small_app(), terminal_size=WIDE, press=["slash", *"集团化办学", "enter"])

    def test_search_box_open(self, snap_compare: Any) -> None:
        """The search box (with a steady cursor) above the status line, holding 双减."""
        assert snap_compare(small_app(), terminal_size=WIDE, press=["slash", *"双减"])


class TestLists:
    def test_mentions_list(self, snap_compare: Any) -> None:
        """The mentions of 集团化办学: "共 3 处"; first a bar chart of hits per chapter (一 1, 二 0,
        三 1, 四 1, 五 0), then three chapter headers 一、三、四 with (1) each,
        one keyword-in-context line under each with the match in reverse video,
        the first line highlighted, and the hint "回车跳转，Esc 关闭"."""
        assert snap_compare(small_app(), terminal_size=WIDE, press=["slash", *"集团化办学", "enter", "m"])

    def test_help_screen(self, snap_compare: Any) -> None:
        """The help screen: groups 阅读, 搜索, 列表, 应用 listing every key (tab, j/↓, k/↑,
        ctrl+d, ctrl+u, space, g, G, /, n, N, esc, enter, m, *, r, o, s, f2, f3, ctrl+p, ?, q);
        the body now scrolls (the 批注 group follows 列表), so a scrollbar shows at the right."""
        assert snap_compare(small_app(), terminal_size=WIDE, press=["question_mark"])


class TestDamage:
    def test_flagged_spot_and_raw_text(self, snap_compare: Any) -> None:
        """The damaged fixture, o on the measure with mojibake: three spans, each with its raw
        text, status (two 未能修复 in red, one 自动修复 校”等集團) and the reason in Chinese with
        the sureness (21%, 91%, 100%); under each, its readings in their sentence with the
        reading in reverse video; the box to type a fix, and "回车采用选中的读法 · Tab 到输入框 ·
        Esc 或 q 关闭"."""

        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()  # let the reader screen compose
            app = pilot.app
            doc = app.document  # type: ignore[attr-defined]
            app.screen.query_one("#reader").move_to(doc.measure_index[doc.spots[0].measure_id], center=True)
            await pilot.pause()
            await pilot.press("o")

        app = PolicyApp(fixture_doc("plan_damaged.txt"))
        assert snap_compare(app, terminal_size=WIDE, run_before=run_before)

    def test_flagged_spot_in_reader(self, snap_compare: Any) -> None:
        """The same measure in the reader: red underlined damage, "!" in the gutter,
        the notes pane saying the measure has 3 damaged spans (o shows the raw text),
        and "待核 2" in red in the status line."""

        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()  # let the reader screen compose
            app = pilot.app
            doc = app.document  # type: ignore[attr-defined]
            app.screen.query_one("#reader").move_to(doc.measure_index[doc.spots[0].measure_id], center=True)
            await pilot.pause()

        app = PolicyApp(fixture_doc("plan_damaged.txt"))
        assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def noted_app(db: Path) -> PolicyApp:
    """The small plan with three fixed annotations (fixed ids and dates) in ``db``."""
    import dataclasses

    from tui.annotations.store import AnnotationStore, new_annotation

    doc = fixture_doc("plan_small.txt")
    items = [
        ("1.3.p1.m1", "禹州市已组建 3 个教育集团，\n下一步看覆盖率。", ("禹州市", "集团化")),
        ("1.3.p1.m1", "[bold]不是粗体[/] [link=x]也不是链接[/link]", ()),
        ("1.3.p1.m2", "", ("长葛市", "双减")),
    ]
    with AnnotationStore.open(db) as store:
        for k, (mid, note, tags) in enumerate(items):
            a = new_annotation(doc, mid, note=note, tags=tags)
            store.add(dataclasses.replace(a, uuid=f"00000000-0000-4000-8000-00000000000{k}",
                                          created=f"2024-05-0{k + 1}T08:00:00Z", updated="2024-05-09T08:00:00Z"))
    return PolicyApp(doc, db=db)


class TestNotes:
    def test_notes_pane_with_annotations(self, snap_compare: Any, fresh_db: Path) -> None:
        """The cursor on 积极推进集团化办学… in 一(三): a "2" in the gutter beside it and "●"
        beside the next sentence; under the paragraph one chips row: #禹州市 (county colour, green)
        #集团化 (tag colour, blue) ✎ [bold]不是粗体[… #长葛市 and "…" (no room for #双减);
        the tree shows the count first, in reverse: "3 一、…" and "3 （三）…";
        the notes pane lists both notes of the measure: chips, the note text on two lines,
        the markup note shown literally, dates "创建 2024-05-01 · 修改 2024-05-09"."""

        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()
            app = pilot.app
            doc = app.document  # type: ignore[attr-defined]
            app.screen.query_one("#reader").move_to(doc.measure_index["1.3.p1.m1"], center=True)
            await pilot.pause()

        assert snap_compare(noted_app(fresh_db), terminal_size=WIDE, run_before=run_before)

    def test_notes_list(self, snap_compare: Any, fresh_db: Path) -> None:
        """After l and #禹州市 typed in the filter: the notes pane holds the filter box and
        "全部批注：显示 1/3" with the hint, and one highlighted entry: 一 › （三）教育改革不断深化 1.3.p1.m1, the quoted measure, the chips
        #禹州市 #集团化 and the start of the note."""
        assert snap_compare(noted_app(fresh_db), terminal_size=WIDE,
                            press=["l", "#", *"禹州市"])


SMALL = (80, 24)


async def _on_noted_measure(pilot: Pilot) -> None:
    await pilot.pause()
    app = pilot.app
    doc = app.document  # type: ignore[attr-defined]
    app.screen.query_one("#reader").move_to(doc.measure_index["1.3.p1.m2"], center=True)
    await pilot.pause()


class TestDialogs80x24:
    """Every dialog at 80x24 shows its own keys (the reader's key bar is under it)."""

    def test_note_editor(self, snap_compare: Any, fresh_db: Path) -> None:
        """a on 1.3.p1.m2 (tagged #长葛市 #双减, no note): the editor titled 编辑批注 with the
        section path, the measure quoted in grey, a 7-row text area, and the hint
        "ctrl+s 保存 · Esc 取消 · ctrl+e 用 $EDITOR 编辑" visible above the box's bottom edge."""

        async def run_before(pilot: Pilot) -> None:
            await _on_noted_measure(pilot)
            await pilot.press("a")

        assert snap_compare(noted_app(fresh_db), terminal_size=SMALL, run_before=run_before)

    def test_tags_dialog(self, snap_compare: Any, fresh_db: Path) -> None:
        """t on 1.3.p1.m2: the box holds "长葛市 双减 ", the suggestions (counties first, in their
        own colour) and the hint "→ 采用建议 · 回车保存 · Esc 取消"."""

        async def run_before(pilot: Pilot) -> None:
            await _on_noted_measure(pilot)
            await pilot.press("t")

        assert snap_compare(noted_app(fresh_db), terminal_size=SMALL, run_before=run_before)

    def test_confirm_delete(self, snap_compare: Any, fresh_db: Path) -> None:
        """d on 1.3.p1.m2: "删除这条批注？", the note's chips, and "y 或回车删除 · n 或 Esc 取消…"."""

        async def run_before(pilot: Pilot) -> None:
            await _on_noted_measure(pilot)
            await pilot.press("d")

        assert snap_compare(noted_app(fresh_db), terminal_size=SMALL, run_before=run_before)

    def test_export_county_list(self, snap_compare: Any, fresh_db: Path) -> None:
        """e, then the scope 按县（市、区）: the county list inline under its label, four rows of it
        (魏都区 建安区 禹州市 长葛市, every name whole: a Select overlay used to drop 选 and 陵), none
        chosen yet ("请选择一个县（市、区）"); the format and the one-line 保存到 box with the whole path
        …/exports/all-2024-05-01.md stay in view under it; below the form, always in view:
        "Tab 切换 · 回车导出 · Esc 取消" and the one-line buttons 导出 and 取消."""

        async def run_before(pilot: Pilot) -> None:
            import datetime as dt

            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            pilot.app.screen.today = dt.date(2024, 5, 1)  # type: ignore[attr-defined]  # the path shows
            await pilot.click("#scope-county")
            await pilot.pause()

        assert snap_compare(noted_app(fresh_db), terminal_size=SMALL, run_before=run_before)

    def test_help(self, snap_compare: Any) -> None:
        """? at 80x24: the key table starts with 阅读, and the last line says "j/k、空格滚动 · 按 Esc 或 ? 关闭"."""
        assert snap_compare(small_app(), terminal_size=SMALL, press=["question_mark"])

    def test_mentions(self, snap_compare: Any) -> None:
        """m after /集团化办学: the chart of hits per chapter fitting the box, three chapter groups,
        each line in context, and "回车跳转，Esc 或 q 关闭"."""
        assert snap_compare(small_app(), terminal_size=SMALL, press=["slash", *"集团化办学", "enter", "m"])
