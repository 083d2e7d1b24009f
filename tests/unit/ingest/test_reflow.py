"""Hard-wrapped paragraphs are re-joined; one-paragraph-per-line pages are untouched."""

from __future__ import annotations

import re

import pytest

from tests.support.paths import PLANS
from tui.ingest.pipeline import import_text
from tui.ingest.reflow import reflow


@pytest.mark.parametrize("name", ["chapters_articles.txt", "circled_items.txt", "spaced_headings.txt"])
def test_pages_without_blank_lines_parse_the_same(name):
    text = (PLANS / name).read_text(encoding="utf-8")
    dense = re.sub(r"\n\s*\n", "\n", text)
    a, b = import_text(text), import_text(dense)
    assert [(s.id, s.title) for s in a.sections] == [(s.id, s.title) for s in b.sections]
    assert [m.text for m in a.measures] == [m.text for m in b.measures]
    assert a.meta == b.meta


def test_wrapped_paragraph_is_joined():
    text = (
        "一、发展基础\n"
        "“十三五”期间，全市职业教育坚持服务发展、促进就业的办学\n"
        "方向，办学条件明显改善，办学质量稳步提升。\n"
        "二、主要任务\n"
    )
    doc = import_text("某市规划\n\n" + text)
    texts = [m.text for m in doc.measures if m.kind == "sentence"]
    assert texts == ["“十三五”期间，全市职业教育坚持服务发展、促进就业的办学方向，办学条件明显改善，办学质量稳步提升。"]


def test_lines_that_end_sentences_are_kept_apart():
    text = "第一段话，说完了。\n第二段话，也说完了；\n（一）标题\n"
    assert reflow(text) == text
