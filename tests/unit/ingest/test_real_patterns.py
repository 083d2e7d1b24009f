"""Notices, regulations, tables of contents and tables: the shapes real plans come in."""

from __future__ import annotations

from tests.support.paths import PLANS
from tui.ingest.pipeline import run_import


def load(name: str):
    return run_import((PLANS / name).read_text(encoding="utf-8"), source=name)


def kinds(doc, kind: str) -> list[str]:
    return [s.label() for s in doc.sections if s.kind == kind]


def assert_nothing_lost(doc) -> None:
    s = doc.stats
    assert s["han_out"] >= s["han_in"] - s["han_removed"], s


def test_state_council_guidance_with_glued_doc_number():
    imported = load("notice_guidance.txt")
    doc = imported.doc
    assert doc.meta.title == "国务院办公厅关于加快推进县域普通高中振兴发展的指导意见"
    assert doc.meta.doc_number == "国办发〔2021〕9号"
    assert doc.meta.addressees == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
    assert doc.meta.issuer == "国务院办公厅"
    assert doc.meta.date_signed == "2021年3月1日"
    assert doc.meta.signature == "国务院办公厅\n2021年3月1日\n（此件公开发布）"
    assert doc.meta.date_posted == "2021/3/5"
    assert kinds(doc, "chapter") == ["一、总体要求", "二、重点任务", "三、组织实施"]
    # （三）–（五） go on under 二、 where （一）（二） stopped under 一、.
    assert [s.number for s in doc.sections if s.kind == "section"] == [f"（{n}）" for n in "一二三四五六"]
    assert doc.section_by_id["2.1"].number == "（三）"
    # The preamble has no heading: it is kept, in the block after the title.
    text = doc.full_text()
    assert "县域普通高中是县域教育的龙头" in text
    assert "国务院办公厅\n2021年3月1日" not in text  # the signature is metadata, not measures
    assert {r.reason for r in imported.removed} == {"nav", "info", "button", "footer", "site"}
    assert_nothing_lost(doc)


def test_regulation_with_run_on_articles_and_a_lost_article():
    doc = load("regulation_runon.txt").doc
    assert doc.meta.title == "某某省中小学校安全管理条例"
    assert kinds(doc, "chapter") == ["第一章 总　　则", "第二章 安全职责", "第三章 监督检查", "第四章 附　　则"]
    articles = [s for s in doc.sections if s.kind == "article"]
    assert [a.number for a in articles] == [f"第{n}条" for n in "一二三四五六八九十"]
    assert [a.parent_id for a in articles] == ["1", "1", "1", "2", "2", "2", "3", "3", "4"]
    assert [a.number for a in articles if a.uncertain] == ["第八条"]  # 第七条 was lost
    # Items （一）–（三） and a second paragraph (款) stay inside their article.
    fourth = doc.section_by_id["2.1"]
    assert not fourth.child_ids
    texts = [doc.measure_by_id[m].text for b in doc.blocks if b.section_id == "2.1" for m in b.measure_ids]
    assert texts == ["第四条　教育行政部门履行下列职责：", "（一）制定学校安全管理制度；", "（二）指导、检查学校安全工作；",
                     "（三）组织安全教育培训。"]
    assert any("县级以上人民政府应当加强对学校安全工作的领导" in m.text and m.section_id == "1.3" for m in doc.measures)
    # A citation of another article is not cut out of its sentence.
    assert any("依照本条例第四条规定的制度开展工作" in m.text for m in doc.measures)
    assert_nothing_lost(doc)


def test_plan_with_toc_line_table_and_renumbered_run():
    imported = load("plan_toc_table.txt")
    doc = imported.doc
    assert doc.meta.title == "某县“十四五”教育事业发展规划"  # a bare title above the page-info line
    assert doc.meta.toc == ("一、发展基础", "二、总体要求", "三、主要任务", "四、保障措施")
    assert doc.stats["toc_entries_found"] == 4
    assert kinds(doc, "chapter") == list(doc.meta.toc)  # the 目录 is not chapter 1's heading
    assert not any("目" in m.text and "录" in m.text for m in doc.measures)
    assert doc.section_by_id["intro"].title == "导语"
    assert doc.section_by_id["intro"].label(traditional=True) == "導語"
    assert "为加快推进教育现代化" in doc.full_text()
    table = next(b for b in doc.blocks if b.kind == "table")
    rows = [doc.measure_by_id[m].text for m in table.measure_ids]
    assert rows[0] == "序号 指标 2020年 2025年 属性" and rows[1].startswith("1 学前教育毛入园率") and len(rows) == 4
    # （一） again after （五） and its text: a new run, marked as a guess.
    restarted = [s for s in doc.sections if s.uncertain]
    assert [(s.number, s.parent_id) for s in restarted] == [("（一）", "3")]
    assert {r.reason for r in imported.removed} == {"site", "info"}
    assert_nothing_lost(doc)


def test_news_page_without_a_title_line_gets_no_title():
    doc = run_import("发布时间：2023-05-01  来源：本站\n今天上午，全县教育工作会议召开，会议总结了去年的工作。\n会议要求各校抓好安全工作。\n").doc
    assert doc.meta.title == ""
    assert "今天上午" in doc.full_text()


def test_labels_and_chrome_never_make_a_title():
    page = "目　　录\n内容全文\n加大字体 缩小字体 收藏 取消收藏 打印\n来源： 时间：2016-03-21\n第二条 本办法适用于全县学校。\n"
    doc = run_import(page).doc
    assert doc.meta.title == ""
    assert "本办法适用于全县学校" in doc.full_text()


def test_decree_number_over_two_lines_and_labelled_number():
    doc = run_import("某某条例\n中华人民共和国国务院令\n第227号\n第一章 总则\n第一条 为了规范管理，制定本条例。\n").doc
    assert doc.meta.doc_number == "中华人民共和国国务院令第227号"
    doc = run_import("某市关于加强学校管理的意见\n发文字号：某政〔2020〕3号\n一、总体要求\n加强管理。\n").doc
    assert doc.meta.doc_number == "某政〔2020〕3号"


def test_doc_number_brackets_written_as_in_the_original():
    doc = run_import("某县关于印发某方案的通知\n县政 [2023] 5号\n某方案\n一、目标\n提高质量。\n").doc
    assert doc.meta.doc_number == "县政〔2023〕5号"
    assert doc.measure_by_id["front.p1.m1"].text == "县政〔2023〕5号"  # no spaces: they came with [ ]


def test_title_over_three_lines_with_an_open_book_title():
    page = ("国务院关于在某某先行区\n暂时调整实施《中华人民共和国药品管理法\n实施条例》有关规定的决定\n国发〔2018〕43号\n"
            "各省、自治区、直辖市人民政府：\n现决定如下。\n国务院\n2018年12月21日\n")
    doc = run_import(page).doc
    assert doc.meta.title == "国务院关于在某某先行区暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定"
    assert doc.meta.doc_number == "国发〔2018〕43号"
    assert doc.meta.signature == "国务院\n2018年12月21日"


def test_a_decree_number_running_into_its_promulgation_line():
    """gov.cn prints a State Council decree as ``国务院令第372号《…条例》已经…通过，现予公布`` on one line."""
    text = ("中华人民共和国国务院令第372号《突发公共卫生事件应急条例》已经2003年5月7日国务院第7次常务会议通过，"
            "现予公布，自公布之日起施行。\n总理 温家宝\n2003年5月9日\n突发公共卫生事件应急条例\n第一章 总则\n"
            "第一条 为了有效预防、及时控制和消除突发公共卫生事件的危害，制定本条例。\n"
            "第二条 本条例所称突发公共卫生事件，是指突然发生的事件。根据国务院令第372号 规定执行。\n")
    imported = run_import(text, source="decree.txt")
    doc = imported.doc
    assert doc.meta.doc_number == "中华人民共和国国务院令第372号"
    assert "《突发公共卫生事件应急条例》已经2003年5月7日国务院第7次常务会议通过" in doc.full_text()
    assert "事件。根据国务院令第372号 规定执行。" in doc.full_text()  # a citation inside a line is never cut
    assert_nothing_lost(doc)


def test_a_doc_number_line_loses_the_spaces_its_ascii_brackets_came_with():
    text = "某市人民政府关于印发某市教育发展规划的通知\n某政 [2022] 17号\n各县（市、区）人民政府：\n现将规划印发给你们，请认真贯彻落实。\n"
    doc = run_import(text, source="notice.txt").doc
    assert doc.meta.doc_number == "某政〔2022〕17号"
    assert "某政〔2022〕17号" in doc.full_text().split("\n")


def test_a_notice_title_over_three_lines_wins_over_the_title_of_what_it_issues():
    """The 文号 right below a title marks the notice's own; the 规定 it issues comes later with its own title."""
    text = ("国务院办公厅关于印发文化体制改革中\n经营性文化事业单位转制为企业和进一步\n支持文化企业发展两个规定的通知\n"
            "国办发〔2018〕124号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "《文化体制改革中经营性文化事业单位转制为企业的规定》已经国务院同意，现印发给你们，请认真贯彻执行。\n"
            "国务院办公厅\n2018年12月18日\n文化体制改革中经营性文化事业单位\n转制为企业的规定\n"
            "为进一步深化文化体制改革，特制定以下规定：\n一、关于公司制股份制改革\n（一）经营性文化事业单位转制为企业，要依法登记。\n"
            "二、关于国有文化资产管理\n（二）建立健全管理机构。\n")
    doc = run_import(text, source="notice.txt").doc
    assert doc.meta.title == "国务院办公厅关于印发文化体制改革中经营性文化事业单位转制为企业和进一步支持文化企业发展两个规定的通知"
    assert doc.meta.doc_number == "国办发〔2018〕124号"
    assert "转制为企业的规定" in doc.full_text()  # the issued 规定's title stays in the text
    assert_nothing_lost(doc)


def test_the_importers_own_name_for_an_opening_follows_the_interface_language(monkeypatch):
    """导语 is the app's word, not the plan's: in English it reads Preamble; the plan's own titles stay."""
    doc = load("plan_toc_table.txt").doc
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert doc.section_by_id["intro"].label() == "Preamble"
    assert doc.section_by_id["1"].label() == "一、发展基础"


PLAN_1_1 = """某市粮食应急预案
1 总则
1.1 编制目的
为有效监测和控制粮食市场异常波动，保证粮食市场供应，制定本预案。
1.2 等级划分
1.2.1 国家级
全国较大范围或者数个省会城市出现粮食应急状态。
1.2.2 省级
省级人民政府认定需要启动应急响应的情况。
2 组织机构和职责
2.1 应急指挥部
（1）统一领导、分级负责。
（2）科学监测、预防为主。
3 附则
本预案自印发之日起施行。1 个月内各地制定实施细则。
"""


def test_a_decimal_outline_is_chapters_sections_and_items():
    """A 预案 numbered 1 / 1.1 / 1.2.1 had no heading found; its （1）… became the chapters."""
    doc = run_import(PLAN_1_1, source="yuan.txt").doc
    assert kinds(doc, "chapter") == ["1 总则", "2 组织机构和职责", "3 附则"]
    assert [s.label() for s in doc.sections if s.level == 2] == ["1.1 编制目的", "1.2 等级划分", "2.1 应急指挥部"]
    assert [s.label() for s in doc.sections if s.level == 3] == [
        "1.2.1 国家级", "1.2.2 省级", "（1）统一领导、分级负责", "（2）科学监测、预防为主"]
    assert any(m.text.startswith("本预案自印发之日起施行") for m in doc.measures)
    assert_nothing_lost(doc)


def test_the_document_a_notice_issues_is_the_title_even_when_the_page_names_the_notice():
    """The page's <title> (the notice's) beat the issued 方案: its title became a line of the 导语."""
    from tui.ingest.frontmatter import find_title

    head = ["国务院关于印发国家职业教育改革实施方案的通知", "国发〔2019〕4号", "各省、自治区、直辖市人民政府：",
            "现将《国家职业教育改革实施方案》印发给你们，请认真贯彻执行。", "国务院", "2019年1月24日",
            "国家职业教育改革实施方案"]
    assert find_title(head, "国务院关于印发国家职业教育改革实施方案的通知") == (6, 6)
    # A page that names its own document keeps it: the page's title still wins over a look-alike below.
    assert find_title(["关于加强某某工作的意见", "某政〔2020〕1号", "一、总体要求"], "关于加强某某工作的意见") == (0, 0)


def test_a_page_title_that_names_no_kind_of_document_yields_to_the_line_that_does():
    """A page whose <title> was its column's heading (接访信息详情) kept that as the plan's title."""
    from tui.ingest.frontmatter import find_title

    head = ["接访信息详情", "关于立即开展落实民生19项核查点情况意见通知", "各乡镇人民政府："]
    assert find_title(head, "接访信息详情") == (1, 1)
    # A heading run into the title below it is not part of it.
    head = ["接访信息详情", "关于立即开展落实", "民生核查点情况的意见通知", "各乡镇人民政府："]
    assert find_title(head, "接访信息详情") == (1, 2)


def test_an_emergency_plan_names_itself_the_title():
    """A text file opening with 天津市突发地质灾害应急预案 had no title (预案 was no kind of document)."""
    from tui.ingest.frontmatter import find_title

    assert find_title(["天津市突发地质灾害应急预案", "1 总则", "1.1 编制目的"]) == (0, 0)
    assert find_title(["某省学校食品安全管理规范", "第一章 总则"]) == (0, 0)


def test_a_decision_that_amends_a_document_is_the_title_not_the_document():
    """The page 关于修改《…办法》的决定 took the 办法 republished below it as its title."""
    from tui.ingest.frontmatter import find_title

    hint = "某省人民政府关于修改《某省流动人口服务和管理办法》的决定"
    head = [hint, "某省人民政府令", "第223号", "省人民政府常务会议决定对《某省流动人口服务和管理办法》作如下修改：",
            "某省流动人口服务和管理办法", "（2011年8月26日某省人民政府令第190号公布）"]
    assert find_title(head, hint) == (0, 0)


def test_an_info_tables_iso_date_and_a_related_reading_link_after_the_signature():
    """成文日期: 2020-02-05 gave no date; 相关解读：解读《…》 after the signature hid the signed date."""
    from tui.ingest.chrome import strip_chrome
    from tui.ingest.frontmatter import normalise_date

    assert normalise_date("2020-02-05") == normalise_date("2020/2/5") == "2020年2月5日"
    assert normalise_date("20200205") == ""
    text = ("各市人民政府：\n普通高中教育是国民教育体系的重要组成部分，在人才培养中起着承上启下的关键作用。\n"
            "2020年2月5日\n（此件主动公开）\n相关解读：解读《新时代推进普通高中育人方式改革的实施意见》")
    stripped = strip_chrome(text, paged=False)
    assert [r.text for r in stripped.removed] == ["相关解读：解读《新时代推进普通高中育人方式改革的实施意见》"]


def test_the_issuer_the_title_names_comes_before_the_pages_short_form():
    """A notice titled 江西省人民政府办公厅…的通知 took its issuer from the page's 发文机关: 省政府办公厅."""
    from tui.ingest.frontmatter import read_front_matter

    lines = ["各市、县（区）人民政府，省政府各部门：", "现将有关事项通知如下。", "2020年2月9日"]
    labels = {"发文机关": "省政府办公厅"}
    title = "江西省人民政府办公厅关于新时代推进普通高中育人方式改革的实施意见"
    assert read_front_matter(lines, labels, title).issuer == "江西省人民政府办公厅"
    assert read_front_matter(lines, labels).issuer == "省政府办公厅"
    # The signature's issuer is the text's own.
    signed = [*lines[:2], "江西省人民政府办公厅", "2020年2月9日"]
    assert read_front_matter(signed, labels, "关于新时代推进普通高中育人方式改革的实施意见").issuer == "江西省人民政府办公厅"


def test_a_contents_over_two_pages_with_leaders_and_commas():
    """A 目录 stopped at its first entry with a comma (9.深化考古研究，提升科技含量 …… 10) and at the
    next page's header: the rest became 56 chapters of the body, and 一、 headings plain lines."""
    from tui.ingest.toc import find_toc

    lines = ["某省文物事业发展规划", "目　录", "一、背景形势 ........ 1", "1.发展成就 .......... 1",
             "2.深化考古研究，提升科技含量 ........ 2", "内部资料，注意保存", "征求意见稿，请勿外传",
             "二、总体要求 ........ 3", "3.指导思想 .......... 3", "一、背景形势", "1.发展成就",
             "全省文物事业取得重大成就。", "2.深化考古研究，提升科技含量", "深入开展考古研究。",
             "二、总体要求", "3.指导思想", "坚持保护第一。"]
    toc = find_toc(lines)
    assert toc is not None
    assert sorted(toc.lines) == [1, 2, 3, 4, 7, 8]  # the page's header lines are not the 目录's
    assert toc.entries == ("一、背景形势", "1.发展成就", "2.深化考古研究，提升科技含量", "二、总体要求", "3.指导思想")


def test_the_years_below_a_title_are_part_of_it():
    """某某三年行动计划 / （2021-2023年）: the years stayed in the 导语 as a line of their own."""
    from tui.ingest.frontmatter import find_title
    from tui.ingest.pipeline import run_import

    assert find_title(["某市北斗产业三年行动计划", "（2021-2023年）", "一、总体要求"]) == (0, 1)
    assert find_title(["某市学校安全管理办法", "（试行）", "第一条　为了规范管理。"]) == (0, 1)
    assert find_title(["某市学校安全管理办法", "（一）总体要求"]) == (0, 0)
    assert find_title(["某省学校安全条例", "（2010年5月1日省人大常委会通过）", "第一条　为了规范管理。"]) == (0, 0)
    assert find_title(["某某同志在全市教育大会上的讲话", "（2022年7月1日）"]) in (None, (0, 0))
    assert find_title(["某省义务教育课程方案", "（2022年版）"]) == (0, 1)
    doc = run_import("某市北斗产业三年行动计划\n（2021-2023年）\n为加快北斗产业发展，制定本行动计划。\n"
                     "一、总体要求\n坚持创新驱动，推进产业发展。\n").doc
    assert doc.meta.title == "某市北斗产业三年行动计划（2021-2023年）"
    assert "（2021-2023年）" not in doc.full_text().split("\n")[1:]
