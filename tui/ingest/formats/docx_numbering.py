"""Provides Word's automatic numbering (numbering.xml): the number it draws before a paragraph, and the list format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.document.numerals import CIRCLED, int_to_cn

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return int_to_cn(n)
    if fmt.startswith("decimalEnclosedCircle") and n <= len(CIRCLED):
        return CIRCLED[n - 1]
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


class Numbering:
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

    def fmt(self, num_id: str, ilvl: int) -> str:
        """The level's number format: ``chineseCounting``, ``decimal``, ``bullet`` …; '' if undefined."""
        levels = self.levels.get(self.nums.get(num_id, ("", {}))[0], {})
        return levels[ilvl][1] if ilvl in levels else ""

    def render(self, num_id: str, ilvl: int) -> str:
        """The number Word draws for the next paragraph of list ``num_id`` at level ``ilvl``."""
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


def num_pr(paragraph: Any) -> tuple[str, int] | None:
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
