"""Provides reading a plan's notice (印发通知): title, 文号, issuer, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.document.numerals import CN_DIGITS, cn_to_int

_DOC_NUMBER = re.compile(r"^(\S{1,10}?)\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d{1,4})\s*号$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(rf"^([{CN_DIGITS}]{{4}})年([十{CN_DIGITS}]{{1,3}})月([十{CN_DIGITS}]{{1,3}})日$")
_NOTICE = re.compile(r"^(?P<issuer>.{2,30}?)关于.{2,80}的(通知|意见|决定|批复|函)$")


@dataclass(frozen=True)
class FrontMatter:
    notice_title: str = ""
    doc_number: str = ""
    issuer: str = ""
    addressees: str = ""
    date_signed: str = ""


def normalise_date(line: str) -> str:
    """``2022年7月1日`` or ``二〇二二年七月一日`` -> ``2022年7月1日``; else ''."""
    s = line.strip()
    m = _DATE.match(s)
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    m = _CN_DATE.match(s)
    if m:
        return f"{cn_to_int(m.group(1))}年{cn_to_int(m.group(2))}月{cn_to_int(m.group(3))}日"
    return ""


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Fields of the notice, from its lines (simplified, stripped)."""
    notice = doc_number = issuer = addressees = date_signed = ""
    for i, line in enumerate(lines):
        if not notice and (m := _NOTICE.match(line)):
            notice = line
            issuer = m.group("issuer")
            continue
        if not doc_number and (m := _DOC_NUMBER.match(line)):
            doc_number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            continue
        if not addressees and line.endswith(("：", ":")) and i < len(lines) - 1:
            addressees = line.rstrip("：:")
            continue
        if not date_signed:
            date_signed = normalise_date(line)
    if not notice and lines:
        notice = lines[0]
    return FrontMatter(notice, doc_number, issuer, addressees, date_signed)
