"""Pilot tests: the script key on plans with and without a traditional original, and titles in each script."""

from __future__ import annotations

from tests.support.compare_pair import county_text
from tests.support.pilot import captured_notices, reader_of, status_text
from tui.document.model import Document
from tui.i18n import t
from tui.ingest.pipeline import import_text
from tui.ui.app import PolicyApp
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.script import has_traditional

SIZE = (140, 40)


def simplified_plan() -> Document:
    """A plan imported from simplified text: its traditional text is the same characters."""
    return import_text(county_text(), source="qingshan-county.txt")


def test_a_plan_from_simplified_text_has_no_traditional_original(small_doc: Document) -> None:
    assert not has_traditional(simplified_plan())
    assert has_traditional(small_doc)


async def test_s_on_a_plan_without_traditional_says_so_and_switches_nothing() -> None:
    """s used to show 繁 over the same simplified text, without a word."""
    doc = simplified_plan()
    app = PolicyApp(doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with captured_notices(app) as notices:
            await pilot.press("s")
            await pilot.pause()
        assert notices == [t("app.script.none")]
        assert not reader_of(app).traditional
        assert status_text(app).endswith(t("app.script.simp"))


async def test_in_traditional_the_plan_title_is_traditional(small_doc: Document) -> None:
    """The status line's plan and the mentions list's plan header used the simplified title."""
    other = simplified_plan()
    app = PolicyApp(small_doc, more=[(other, None)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert reader_of(app).traditional
        trad = small_doc.meta.title_trad
        assert trad != small_doc.meta.title and status_text(app).startswith(trad)
        assert status_text(app).endswith(t("app.script.trad"))
        await pilot.press("slash", *"教育", "enter", "m")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#picker-list")
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        headers = [r for r in rows if r.startswith(("示例市", "青山县"))]
        assert headers and headers[0].startswith(trad), headers
        await pilot.press("escape")
        await pilot.pause()
        # The simplified plan shown: its own title, and 简 (its text is simplified whatever the key).
        app.screen.show_plan(other.id)  # type: ignore[attr-defined]
        await pilot.pause()
        assert status_text(app).startswith(other.meta.title[:6]) and status_text(app).endswith(t("app.script.simp"))


async def test_the_compare_and_overview_titles_follow_the_script(small_doc: Document) -> None:
    from textual.widgets import Label

    from tui.ui.screens import plan_views

    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "v")
        await pilot.pause()
        assert small_doc.meta.title_trad in str(app.screen.query_one("#overview-title", Label).render())
        await pilot.press("escape")
        await pilot.pause()
        plan_views.compare_with(app.screen, simplified_plan())  # type: ignore[arg-type]
        await pilot.pause()
        assert small_doc.meta.title_trad in str(app.screen.query_one("#compare-title", Label).render())
