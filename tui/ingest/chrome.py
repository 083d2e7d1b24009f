"""Provides removing page furniture (site chrome, spam) around a scraped plan.

A line is removed only on positive evidence that it belongs to the page and
not to the plan: a known chrome pattern (breadcrumbs, welcome and copyright
lines, share and print buttons, page-info and counter lines, page numbers),
a copy of a later line in the page header, a short line repeated as a running
header, a footer run, or spam.  Every other line stays, and every removed
line is reported with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tui.ingest.convert import to_simplified
from tui.ingest.structure import HEADING_PATTERNS

# Lines that start a site footer: the run of non-body lines from one of these on is chrome.
FOOTER_MARKERS = (
    "新闻列表", "友情链接", "上一篇", "下一篇", "返回顶部", "返回首页", "打印本页", "关闭窗口",
    "版权所有", "copyright", "分享到", "责任编辑", "相关阅读", "相关新闻", "相关链接", "相关解读",
    "相关文章", "相关文件", "扫一扫",
    "网站地图", "联系我们", "技术支持", "icp备", "主办单位", "【打印】", "【关闭】",
)
SPAM_WORDS = (
    "无码", "在线视频", "中文字幕", "乱码", "欧美", "日韩", "精品", "国产", "亚洲", "一区", "二区",
    "av", "成人", "彩票", "博彩", "棋牌", "娱乐城", "老虎机", "百家乐", "色情", "黄色",
)
# Words that make up share / print / font-size button rows and page labels.
BUTTON_WORDS = frozenset({
    "打印", "打印本页", "打印此页", "打印文章", "关闭", "关闭窗口", "关闭本页", "收藏", "加入收藏", "取消收藏",
    "分享", "分享到", "转发", "加大字体", "缩小字体", "默认字体", "字号", "字体", "大", "中", "小", "默认",
    "首页", "网站首页", "返回", "返回顶部", "返回首页", "返回列表", "顶部", "下载", "下载地址", "点击此处下载", "扫一扫",
    "扫一扫在手机打开当前页", "微信", "微博", "qq空间", "qq", "手机版", "视力保护色", "放大", "缩小",
    "内容全文", "正文", "全文", "查看原文", "阅读原文", "原文链接",
})
# Labels of page-info rows ("发布时间：… 来源：… 浏览次数：…") and of document-info tables.
INFO_LABELS = (
    "发布时间", "发布日期", "发文日期", "成文日期", "更新时间", "时间", "日期", "信息来源", "文章来源", "来源",
    "作者", "责任编辑", "编辑", "浏览次数", "浏览量", "浏览", "阅读次数", "阅读", "点击数", "点击量", "点击",
    "访问量", "字号", "字体", "索引号", "主题分类", "体裁分类", "组配分类", "发文机关", "发布机构", "主题词",
    "标题", "发文字号", "文号", "公开方式", "公开范围", "有效性", "生效日期", "所属机构",
)
# One of these alone on a short line is enough: they never label the plan's own text.
_SITE_ONLY_LABELS = frozenset({
    "发布时间", "发布日期", "更新时间", "信息来源", "文章来源", "来源", "作者", "责任编辑", "编辑", "浏览次数",
    "浏览量", "浏览", "阅读次数", "点击数", "点击量", "点击", "访问量", "字号", "字体", "索引号", "主题分类",
    "体裁分类", "组配分类", "主题词", "发布机构", "公开方式", "公开范围", "有效性", "所属机构", "标题",
})
_LABEL_RE = re.compile(r"(" + "|".join(sorted(INFO_LABELS, key=len, reverse=True)) + r")\s*[:：]")
_SITE = re.compile(r"^(欢迎(访问|光临|来到|进入)|版权所有|copyright|©|主办单位|承办单位|技术支持|网站标识码|.{0,4}icp备)", re.I)
_NAV = re.compile(r"^(网站首页|首页|当前位置|您的位置|您现在的位置|所在位置)\s*[:：>›»/\-]|(->|>|›|»).+(->|>|›|»)")
_DATE_ONLY = re.compile(r"^\s*(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?\s*$")
_DATE = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})")
_CLOCK_LINE = re.compile(r"^\s*\d{4}\s*[/\-.年]\s*\d{1,2}\s*[/\-.月]\s*\d{1,2}\s*日?\s*(\d{1,2}:\d{2}(:\d{2})?)?\s*(星期.|礼拜.|周.)?\s*$")
_PAGE_NUMBER = re.compile(r"^\s*([-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
_BRACKET_LABEL = re.compile(r"^[【\[［]\s*[^】\]］]{1,6}\s*[】\]］]\s*")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_SENTENCE_END = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class Removed:
    """One line taken out of the plan, with why (a key of the ingest catalogue)."""

    line: int  # 0-based line number in the text given to strip_chrome
    text: str
    reason: str  # spam, footer, nav, site, info, button, date, page, duplicate, repeated; outside (a web page)


@dataclass(frozen=True)
class Stripped:
    text: str  # the input with the furniture lines taken out (blank lines kept)
    date_posted: str
    removed: tuple[Removed, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # from page-info rows: 标题, 发文字号, …
    title_hint: str = ""  # the line right above a page-info row: the page's own title

    @property
    def removed_lines(self) -> int:
        return len(self.removed)


def is_spam(simple_line: str) -> bool:
    low = simple_line.lower()
    hits = sum(1 for word in SPAM_WORDS if word in low)
    segments = [s for s in re.split(r"[_|｜]", low) if s.strip()]
    return hits >= 3 or (hits >= 1 and len(segments) >= 3)


def _is_footer(s: str) -> bool:
    low = s.lower().rstrip(":：")
    return any(low.startswith(m) or (m in low and len(low) <= 2 * len(m) + 4) for m in FOOTER_MARKERS)


def _is_footer_label(s: str) -> bool:
    """A footer marker alone on its line (``友情链接：``), wherever it stands."""
    low = s.lower().rstrip(":： ")
    return low in FOOTER_MARKERS


def _is_heading(s: str) -> bool:
    return any(p.match(s) for p in HEADING_PATTERNS)


def _is_body(s: str) -> bool:
    return len(s) >= 30 and bool(re.search(r"[。；;，,]", s))


def _is_button_row(s: str) -> bool:
    tokens = [t for t in re.split(r"[\s【】\[\]［］()（）|｜/:：、·]+", s.lower()) if t]
    return bool(tokens) and all(t in BUTTON_WORDS for t in tokens)


def info_labels(s: str) -> dict[str, str]:
    """Label -> value of a page-info row (``发布时间：… 来源：…``, or a row of an
    info table: ``索引号  1133…  文号  丽政发〔2023〕30号``); {} if none."""
    compact = _HAN_GAP.sub("", s)
    found = list(_LABEL_RE.finditer(compact))
    out: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(compact)
        out.setdefault(m.group(1), compact[m.end() : end].strip(" \u3000|｜"))
    return out or _table_labels(s)


_LABELS = frozenset(INFO_LABELS)
# Labels that name a row of a document-info table by themselves (a plan's own table
# may have a row 来源  国家统计局, never one 索引号  …).
_TABLE_ONLY_LABELS = frozenset({
    "索引号", "主题分类", "体裁分类", "组配分类", "发布机构", "发文机关", "公开方式", "公开范围", "有效性",
    "所属机构", "成文日期", "发文字号", "主题词",
})
_CELL_GAP = re.compile(r"[ \u3000]{2,}")


def _table_labels(s: str) -> dict[str, str]:
    """Label -> value of a row of a document-info table, its cells label, value, label,
    value … (two pairs at least, or one whose label only such a table has); {} if not."""
    cells = [c for c in _CELL_GAP.split(s.strip()) if c]
    pairs = dict(zip(cells[::2], cells[1::2], strict=False))
    if len(cells) < 2 or len(cells) % 2 or len(pairs) * 2 != len(cells) or not pairs.keys() <= _LABELS:
        return {}
    return pairs if len(pairs) >= 2 or pairs.keys() <= _TABLE_ONLY_LABELS else {}


def _is_info_row(s: str, labels: dict[str, str]) -> bool:
    if not labels or _SENTENCE_END.search(s):
        return False
    if len(labels) >= 2:
        return True
    (label,) = labels
    if len(s) > 60:
        return False
    return label in _SITE_ONLY_LABELS or (label in ("时间", "日期") and bool(_DATE.search(s)))


def _classify(s: str) -> str:
    """The furniture reason for a stripped simplified line anywhere in the page, or ''."""
    if is_spam(s):
        return "spam"
    if _NAV.search(s) and not _SENTENCE_END.search(s) and len(s) <= 80:
        return "nav"
    if _SITE.match(s) and len(s) <= 80:
        return "site"
    if _PAGE_NUMBER.match(s):
        return "page"
    if _is_button_row(s):
        return "button"
    if _is_info_row(s, info_labels(s)):
        return "info"
    return ""


def _is_short_line(s: str) -> bool:
    return len(s) <= 40 and not _SENTENCE_END.search(s)


def strip_chrome(text: str, paged: bool = True) -> Stripped:
    """Take the page furniture out of a scraped page; keep everything else.

    ``paged``: the text came from pages (a PDF, or a text file that may be
    one), which can repeat a running header; a web page or a Word file has
    none, and a short line it repeats (a table's 定量, 全国) is its text.
    """
    lines = text.split("\n")
    simple = [s.strip() for s in to_simplified(text).split("\n")]
    reasons = [_classify(s) if s else "" for s in simple]

    # A site's name alone on a line, also named in its welcome or copyright line.
    site_lines = [simple[i] for i, r in enumerate(reasons) if r == "site"]
    for i, s in enumerate(simple):
        if s and not reasons[i] and _is_short_line(s) and any(s in other and s != other for other in site_lines):
            reasons[i] = "site"

    # Running headers: a short line (not a heading) repeated three times or
    # more; its last copy stays, so that not even a header's words are lost.
    counts = Counter(s for s in simple if s)
    last_copy = {s: i for i, s in enumerate(simple)}
    for i, s in enumerate(simple):
        if paged and s and not reasons[i] and counts[s] >= 3 and _is_short_line(s) and not _is_heading(s) \
                and last_copy[s] != i:
            reasons[i] = "repeated"

    # The page header: leading lines that are furniture, a bare date or clock,
    # or a copy of a later line (the page title shown again above the text).
    later = Counter(s for s in simple if s)
    for i, s in enumerate(simple):
        later[s] -= 1 if s else 0
        if not s:
            continue
        if reasons[i]:
            continue
        if _CLOCK_LINE.match(s):
            reasons[i] = "date"
            continue
        bare = _BRACKET_LABEL.sub("", s)
        if len(bare) <= 100 and (later[s] > 0 or (bare != s and bare in simple[i + 1 :])):
            reasons[i] = "duplicate"
            continue
        break

    # Footer runs: from a footer marker, the following lines that are not body text.
    in_footer = seen_body = False
    for i, s in enumerate(simple):
        if not s:
            continue
        seen_body = seen_body or _is_body(s)
        if not in_footer and seen_body and _is_footer(s) and not _is_body(s):
            in_footer = True
        elif in_footer and (_is_body(s) or _is_heading(s)):
            in_footer = False
        if (in_footer or _is_footer_label(s)) and not reasons[i]:
            reasons[i] = "date" if _CLOCK_LINE.match(s) else "footer"

    labels: dict[str, str] = {}
    date_posted = title_hint = ""
    last_kept = ""
    for i, s in enumerate(simple):
        if not s:
            continue
        if reasons[i] == "info":
            row = info_labels(s)
            for key, value in row.items():
                labels.setdefault(key, value)
            when = next((row[k] for k in ("发布时间", "发布日期", "时间", "日期") if k in row), "")
            if (m := _DATE.search(when)) and not date_posted:
                date_posted = f"{int(m.group(1))}/{int(m.group(2))}/{int(m.group(3))}"
            if not title_hint and last_kept and _is_short_line(last_kept):
                title_hint = last_kept
        elif reasons[i] == "date" and (m := _DATE_ONLY.match(s)):
            date_posted = f"{int(m.group(1))}/{int(m.group(2))}/{int(m.group(3))}"
        elif not reasons[i] or reasons[i] == "duplicate":
            last_kept = s

    removed = tuple(Removed(i, lines[i].strip(), r) for i, r in enumerate(reasons) if r)
    kept = [line for line, r in zip(lines, reasons, strict=True) if not r]
    while kept and not kept[-1].strip():
        kept.pop()
    return Stripped("\n".join(kept), date_posted, removed, labels, title_hint)
