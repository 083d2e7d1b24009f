"""Provides the text of a Word .docx file, with Word's automatic numbering written out (python-docx)."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.formats import Extracted

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN = "〇一二三四五六七八九"
_CELL_SEP = "  "


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 20 -> 二十, 105 -> 一百零五 (for Word's Chinese counting)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + cn_numeral(rest) if rest < 10 else (_CN[1] if rest < 20 else "") + cn_numeral(rest))
    return _CN[n // 100] + "百" + tail


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return cn_numeral(n)
    if fmt.startswith("decimalEnclosedCircle") and n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _attr(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


class _Numbering:
    """Renders the numbers Word draws in front of numbered paragraphs."""

    def __init__(self, document: DocxDocument) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.iterfind(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iterfind(W + "lvl"):
                start = int(_attr(lvl, "start") or 1)
                levels[int(lvl.get(W + "ilvl"))] = (start, _attr(lvl, "numFmt") or "decimal", _attr(lvl, "lvlText") or "")
            self.levels[abstract.get(W + "abstractNumId")] = levels
        for num in root.iterfind(W + "num"):
            overrides = {
                int(o.get(W + "ilvl")): int(_attr(o, "startOverride") or 1)
                for o in num.iterfind(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
            self.nums[num.get(W + "numId")] = (_attr(num, "abstractNumId") or "", overrides)

    def render(self, num_id: str, ilvl: int) -> str:
        abstract_id, overrides = self.nums.get(num_id, ("", {}))
        levels = self.levels.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        for k in range(ilvl + 1, len(counts)):
            counts[k] = 0
        start = overrides.get(ilvl, levels[ilvl][0])
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        text = levels[ilvl][2]
        for k in range(ilvl + 1):
            if k in levels:
                value = counts[k] or overrides.get(k, levels[k][0])
                text = text.replace(f"%{k + 1}", _format(value, levels[k][1]))
        return "" if levels[ilvl][1] in ("bullet", "none") else text


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) of a paragraph's numbering, its own or its style's."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None and _attr(num_pr, "numId") not in (None, "0"):
            return str(_attr(num_pr, "numId")), int(_attr(num_pr, "ilvl") or 0)
    return None


def read_docx(data: bytes, name: str) -> Extracted:
    """Paragraphs in order, numbered ones with their number, table rows as cells."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise UserError(t("ingest.error.docx_broken", name=name, error=type(exc).__name__)) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    headings: list[tuple[str, int]] = []
    title = ""
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            if not text:
                continue
            num = _num_pr(paragraph)
            prefix = numbering.render(*num) if num else ""
            lines.append(prefix + text)
            style = paragraph.style.name if paragraph.style is not None else ""
            if style in ("Title", "标题") and not title:
                title = text
            elif (level := _heading_level(style)) and not prefix:
                headings.append((text, level))
        elif element.tag == W + "tbl":
            for row in Table(element, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    lines.append(_CELL_SEP.join(c for c in cells if c))
    return Extracted("\n\n".join(lines), "docx", (), title, tuple(headings))


def _heading_level(style: str) -> int:
    """1 for ``Heading 1`` / ``标题 1``, …; 0 for any other style."""
    m = re.fullmatch(r"(?:Heading|标题)\s*(\d)", style)
    return int(m.group(1)) if m else 0
