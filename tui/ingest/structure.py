"""Provides recognition of heading markers (一、 (一) 1. (1) ① 第X章 第X条 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.document.numerals import CIRCLED, cn_to_int

CN_NUM = r"[一二三四五六七八九十百零〇]+"


@dataclass(frozen=True)
class Marker:
    """A heading marker found at the start of a line."""

    style: str  # e.g. "cn、", "(cn)", "n.", "(n)", "circled", "第章", "第条"
    rank: int  # smaller = higher in the tree
    number: int
    printed: str  # the marker as printed, e.g. "五、"
    rest: str  # the text after the marker


# (style, rank, pattern); group 1 = marker, group 2 = numeral, group 3 = rest of the line.
# Ranks follow the Chinese official-document convention: 第X编/部分 > 第X章 >
# 第X节 > 一、 > （一） > 1. > （1） > ①; 第X条 (articles) sit where items do.
# Traditional forms (條 節 編) are matched too: run-on splitting and reflow
# look at the raw text before it is converted.
_STYLES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("第部分", 0, re.compile(rf"^(第({CN_NUM}|\d+)(?:部分|编|編|篇))\s*(.*)$")),
    ("第章", 1, re.compile(rf"^(第({CN_NUM}|\d+)章)\s*(.*)$")),
    ("第节", 2, re.compile(rf"^(第({CN_NUM}|\d+)[节節])\s*(.*)$")),
    ("cn、", 3, re.compile(rf"^(({CN_NUM})\s*[、．.])\s*(.*)$")),
    ("(cn)", 4, re.compile(rf"^([（(]\s*({CN_NUM})\s*[）)])\s*(.*)$")),
    ("第条", 5, re.compile(rf"^(第({CN_NUM}|\d+)[条條])\s*(.*)$")),
    # A decimal outline (预案, 标准, 办法): "1 总则", "1.1 编制目的", "1.2.1 …": the number, a space, a title.
    ("d.d.d", 5, re.compile(r"^(\d{1,2}\.\d{1,2}\.(\d{1,2}))[ \t\u3000]+(\S.*)$")),
    ("d.d", 4, re.compile(r"^(\d{1,2}\.(\d{1,2}))[ \t\u3000]+(\S.*)$")),
    ("d", 3, re.compile(r"^((\d{1,2}))[ \t\u3000]+(\S.*)$")),
    ("n.", 5, re.compile(r"^((\d{1,2})\s*[.．、](?!\d))\s*(.*)$")),
    ("(n)", 6, re.compile(r"^([（(]\s*(\d{1,2})\s*[）)])\s*(.*)$")),
    ("circled", 7, re.compile(rf"^(([{CIRCLED}]))\s*(.*)$")),
)
OUTLINE_STYLES = ("d", "d.d", "d.d.d")
OUTLINE_TITLE = 30  # characters at most in a decimal outline's heading
# Styles that number the whole document's divisions (chapters, articles), not a list.
DIVISION_STYLES = ("第部分", "第章", "第节", "第条")
# Inside an article these are its items (项), not sections of the tree.
ITEM_STYLES = ("(cn)", "n.", "(n)", "circled")
HEADING_PATTERNS = tuple(p for _, _, p in _STYLES) + (re.compile(r"^(序|前|引)\s*言$"),)
_PREFACE = re.compile(r"^(序|前|引)\s*言\s*$")


def is_preface_heading(line: str) -> bool:
    return bool(_PREFACE.match(line.strip()))


def find_marker(line: str) -> Marker | None:
    """The heading marker at the start of ``line``, if any."""
    s = line.strip()
    for style, rank, pattern in _STYLES:
        m = pattern.match(s)
        if not m:
            continue
        raw_num = m.group(2)
        number = CIRCLED.index(raw_num) + 1 if style == "circled" else cn_to_int(raw_num)
        if number is None or number == 0:
            continue
        rest = m.group(3)
        if not rest:
            continue  # a bare marker is not a heading
        if style in OUTLINE_STYLES and (len(rest) > OUTLINE_TITLE or rest.rstrip()[-1:] in "。；;：:，,"):
            continue  # "1 个…", a table row, a sentence: a decimal outline's headings are short titles
        return Marker(style, rank, number, m.group(1), rest)
    return None
