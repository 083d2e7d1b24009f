"""The same indicator across plans lines up in one row; different levels and different things do not."""

from __future__ import annotations

import itertools

from tests.support.compare_pair import city_text, county_text
from tui.document.lineup import _key, _same, line_up
from tui.document.model import Document
from tui.ingest.pipeline import import_text


def test_same_indicators_in_other_words_line_up() -> None:
    assert _same(_key("学前三年毛入园率"), _key("学前教育毛入园率"))
    assert _same(_key("义务教育巩固率"), _key("九年义务教育巩固率"))
    assert _same(_key("全市高中阶段毛入学率"), _key("高中阶段教育毛入学率"))
    assert not _same(_key("省级骨干教师"), _key("市级骨干教师"))
    assert not _same(_key("培训教师"), _key("教师"))
    assert not _same(_key("学前三年毛入园率"), _key("义务教育巩固率"))


def test_three_plans_side_by_side(bundled_doc: Document) -> None:
    city = import_text(city_text(), source="city.txt")
    county = import_text(county_text(), source="county.txt")
    docs = [city, county, bundled_doc]
    rows = line_up(docs, ("target",))
    by_label = {r.label: r for r in rows}
    enrolment = by_label["学前三年毛入园率"]
    assert [[x.value for x in enrolment.cells[d.id]] for d in docs] == [["95%"], ["93%"], ["96%"]]
    consolidation = by_label["义务教育巩固率"]
    assert [[x.value for x in consolidation.cells[d.id]] for d in docs] == [["98%"], ["98%"], ["100%"]]
    assert rows[0].plans == 3  # found in every plan: first
    assert all(a.plans >= b.plans for a, b in itertools.pairwise(rows))
    # Achievements join when asked for: the same row holds 2020's figure and 2025's target.
    both = {r.label: r for r in line_up(docs)}["学前三年毛入园率"]
    assert [(x.value, x.kind) for x in both.cells[county.id]] == [("90%", "achievement"), ("93%", "target")]
