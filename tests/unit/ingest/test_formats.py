"""Web pages, Word files and PDFs, generated here from a text fixture with the libraries that read them."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import PLANS
from tui.errors import UserError
from tui.ingest.load import check_input, import_file, load_document, run_file

PLAN = (PLANS / "circled_items.txt").read_text(encoding="utf-8")
PLAN_LINES = [line for line in PLAN.splitlines() if line.strip()]
TITLE = "某县教育提升行动方案"


def html_page() -> bytes:
    body = "\n".join(
        f"<h2>{line}</h2>" if line[:2] in ("一、", "二、") else f"<p>{line}</p>" for line in PLAN_LINES
    )
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_某县人民政府</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zw">政务公开</a></div>
<div class="article"><div class="info">发布时间：2023-03-20 来源：县教育局</div>{body}</div>
<div class="footer">版权所有 某县人民政府 <a href="/map">网站地图</a></div></body></html>"""
    return page.encode("utf-8")


def docx_file() -> bytes:
    import docx

    document = docx.Document()
    for line in PLAN_LINES:
        if line == TITLE:
            document.add_paragraph(line, style="Title")
        elif line[:2] in ("一、", "二、"):
            document.add_heading(line, level=1)
        elif line.startswith(("1.", "2.")):
            # Word's own numbering: the number is drawn by Word, not typed.
            document.add_paragraph(line[2:], style="List Number")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("学校", "学位", "教师"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("3所", "2000个", "120名"), strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_file(width: int = 24) -> bytes:
    """Two A4 pages: a running header and page numbers, paragraphs wrapped at ``width`` characters."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    wrapped = [line[k : k + width] for line in PLAN_LINES for k in range(0, len(line), width)]
    pages = [wrapped[: len(wrapped) // 2], wrapped[len(wrapped) // 2 :]]
    for number, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 10)
        c.drawString(72, 800, "某县人民政府文件")
        c.setFont("STSong-Light", 12)
        for k, line in enumerate(lines):
            c.drawString(72, 760 - 18 * k, line)
        c.drawString(290, 40, f"- {number} -")
        c.showPage()
    c.save()
    return out.getvalue()


def assert_plan(doc) -> None:
    assert doc.meta.title == TITLE
    assert doc.meta.doc_number == "县政〔2023〕5号"
    assert [s.label() for s in doc.chapters] == ["一、工作目标", "二、保障措施"]
    assert [s.number for s in doc.children("1")] == ["（一）", "（二）"]
    assert any(m.text == "1.学位供给。" for m in doc.measures)
    assert "到2025年，全县义务教育优质均衡发展基本实现。" in doc.full_text()


def test_html_page(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(html_page())
    imported = run_file(path)
    assert imported.fmt == "html"
    assert_plan(imported.doc)
    text = imported.doc.full_text()
    assert "<" not in text and "首页" not in text and "版权所有" not in text


def test_word_file_with_heading_styles_and_numbering(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_file())
    imported = run_file(path)
    assert imported.fmt == "docx"
    assert_plan(imported.doc)
    assert [s.number for s in imported.doc.sections if s.parent_id == "1.2"] == ["1.", "2."]
    assert "学校  学位  教师" in imported.doc.full_text()


def test_pdf_with_text_layer(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_file())
    imported = run_file(path)
    assert imported.fmt == "pdf"
    assert_plan(imported.doc)
    # The page layout's line breaks are gone; headers and page numbers are removed and reported.
    assert "现将《某县教育提升行动方案》印发给你们，请认真组织实施。" in imported.doc.full_text()
    removed = {(r.reason, r.text) for r in imported.removed}
    assert {("page", "- 1 -"), ("page", "- 2 -"), ("repeated", "某县人民政府文件")} <= removed
    assert "某县人民政府文件" not in imported.doc.full_text()


def test_scanned_pdf_and_old_word_are_refused_with_advice(tmp_path):
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument.new()
    scan.new_page(595, 842)
    buffer = io.BytesIO()
    scan.save(buffer)
    (tmp_path / "scan.pdf").write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match="ocrmypdf"):
        import_file(tmp_path / "scan.pdf")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(UserError, match="docx"):
        check_input(tmp_path / "old.doc")


def test_word_headings_without_numbers_open_sections(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("某区职业教育发展规划", style="Title")
    document.add_paragraph("为推动职业教育发展，制定本规划。")
    for heading, body in (("总体要求", "坚持服务发展。"), ("主要任务", "深化产教融合。"), ("保障措施", "加强组织领导。")):
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    document.add_heading("经费保障", level=2)
    document.add_paragraph("加大投入。")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    doc = import_file(path)
    assert doc.meta.title == "某区职业教育发展规划"
    assert [s.title for s in doc.chapters] == ["总体要求", "主要任务", "保障措施"]
    assert [s.title for s in doc.children("3")] == ["经费保障"]
    assert "为推动职业教育发展，制定本规划。" in doc.full_text()


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_reader_and_cli_accept_every_format(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = {".html": html_page, ".docx": docx_file, ".pdf": pdf_file}[suffix]()
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(data)
    check_input(path)
    assert load_document(path).meta.title == TITLE
    proc = subprocess.run([sys.executable, "-m", "tui", "import", str(path)], capture_output=True, text=True,
                          timeout=120, env={**_env(), "POLICY_TUI_LANG": "en"})
    assert proc.returncode == 0, proc.stderr
    assert f"input format: {suffix[1:]}" in proc.stdout
    assert Path(tmp_path / "plan.json").exists()


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_pdf_paragraphs_follow_their_indent_not_where_a_sentence_ends(tmp_path):
    """A sentence ending at the end of a PDF line started a new paragraph, though the next
    line was not indented (第十五条 … 次日起计算。 | 期满未按规定续展的 …)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from tui.ingest.formats.pdf import read_pdf

    paragraphs = [
        "第一条　为规范公共数据资源登记工作，根据有关法律法规，制定本办法。",
        "第二条　登记结果有效期为三年，自赋码之日起计算。期满未按规定续展的，由登记机构予以注销。",
        "登记机构应建立健全数据资源登记管理责任机制，履行数据安全保护义务，妥善保管登记信息。",
        "第三条　本办法由国家数据局负责解释。",
        "第四条　本办法由国家数据局负责解释并组织好实施。",  # one full line, a sentence's end
        "三）发展目标",  # a heading the source set without its bracket nor indent
        "到二〇二五年，登记工作体系基本建立，登记服务规范高效，登记结果有效应用。",
    ]
    width = 26

    def lines_of(text: str) -> list[str]:  # the first line indented by two characters
        if text.endswith("目标"):
            return [text]
        return [text[: width - 2]] + [text[i : i + width] for i in range(width - 2, len(text), width)]

    assert lines_of(paragraphs[1])[0].endswith("计算。")  # a full line that ends a sentence, not the paragraph
    assert lines_of(paragraphs[4]) == [paragraphs[4]] and len(paragraphs[4]) == width - 2
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 12)
    y = 780
    for text in paragraphs * 3:  # enough lines to tell the margin from the indents
        for k, line in enumerate(lines_of(text)):
            c.drawString(96 if k == 0 and not text.endswith("目标") else 72, y, line)
            y -= 18
    c.showPage()
    c.save()
    assert read_pdf(out.getvalue(), "rules.pdf").text.split("\n\n") == paragraphs * 3


def test_a_line_a_pdf_repeats_inside_its_pages_is_text(tmp_path):
    """An indicator table's value cells (100 预期性, on rows of their own) were removed as a running header."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for page in range(2):
        c.setFont("STSong-Light", 12)
        y = 760
        c.drawString(72, y, f"{'一二'[page]}、主要指标")
        y -= 18
        c.drawString(72, y, f"到二〇二五年，{'甲乙'[page]}组指标如下：")
        for name in ("安全巡检率", "巡防建设率", "四有完成率"):
            for line in (name, "100 预期性"):
                y -= 18
                c.drawString(72, y, line)
        y -= 18
        c.drawString(72, y, f"{'甲乙'[page]}组指标由省文物局负责监测。")
        c.drawString(290, 40, f"- {page + 1} -")
        c.showPage()
    c.save()
    path = tmp_path / "targets.pdf"
    path.write_bytes(out.getvalue())
    imported = run_file(path)
    assert imported.doc.full_text().count("100 预期性") == 6
    assert [r.text for r in imported.removed] == ["- 1 -", "- 2 -"]
