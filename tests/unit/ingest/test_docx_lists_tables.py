"""Word files: lists numbered by Word (numbering.xml) and tables, built here with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

from tui.cli import main
from tui.ingest.load import run_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered(document, levels: list[tuple[str, str]]) -> str:
    """Add a list to numbering.xml: one (numFmt, lvlText) per level; return its numId."""
    from docx.oxml import parse_xml

    root = document.part.numbering_part.element
    abstract_id = str(900 + len(root.findall(f"{{{W_NS}}}abstractNum")))
    lvls = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for k, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = root.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        root.append(abstract)
    num_id = str(900 + len(root.findall(f"{{{W_NS}}}num")))
    root.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _item(document, text: str, num_id: str, ilvl: int = 0):
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _save(document, tmp_path: Path) -> Path:
    path = tmp_path / "plan.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def _new():
    import docx

    document = docx.Document()
    document.add_paragraph("某县教育提升行动方案", style="Title")
    return document


def test_a_decimal_list_is_items_of_its_section_with_the_numbers_word_draws(tmp_path):
    document = _new()
    document.add_heading("一、工作措施", level=1)
    document.add_paragraph("各校要做好以下工作：")
    decimal = _numbered(document, [("decimal", "%1.")])
    for text in ("建立值班值守制度", "完善咨询答问库", "开展试点示范"):
        _item(document, text, decimal)
    bullets = _numbered(document, [("bullet", "\uf0b7")])
    _item(document, "每周一次安全检查。", bullets)
    _item(document, "每月一次应急演练。", bullets)
    doc = run_file(_save(document, tmp_path)).doc
    assert [s.label() for s in doc.sections] == ["一、工作措施"]  # no item sections, no level-4 headings
    texts = [[doc.measure_by_id[m].text for m in b.measure_ids] for b in doc.blocks if b.kind == "paragraph"]
    assert texts == [["各校要做好以下工作："], ["1.建立值班值守制度"], ["2.完善咨询答问库"], ["3.开展试点示范"],
                     ["每周一次安全检查。"], ["每月一次应急演练。"]]
    assert {m.section_id for m in doc.measures} == {"1"}
    assert doc.stats["items"] == 0 and doc.stats["measures"] == 6


def test_chapter_numbering_done_by_word_lists_is_headings(tmp_path):
    document = _new()
    outline = _numbered(document, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    _item(document, "总体要求", outline, 0)
    _item(document, "指导思想", outline, 1)
    document.add_paragraph("坚持以人民为中心的发展思想。")
    _item(document, "工作目标", outline, 1)
    document.add_paragraph("到2025年，全面提升教育质量。")
    _item(document, "学位供给。新建学校3所，新增学位2000个。", outline, 2)
    _item(document, "主要任务", outline, 0)
    document.add_paragraph("扩大优质教育资源。")
    doc = run_file(_save(document, tmp_path)).doc
    assert [(s.id, s.kind, s.label()) for s in doc.sections] == [
        ("1", "chapter", "一、总体要求"), ("1.1", "section", "（一）指导思想"), ("1.2", "section", "（二）工作目标"),
        ("1.2.1", "item", "1.学位供给"), ("2", "chapter", "二、主要任务")]
    assert doc.measure_by_id["1.1.h"].text == "（一）指导思想"


def test_a_short_numbered_title_with_text_below_it_is_a_heading(tmp_path):
    document = _new()
    document.add_heading("一、主要任务", level=1)
    decimal = _numbered(document, [("decimal", "%1.")])
    _item(document, "扩大学位供给", decimal)
    document.add_paragraph("新建学校3所。")
    _item(document, "加强教师队伍", decimal)
    document.add_paragraph("补充教师120名。")
    doc = run_file(_save(document, tmp_path)).doc
    assert [s.label() for s in doc.children("1")] == ["1.扩大学位供给", "2.加强教师队伍"]


def _table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    return table


def test_word_tables_are_table_blocks_and_keep_every_cell(tmp_path, capsys):
    document = _new()
    document.add_heading("一、主要指标", level=1)
    document.add_paragraph("到2025年，主要指标如下。")
    table = _table(document, [["指标", "2020年", "2025年"], ["学前教育毛入园率", "90%", "96%"], ["", "", ""],
                              ["备注", "", ""]])
    table.cell(3, 0).merge(table.cell(3, 2))  # one cell across the row: its text once, not three times
    table.cell(3, 0).text = "注：2025年为预期值"
    nested = table.cell(1, 2).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "力争98%"
    box = document.add_table(rows=1, cols=1)  # a one-column frame around text: paragraphs, not a table
    box.cell(0, 0).text = "专栏1 学前教育提升工程。新建幼儿园10所。"
    path = _save(document, tmp_path)
    imported = run_file(path)
    doc = imported.doc
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and doc.stats["tables"] == 1
    rows = [doc.measure_by_id[m] for m in tables[0].measure_ids]
    assert [m.text for m in rows] == ["指标  2020年  2025年", "学前教育毛入园率  90%  96% 力争98%", "注：2025年为预期值"]
    assert {m.kind for m in rows} == {"row"} and {m.section_id for m in rows} == {"1"}
    assert "专栏1 学前教育提升工程。新建幼儿园10所。" in doc.full_text()
    assert main(["import", str(path), "--no-library", "-o", str(tmp_path / "plan.json")]) == 0
    assert "表格 1" in capsys.readouterr().out


def test_html_tables_are_table_blocks_too(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某县教育提升行动方案</title></head><body>
<div class="article"><h1>某县教育提升行动方案</h1><h2>一、工作目标</h2>
<p>到2025年，全县义务教育优质均衡发展基本实现，新建学校和新增学位按期完成。</p>
<table><tr><td>指标</td><td>2020年</td><td>2025年</td></tr><tr><td>学前教育毛入园率</td><td>90%</td><td>96%</td></tr></table>
<h2>二、保障措施</h2><p>成立工作领导小组，统筹推进集团化办学和教师交流，各部门要各司其职。</p></div></body></html>"""
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    doc = run_file(path).doc
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [doc.measure_by_id[m].text for m in table.measure_ids] == ["指标  2020年  2025年", "学前教育毛入园率  90%  96%"]
    assert table.section_id == "1" and doc.stats["tables"] == 1


def test_a_web_table_whose_cells_are_paragraphs_keeps_its_repeated_cells(tmp_path):
    """gov.cn sets every cell in a <p>: the table was read as loose lines, and a cell repeated in
    every row (全国, 定量) was then removed as a running header, from a page that has no pages."""
    rows = "".join(f"<tr><td><p>{k}</p></td><td><p>第{k}项改革举措的名称</p></td><td><p>全国</p></td></tr>"
                   for k in range(1, 7))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某改革举措推广清单的通知</title></head><body>
<div class="article"><h1>某某改革举措推广清单的通知</h1><p>各省、自治区、直辖市人民政府：</p>
<p>现将改革举措推广清单印发给你们，请认真贯彻执行，确保各项举措落地见效。</p>
<table><tr><td><p>序号</p></td><td><p>改革举措</p></td><td><p>推广范围</p></td></tr>{rows}</table>
<p>各地区要加强组织领导，抓好推广工作，重大问题及时报告。</p></div></body></html>"""
    path = tmp_path / "list.html"
    path.write_text(page, encoding="utf-8")
    imported = run_file(path)
    doc = imported.doc
    table = next(b for b in doc.blocks if b.kind == "table")
    texts = [doc.measure_by_id[m].text for m in table.measure_ids]
    assert texts[0] == "序号  改革举措  推广范围" and len(texts) == 7
    assert all(t.endswith("  全国") for t in texts[1:])
    assert not [r for r in imported.removed if "全国" in r.text]


def test_a_short_line_repeated_is_a_running_header_only_in_paged_text():
    from tui.ingest.chrome import strip_chrome

    text = "\n".join(["某县教育发展规划", "第一段正文内容较长，说明规划的目的和依据。"] + ["内部资料"] * 3 + ["第二段正文。"])
    assert [r.text for r in strip_chrome(text).removed] == ["内部资料", "内部资料"]
    assert strip_chrome(text, paged=False).removed == ()
