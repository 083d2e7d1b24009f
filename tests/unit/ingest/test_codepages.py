"""Whole-file mojibake: Chinese text shown with the wrong code page is detected and undone."""

from __future__ import annotations

import pytest

from tests.support.corrupt import SAMPLE_PLAN
from tui.ingest.codepages import describe, fix_codepage
from tui.ingest.pipeline import import_text

TEXT = SAMPLE_PLAN[:1500]


@pytest.mark.parametrize("shown", ["latin-1", "sloppy-windows-1252", "mac_roman", "mac_cyrillic", "cp437", "koi8_r"])
def test_utf8_shown_as_another_code_page(shown):
    import ftfy.bad_codecs  # noqa: F401

    bad = TEXT.encode("utf-8").decode(shown)
    fixed, fix = fix_codepage(bad)
    assert fixed == TEXT and fix > 0


def test_mac_cyrillic_example_from_the_issue():
    bad = "中华人民共和国".encode().decode("mac_cyrillic")
    assert bad.startswith("дЄ≠еНОдЇЇж∞С")
    fixed, fix = fix_codepage(("中华人民共和国国务院关于印发职业教育改革实施方案的通知。" * 2).encode("utf-8").decode("mac_cyrillic"))
    assert fixed.startswith("中华人民共和国国务院") and describe(fix) == "utf-8 shown as mac_cyrillic"


@pytest.mark.parametrize("shown", ["latin-1", "sloppy-windows-1252"])
def test_gbk_shown_as_latin1(shown):
    import ftfy.bad_codecs  # noqa: F401

    bad = TEXT.encode("gbk").decode(shown)
    fixed, fix = fix_codepage(bad)
    assert fixed == TEXT and describe(fix).startswith("gb18030 shown as")


def test_utf8_shown_as_gbk_keeps_its_losses_as_damage():
    bad = TEXT.encode("utf-8").decode("gbk", errors="replace")
    fixed, fix = fix_codepage(bad)
    assert describe(fix) == "utf-8 shown as gb18030"
    assert "职业教育" in fixed and "\ufffd" in fixed


def test_clean_text_is_untouched_traditional_too():
    import opencc

    assert fix_codepage(TEXT) == (TEXT, 0)
    trad = opencc.OpenCC("s2t").convert(TEXT)
    assert fix_codepage(trad) == (trad, 0)
    assert fix_codepage("Plain English text only, nothing to do here at all.")[1] == 0


def test_import_reports_the_fix():
    doc = import_text(SAMPLE_PLAN.encode("utf-8").decode("mac_cyrillic"), source="x")
    assert doc.meta.title == "某市“十四五”职业教育与人才发展规划"
    assert describe(doc.stats["codepage_fix"]) == "utf-8 shown as mac_cyrillic"
    assert import_text(SAMPLE_PLAN, source="x").stats["codepage_fix"] == 0
