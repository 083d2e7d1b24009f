"""Aligning two plans: a county plan that copies, rewords, drops, adds, splits and moves city measures."""

from __future__ import annotations

from functools import cache

from tests.support import compare_pair
from tui.document.align import THRESHOLD, align, context_chapters
from tui.document.model import Document
from tui.ingest.pipeline import import_text


@cache
def pair() -> tuple[Document, Document]:
    city = import_text(compare_pair.city_text(), source="jiangcheng-city.txt")
    county = import_text(compare_pair.county_text(), source="qingshan-county.txt")
    return city, county


def scores(threshold: float = THRESHOLD) -> tuple[float, float, float, float]:
    """Pair precision and recall (county -> city), and recall of what only one side has."""
    city, county = pair()
    gold = compare_pair.gold()
    al = align(county, city, threshold)
    text_a = {m.id: m.text for m in county.measures}
    text_b = {m.id: m.text for m in city.measures}
    predicted = {(text_a[a], text_b[b]) for a, b, _ in al.pairs}
    true = {(k, v) for k, v in gold.county_source.items() if v is not None}
    precision = len(predicted & true) / len(predicted)
    recall = len(predicted & true) / len(true)
    added = {k for k, v in gold.county_source.items() if v is None}
    found_added = {text_a[m] for m in al.only_a}
    found_dropped = {text_b[m] for m in al.only_b}
    return precision, recall, len(added & found_added) / len(added), len(gold.dropped & found_dropped) / len(gold.dropped)


def test_the_fixture_pair_imports_one_measure_per_spec_sentence() -> None:
    city, county = pair()
    gold = compare_pair.gold()
    assert set(gold.county_source) == {m.text for m in county.measures if m.kind != "heading"}
    assert {v for v in gold.county_source.values() if v} | gold.dropped == {m.text for m in city.measures
                                                                            if m.kind != "heading"}


def test_alignment_precision_and_recall_on_the_fixture_pair() -> None:
    precision, recall, added, dropped = scores()
    # Figures reported in the issue; 1.0/0.978: the second half of the split measure stays unpaired.
    assert precision >= 0.95 and recall >= 0.95
    assert added >= 0.8 and dropped >= 0.85


def test_copies_pair_with_score_one_and_rewordings_lower() -> None:
    city, county = pair()
    al = align(county, city)
    by_text = {county.measure_by_id[a].text: (city.measure_by_id[b].text, s) for a, b, s in al.pairs}
    copied = "大班额问题基本消除，城乡办学条件差距明显缩小。"
    assert by_text[copied] == (copied, 1.0)
    target, score = by_text["九年义务教育巩固率达到98%，高中阶段教育毛入学率提高到93%。"]
    assert target.startswith("义务教育巩固率保持在98%以上") and THRESHOLD <= score < 1.0


def test_each_measure_has_candidates_with_shared_words() -> None:
    city, county = pair()
    al = align(county, city)
    match = next(m for m in al.matches if county.measure_by_id[m.measure_id].text.startswith("组建教育集团9个"))
    assert match.counterpart is not None and match.counterpart == match.candidates[0]
    assert "集团化办学" in match.counterpart.shared
    assert all(a.score >= b.score for a, b in zip(match.candidates, match.candidates[1:], strict=False))
    added = next(m for m in al.matches if county.measure_by_id[m.measure_id].text.startswith("实施县城学校扩容工程"))
    assert added.counterpart is None and added.measure_id in al.only_a


def test_a_measure_copied_elsewhere_is_not_claimed_by_a_look_alike() -> None:
    """One counterpart each, best pairs first: the county's new 寄宿制学校 target stays unpaired,
    because the city sentence it resembles is the counterpart of its verbatim copy."""
    city, county = pair()
    al = align(county, city)
    new = next(m for m in al.matches if "每所乡镇寄宿制学校" in county.measure_by_id[m.measure_id].text)
    assert new.counterpart is None and new.candidates[0].score > THRESHOLD


def test_chapters_are_paired_side_by_side_and_every_measure_is_shown_once() -> None:
    city, county = pair()
    al = align(county, city)
    assert [(p.a.id if p.a else None, p.b.id if p.b else None) for p in al.chapters] == [
        ("preface", "preface"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6")]
    shown_a = [r.a for p in al.chapters for r in p.rows if r.a]
    shown_b = [r.b for p in al.chapters for r in p.rows if r.b]
    assert sorted(shown_a) == sorted(m.measure_id for m in al.matches)
    assert sorted(shown_b) == sorted([b for _, b, _ in al.pairs] + list(al.only_b))
    moved = next(r for p in al.chapters for r in p.rows if r.a and "县职教中心兼职任教" in county.measure_by_id[r.a].text)
    assert moved.b is not None and city.chapter_of(city.measure_by_id[moved.b].section_id).id == "4"


def test_unrelated_chapters_stand_alone() -> None:
    city, county = pair()
    al = align(city, county, threshold=0.99)  # only verbatim copies pair
    assert all(s == 1.0 for _, _, s in al.pairs)
    assert len(al.only_a) > 10


def test_a_plan_compared_with_itself_pairs_every_measure(bundled_doc) -> None:
    """Identical text is a copy even without words to score (a date line such as 2021年12月30日)."""
    from tui.document.align import align

    al = align(bundled_doc, bundled_doc)
    assert not al.only_a and not al.only_b
    assert all(a == b and score == 1.0 for a, b, score in al.pairs)


CITY = """某市“十四五”教育事业发展规划
一、“十三五”时期主要成就
（一）学前教育
“十三五”期间，新建、改扩建幼儿园100所，新增学位2.7万个。
二、发展环境
（一）面临的形势
人口变化对学位供给提出新要求。
三、主要任务
（一）学前教育
“十四五”期间新建、改扩建幼儿园170所，扩大普惠学前教育资源供给。
四、生态环境教育
（一）绿色学校
建设绿色学校，开展生态环境教育。
"""

COUNTY = """某县“十四五”教育事业发展规划
一、主要任务
（一）学前教育
新建、改扩建幼儿园30所，新增学位6000个。
（二）绿色学校
开展生态环境教育，建设绿色学校。
"""


def test_a_task_finds_the_other_plans_task_not_its_report_of_the_last_period() -> None:
    city = import_text(CITY, source="city.txt")
    county = import_text(COUNTY, source="county.txt")
    assert [city.section_by_id[c].title for c in sorted(context_chapters(city))] == [
        "“十三五”时期主要成就", "发展环境"]  # the later 生态环境 chapter is a task
    al = align(county, city)
    texts = {m.id: m.text for m in city.measures}
    pairs = {county.measure_by_id[a].text[:6]: texts[b] for a, b, _ in al.pairs}
    assert pairs["新建、改扩建"].startswith("“十四五”期间新建、改扩建幼儿园170所")  # 0.36, not the report's 0.66
    assert pairs["开展生态环境"].startswith("建设绿色学校")
