"""The parser on plans with other heading styles than the seed's."""

from __future__ import annotations

import pytest

from tests.support.paths import PLANS
from tui.ingest.pipeline import import_text


def load(name: str):
    return import_text((PLANS / name).read_text(encoding="utf-8"), source=name)


def tree(doc) -> list[tuple[str, str, str]]:
    return [(s.id, s.number, s.title) for s in doc.sections]


def test_chapters_sections_and_articles():
    doc = load("chapters_articles.txt")
    assert doc.meta.title == "某某省数字政府建设“十四五”规划"
    assert tree(doc)[:3] == [("1", "第一章", "总体要求"), ("1.1", "第一节", "指导思想"), ("1.2", "第二节", "主要目标")]
    # Articles are numbered through the document, not per chapter.
    articles = [s for s in doc.sections if s.number.endswith("条")]
    assert [(a.number, a.parent_id) for a in articles] == [("第一条", "2"), ("第二条", "2"), ("第三条", "3")]
    assert articles[0].title == "建设统一的数据共享平台"


def test_notice_preface_with_space_and_deep_items():
    doc = load("circled_items.txt")
    assert doc.meta.doc_number == "县政〔2023〕5号"
    assert doc.meta.date_signed == "2023年3月15日"
    assert doc.meta.addressees == "各乡镇人民政府，县直各单位"
    assert doc.section_by_id["preface"].title == "序言"
    by_number = {(s.parent_id, s.number): s for s in doc.sections}
    assert by_number[("1.2", "1.")].title == "学位供给"
    assert by_number[("1.2.1", "（2）")].title == "乡村学校"
    assert [c.number for c in doc.children("1.2.1.2")] == ["①", "②"]
    lead = doc.measure_by_id["1.2.1.p1.m1"]
    assert (lead.kind, lead.text) == ("lead", "1.学位供给。")


def test_spaced_preface_and_sentence_split():
    doc = load("spaced_headings.txt")
    assert doc.section_by_id["preface"].title == "前言"
    texts = [m.text for m in doc.measures if m.section_id == "preface" and m.kind == "sentence"]
    # Split at ；, not inside “…”.
    assert texts[1].endswith("教师；") and texts[2] == "其比例应逐年提高。"
    assert "40.5%" in doc.measure_by_id["1.p1.m1"].text  # ASCII kept inside numbers
    assert doc.measure_by_id["2.2.p1.m1"].text == "实施“1+X”证书制度试点（2019-2022年）。"


def test_out_of_sequence_marker_is_text_not_heading():
    doc = import_text("规划\n\n一、目标\n\n3.5%的增长率是底线。\n\n二、任务\n\n五、这不是第五章而是正文里的一句话。\n")
    assert [s.number for s in doc.sections] == ["一、", "二、"]
    assert any("五、这不是" in m.text for m in doc.measures)


def test_ids_are_stable():
    a, b = load("circled_items.txt"), load("circled_items.txt")
    assert [m.id for m in a.measures] == [m.id for m in b.measures]
    assert a.id == b.id and a.content_hash == b.content_hash


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_encodings_decode(tmp_path, encoding):
    from tui.ingest.load import import_file

    text = (PLANS / "circled_items.txt").read_text(encoding="utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    doc = import_file(path)
    assert doc.meta.title == "某县教育提升行动方案"


def test_a_file_that_carries_two_prefaces_imports_into_a_file_the_reader_opens(tmp_path):
    """Each part has its 前言: the second gets an id of its own (was: the same id twice,
    written, then refused as damaged by every command, and the library took a
    re-import of the file for another plan)."""
    from tui.document.serialize import load_json, write_json

    part = "前言\n\n{}县教育事业发展较快，现制定本规划。\n\n一、总体要求\n\n到2025年，学前教育毛入园率达到9{}%。\n\n"
    doc = import_text("两县教育事业发展规划\n\n" + part.format("甲", 0) + part.format("乙", 1), source="twice.txt")
    ids = [s.id for s in doc.sections]
    assert len(ids) == len(set(ids))
    assert [s.id for s in doc.sections if s.title == "前言"] == ["preface", "preface-2"]
    write_json(doc, tmp_path / "twice.json")
    assert load_json(tmp_path / "twice.json") == doc
