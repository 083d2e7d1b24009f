"""A notice's attachments in the reader's notes list and export dialog."""

from __future__ import annotations

import asyncio

from textual.app import App

from tests.unit.ingest.test_attachments import TWO_RULES
from tui.annotations.store import new_annotation
from tui.ingest.pipeline import run_import
from tui.ui.dialogs.export_dialog import ExportDialog
from tui.ui.widgets.note_rows import _where

DOC = run_import(TWO_RULES, source="two-rules.txt").doc


def _in_second_rules() -> str:
    return next(m.id for m in DOC.measures if "中央财政" in m.text)


def test_a_note_in_an_unnumbered_attachment_says_which_one() -> None:
    a = new_annotation(DOC, _in_second_rules(), note="x")
    assert _where(DOC, a) == "进一步支持企业… › 一 › （一）中央财政应通过专项资金支持企业发展"


def test_the_chapter_scope_of_an_export_can_be_an_attachment() -> None:
    section = DOC.measure_by_id[_in_second_rules()].section_id

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportDialog(DOC, [], section))

    async def run() -> None:
        app = Host()
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExportDialog)
            assert screen.chapter_id == DOC.chapter_of(section).id and DOC.chapter_of(section).kind == "attachment"
            assert not screen.query_one("#scope-chapter").disabled

    asyncio.run(run())
