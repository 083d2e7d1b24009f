"""Size limits that agree: whatever import writes, the reader, dump and search open."""

from __future__ import annotations

import argparse
import re

import pytest

from tests.support.paths import PLANS
from tui.cli.doc_cmds import cmd_import
from tui.errors import UserError
from tui.ingest import decode, pipeline
from tui.ingest.load import load_document


def _import(raw, out, show_removed=False):
    return cmd_import(argparse.Namespace(raw=str(raw), output=str(out), show_removed=show_removed))


def test_a_document_larger_than_the_raw_limit_still_opens(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "plan.txt"
    raw.write_bytes((PLANS / "circled_items.txt").read_bytes())
    # The raw input just fits; its processed document (both scripts, ids) is bigger.
    monkeypatch.setattr(decode, "MAX_INPUT_BYTES", raw.stat().st_size)
    out = tmp_path / "plan.json"
    assert _import(raw, out) == 0
    assert out.stat().st_size > raw.stat().st_size
    assert load_document(out).meta.title == "某县教育提升行动方案"
    bigger = tmp_path / "bigger.txt"
    bigger.write_bytes(raw.read_bytes() + b"\n" + "补充。".encode() * 10)
    with pytest.raises(UserError, match="MB"):
        load_document(bigger)


def test_import_refuses_to_write_what_the_reader_would_refuse(tmp_path, monkeypatch):
    import tui.files

    raw = tmp_path / "plan.txt"
    raw.write_bytes((PLANS / "circled_items.txt").read_bytes())
    monkeypatch.setattr(tui.files, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(UserError):
        _import(raw, tmp_path / "plan.json")
    assert not (tmp_path / "plan.json").exists()


def test_text_over_the_character_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 100)
    with pytest.raises(UserError):
        pipeline.import_text("规划\n一、目标\n" + "提高质量。" * 50)


def test_summary_counts_han_and_lists_removed_lines(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    raw = tmp_path / "page.txt"
    raw.write_text("首页 > 政务公开\n发布时间：2023-03-20  来源：县教育局\n" + (PLANS / "circled_items.txt").read_text(encoding="utf-8"),
                   encoding="utf-8")
    assert _import(raw, tmp_path / "page.json", show_removed=True) == 0
    out, err = capsys.readouterr()
    assert "Han characters   in " in out and "removed as page furniture 16 (6.0%), kept 250" in out
    assert "[navigation]  首页 > 政务公开" in out and "[page info]  发布时间：2023-03-20  来源：县教育局" in out
    # Breadcrumbs and a labelled info line cannot be text of the plan: no warning for them.
    assert "warning" not in err


def test_summary_warns_when_unexplained_furniture_is_removed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    raw = tmp_path / "page.txt"
    footer = "版权所有：某某县教育体育局  主办单位：某某县人民政府办公室  网站标识码：4110000001\n"
    raw.write_text((PLANS / "circled_items.txt").read_text(encoding="utf-8") + footer, encoding="utf-8")
    assert _import(raw, tmp_path / "page.json", show_removed=True) == 0
    out, err = capsys.readouterr()
    assert "[site name]" in out and "warning" in err  # a judgement, not a label: over 2 % is said


def test_summary_says_when_the_repair_adds_characters(tmp_path, monkeypatch, capsys):
    """In, removed and kept add up, or the summary says what the repair added (kept > in - removed)."""
    from tests.support.paths import FIXTURES

    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    raw = tmp_path / "plan.txt"
    raw.write_text((FIXTURES / "plan_damaged.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert _import(raw, tmp_path / "plan.json") == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "Han characters" in ln)
    numbers = [int(n) for n in re.findall(r"\d+", line.split("(")[0] + line.split(")", 1)[1])]
    han_in, removed, kept = numbers[:3]
    assert kept == han_in - removed or f"({kept - (han_in - removed)} more after repairing damage)" in line
    assert kept != han_in - removed  # this plan's damage hides characters
