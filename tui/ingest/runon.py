"""Provides splitting lines where a page ran headings, articles or a 文号 into the text.

``…予以保密。第三章　监督检查　　第十二条　县级以上…`` becomes three lines, and
``国办发〔2018〕123号各省、自治区…：`` two.  A split needs a sentence end or a
gap before the marker, and for articles and list markers the number must
continue the document's own numbering, so that a citation such as
``依照本条例第十二条的规定`` is never cut.
"""

from __future__ import annotations

import re
from itertools import pairwise

from tui.document.numerals import cn_to_int
from tui.ingest.structure import CN_NUM, find_marker

_GAP = r"[ \u3000\t]"
_DIVISION = re.compile(
    rf"(?P<pre>[。；！？!?;：:]|{_GAP})(?P<ws>{_GAP}*)(?P<mk>第(?P<num>{CN_NUM}|\d+)(?P<kind>章|节|節|部分|编|編|篇|条|條))(?P<after>{_GAP}*)(?=\S)"
)
_LIST = re.compile(
    rf"(?P<pre>[。；！？!?;：:]?)(?P<ws>{_GAP}+)(?P<mk>(?P<cn>{CN_NUM})、|[（(](?P<pcn>{CN_NUM})[）)])(?=\S)"
)
DOC_NUMBER = re.compile(
    r"(?P<no>[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*[号號])"
)
# A decree's number opening a line that runs on into its text: ``国务院令第372号《…条例》已经…``.
_DECREE_AHEAD = re.compile(r"^\s*[\u4e00-\u9fff]{1,24}?令\s*[（(]?\s*第\s*\d{1,5}\s*号\s*[）)]?(?=\s|《)")
_DATE_AFTER = re.compile(r"^\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)(?=\s)")
_HEAD_LINES = 15  # 文号 glued to other text is looked for this far into the text only


class _Numbering:
    """The last number seen per marker style, in document order."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def see(self, style: str, number: int) -> None:
        self.last[style] = number

    def continues(self, style: str, number: int) -> bool:
        return number == self.last.get(style, 0) + 1 or number == 1


def _segment_is_heading(segment: str) -> bool:
    s = segment.strip()
    return len(s) <= 30 and not re.search(r"[。；;！？]", s)


def _cuts_in_line(line: str, numbering: _Numbering) -> list[int]:
    """Offsets in ``line`` where a run-on heading or article starts."""
    cuts: set[int] = set()
    divisions = list(_DIVISION.finditer(line))
    if sum(1 for m in divisions if m.group("kind") == "章") >= 3 and not re.search(r"[。；;]", line):
        return []  # a table of contents squashed onto one line: toc.py reads it whole
    marker = find_marker(line)
    if marker is not None:
        numbering.see(marker.style, marker.number)
    for m in divisions:
        number = cn_to_int(m.group("num"))
        start = m.start("mk")
        if number is None or start == 0:
            continue
        if m.group("kind") in ("条", "條"):
            spaced = bool(m.group("after")) and (m.group("pre").isspace() or m.group("pre") in "。；！？!?;")
            # The next article, or one a few numbers on when set apart by spaces (a lost article).
            last = numbering.last.get("第条", 0)
            fits = numbering.continues("第条", number) or (spaced and last < number <= last + 3)
            if not (fits and (spaced or m.group("pre") in "。；！？!?;")):
                continue
            if number == 1 and numbering.last.get("第条", 0) > 1:
                continue
            numbering.see("第条", number)
        cuts.add(start)
    for m in _LIST.finditer(line):
        style, raw = ("cn、", m.group("cn")) if m.group("cn") else ("(cn)", m.group("pcn"))
        number = cn_to_int(raw)
        start = m.start("mk")
        if number is None or start == 0:
            continue
        before = line[: m.start("ws")]
        last_cut = max((c for c in cuts if c < start), default=0)
        if not (m.group("pre") or _segment_is_heading(before[last_cut:])):
            continue
        if not numbering.continues(style, number):
            continue
        numbering.see(style, number)
        cuts.add(start)
    return sorted(cuts)


def _title_end(text: str) -> int:
    """Where a title ends inside ``text`` that runs on into a 文号's issuer code, or 0."""
    from tui.ingest.frontmatter import DOC_KINDS

    bracket = max(text.rfind(ch) for ch in "〔[［【(（")
    for k in range(bracket - 2, max(5, bracket - 9), -1):  # the longest title first
        if text[:k].endswith(DOC_KINDS) and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", text[k:bracket].strip()):
            return k
    return 0


def _doc_number_cuts(line: str) -> list[int]:
    """Cuts around a 文号 glued to a title before it or addressees after it, and after a
    decree's number that opens a line (a citation inside a sentence never opens one)."""
    cuts: list[int] = []
    decree = _DECREE_AHEAD.match(line)
    if decree and line[decree.end() :].strip():
        cuts.append(decree.end() + len(line[decree.end() :]) - len(line[decree.end() :].lstrip()))
    for m in DOC_NUMBER.finditer(line):
        start, end = m.start("no"), m.end("no")
        if start > 0 and line[start - 1].isspace() and line[:start].strip():
            cuts.append(start)
        elif glued := _title_end(line[: m.end("no")]):
            cuts.append(glued)  # …的复函国办函〔2005〕21号: the title runs into the 文号
        rest = line[end:]
        if not rest.strip():
            continue
        date = _DATE_AFTER.match(rest)
        if date:
            cuts.append(end + len(rest) - len(rest.lstrip()))
            end += date.end()
            rest = line[end:]
        if rest.strip() and (rest[0].isspace() or rest.rstrip().endswith(("：", ":"))):
            cuts.append(end + len(rest) - len(rest.lstrip()))
    return cuts


def split_run_ons(text: str) -> str:
    """Put each run-on heading, article and glued 文号 on its own line; a 文号 line loses its spaces."""
    numbering = _Numbering()
    out: list[str] = []
    seen = 0
    for raw in text.split("\n"):
        seen += bool(raw.strip())
        head = bool(raw.strip()) and seen <= _HEAD_LINES
        # 许政 [2022] 17号: the spaces came with the ASCII brackets.
        line = re.sub(r"\s+", "", raw) if head and DOC_NUMBER.fullmatch(raw.strip()) else raw
        cuts = _cuts_in_line(line, numbering)
        if head:
            cuts = sorted(set(cuts) | set(_doc_number_cuts(line)))
        if not cuts:
            out.append(line)
            continue
        pieces = [line[a:b].rstrip() for a, b in pairwise([0, *cuts, len(line)])]
        out.extend(p for p in pieces if p.strip())
    return "\n".join(out)
