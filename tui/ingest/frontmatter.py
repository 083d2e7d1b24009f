"""Provides reading a plan's head: its title, notice (印发通知), 文号, issuer, dates, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.document.chars import squash
from tui.document.numerals import CN_DIGITS, cn_to_int
from tui.ingest.structure import find_marker

_BRACKETS_OPEN = "〔[［(（【"
_BRACKETS_CLOSE = "〕]］)）】"
_DOC_NUMBER = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{1,12}}?)\s*[{re.escape(_BRACKETS_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_BRACKETS_CLOSE)}]\s*第?\s*(?P<no>\d{{1,5}})\s*[号號]"
)
_LABELLED_NUMBER = re.compile(r"^(?:发文字号|文号|文件编号|发文号)\s*[:：]\s*(?P<value>\S.*)$")
_DECREE = re.compile(r"^(?P<org>.{0,24}?令)\s*(?:（?\s*第\s*(?P<no>\d{1,5})\s*号\s*）?)?$")
_DECREE_NUMBER = re.compile(r"^[（(]?\s*第\s*(?P<no>\d{1,5})\s*号\s*[）)]?$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")  # an info table's 成文日期 2020-02-05
_CN_DATE = re.compile(rf"^([{CN_DIGITS}]{{4}})年([十{CN_DIGITS}]{{1,3}})月([十{CN_DIGITS}]{{1,3}})日")
_DATE_REMARK = re.compile(r"^\s*([（(][^）)]{1,20}[）)])?\s*$")
_NOTICE = re.compile(r"^(?P<issuer>.{2,40}?)(?:关于|转发|印发)")
# What an official title ends with (the kind of document), after any (草案)-style note.
DOC_KINDS = (
    "通知", "意见", "决定", "批复", "复函", "函", "规划", "纲要", "方案", "办法", "细则", "条例", "规定",
    "规则", "计划", "报告", "公告", "通告", "通报", "决议", "答复", "章程", "标准", "指南", "要点",
    "措施", "清单", "制度", "准则", "规程", "守则", "建议", "纪要", "预案", "指引", "导则", "公报", "规范", "法",
)
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]{1,20}[）)]\s*$")
_ISSUER_ONLY = re.compile(
    r"(人民政府|国务院|办公厅|办公室|委员会|常务委员会|政府|局|厅|部|委|院|会|中心|党委|县委|市委|省委|公司)$"
)
_LABEL_ONLY = re.compile(r"^(目\s*录|内容全文|正\s*文|全\s*文|附\s*件\s*\d*|索引号|标\s*题)\s*[:：]?$")
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?，,：:]")
_TITLE_MAX = 100


@dataclass(frozen=True)
class FrontMatter:
    notice_title: str = ""
    doc_number: str = ""
    issuer: str = ""
    addressees: str = ""
    date_signed: str = ""


def normalise_date(line: str) -> str:
    """``2022年7月1日``, ``2022-07-01`` or ``二〇二二年七月一日`` (a remark in brackets may follow)
    -> ``2022年7月1日``; else ''."""
    s = line.strip()
    for pattern, read in ((_DATE, int), (_ISO_DATE, int), (_CN_DATE, cn_to_int)):
        m = pattern.match(s)
        if m and _DATE_REMARK.match(s[m.end() :]):
            year, month, day = (read(g) for g in m.groups())
            return f"{year}年{month}月{day}日"
    return ""


def read_doc_number(line: str, previous: str = "") -> str:
    """The 文号 a head line gives, normalised to ``X发〔2022〕3号``; else ''."""
    s = line.strip()
    if m := _LABELLED_NUMBER.match(s):
        return read_doc_number(m.group("value")) or m.group("value").strip()
    if m := _DOC_NUMBER.match(s):
        return f"{m.group('org')}〔{m.group('year')}〕{m.group('no')}号"
    if (m := _DECREE.match(s)) and m.group("no"):
        return f"{m.group('org')}第{m.group('no')}号"
    if (m := _DECREE_NUMBER.match(s)) and previous.strip().endswith("令"):
        return f"{previous.strip()}第{m.group('no')}号"
    return ""


def is_doc_number_line(line: str, previous: str = "") -> bool:
    s = line.strip()
    if _LABELLED_NUMBER.match(s) or (_DECREE_NUMBER.match(s) and previous.strip().endswith("令")):
        return True
    m = _DOC_NUMBER.match(s)
    return bool(m and not s[m.end() :].strip()) or bool((d := _DECREE.match(s)) and d.group("no"))


def fix_doc_number_brackets(line: str) -> str:
    """The line with the 文号's year brackets written 〔〕 (same length), if it is a 文号 line."""
    m = _DOC_NUMBER.match(line.lstrip())
    if not m or line.lstrip()[m.end() :].strip():
        return line
    lead = len(line) - len(line.lstrip())
    chars = list(line)
    for k in range(lead + m.start("year") - 1, lead + m.start("year") - 8, -1):
        if k >= 0 and chars[k] in _BRACKETS_OPEN:
            chars[k] = "〔"
            break
    for k in range(lead + m.end("year"), min(len(chars), lead + m.end("year") + 6)):
        if chars[k] in _BRACKETS_CLOSE:
            chars[k] = "〕"
            break
    return "".join(chars)


def ends_with_doc_kind(line: str) -> bool:
    """``…的通知``, ``…规划（2021—2025年）``; not a line that leaves a 《 open (the title goes on)."""
    s = _TRAILING_NOTE.sub("", line.strip())
    return s.endswith(DOC_KINDS) and len(s) >= 2 and s.count("《") <= s.count("》")


def title_like(line: str) -> bool:
    """Could be (part of) a title: short, no sentence punctuation, not a label, date, 文号 or heading."""
    s = line.strip()
    bare = _TRAILING_NOTE.sub("", s)
    return (
        2 <= len(bare) <= _TITLE_MAX
        and not _SENTENCE_PUNCT.search(bare)
        and not _LABEL_ONLY.match(s)
        and not normalise_date(s)
        and not is_doc_number_line(s)
        and find_marker(s) is None
    )


def _issuer_only(line: str) -> bool:
    s = line.strip()
    return len(s) <= 24 and "关于" not in s and bool(_ISSUER_ONLY.search(s))


# A notice that issues the document it names (…印发《X》的通知), not one that amends it
# (…关于修改《X》的决定: the decision is the document, X as amended comes after it).
_ISSUES = re.compile(r"印发|发布|颁布|公布|转发|下发|批转")
_SEVERAL = re.compile(r"[两二三四五六七八九十几]个[^，。]{0,6}$|若干")  # …两个规定的通知: it issues several


# A note set on the line below a title: （2021—2023年）, （2023年版）, （试行）, （征求意见稿）;
# not a date or an adoption note (（2010年5月1日省人大常委会通过）), which is no part of it.
_NOTE_LINE = re.compile(
    r"^[（(](?:\d{4}\s*[-—–－~～至到]\s*\d{2,4}\s*年?|\d{4}\s*年?\s*(?:版|修订版?)?"
    r"|[^（）()\d]{0,8}(?:试行|暂行|草案|征求意见稿|送审稿|修订稿)[^（）()\d]{0,4})[）)]$")


def find_title(lines: list[str], hint: str = "") -> tuple[int, int] | None:
    """(first, last) index of the title lines among the head ``lines``, or None; with the
    note on the line below it (（2021—2023年）), if any (see ``_find_title``)."""
    span = _find_title(lines, hint)
    if span and span[1] + 1 < len(lines) and len(lines[span[1] + 1]) <= 24 and _NOTE_LINE.match(lines[span[1] + 1]):
        return span[0], span[1] + 1
    return span


def _find_title(lines: list[str], hint: str = "") -> tuple[int, int] | None:
    """(first, last) index of the title lines among the head ``lines``, or None.

    The title is the last title-like line (or run of up to three, for a title
    set over several lines) that ends with a kind of document (…的通知, …规划,
    …条例 …): the plan a notice issues, not the notice; but a notice issuing
    several documents (…两个规定的通知, its 文号 right below it) is the title
    itself.  Failing that, the line the page showed above its info row.
    """
    best: tuple[int, int] | None = None
    numbered: tuple[int, int] | None = None  # the first title issuing several, with its 文号 below it
    for j, line in enumerate(lines):
        if not (title_like(line) and ends_with_doc_kind(line)) or _issuer_only(line):
            continue
        i = j
        while (
            i > 0
            and j - i < 2
            and title_like(lines[i - 1])
            and not ends_with_doc_kind(lines[i - 1])
            and not _issuer_only(lines[i - 1])
            and sum(len(s) for s in lines[i - 1 : j + 1]) <= _TITLE_MAX
        ):
            i -= 1
        best = (i, j)
        if (numbered is None and j + 1 < len(lines) and is_doc_number_line(lines[j + 1], line)
                and _SEVERAL.search("".join(lines[i : j + 1]))):
            numbered = best
    best = numbered or best
    exact = _lines_equal_to(lines, hint) if hint else None
    if exact and not (best and best[1] == exact[1] and best[0] <= exact[0]):
        # The page's own title line wins, unless it is the end of a longer title, or the
        # notice that issues the document below it (…印发《国家职业教育改革实施方案》的通知).
        issued = (best is not None and best[0] > exact[1] and bool(_ISSUES.search(hint))
                  and "".join(lines[best[0] : best[1] + 1]) in hint)
        # A title that names no kind of document (a page's column heading, 接访信息详情)
        # yields to a line that does (…核查点情况意见通知).
        if not issued and (best is None or ends_with_doc_kind(hint)):
            return exact
        if best is not None and best[0] <= exact[1] < best[1]:
            best = (exact[1] + 1, best[1])  # not run into the line that named itself the title
    return best


def _lines_equal_to(lines: list[str], text: str) -> tuple[int, int] | None:
    """The last run of one to three title-like lines that spell ``text`` (spaces aside)."""
    want = squash(text)
    found = None
    for j in range(len(lines)):
        for i in range(j, max(-1, j - 3), -1):
            if not title_like(lines[i]):
                break
            if "".join("".join(lines[i : j + 1]).split()) == want:
                found = (i, j)
    return found


def _is_addressees(line: str) -> bool:
    """各省、自治区、直辖市人民政府，国务院各部委、各直属机构：  (a line naming who the notice is for)."""
    return (
        line.endswith(("：", ":"))
        and len(line) <= 200
        and "。" not in line
        and not _LABELLED_NUMBER.match(line)
        and find_marker(line) is None
    )


def read_front_matter(lines: list[str], labels: dict[str, str] | None = None, title: str = "") -> FrontMatter:
    """Fields of the notice, from its lines (simplified, stripped), its ``title`` and the page's info labels."""
    labels = labels or {}
    notice = doc_number = issuer = addressees = date_signed = ""
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else ""
        if not notice and title_like(line) and ends_with_doc_kind(line) and (m := _NOTICE.match(line)):
            notice = line
            issuer = m.group("issuer")
            continue
        if not doc_number and (number := read_doc_number(line, previous)):
            doc_number = number
            continue
        if not addressees and _is_addressees(line) and i < len(lines) - 1:
            addressees = line.rstrip("：:")
            continue
        if not date_signed:
            date_signed = normalise_date(line)
            if date_signed and not issuer and previous and _issuer_only(previous):
                issuer = previous
    doc_number = doc_number or read_doc_number(labels.get("发文字号", "") or labels.get("文号", ""))
    # The issuer the title names (江西省人民政府办公厅关于…的通知) before the page's short form (省政府办公厅).
    if not issuer and ends_with_doc_kind(title) and (m := _NOTICE.match(title)):
        issuer = m.group("issuer")
    issuer = issuer or labels.get("发文机关", "")
    date_signed = date_signed or normalise_date(labels.get("成文日期", ""))
    return FrontMatter(notice, doc_number, issuer, addressees, date_signed)


def signature_block(lines: list[str]) -> int:
    """How many of the last ``lines`` (stripped, non-blank) are a signature and date block.

    ``国务院`` / ``2018年12月21日`` / ``（此件公开发布）``: an optional signer line,
    a date line, and an optional bracketed remark; 0 if the text does not end so.
    """
    k = len(lines)
    if k and re.fullmatch(r"[（(][^（）()]{2,20}[）)]", lines[k - 1]):
        k -= 1
    if not k or not normalise_date(lines[k - 1]):
        return 0
    k -= 1
    if k and _issuer_only(lines[k - 1]):
        k -= 1
    return len(lines) - k
