"""Reviewing damaged spots in the reader: ! jumps, o lists readings, enter accepts and keeps it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.pilot import captured_notices, reader_of, seed
from tui.document.model import Document
from tui.document.serialize import load_json, write_json
from tui.ui.app import PolicyApp
from tui.ui.dialogs.spots import SpotsScreen

SIZE = (120, 36)


async def test_accepting_a_reading_updates_the_text_and_keeps_the_fix(damaged_doc: Document, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    write_json(damaged_doc, source)
    flagged = [k for k, s in enumerate(damaged_doc.spots) if s.status == "flagged"]
    spot = damaged_doc.spots[flagged[0]]
    db = tmp_path / "notes.json"
    seed(db, damaged_doc, (spot.measure_id, "这句有乱码", ("待核",)))
    app = PolicyApp(damaged_doc, db=db, source=source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"待核 {len(flagged)}" in app.screen.status.plain()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        reader = reader_of(app)
        assert reader.cursor == damaged_doc.measure_index[spot.measure_id]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SpotsScreen)
        await pilot.press("enter")  # the first reading of the first flagged spot
        await pilot.pause()
        reading = spot.readings[0][0]
        doc = app.screen.document
        measure = doc.measure_by_id[spot.measure_id]
        assert reading in measure.text_trad and spot.raw not in measure.text_trad
        assert doc.spots[flagged[0]].status == "errata"
        assert f"待核 {len(flagged) - 1}" in app.screen.status.plain() or len(flagged) == 1
        notes = app.screen.notes.notebook.for_measure(spot.measure_id)
        assert [a.note for a in notes] == ["这句有乱码"]  # the note stays on its measure
    errata = json.loads((tmp_path / "plan.errata.json").read_text(encoding="utf-8"))
    assert [e["fixed"] for e in errata if spot.raw in e["raw"]]
    assert errata[0]["reason"].startswith("reviewed in policy-tui: reading 1 of")
    reopened = load_json(source)
    assert reopened.spots[flagged[0]].status == "errata"


async def test_a_typed_fix_and_no_spots_left(small_doc: Document, damaged_doc: Document, tmp_path: Path) -> None:
    app = PolicyApp(small_doc)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.press("exclamation_mark")
        assert notices == ["本规划没有损坏片段"]
    source = tmp_path / "plan.json"
    write_json(damaged_doc, source)
    app = PolicyApp(damaged_doc, source=source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark", "o")
        await pilot.pause()
        with captured_notices(app) as notices:
            await pilot.press("tab", *"學校,名校", "enter")
            await pilot.pause()
        k = next(k for k, s in enumerate(damaged_doc.spots) if s.status == "flagged")
        assert app.screen.document.spots[k].fixed == "學校,名校"
        # the notice quotes the fix as the text now shows it: simplified, punctuation restored
        assert any("已采用“学校，名校”" in n for n in notices), notices
    assert (tmp_path / "plan.errata.json").exists()


async def test_a_fix_that_could_land_elsewhere_is_refused_with_a_notice(
        damaged_doc: Document, tmp_path: Path, monkeypatch) -> None:
    """accept() refuses a spot no context tells apart: the reader says why, changes nothing, keeps running."""
    from tui.ingest import review

    def ambiguous(*_args, **_kwargs):
        raise review.Ambiguous("损坏“?”连同前后至多 40 字在全文中不止一处")

    monkeypatch.setattr(review, "accept", ambiguous)
    source = tmp_path / "plan.json"
    write_json(damaged_doc, source)
    app = PolicyApp(damaged_doc, db=tmp_path / "notes.json", source=source)
    async with app.run_test(size=SIZE) as pilot:
        with captured_notices(app) as notices:
            await pilot.pause()
            await pilot.press("exclamation_mark", "o")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert app.is_running and app.screen.document is damaged_doc
        assert any("不止一处" in n for n in notices)
    assert not (tmp_path / "plan.errata.json").exists()


def test_a_sure_reading_held_back_says_the_models_disagree() -> None:
    from tui.document.model import Spot
    from tui.ui.dialogs.spots import explain

    held = Spot("1.p1.m1", 0, 2, "?x", "?x", "flagged", "lost lead byte, not confident (p=0.91)",
                (("。”", 0.91),), 0.91)
    unsure = Spot("1.p1.m1", 0, 2, "?x", "?x", "flagged", "lost lead byte, not confident (p=0.40)",
                  (("。”", 0.40),), 0.40)
    assert "逐字读法不同" in explain(held) and "没有把握（40%）" in explain(unsure)


def test_a_reviewers_reason_is_said_in_the_interface_language(monkeypatch) -> None:
    """The errata file keeps a reviewer's reason in English (it is shared); the list says it in Chinese."""
    from tui.document.model import Spot
    from tui.ingest.review import REASON_TYPED, reason_best, reason_reading
    from tui.ui.dialogs.spots import explain

    def errata(reason: str) -> Spot:
        return Spot("1.p1.m1", 0, 2, "?x", "校”", "errata", reason, (), 0.0)

    assert explain(errata(reason_reading(2, 5, 0.17))) == "已核对：采用第 2 种读法（共 5 种，p=0.17）"
    assert explain(errata(REASON_TYPED)) == "已核对：采用手动输入的文字"
    assert explain(errata(reason_best(0.5))) == "已核对：批量采用概率不低于 0.5 的最佳读法"
    assert explain(errata("lost lead byte A1 of 。")) == "按勘误修复：lost lead byte A1 of 。"  # a shipped note
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert explain(errata(REASON_TYPED)) == "reviewed: the typed text accepted"
