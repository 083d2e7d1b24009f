"""Tests of key terms and related measures (plain Python)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO
from tui.document.model import Document
from tui.document.related import KeyTerm, key_terms, load_terms, related_measures
from tui.document.words import terms


def test_term_list_ships_general_policy_terms() -> None:
    terms = load_terms()
    assert len(terms) >= 100
    for term in ("集团化办学", "立德树人", "双减", "产教融合", "县管校聘"):
        assert term in terms
    assert not any(t.startswith("#") for t in terms)
    assert list(terms) == sorted(terms, key=lambda s: (-len(s), s))  # longest first


def test_load_terms_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_terms(tmp_path / "none.txt") == ()


def test_key_terms_find_listed_terms_quotes_and_titles(small_doc: Document) -> None:
    terms = key_terms(small_doc, "1.3.p1.m2")  # 深化“双减”改革，学生作业负担明显减轻。
    assert [t.text for t in terms] == ["双减", "作业负担"]
    assert terms[0].kind == "quote" and terms[0].display == "“双减”"
    titled = key_terms(small_doc, "preface.p1.m2")
    assert titled[0] == KeyTerm("示例市国民经济和社会发展第十四个五年规划纲要", "title", 1)
    assert titled[0].display.startswith("《")


def test_key_terms_count_hits_in_the_whole_plan(small_doc: Document) -> None:
    counts = {t.text: t.count for t in key_terms(small_doc, "4.1.p1.m1")}
    assert counts == {"产教融合": 3, "实训基地": 1, "集团化办学": 3}


def test_key_terms_of_a_plain_measure_may_be_empty(small_doc: Document) -> None:
    assert key_terms(small_doc, "2.p1.m2", terms=()) == []


def test_related_measures_share_distinctive_terms(small_doc: Document) -> None:
    related = related_measures(small_doc, "3.2.1.p1.m2")  # 深入实施集团化办学提质工程 …
    ids = [r.measure_id for r in related]
    assert set(ids[:2]) == {"1.3.p1.m1", "4.1.p1.m1"}  # the other two mentions of 集团化办学
    assert "集团化办学" in related[0].shared
    assert all(a.score >= b.score for a, b in itertools.pairwise(related))
    assert "3.2.1.p1.m2" not in ids and "3.2.1.p1.m3" not in ids  # not itself, not its own paragraph
    assert all(small_doc.measure_by_id[i].kind != "heading" for i in ids)


def test_related_shows_readable_shared_words(small_doc: Document) -> None:
    related = related_measures(small_doc, "1.3.p1.m1")  # 积极推进集团化办学，组建教育集团15个 …
    assert related[0].shared[0] == "集团化办学"  # the whole term, not its parts
    group = next(r for r in related if r.measure_id == "3.2.1.p1.m3")  # 组建2个紧密型教育集团
    assert {"集团", "组建"} <= set(group.shared)
    assert related.index(group) < 3


def test_shared_terms_are_words_not_character_fragments(bundled_doc: Document) -> None:
    """The issue's example: ``r`` on 集团化办学模式改革 listed 团化办学模式改 and 村学."""
    source = next(m for m in bundled_doc.measures if "继续深化集团化办学模式改革" in m.text)
    related = related_measures(bundled_doc, source.id, limit=10)
    shown = {term for r in related for term in r.shared}
    assert "集团化办学" in shown
    assert not shown & {"团化办学模式改", "村学", "团化办学", "化办学模式"}
    source_words = set(terms(source.text))
    for r in related:
        other_words = set(terms(bundled_doc.measure_by_id[r.measure_id].text))
        assert set(r.shared) <= source_words & other_words  # each one a word of both measures


def test_related_on_the_bundled_plan(bundled_doc: Document) -> None:
    source = next(m for m in bundled_doc.measures if "集团化办学" in m.text and m.kind != "heading")
    related = related_measures(bundled_doc, source.id, limit=5)
    assert len(related) == 5
    assert any("集团化办学" in bundled_doc.measure_by_id[r.measure_id].text for r in related[:3])


def test_related_does_not_import_textual() -> None:
    code = "import sys, tui.document.related; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
