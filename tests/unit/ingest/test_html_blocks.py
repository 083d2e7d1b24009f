"""Web pages: no block of the main text is lost to trafilatura's de-duplication; the page around it is reported."""

from __future__ import annotations

import random

import pytest
from lxml import html as lxml_html

from tui.cli import main
from tui.ingest.formats.html import read_html
from tui.ingest.formats.html_blocks import LINKS, OUTSIDE, Block, Line, page_blocks, text_of
from tui.ingest.formats.html_restore import ideographic_spaces, joined_runs, opcodes_of, restore
from tui.ingest.load import run_file

NUMBERS = "一二三四五六七八九十"
HEADING = "三、关于资产和土地处置"


def _measures(first: int, count: int) -> str:
    """Distinct measures, long enough together that trafilatura takes its fallback pass over bare paragraphs."""
    return "".join(
        f"<p>（{NUMBERS[k % 10]}）第{k}条措施：完善体制机制，健全工作制度，推进改革创新，加强组织保障，确保政策落实到位。</p>"
        for k in range(first, first + count)
    )


def _rules(title: str, first: int) -> str:
    """A 规定 with three chapters; the third chapter's heading is the same in both 规定."""
    return (f"<p><b>{title}</b></p><p>为进一步深化改革，特制定以下规定：</p>"
            f"<p><b>一、关于总体要求</b></p>{_measures(first, 6)}"
            f"<p><b>二、关于财政支持</b></p>{_measures(first + 6, 6)}"
            f"<p><b>{HEADING}</b></p>{_measures(first + 12, 6)}")


# A notice issuing two 规定, saved as its content area alone (bare paragraphs, as gov.cn's UCAP-CONTENT).
NOTICE = (
    "<p>国务院办公厅关于印发某某改革中单位转制为企业和进一步支持企业发展两个规定的通知</p>"
    "<p>国办发〔2018〕124号</p><p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>"
    "<p>有关部门拟定的《某某改革中单位转制为企业的规定》和《进一步支持企业发展的规定》已经国务院同意，"
    "现印发给你们，请认真贯彻执行。</p><p>国务院办公厅</p><p>2018年12月18日</p><p>（此件公开发布）</p>"
    + _rules("某某改革中单位转制为企业的规定", 0)
    + _rules("进一步支持企业发展的规定", 18)
)


def test_a_heading_repeated_in_the_second_attachment_is_kept(tmp_path):
    """trafilatura's fallback pass takes a block's text once: the second 规定's 三、 was dropped."""
    assert read_html(NOTICE.encode(), "notice.html").text.split("\n\n").count(HEADING) == 2
    path = tmp_path / "notice.html"
    path.write_bytes(NOTICE.encode())
    doc = run_file(path).doc
    second = [s for s in doc.sections if s.kind == "attachment"][1]
    assert [s.label() for s in doc.children(second.id)] == ["一、关于总体要求", "二、关于财政支持", HEADING]
    assert doc.stats["uncertain"] == 0


def _page(body: str) -> bytes:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>某市规划</title></head><body>'
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zw">政务公开</a></div>'
        f'<div class="article">{body}</div>'
        '<div class="footer">版权所有 某市人民政府 <a href="/map">网站地图</a></div></body></html>'
    ).encode()


LONG = "各地要加强统筹协调，落实工作责任，确保各项措施落地见效，切实提升基层治理能力和公共服务水平，推动高质量发展。"
TABLE = "<table><tr><td>指标</td><td>2025年</td></tr><tr><td>学前教育毛入园率</td><td>96%</td></tr></table>"


@pytest.mark.parametrize(("body", "repeated", "count"), [
    (_measures(0, 12) + f"<p>{LONG}</p><p>{LONG}</p>" + _measures(12, 12), LONG, 2),  # a paragraph said twice in a row
    (f"<p>{LONG}</p>" + _measures(0, 12) + f"<p>{LONG}</p>" + _measures(12, 12), LONG, 2),  # … and apart
    (_measures(0, 12) + "<p>（此件公开发布）</p>" + _measures(12, 12) + "<p>（此件公开发布）</p>" + _measures(24, 2),
     "（此件公开发布）", 2),  # a short line
], ids=["paragraph-twice", "paragraph-apart", "short-line"])
def test_repeated_blocks_of_a_page_are_all_kept(body, repeated, count):
    assert read_html(_page(body), "page.html").text.split("\n\n").count(repeated) == count


def test_a_repeated_table_is_kept_as_a_table():
    body = _measures(0, 12) + TABLE + _measures(12, 12) + TABLE + _measures(24, 2)
    extracted = read_html(_page(body), "page.html")
    assert extracted.tables == (("指标  2025年", "学前教育毛入园率  96%"),) * 2
    assert extracted.text.split("\n\n").count("学前教育毛入园率  96%") == 2


def test_the_page_around_the_text_is_listed_as_removed(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_bytes(_page(_measures(0, 24)))
    assert main(["import", str(path), "--no-library", "--show-removed", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "[outside the main text]  首页 > 政务公开" in out
    assert "[outside the main text]  版权所有某市人民政府网站地图" in out
    # the breadcrumb line comes first, the footer last: in the page's order
    assert out.index("首页 > 政务公开") < out.index("版权所有某市人民政府网站地图")


def _blocks(*texts: str) -> list[Block]:
    return [Block(t) for t in texts]


def test_restore_puts_a_lost_middle_block_back_and_keeps_the_page_out():
    blocks = _blocks("首页 > 政务公开", "一、总体要求", "（一）措施甲。", "一、总体要求", "（二）措施乙。", "版权所有")
    lines = [Line("一、总体要求"), Line("（一）措施甲。"), Line("（二）措施乙。")]
    out, removed = restore(lines, blocks)
    assert [line.text for line in out] == ["一、总体要求", "（一）措施甲。", "一、总体要求", "（二）措施乙。"]
    assert [(r.line, r.text, r.reason) for r in removed] == [(0, "首页 > 政务公开", OUTSIDE), (4, "版权所有", OUTSIDE)]


def test_restore_leaves_out_links_inside_the_text_but_says_so():
    blocks = [Block("（一）措施甲。"), Block("相关新闻", links=True), Block("（二）措施乙。")]
    out, removed = restore([Line("（一）措施甲。"), Line("（二）措施乙。")], blocks)
    assert [line.text for line in out] == ["（一）措施甲。", "（二）措施乙。"]
    assert [(r.text, r.reason) for r in removed] == [("相关新闻", LINKS)]


def test_restore_keeps_lines_split_or_joined_differently_without_copying_them():
    """A block the extractor split in two lines is kept once; two blocks it ran together are
    the page's two lines again."""
    blocks = _blocks("甲。", "乙。丙。", "丁。", "戊。", "己。")
    lines = [Line("甲。"), Line("乙。"), Line("丙。"), Line("丁。戊。"), Line("己。")]
    out, removed = restore(lines, blocks)
    assert [line.text for line in out] == ["甲。", "乙。", "丙。", "丁。", "戊。", "己。"] and removed == []


def test_restore_puts_a_lost_row_back_in_its_table():
    blocks = [Block("甲。"), Block("指标  2025年", 0, 2), Block("学校  3所", 0, 2), Block("学校  3所", 0, 2),
              Block("教师  120名", 0, 2), Block("乙。")]
    lines = [Line("甲。"), Line("指标  2025年", 0), Line("学校  3所", 0), Line("教师  120名", 0), Line("乙。")]
    out, _ = restore(lines, blocks)
    assert [(line.text, line.table) for line in out[1:5]] == [
        ("指标  2025年", 0), ("学校  3所", 0), ("学校  3所", 0), ("教师  120名", 0)]


def test_restore_changes_nothing_when_the_page_and_the_text_share_no_block():
    lines = [Line("甲。")]
    assert restore(lines, _blocks("乙。", "丙。")) == (lines, [])


def test_page_blocks_reads_what_a_reader_sees():
    page = lxml_html.document_fromstring(
        "<html><head><title>标题</title><script>var a = '脚本';</script></head><body>"
        "<div>导语<p>第一段<br>接着第一段</p><span style='display: none'>隐藏</span>尾巴</div>"
        "<table><tr><td>指标</td><td>目标</td></tr><tr><td><p>单元格里的段落</p></td></tr></table>"
        "<table><tr><td><p>版式</p><p>表格</p><p>里的</p><p>四段</p></td></tr></table>"
        "<ul><li><a href='/1'>链接</a></li><li>文字<a href='/2'>和链接</a></li></ul></body></html>"
    )
    assert page_blocks(page) == [
        Block("导语"), Block("第一段\n接着第一段"), Block("尾巴"), Block("指标  目标", 0, 2),  # <br>: a new line
        Block("单元格里的段落", 0, 1),  # a cell's text set in a paragraph (as gov.cn does) is data
        Block("版式"), Block("表格"), Block("里的"), Block("四段"),  # more paragraphs: a layout cell
        Block("链接", links=True), Block("文字和链接"),
    ]


def test_opcodes_turn_one_sequence_into_the_other():
    rng = random.Random(7)
    for _ in range(300):
        a = [rng.choice("abcdefgh") + str(rng.randrange(3)) for _ in range(rng.randrange(30))]
        b = [x for x in a if rng.random() > 0.3] + [rng.choice("xy") for _ in range(rng.randrange(3))]
        if rng.random() < 0.1:
            rng.shuffle(b)
        i = j = 0
        for tag, i1, i2, j1, j2 in opcodes_of(a, b):
            assert (i1, j1) == (i, j)  # each opcode starts where the last one ended
            assert (tag == "equal") == (a[i1:i2] == b[j1:j2])
            i, j = i2, j2
        assert (i, j) == (len(a), len(b))


def test_a_run_of_non_breaking_spaces_is_set_as_an_ideographic_space():
    """<strong>第一条&nbsp;&nbsp;&nbsp;</strong>为了… read 第一条为了…: the gap was lost."""
    from lxml import html as lxml_html

    p = lxml_html.fromstring("<p><strong>第一条&nbsp;&nbsp;&nbsp;</strong>为了规范管理，制定本办法。</p>")
    assert text_of(p) == "第一条\u3000为了规范管理，制定本办法。"
    assert text_of(lxml_html.fromstring("<p>policy&nbsp;tui 与 教育\n规划</p>")) == "policy tui 与教育规划"
    # At a cell's start they only push its text over: the cell stays a cell of its own.
    cell = lxml_html.fromstring("<td><p><span><br/></span><span>&nbsp;&nbsp;汪华明 13607013288</span></p></td>")
    assert text_of(cell) == "汪华明 13607013288"
    assert text_of(lxml_html.fromstring("<td>余江区政府&nbsp;&nbsp;</td>")) == "余江区政府"


def test_the_ideographic_spaces_of_the_page_come_back():
    """trafilatura turns 第一条　为了… into 第一条 为了…, and the space went when Chinese words were joined."""
    assert ideographic_spaces("第一条 为了规范", "第一条\u3000为了规范") == "第一条\u3000为了规范"
    assert ideographic_spaces("第一章 总 则", "第一章\u3000总\u3000\u3000则") == "第一章\u3000总\u3000\u3000则"
    assert ideographic_spaces("1.3 适用范围", "1 . 3\u3000适用范围") == "1.3\u3000适用范围"  # the line's own spacing
    assert ideographic_spaces("GDP 增长", "GDP 增长") == "GDP 增长"


def test_an_article_keeps_the_space_after_its_number(tmp_path):
    body = "".join(f"<p><span style='font-weight:bold'>第{n}条</span>\u3000本条规定第{n}项管理事项，有关部门应当"
                   "按照职责分工认真执行，并将执行情况及时报告上级主管部门。</p>" for n in "一二三四五六七八")
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>某某管理办法</title></head><body><div>"
            f"<h1>某某管理办法</h1><p>第一章\u3000总\u3000\u3000则</p>{body}</div></body></html>")
    path = tmp_path / "rules.html"
    path.write_text(page, encoding="utf-8")
    doc = run_file(path).doc
    assert [m.text for m in doc.measures if m.text.startswith("第")][:2] == [
        "第一章\u3000总\u3000\u3000则",
        "第一条\u3000本条规定第一项管理事项，有关部门应当按照职责分工认真执行，并将执行情况及时报告上级主管部门。",
    ]


def test_a_block_the_extractor_moved_goes_back_where_the_page_has_it():
    """A table's 注 that trafilatura set before the table was listed as removed (正文之外), though
    kept; then it stayed before the table, where the page does not have it."""
    note = "注：标记“▲”的指标为国家监测指标，其余为地方指标。"
    lines = [Line("第一段正文内容较长。"), Line(note), Line("指标一  定量", 0), Line("指标二  定性", 0)]
    blocks = [Block("第一段正文内容较长。"), Block("指标一  定量", 0, 2), Block("指标二  定性", 0, 2), Block(note),
              Block("扫一扫在手机打开当前页")]
    out, removed = restore(lines, blocks)
    assert out == [lines[0], lines[2], lines[3], lines[1]]  # once, after the table
    assert [r.text for r in removed] == ["扫一扫在手机打开当前页"]
    # A line the page has in links (a menu) stays where the extractor put it.
    menu = [Block("第一段正文内容较长。"), Block("指标一  定量", 0, 2), Block("指标二  定性", 0, 2),
            Block(note, links=True)]
    out, removed = restore(lines, menu)
    assert out == lines and removed == []


def _titled_page(title_tag: str, header: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title_tag}</title></head><body>'
        f'<div class="top"><a href="/">首页</a> <a href="/video">视频</a></div>'
        f'<div class="header">{header}</div><div class="article">{body}</div>'
        '<div class="footer">版权所有 某市教育局</div></body></html>'
    ).encode()


@pytest.mark.parametrize("title_tag", ["某市民族地区教育事业的发展状况", "某市民族地区教育事业的发展状况_某市教育局"])
def test_the_page_title_standing_apart_from_the_text_is_the_plans_title(tmp_path, title_tag):
    """An h1 in the page's header, apart from the text trafilatura keeps, was removed as 正文之外."""
    title = "某市民族地区教育事业的发展状况"
    body = "<p>一、发展成就</p>" + _measures(0, 6) + "<p>二、战略目标</p>" + _measures(6, 6)
    path = tmp_path / "page.html"
    path.write_bytes(_titled_page(title_tag, f"<h1>{title}</h1>", body))
    result = run_file(path)
    assert result.doc.meta.title == title
    assert [r.text for r in result.removed] == ["首页视频", "版权所有某市教育局"]


def test_a_column_heading_over_the_text_is_not_the_plans_title(tmp_path):
    """The page's <title> and an h3 over the article named the column (接访信息详情), not the document."""
    title = "关于立即开展落实民生十九项核查点情况的意见通知"
    body = (f"<p>{title}</p><p>各乡镇人民政府，县级有关部门：</p><p>一、核查内容</p>" + _measures(0, 6)
            + "<p>二、工作要求</p>" + _measures(6, 6))
    path = tmp_path / "page.html"
    path.write_bytes(_titled_page("接访信息详情", "<h3>接访信息详情</h3>", body))
    result = run_file(path)
    assert result.doc.meta.title == title
    # The heading stays with the page's text before the title, shown as such.
    assert [(s.kind, s.title) for s in result.doc.sections[:1]] == [("front", "接访信息详情")]


def test_a_document_info_table_is_page_info_not_the_plans_title(tmp_path):
    """A 信息公开 table (索引号  …  文号  …, no colons) before the title stayed as text: its last
    row ran into the title (成文日期  2023-10-16  公开方式  主动公开丽水市…通知)."""
    title = "某市人民政府关于下达2023年退役士兵安置任务的通知"
    info = ("<table><tr><td>索引号</td><td>113325000026455663/2023-43887</td><td>文号</td><td>某政发〔2023〕30号</td></tr>"
            "<tr><td>组配分类</td><td>市政府文件</td><td>发布机构</td><td>市政府</td></tr>"
            "<tr><td>成文日期</td><td>2023-10-16</td><td>公开方式</td><td>主动公开</td></tr></table>")
    body = (f"<div>{title}</div><div>发布时间：2023-10-23 08:59 信息来源：市府办</div><p>各县（市、区）人民政府：</p>"
            "<p>一、安置任务</p>" + _measures(0, 6) + "<p>二、工作要求</p>" + _measures(6, 6))
    path = tmp_path / "page.html"
    path.write_bytes(_titled_page(title, "", info + body))
    result = run_file(path)
    meta = result.doc.meta
    assert (meta.title, meta.doc_number, meta.date_posted) == (title, "某政发〔2023〕30号", "2023/10/23")
    info_rows = [r.text for r in result.removed if r.reason == "info"]
    assert len(info_rows) == 4 and info_rows[0].startswith("索引号")
    assert not any("索引号" in m.text or "公开方式" in m.text for m in result.doc.measures)


def test_a_decision_amending_a_document_keeps_its_title_and_the_document_its_place(tmp_path):
    """A page 关于修改《…办法》的决定, with the 办法 as amended below it, took the 办法 as its title and
    its heading out of the body; the page's <title> (site and column names before it) went unused."""
    decision = "某省人民政府关于修改《某省流动人口服务和管理办法》的决定"
    rules = "".join(f"<p>第{n}条　流动人口服务和管理工作应当坚持以人为本、服务优先、依法管理的原则，保障合法权益。</p>"
                    for n in "一二三四五六七八")
    body = (f"<p>{decision}</p><p>某省人民政府令</p><p>第223号</p>"
            "<p>省人民政府常务会议决定对《某省流动人口服务和管理办法》作如下修改：</p>"
            "<p>一、将第六条修改为：“公安机关负责流动人口的居住登记和居住证的申领受理、制作、发放工作。”</p>"
            "<p>二、删除第十二条。</p><p>本决定自公布之日起施行。</p>"
            "<p>某省流动人口服务和管理办法</p><p>（2011年8月26日某省人民政府令第190号公布）</p>" + rules)
    path = tmp_path / "page.html"
    path.write_bytes(_titled_page(f"某省人民政府 政策文件 {decision}", "", body))
    doc = run_file(path).doc
    assert doc.meta.title == decision
    assert any(s.title == "某省流动人口服务和管理办法" for s in doc.sections) or any(
        m.text == "某省流动人口服务和管理办法" for m in doc.measures)


def test_a_table_row_with_half_width_brackets_stays_in_its_table(tmp_path):
    """Rows after 张毅 (全南县政府副县长) fell out of their table (the text's brackets had been made
    full width, the table's rows not) and were read as sentences."""
    rows = "".join(
        f"<tr><td>{k}</td><td>某某公司年产{k}万吨新材料项目</td><td>{k * 10}</td>"
        f"<td>{'张毅 (全南县政府副县长)' if k == 3 else '李明（某县政府副县长）'}</td></tr>" for k in range(1, 7))
    body = ("<p>各设区市人民政府，省政府各部门：</p><p>现将重大项目清单印发给你们，请认真组织实施。</p>"
            f"<table><tr><td>序号</td><td>项目名称</td><td>投资（亿元）</td><td>牵头领导</td></tr>{rows}</table>")
    path = tmp_path / "page.html"
    path.write_bytes(_titled_page("关于印发重大项目清单的通知", "", "<p>关于印发重大项目清单的通知</p>" + body))
    doc = run_file(path).doc
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert [len(b.measure_ids) for b in tables] == [7]


def test_restore_takes_the_title_alone_not_the_site_name_nor_twice():
    lines = [Line("一、总体要求"), Line("（一）措施甲。")]
    title = "某县“十四五”教育事业发展规划_某县人民政府网"
    # The site's name is part of the page's title, but not the title.
    out, removed = restore(lines, _blocks("某县人民政府网", *[line.text for line in lines]), [title])
    assert out == lines and [r.text for r in removed] == ["某县人民政府网"]
    # The title line, where the page has it before the text, comes first.
    out, removed = restore(lines, _blocks("首页", "某县“十四五”教育事业发展规划", "一、总体要求", "（一）措施甲。"), [title])
    assert out[0] == Line("某县“十四五”教育事业发展规划", title=True) and out[1:] == lines
    assert [r.text for r in removed] == ["首页"]
    # A text that holds its title already does not get it twice.
    held = [Line("某县“十四五”教育事业发展规划（2021—2025年）"), *lines]
    out, removed = restore(held, _blocks("某县“十四五”教育事业发展规划", *[line.text for line in held]), [title])
    assert out == held and [r.text for r in removed] == ["某县“十四五”教育事业发展规划"]


BROKEN = ("各市（州）、县（市、区）人民政府：<br/>现将有关事项通知如下，请认真贯彻执行并及时报告进展情况。<br/>"
          "<b>一、各地自查</b><br/>各市要按照督查的内容和重点，对本地区贯彻实施情况开展逐项自查，认真总结经验做法。<br/>"
          "<b>二、部门自查</b><br/>省级部门要按照职责分工，从行业主管部门的角度进行深入自查，客观反映工作进展情况。<br/>"
          "特此通知。")


@pytest.mark.parametrize("content", [f"<p>{BROKEN}</p>", BROKEN], ids=["in-a-paragraph", "in-a-div"])
def test_a_page_set_with_line_breaks_keeps_its_lines_and_headings(tmp_path, content):
    """Paragraphs set apart by <br> (in one <p>, or straight in a div, where the extractor takes the
    whole page as one paragraph) ran into one line: no headings, the title and menu glued on."""
    path = tmp_path / "notice.html"
    path.write_bytes(("<html><head><meta charset='utf-8'><title>关于开展自查的通知</title></head><body>"
                      "<div class='nav'><a href='/'>首页</a></div><h1>关于开展自查的通知</h1>"
                      f"<div class='content'>{content}</div></body></html>").encode())
    result = run_file(path)
    doc = result.doc
    assert doc.meta.title == "关于开展自查的通知"
    assert [s.label() for s in doc.sections if s.kind == "chapter"] == ["一、各地自查", "二、部门自查"]
    assert doc.measures[-1].text == "特此通知。"
    assert [r.text for r in result.removed] == ["首页"]


def test_a_paragraph_hard_wrapped_with_br_is_one_paragraph_again():
    wrapped = "各市要按照督查的内容和重点，对本地区贯彻实施情况<br/>开展逐项自查，认真总结经验做法，抓紧贯彻落实。"
    text = read_html(_page(_measures(0, 12) + f"<p>{wrapped}</p>" + _measures(12, 12)), "page.html").text
    assert "对本地区贯彻实施情况\n开展逐项自查" in text  # a line of its own paragraph, which reflow joins
    from tui.ingest.reflow import reflow

    assert "对本地区贯彻实施情况开展逐项自查" in reflow(text)


def test_text_runs_inline_elements_together_and_breaks_only_where_asked():
    cell = lxml_html.fragment_fromstring("<td>点评处方数<span>/</span>处方总数×<b>100%</b><br/>（年度）</td>")
    assert text_of(cell) == "点评处方数/处方总数×100%（年度）"
    assert text_of(cell, breaks=True) == "点评处方数/处方总数×100%\n（年度）"


def test_joined_runs_finds_the_blocks_a_line_runs_together():
    source = ["首页", "关于开展自查的通知", "各市人民政府：现将有关事项通知如下。", "特此通知。"]
    lines = ["关于开展自查的通知各市人民政府：现将有关事项通知如下。", "特此通知。"]
    assert joined_runs(source, range(4), lines, range(2)) == {0: range(1, 3)}
