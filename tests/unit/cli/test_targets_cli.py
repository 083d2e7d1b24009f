"""``policy-tui targets``: one plan's table, several plans lined up, JSON, Markdown and CSV files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.compare_pair import write_pair
from tui import locations
from tui.cli import main


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    monkeypatch.chdir(tmp_path)


def test_the_bundled_plan_table(capsys) -> None:
    assert main(["targets", "--kind", "target"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["chapter", "indicator", "value"]
    row = next(line for line in lines if "学前教育毛入园率" in line)
    assert "96%" in row and "2025" in row and "target" in row and "3.3.1.p1.m2" in row
    assert lines[-1].startswith("59 quantified figures: 59 targets, 0 achievements")


def test_json_records(capsys) -> None:
    assert main(["targets", str(locations.BUNDLED_DOC), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    first = records[0]
    assert set(first) >= {"indicator", "value", "year", "baseline", "kind", "chapter", "section", "measure_id"}
    assert {r["kind"] for r in records} == {"target", "achievement"}


def test_several_plans_line_up_and_export(tmp_path: Path, capsys) -> None:
    city, county = write_pair(tmp_path)
    assert main(["targets", str(county), str(city), "--kind", "target"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("学前三年毛入园率"))
    assert row.index("93%") < row.index("95%")  # county column first, as asked
    md = tmp_path / "t.md"
    assert main(["targets", str(county), str(city), "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Targets side by side (2 plans)")
    assert "| 学前三年毛入园率 | 85\\% → 90\\%（achieved）；93\\%（2025） | 91\\%（achieved）；95\\%（2025） |" in text
    assert main(["targets", str(county), str(city), "-o", str(md)]) == 2  # never over a file unasked
    csv_file = tmp_path / "t.csv"
    assert main(["targets", str(county), "--format", "csv", "-o", str(csv_file)]) == 0
    assert csv_file.read_text(encoding="utf-8").startswith("\ufeffplan,chapter,section,measure_id,indicator,value")
