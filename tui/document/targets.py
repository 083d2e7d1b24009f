"""Provides the quantified targets (指标) of a plan: indicator, value and unit, year, baseline, target or achievement.

Plain Python, rules over the clean text.  A quantity is an Arabic-numeral
amount with a unit (96%, 170所, 2.7万个, 3—5所, 18000余人次); years, durations,
list numbers and numbers inside 《titles》 or “names” are not.  ``由85%提高到90%``
is one figure (90%) with its baseline (85%).

The indicator is the short phrase before the number (学前教育毛入园率 in
学前教育毛入园率达到96%), without the verb that joins them, the scope (全市)
or the time (到2025年); when nothing but a verb stands before the number,
the thing counted after it (建设100所幼儿园 -> 建设幼儿园).

Past achievements (the 十三五 review) are told apart from targets by the
chapter (its title speaks of 十三五, 成就 …) and by the wording around the
figure (达到/提高到/到2025年/力争 versus 已/累计/新增了/十三五期间), see ``kind_of``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tui.document.model import Document, Measure
from tui.document.numerals import cn_to_int

Kind = Literal["target", "achievement"]

_UNIT_TEXT = """
% ％ 个百分点 万人次 人次 万余人 万人 万名 万个 万所 万元 亿元 万册 万平方米 平方米 万亩 亩 万 元 所 个 名 人 家 场 项 门 间
套 台 张 册 倍 位 支 条 座 处 节 批 类 种 户 床 辆 篇 部 课时 学时 小时 公里 千米 米 吨 台套 班
"""
UNITS = sorted(_UNIT_TEXT.split(), key=len, reverse=True)  # longest first: 万人次 before 万
_NUM = r"\d+(?:\.\d+)?"
# 6个月, 3个工作日 are durations, not six or three of something.
_NOT_A_DURATION = {"个": "(?!月|工作日|学期)"}
QUANTITY = re.compile(
    rf"(?P<pre>近|约|超过|逾)?(?P<num>{_NUM})(?P<pct1>[%％])?(?:\s*(?P<dash>[—－\-–~～至到])\s*(?P<num2>{_NUM}))?"
    rf"(?P<more>余|多)?(?P<unit>{'|'.join(re.escape(u) + _NOT_A_DURATION.get(u, '') for u in UNITS)})"
    r"(?P<post>以上|以内|以下|左右)?"
)
# Wording that marks a figure as aimed at (negative) or done (positive), with weights; the
# chapter's own title weighs in as well (PAST_CHAPTER), and a year before or after the plan's start.
CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), w) for p, w in (
    (r"力争|确保|争取|计划|预计|目标|年底前|每年|努力", -1.0),
    (r"提高到|提升到|扩大到|增加到|增长到|降低到|下降到|控制在|保持在|稳定在|不低于|不少于", -1.0),
    (r"将|要|打造|培育|新建|改扩建|建成", -0.5), (r"达到(?!了)", -0.5),
    (r"已|累计|目前|截至|截止|先后|荣获|被确定为|被评为|入选|\d+年来|增幅|年均增长", 1.0),
    (r"[加成现到长]了|(?<![公社])共(?=\d|[培招计排考有])", 1.0), (r"新增|增加", 0.5),
))
PAST_CHAPTER = re.compile(r"十三五|十二五|成就|成绩|回顾|进展|基础|现状|总结")
TARGET_VERBS = ("力争达到", "力争", "确保", "提高到", "提升到", "扩大到", "增加到", "增长到", "降低到", "下降到",
                "控制在", "保持在", "稳定在", "不低于", "不少于", "不超过", "达到", "达", "为", "占", "超过", "均在")
LEADING = re.compile(r"^(?:其中|(?:到|至|在|从)?20\d\d年(?:年?底)?(?:前|起|以来)?|“?十[一二三四五六]五”?(?:期间|时期|末)?|"
                     r"目前|截至|截止|累计|共|已有|已|全市|全县|全区|全省|我市|我县|我区|各县（市、区）|使|将|确保|力争|按|"
                     r"此外|同时|并|且|均|，)+")
_BOUNDARY = "，；。：！？,;:!?"
# Where the thing counted after a value ends: a verb, a preposition or a connective (中等, 高等 are words).
_AFTER_STOP = re.compile(r"被|成为|为|荣获|获|入选|参与|顺利|与|选|建设|列入|交流|实现|均|在|于|由|共|(?<![中高初平同均对相])等|和|及|"
                         r"[、（，。；：]|达|覆盖|辐射|用于|以上|以内")
YEAR = re.compile(r"(?:到|至|在)?(20\d\d)年(?:年?底)?(?:前|以前)?")
PERIOD = re.compile(r"十([一二三四五六])五")


@dataclass(frozen=True)
class Target:
    """One quantified figure of a plan."""

    doc_id: str
    measure_id: str
    section_id: str
    indicator: str
    value: str  # number and unit as written: 96%, 3—5所, 2.7万个, 800余亩
    number: float  # the (upper) number, scaled by 万/亿 (for sorting)
    unit: str  # %, 所, 万个 …
    qualifier: str  # 以上, 以内, 不低于, 近 … ("" for none)
    year: int | None
    baseline: str  # the starting figure (由85%提高到90% -> 85%), else ""
    kind: Kind
    start: int  # the value's offsets in the measure text
    end: int


def _masked(text: str) -> str:
    """``text`` with 《titles》 and “names” blanked (same length), so that their digits are not quantities."""
    def blank(m: re.Match[str]) -> str:
        return m.group(0)[0] + "\0" * (len(m.group(0)) - 2) + m.group(0)[-1]
    text = re.sub(r"《[^《》]*》", blank, text)
    return re.sub(r"“[^“”]{0,12}”", lambda m: blank(m) if re.search(r"\d", m.group(0)) else m.group(0), text)


def _scaled(number: float, unit: str) -> float:
    if unit.startswith("亿"):
        return number * 1e8
    if unit.startswith("万"):
        return number * 1e4
    return number


def period_end(text: str) -> int | None:
    """The last year of a five-year period named in ``text``: 十四五 -> 2025."""
    m = PERIOD.search(text)
    if m is None:
        return None
    n = cn_to_int("十" + m.group(1))
    return None if n is None else 1955 + 5 * n  # 十一五 = 2006–2010 … 十四五 = 2021–2025


def plan_start(doc: Document) -> int | None:
    """The first year the plan looks ahead from: the start of its period (十四五 -> 2021), else its signing year."""
    end = period_end(doc.meta.title)
    if end is not None:
        return end - 4
    m = re.search(r"(20\d\d)", doc.meta.date_signed or doc.meta.date_posted)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class _Quantity:
    lead: int  # where the phrase before it ends (before 近, or before 由 of a baseline)
    start: int
    end: int  # after the unit (and 以上/以内 …)
    value: str
    number: float
    unit: str
    qualifier: str
    baseline: str = ""


REFERENCE = re.compile(r"的?(?:全国|全省|全市)?平均水平")
_CHANGE = re.compile(r"^[^，。；]{0,8}?(?:提高|提升|增加|增长|扩大|降低|减少|下降)(?:到|至)[^，。；\d]{0,4}$")


def quantities(text: str) -> list[_Quantity]:
    """The quantities of one measure; ``由A提高到B`` becomes B with baseline A."""
    masked = _masked(text)
    found: list[_Quantity] = []
    for m in QUANTITY.finditer(masked):
        if m.start() > 0 and (masked[m.start() - 1] in "第.．" or (masked[m.start() - 1].isascii()
                              and masked[m.start() - 1].isalnum())):
            continue  # an ordinal, or part of a code such as 2.0 or X2
        if REFERENCE.match(masked, m.end()):
            continue  # 高于全省90%的平均水平: another's figure, quoted for comparison
        unit = (m.group("pct1") or "") if m.group("num2") and m.group("pct1") else m.group("unit")
        number = float(m.group("num2") or m.group("num"))
        start = m.start("num")
        end = m.end("unit")
        value = text[start:end]
        qualifier = (m.group("pre") or "") + (m.group("post") or "")
        found.append(_Quantity(m.start(), start, m.end(), value, _scaled(number, unit), m.group("unit"), qualifier))
    merged: list[_Quantity] = []
    for q in found:
        prev = merged[-1] if merged else None
        origin = re.search(r"[由从][^，。；由从]{0,12}$", text[:prev.lead]) if prev is not None else None
        if prev is not None and origin is not None and _CHANGE.match(text[prev.end:q.lead]):
            merged[-1] = _Quantity(origin.start(), q.start, q.end, q.value, q.number, q.unit, q.qualifier,
                                   baseline=prev.value)
        else:
            merged.append(q)
    return merged


def _clause_start(text: str, at: int, floor: int) -> int:
    """Where the phrase before offset ``at`` begins: after the last boundary (parentheses kept whole)."""
    depth = 0
    k = at - 1
    while k >= floor:
        ch = text[k]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _BOUNDARY or (ch == "、" and not text.startswith(("改扩建", "改建", "扩建"), k + 1))):
            return k + 1
        k -= 1
    return floor


def _strip_verbs(phrase: str) -> tuple[str, str]:
    """``phrase`` without the joining verb at its end; (phrase, the verb if it qualifies the value)."""
    verb = ""
    changed = True
    while changed:
        changed = False
        for v in TARGET_VERBS:
            if phrase.endswith(v):
                phrase, verb = phrase[: -len(v)], verb or v
                changed = True
    return phrase, verb if verb in ("不低于", "不少于", "不超过", "控制在", "超过", "力争达到", "力争") else ""


ACTION_VERBS = re.compile(r"^(?:建设|新建|建成|改扩建|新建、改扩建|组建|培育|培养|打造|选树|招录|招聘|完成|申报|实施|开展|"
                          r"评选|遴选|建立|创建|设立|认定|增加|新增|扩大|提供|排查|公示|辐射|覆盖|重点建设|累计增加)?$")


ABSTRACT = ("任务", "工作", "要求", "目标", "比例", "水平", "比重", "能力", "作用")
RATIO_UNITS = ("%", "％", "个百分点", "倍")
INNER_VERB = re.compile(r"达到|提高到|提升到|扩大到|增加到|相当于")
MAX_INDICATOR = 20  # characters: the end of a longer phrase is kept
ACTION_TAIL = re.compile(r"(?:建设|新建|建成|改扩建|组建|培育|培养|打造|选树|招录|完成|申报|创建|评选|遴选)$")


# 6所幼儿园被评为省级示范园: what they were made is the indicator, not 幼儿园 again.
_DESIGNATION = re.compile(r"^[^，。；：]{1,12}?(?:被(?:确定|评|认定|命名|列)为|获评|荣获|获得|入选|成为)"
                          r"(?P<what>[^，。；：]{2,30}?)(?:称号|荣誉称号)?(?=[，。；：]|$)")


def _after_noun(text: str, end: int) -> str:
    """What is counted: the noun phrase after the value, up to the first verb or connective.

    Of ``X的Y`` only the head ``Y`` is kept (向社会开放的职业体验基地 -> 职业体验基地), and a
    second quantity right after the value is skipped (1所3500人规模的中等职业学校).
    """
    rest = text[end:end + 24]
    skip = QUANTITY.match(rest)
    if skip is not None:
        rest = rest[skip.end():]
    rest = re.sub(r"（([^（）]{1,3})）", lambda m: "\x01" + m.group(1) + "\x02", rest)
    stop = _AFTER_STOP.search(rest)
    owner, _, head = rest[:stop.start() if stop else len(rest)].rpartition("的")
    # 100名教研员的培训任务: the people are counted, not the task.
    noun = owner if owner and head.endswith(ABSTRACT) else head
    return noun[:20].replace("\x01", "（").replace("\x02", "）")


def indicator_of(text: str, q: _Quantity, floor: int) -> tuple[str, str]:
    """(indicator, qualifier from the verb) of quantity ``q``; ``floor``: the end of the quantity before it."""
    begin = _clause_start(text, q.lead, floor)
    phrase = LEADING.sub("", text[begin:q.lead].replace("\0", ""))
    phrase, verb = _strip_verbs(phrase.removesuffix("每年"))
    phrase = LEADING.sub("", phrase)
    counted = ""
    tail = ACTION_TAIL.search(phrase)
    if tail is not None and tail.start() > 0:
        phrase = tail.group(0)  # 每所职业院校均建成1—2个…: the action, then what is counted
    if ACTION_VERBS.match(phrase) or phrase.endswith(("和", "及", "与", "或", "等")):
        counted = _after_noun(text, q.end)
        phrase = phrase + counted if ACTION_VERBS.match(phrase) else counted
    elif len(phrase) <= 4 and q.unit not in RATIO_UNITS and (counted := _after_noun(text, q.end)):
        phrase += counted  # 完善提升200个“三名”工作室: a short verb, then what is counted
    elif phrase.endswith("的") and q.unit not in ("%", "％", "个百分点"):
        counted = _after_noun(text, q.end)  # 支柱产业的32家龙头企业: what is counted follows
        phrase = counted or phrase[:-1]
    phrase = phrase.removesuffix("的")
    if counted and phrase.endswith(counted) and (made := _DESIGNATION.match(text[q.end:])):
        phrase = made.group("what")
    inner = INNER_VERB.search(phrase)
    if inner is not None and inner.start() >= 2:
        phrase = phrase[:inner.start()]  # 年培训人次达到在校生规模的2倍: the indicator is the left side
    if len(phrase) > MAX_INDICATOR:
        head = ACTION_VERBS.match(phrase[:3]) or ACTION_VERBS.match(phrase[:2])
        phrase = phrase[len(head.group(0)) if head else 0:][-MAX_INDICATOR:]
    return phrase.strip("，、：（ "), verb


def _years(text: str) -> list[tuple[int, int]]:
    """(offset, year) of the years and five-year periods a measure names (outside titles)."""
    masked = _masked(text)
    found = [(m.start(), int(m.group(1))) for m in YEAR.finditer(masked)]
    for m in PERIOD.finditer(masked):
        end = period_end(m.group(0))
        if end is not None:
            found.append((m.start(), end))
    return sorted(found)


def _own_year(text: str, at: int) -> int | None:
    """The year a measure gives for the figure at ``at``: the nearest before it, else the first after."""
    years = _years(text)
    before = [y for k, y in years if k < at]
    return before[-1] if before else (years[0][1] if years else None)


def kind_of(text: str, q: _Quantity, chapter_title: str, start_year: int | None) -> Kind:
    """Achievement or target: the chapter's title, then the wording and years around the figure."""
    score = 1.5 if PAST_CHAPTER.search(chapter_title) else -1.5
    begin = _clause_start(text, q.lead, 0)
    stop = min((k for k in (text.find(c, q.end) for c in "，。；") if k >= 0), default=len(text))
    clause = text[begin:stop]
    for pattern, weight in CUES:
        if pattern.search(clause):
            score += weight
        elif pattern.search(text):
            score += weight / 2
    year = _own_year(text, q.lead)
    if year is not None and start_year is not None:
        score += 2.0 if year < start_year else -2.0
    return "achievement" if score > 0 else "target"


def _context_years(doc: Document, start_year: int | None) -> dict[str, int]:
    """Per measure id, the year set earlier for it (到2025年，…), for targets without their own:
    its paragraph's, else its section's, else a future year its chapter named before it."""
    out: dict[str, int] = {}
    for block in doc.blocks:
        year: int | None = None
        for mid in block.measure_ids:
            own = _years(doc.measure_by_id[mid].text)
            if year is not None:
                out[mid] = year
            if own:
                year = own[-1][1]
    by_section: dict[str, int] = {}
    by_chapter: dict[str, int] = {}
    for m in doc.measures:
        chapter = doc.chapter_of(m.section_id).id
        if m.id not in out and m.section_id in by_section:
            out[m.id] = by_section[m.section_id]
        elif m.id not in out and chapter in by_chapter:
            out[m.id] = by_chapter[chapter]
        own = _years(m.text)
        if own:
            by_section[m.section_id] = own[-1][1]
            future = [y for _, y in own if start_year is None or y >= start_year]
            if future:
                by_chapter[chapter] = future[0]
    return out


def _measure_targets(doc: Document, m: Measure, chapter_title: str, start_year: int | None,
                     context: int | None) -> list[Target]:
    out = []
    floor = 0
    for q in quantities(m.text):
        indicator, verb = indicator_of(m.text, q, floor)
        floor = q.end
        kind = kind_of(m.text, q, chapter_title, start_year)
        year = _own_year(m.text, q.lead)
        if year is None and kind == "target":
            year = context if context is not None else period_end(doc.meta.title)
        qualifier = " ".join(dict.fromkeys(x for x in (verb, q.qualifier) if x))
        out.append(Target(doc.id, m.id, m.section_id, indicator, q.value, q.number, q.unit, qualifier, year,
                          q.baseline, kind, q.start, q.start + len(q.value)))
    return out


def extract_targets(doc: Document) -> tuple[Target, ...]:
    """Every quantified figure of ``doc``, in reading order (headings aside), indicator tables included."""
    from tui.document.table_targets import table_figures

    start_year = plan_start(doc)
    context = _context_years(doc, start_year)
    found: list[Target] = []
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        if block.kind == "table":
            first = block.measure_ids[0]
            default = context.get(first) or period_end(doc.meta.title)
            figures = table_figures(doc, block, start_year, default)
            if figures:
                for f in figures:
                    past = f.year is not None and start_year is not None and f.year < start_year
                    found.append(Target(doc.id, f.measure_id, doc.measure_by_id[f.measure_id].section_id,
                                        f.indicator, f.value, f.number, f.unit, "", f.year, f.baseline,
                                        "achievement" if past else "target", f.start, f.end))
                continue
        chapter = doc.chapter_of(block.section_id).title
        for mid in block.measure_ids:
            m = doc.measure_by_id[mid]
            if any(c.isdigit() for c in m.text):
                found.extend(_measure_targets(doc, m, chapter, start_year, context.get(m.id)))
    return tuple(found)


_CACHE: dict[int, tuple[Document, tuple[Target, ...]]] = {}


def targets_of(doc: Document) -> tuple[Target, ...]:
    """The (cached) targets of ``doc``."""
    cached = _CACHE.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, extract_targets(doc))
        _CACHE[id(doc)] = cached
    return cached[1]
