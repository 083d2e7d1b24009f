"""Provides the text of a Word .docx file: numbers Word draws written out, list items and tables told apart (python-docx)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.formats import Extracted
from tui.ingest.formats.docx_numbering import Numbering, W, num_pr
from tui.ingest.formats.html_blocks import CELL_SEP, join_words
from tui.ingest.sentences import split_sentences
from tui.ingest.structure import DIVISION_STYLES, find_marker

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

_LEAD_MAX = 20  # a list item whose first sentence is this short, with more after it, is a heading (1.学位供给。…)
_TITLE_MAX = 40  # a list item this short without a sentence's punctuation may be a heading
# Word list levels numbered like chapters (一、 （一） 第一章 第一条) are the document's headings.
_HEADING_STYLES = (*DIVISION_STYLES, "cn、", "(cn)")


@dataclass(frozen=True)
class _Para:
    text: str  # with the number Word draws in front of it
    style: str
    num: tuple[str, int] | None = None  # (list, level) of Word's numbering
    fmt: str = ""  # the list level's number format (decimal, chineseCounting, bullet …)
    numbered: bool = False  # Word draws a number in front of it (not a bullet)


@dataclass(frozen=True)
class _Table:
    rows: tuple[str, ...]  # each row's non-empty cells, joined
    columns: int  # the most non-empty cells in a row
    paragraphs: tuple[str, ...]  # every paragraph of every cell, for a one-column table


def _text(paragraphs: list[str]) -> str:
    return join_words(" ".join(paragraphs).split())


def _table(element: Any, document: DocxDocument) -> _Table:
    """A table's rows; each cell once (a merged cell is not repeated), nested tables' text kept in their cell."""
    from docx.text.paragraph import Paragraph

    rows: list[str] = []
    paragraphs: list[str] = []
    columns = 0
    for tr in element.iterchildren(W + "tr"):
        cells = []
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
            texts = [text for p in tc.iter(W + "p") if (text := Paragraph(p, document).text.strip())]
            paragraphs += texts
            if cell := _text(texts):
                cells.append(cell)
        if cells:
            rows.append(CELL_SEP.join(cells))
            columns = max(columns, len(cells))
    return _Table(tuple(rows), columns, tuple(paragraphs))


def _body(document: DocxDocument, numbering: Numbering) -> list[_Para | _Table]:
    """Paragraphs and tables in reading order; content controls (w:sdt) are looked into."""
    from docx.text.paragraph import Paragraph

    out: list[_Para | _Table] = []
    pending = list(document.element.body.iterchildren())
    while pending:
        element = pending.pop(0)
        if element.tag == W + "sdt":
            content = element.find(W + "sdtContent")
            pending[:0] = list(content.iterchildren()) if content is not None else []
        elif element.tag == W + "tbl":
            out.append(_table(element, document))
        elif element.tag == W + "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            num = num_pr(paragraph)
            if num is None:
                out.append(_Para(text, style))
            else:
                prefix = numbering.render(*num)
                out.append(_Para(prefix + text, style, num, numbering.fmt(*num), bool(prefix)))
    return out


def _is_item(body: list[_Para | _Table], k: int) -> bool:
    """Whether numbered paragraph ``k`` is an item of a list (text of its section), not a heading.

    A level numbered like chapters (一、 （一） 第一条) is headings; bullets are
    items.  Under 1. (1) ① and the like, the text decides: a short lead
    sentence with more after it (``1.学位供给。新建学校…``), or a short title
    with text of its own below it, is a heading; items in a row are a list.
    """
    p = body[k]
    assert isinstance(p, _Para)
    if _heading_level(p.style):
        return False  # styled as a heading too
    marker = find_marker(p.text) if p.numbered else None
    if marker is None:
        return True  # a bullet, or a number that reads as no heading (a), i.)
    if marker.style in _HEADING_STYLES:
        return False
    spans = split_sentences(marker.rest)
    if len(spans) >= 2 and len(marker.rest[spans[0][0] : spans[0][1]].rstrip("。！？；!?;")) <= _LEAD_MAX:
        return False
    if len(marker.rest) > _TITLE_MAX or re.search(r"[。；;！？!?]", marker.rest):
        return True

    def same_list(j: int) -> bool:
        q = body[j] if 0 <= j < len(body) else None
        return isinstance(q, _Para) and q.num == p.num

    return k + 1 >= len(body) or same_list(k + 1) or same_list(k - 1)


def read_docx(data: bytes, name: str) -> Extracted:
    """Paragraphs in order, numbered ones with their number, a table's rows one a line."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise UserError(t("ingest.error.docx_broken", name=name, error=type(exc).__name__)) from None
    body = _body(document, Numbering(document))
    lines: list[str] = []
    headings: list[tuple[str, int]] = []
    items: list[str] = []
    tables: list[tuple[str, ...]] = []
    title = ""
    for k, part in enumerate(body):
        if isinstance(part, _Table):
            # A one-column table is a frame around text (a box, a 专栏): its paragraphs are text.
            lines += part.rows if part.columns >= 2 else part.paragraphs
            if part.columns >= 2:
                tables.append(part.rows)
            continue
        lines.append(part.text)
        if part.style in ("Title", "标题") and not title:
            title = part.text
        elif (level := _heading_level(part.style)) and not part.numbered:
            headings.append((part.text, level))
        elif part.num is not None and _is_item(body, k):
            items.append(part.text)
    return Extracted("\n\n".join(lines), "docx", (), title, tuple(headings), tuple(items), tuple(tables))


def _heading_level(style: str) -> int:
    """1 for ``Heading 1`` / ``标题 1``, …; 0 for any other style."""
    m = re.fullmatch(r"(?:Heading|标题)\s*(\d)", style)
    return int(m.group(1)) if m else 0
