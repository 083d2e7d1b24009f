"""Attachments (附件): a notice's or plan's documents become top-level sections with their own numbering."""

from __future__ import annotations

import pytest

from tui.annotations.filters import resolve_chapter
from tui.ingest.pipeline import run_import

# A notice issuing two documents, as gov.cn prints it: no 附件 labels, the titles cited in 《》.
TWO_RULES = """国务院办公厅关于印发某某改革中单位转制为企业
和进一步支持企业发展两个规定的通知
国办发〔2018〕124号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
有关部门拟定的《某某改革中单位转制为企业的规定》和《进一步支持企业发展的规定》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2018年12月18日
（此件公开发布）
某某改革中单位
转制为企业的规定
为进一步深化改革，特制定以下规定：
一、关于公司制改革
（一）单位转制为企业，要依法登记为有限责任公司。
（二）完善法人治理结构。公司党委发挥领导作用。
二、关于资产管理
（三）建立健全国有资产的管理机构。
进一步支持企业发展的规定
为促进企业发展，特制定以下规定：
一、关于财政税收
（一）中央财政应通过专项资金支持企业发展。
二、关于投资和融资
（二）鼓励社会资本投资文化产业。
上述政策执行期限为2019年1月1日至2023年12月31日。
"""

# A notice listing its attachments, then each one labelled, with articles of its own.
LABELLED = """某市人民政府办公室关于印发某市学校安全管理办法等两个文件的通知
某政办〔2023〕8号
各县（市、区）人民政府，市直各单位：
现将《某市学校安全管理办法》《某市校车管理细则》印发给你们，请认真贯彻执行。
附件：1.某市学校安全管理办法
2.某市校车管理细则
某市人民政府办公室
2023年5月6日
附件1
某市学校安全管理办法
第一章 总则
第一条 为加强学校安全管理，制定本办法。
第二条 本办法适用于全市各级各类学校。
第二章 职责
第三条 教育行政部门负责指导学校安全工作。
附件2：某市校车管理细则
第一条 为规范校车管理，制定本细则。
第二条 校车应当按照审核的线路行驶。
"""


def test_notice_issuing_two_documents_gives_each_its_own_top_level_section():
    doc = run_import(TWO_RULES).doc
    tops = doc.children(None)
    assert [(s.id, s.kind, s.label()) for s in tops] == [
        ("intro", "preface", "导语"),
        ("A1", "attachment", "某某改革中单位转制为企业的规定"),
        ("A2", "attachment", "进一步支持企业发展的规定"),
    ]
    # Each keeps its own numbering, nested under it: the second 一、 is no guess.
    assert [s.label() for s in doc.children("A2")] == ["一、关于财政税收", "二、关于投资和融资"]
    assert [s.kind for s in doc.children("A1")] == ["chapter", "chapter"]
    assert doc.section_by_id["A2.1.1"].number == "（一）" and doc.section_by_id["A2.1.1"].level == 3
    assert not any(s.uncertain for s in doc.sections)
    assert doc.stats["chapters"] == 4 and doc.stats["sections"] == 5
    assert [s.id for s in doc.chapters] == ["A1", "A2"]  # the attachments' own chapters are inside them
    # The title over two lines is the attachment's heading, not a paragraph; the preamble is its text.
    heading = [m.text for m in doc.measures if m.section_id == "A1" and m.kind == "heading"]
    assert heading == ["某某改革中单位", "转制为企业的规定"]
    assert any(m.section_id == "A1" and m.text.startswith("为进一步深化改革") for m in doc.measures)
    # The notice's text stays before them; its signature is metadata, as at the end of a text.
    assert doc.meta.title.endswith("两个规定的通知") and doc.meta.date_signed == "2018年12月18日"
    assert doc.meta.signature == "国务院办公厅\n2018年12月18日\n（此件公开发布）"
    assert any(m.section_id == "intro" and m.text.startswith("有关部门拟定的") for m in doc.measures)
    assert doc.stats["han_out"] >= doc.stats["han_in"]


def test_labelled_attachments_and_the_notice_list_that_cites_them():
    doc = run_import(LABELLED).doc
    tops = [s for s in doc.children(None) if s.kind == "attachment"]
    assert [(s.number, s.label()) for s in tops] == [
        ("附件1", "附件1 某市学校安全管理办法"), ("附件2：", "附件2：某市校车管理细则")]
    assert [s.label() for s in doc.children("A1")] == ["第一章 总则", "第二章 职责"]
    # Articles count again from 第一条 in the second attachment, without a guess.
    articles = [s for s in doc.sections if s.kind == "article" and s.parent_id == "A2"]
    assert [s.number for s in articles] == ["第一条", "第二条"] and not any(s.uncertain for s in articles)
    # The notice's list of attachments is text of the notice, not an attachment.
    assert any(m.text == "附件：1.某市学校安全管理办法" for m in doc.measures if doc.chapter_of(m.section_id).kind != "attachment")
    assert doc.meta.date_signed == "2023年5月6日"
    # A label line of its own is a heading line above the title.
    blocks = [b for b in doc.blocks if b.section_id == "A1" and b.kind == "heading"]
    assert [[doc.measure_by_id[m].text for m in b.measure_ids] for b in blocks] == [["附件1"], ["某市学校安全管理办法"]]
    assert resolve_chapter(doc, "附件2").id == resolve_chapter(doc, "A2").id == "A2"


def test_an_attachment_after_a_plan_and_a_label_above_the_plan_itself():
    plan = ("某县教育发展规划\n一、总体要求\n坚持优先发展教育。\n二、主要任务\n扩大学位供给。\n"
            "附件：主要指标\n学前教育毛入园率达到96%。\n")
    doc = run_import(plan).doc
    assert [s.id for s in doc.children(None)] == ["1", "2", "A1"]
    assert doc.section_by_id["A1"].label() == "附件：主要指标"
    assert [m.text for m in doc.measures if m.section_id == "A1" and m.kind != "heading"] == ["学前教育毛入园率达到96%。"]
    # A notice issuing one plan, labelled 附件: the plan is the document, as before.
    notice = ("某县人民政府关于印发某县教育发展规划的通知\n各乡镇人民政府：\n现将《某县教育发展规划》印发给你们。\n"
              "某县人民政府\n2023年3月1日\n附件\n某县教育发展规划\n一、总体要求\n坚持优先发展教育。\n")
    doc = run_import(notice).doc
    assert doc.meta.title == "某县教育发展规划"
    assert not any(s.kind == "attachment" for s in doc.sections)


@pytest.mark.parametrize("line", ["附件材料要齐全。", "附件：请于3月底前报送。"])
def test_sentences_starting_with_the_word_are_not_labels(line):
    doc = run_import(f"某县教育发展规划\n一、总体要求\n坚持优先发展教育。\n{line}\n二、主要任务\n扩大学位供给。\n").doc
    assert not any(s.kind == "attachment" for s in doc.sections)


def test_an_attachment_cited_in_the_notice_then_given_in_full():
    text = ("某县关于做好招生工作的通知\n各学校：\n一、做好宣传\n及时公布招生计划。\n二、规范录取\n严格按程序录取。\n"
            "附件：某县招生工作方案\n请认真执行。\n某县教育局\n2023年3月1日\n附件\n某县招生工作方案\n一、招生范围\n全县适龄儿童。\n")
    doc = run_import(text).doc
    attachments = [s for s in doc.sections if s.kind == "attachment"]
    assert [(s.number, s.title) for s in attachments] == [("附件", "某县招生工作方案")]
    assert [s.label() for s in doc.children(attachments[0].id)] == ["一、招生范围"]


def test_a_notice_without_numbered_text_keeps_its_attachment_and_its_title_over_two_lines():
    """A notice of tasks (no 一、…), its table attached below the signature: the table stayed in the
    notice's 导语, as if the lone attachment were the document it issues; its title lost its second line."""
    text = ("某市人民政府关于下达2023年退役士兵安置任务的通知\n各区人民政府，市直各单位：\n"
            "根据有关文件精神，经研究，决定安排退役士兵的工作岗位。现将安置任务下达给你们，请按规定做好接收安置工作。\n"
            "附件：2023年市区退役士兵安置任务\n某市人民政府\n2023年10月16日\n（此件公开发布）\n"
            "附件\n2023年市区\n退役士兵安置任务\n某市粮食储备库安排一名，某市建筑工程管理中心安排一名。\n")
    doc = run_import(text).doc
    assert doc.meta.title == "某市人民政府关于下达2023年退役士兵安置任务的通知"
    attachments = [s for s in doc.sections if s.kind == "attachment"]
    assert [(s.number, s.title) for s in attachments] == [("附件", "2023年市区退役士兵安置任务")]
    assert any(m.section_id == attachments[0].id and "某市粮食储备库" in m.text for m in doc.measures)
