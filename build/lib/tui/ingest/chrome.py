"""Provides stripping of web-page chrome and spam around a scraped plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.ingest.convert import to_simplified
from tui.ingest.structure import HEADING_PATTERNS

# Lines that start a site footer: everything from one of these on is chrome.
FOOTER_MARKERS = (
    "新闻列表", "友情链接", "上一篇", "下一篇", "返回顶部", "返回首页", "打印本页", "关闭窗口",
    "版权所有", "copyright", "分享到", "责任编辑", "相关阅读", "相关新闻", "相关链接", "扫一扫",
    "网站地图", "联系我们", "技术支持", "icp备", "主办单位", "【打印】", "【关闭】",
)
SPAM_WORDS = (
    "无码", "在线视频", "中文字幕", "乱码", "欧美", "日韩", "精品", "国产", "亚洲", "一区", "二区",
    "av", "成人", "彩票", "博彩", "棋牌", "娱乐城", "老虎机", "百家乐", "色情", "黄色",
)
_DATE_ONLY = re.compile(r"^\s*(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?\s*$")
# "发布时间：2022-07-27 09:30  来源：…" style info lines above an article.
_LABELLED_DATE = re.compile(r"(?:发布|发文|成文|更新)?(?:时间|日期)\s*[:：]\s*(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})")
_CLOCK = re.compile(r"\d{1,2}:\d{2}|星期|礼拜")
_NOTICE_TITLE = re.compile(r"关于.{2,80}的(通知|意见|决定|批复|函)$")


@dataclass(frozen=True)
class Stripped:
    text: str  # the plan, from its notice/title to its last line
    date_posted: str
    removed_lines: int


def is_spam(simple_line: str) -> bool:
    low = simple_line.lower()
    hits = sum(1 for word in SPAM_WORDS if word in low)
    segments = [s for s in re.split(r"[_|｜]", low) if s.strip()]
    return hits >= 3 or (hits >= 1 and len(segments) >= 3)


def _is_footer(simple_line: str) -> bool:
    low = simple_line.strip().lower().rstrip(":：")
    return any(low.startswith(m) or (m in low and len(low) <= 2 * len(m) + 4) for m in FOOTER_MARKERS)


def _is_heading(simple_line: str) -> bool:
    s = simple_line.strip()
    return any(p.match(s) for p in HEADING_PATTERNS)


def _is_body(simple_line: str) -> bool:
    s = simple_line.strip()
    return len(s) >= 30 and bool(re.search(r"[。；;，,]", s))


def strip_chrome(text: str) -> Stripped:
    """Cut the site header, clock, footer and spam lines from a scraped page."""
    lines = text.split("\n")
    simple = to_simplified(text).split("\n")

    # The plan starts at its notice title, else at the title line before the
    # first heading, else at the first body paragraph.
    first_heading = next((i for i, s in enumerate(simple) if _is_heading(s)), None)
    # The last notice title before the body: a page-title copy such as
    # 【通知】<title> comes earlier and is chrome.
    notices = [
        i for i, s in enumerate(simple[: first_heading if first_heading is not None else len(simple)])
        if _NOTICE_TITLE.search(s.strip()) and not s.strip().startswith("【")
    ]
    start = notices[-1] if notices else None
    first_body = next((i for i, s in enumerate(simple) if _is_body(s)), len(lines))
    if start is None or (first_heading is not None and start > first_heading):
        anchor = first_heading if first_heading is not None else first_body
        start = anchor
        # Walk back over blank lines to a title-like line (short, no full stop).
        j = anchor - 1
        while j >= 0 and not simple[j].strip():
            j -= 1
        if j >= 0 and 4 <= len(simple[j].strip()) <= 60 and not re.search(r"[。；!！:：]$", simple[j].strip()):
            if not _DATE_ONLY.match(simple[j]) and not _CLOCK.search(simple[j]):
                start = j
    # A page-title line such as 【通知】<title> duplicates the real title.
    head = simple[:start]
    date_posted = ""
    for s in head:
        m = _DATE_ONLY.match(s)
        if not (m and not _CLOCK.search(s)):
            m = _LABELLED_DATE.search(s)
        if m:
            date_posted = f"{int(m.group(1))}/{int(m.group(2))}/{int(m.group(3))}"

    end = len(lines)
    for i in range(start, len(lines)):
        if _is_footer(simple[i]) and not _is_body(simple[i]):
            end = i
            break
    kept = [lines[i] for i in range(start, end) if not is_spam(simple[i])]
    while kept and not kept[-1].strip():
        kept.pop()
    return Stripped("\n".join(kept), date_posted, len(lines) - len(kept))
