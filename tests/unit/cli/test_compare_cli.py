"""``policy-tui compare A B``: Markdown on the terminal, CSV or Markdown files, never over a file unasked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.support.compare_pair import write_pair
from tui.cli import main


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def plans(tmp_path: Path, capsys) -> tuple[str, str]:
    city, county = write_pair(tmp_path)
    assert main(["import", str(city)]) == 0 and main(["import", str(county)]) == 0
    capsys.readouterr()
    return "qingshan-county", "jiangcheng-city"  # library names


def test_markdown_on_the_terminal(plans, capsys) -> None:
    assert main(["compare", *plans]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Comparison: 青山县“十四五”教育事业发展规划 ↔ 江城市")
    assert "45 of the 51 measures of A have a counterpart in B" in out  # a split half stays unpaired
    assert "## 四、增强职业教育适应性 ↔ 四、增强职业教育适应性" in out
    assert "| (none) | — | 建设市职业教育园区，推动中高职院校集聚发展。" in out  # dropped by the county


def test_csv_file_and_overwrite_rules(plans, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cmp.csv"
    assert main(["compare", *plans, "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert {r["status"] for r in rows} == {"pair", "only_a", "only_b"}
    copied = next(r for r in rows if r["a_text"] == "深化“双减”工作，义务教育学校课后服务实现全覆盖。")
    assert copied["b_text"] == copied["a_text"] and copied["score"] == "1.000" and "双减" in copied["shared"]
    assert main(["compare", *plans, "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["compare", *plans, "-o", str(out), "--force", "--format", "md"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Comparison")


def test_bad_threshold_and_unknown_plan_are_one_line_errors(plans, capsys) -> None:
    assert main(["compare", *plans, "--threshold", "2"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err
    assert main(["compare", plans[0], "nowhere"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and err.count("\n") == 1
