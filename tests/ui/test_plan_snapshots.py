"""SVG snapshots of the screens beyond one plan, on the fixture city and county plans.

Review a changed SVG before accepting it with
``pytest tests/ui/test_plan_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.pilot import Pilot

from tests.support.compare_pair import city_text, county_text
from tui.ingest.pipeline import import_text
from tui.library import Library
from tui.ui.app import PolicyApp

SNAPSHOTS = Path(__file__).parent / "snapshots"
WIDE = (120, 36)


@pytest.fixture(autouse=True)
def snapshots_in_tests_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    def dirname(cls: type, *, test_location: Any) -> str:
        return str(SNAPSHOTS / test_location.basename)

    monkeypatch.setattr(SVGImageExtension, "dirname", classmethod(dirname))


def county_app(tmp_path: Path) -> PolicyApp:
    """The county plan open; the city plan in the (private) library."""
    Library().add(import_text(city_text(), source="jiangcheng-city.txt"), "jiangcheng-city.txt")
    return PolicyApp(import_text(county_text(), source="qingshan-county.txt"), db=tmp_path / "notes.json")


class TestOtherPlans:
    def test_compare_screen(self, snap_compare: Any, tmp_path: Path) -> None:
        """c, enter: 青山县 ↔ 江城市 with the summary line (45 of 51 paired); the table's left column
        is the county, the right the city, score in between; the chapter rows 序言 and 一、… in bold;
        copied measures score 1.00; the city's 中招考试制度改革… stands alone on the right with —;
        the detail below shows both texts of the first row and the shared words."""

        async def run_before(pilot: Pilot) -> None:
            await pilot.press("c", "enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

        assert snap_compare(county_app(tmp_path), terminal_size=WIDE, run_before=run_before)

    def test_targets_screen(self, snap_compare: Any, tmp_path: Path) -> None:
        """T: the county's figures in reading order: chapter, indicator, value, year, kind, measure;
        the 十三五 figures marked 实绩 (学前三年毛入园率 85% → 90%), the 2025 targets marked 目标;
        the filter box above the table and the key hint below."""
        assert snap_compare(county_app(tmp_path), terminal_size=WIDE, press=["T"])
