"""Provides a simulator of the scraped-plan damage: s2t, glued pinyin, lost GBK bytes, folding."""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from functools import cache

from tui.document.chars import halfwidth

# Pinyin-shaped syllables with tone marks (what is glued does not need to be right).
SYLLABLES = ["xué", "shí", "wèn", "fǎng", "guān", "jìn", "yōu", "zhì", "dǎo", "wù", "huì", "zhuān", "jì", "jiào", "yè", "fā", "kāi", "mén", "lǐng", "dòng", "zhù", "xún", "nèi", "guó", "chéng", "xiàn", "qū", "yuàn", "jiàn", "shè", "tǐ", "gǎi", "gé", "zhèng", "lì", "liáng", "diǎn", "qū"]
FULL_TO_ASCII = "，：；！？（）％＋"  # full-width forms the site sometimes typed as ASCII

SAMPLE_PLAN = """某市“十四五”职业教育与人才发展规划

一、发展基础

“十三五”期间，全市职业教育坚持服务发展、促进就业的办学方向，办学条件明显改善，办学质量稳步提升。全市建成中等职业学校18所，其中国家级示范学校3所，省级示范学校6所；高等职业院校4所，在校生规模达到5.2万人。实施职业院校办学条件达标工程，新建实训基地42个，新增实训设备价值1.6亿元。推进产教融合、校企合作，与230家企业建立合作关系，开设订单班96个。“双师型”教师占专业课教师比例达到58%，比“十二五”末提高12个百分点。

职业教育服务地方经济发展能力进一步增强。围绕全市装备制造、电子信息、现代物流、文化旅游等重点产业，调整优化专业结构，新增专业点35个，撤并专业点21个。毕业生就业率保持在95%以上，本地就业比例达到70%。开展职业技能培训26万人次，培育高技能人才1.8万人。

二、面临形势

当前，我市进入高质量发展的关键时期，产业转型升级对技术技能人才提出了更高要求。职业教育发展仍存在一些突出问题：一是职业教育吸引力不强，社会认可度有待提高；二是专业设置与产业需求匹配度不高，部分专业同质化现象明显；三是“双师型”教师队伍数量不足，结构不够合理；四是校企合作深度不够，企业参与办学的积极性有待提高；五是经费投入机制不够健全，生均经费保障水平偏低。

三、总体要求

（一）指导思想

坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，坚持面向市场、服务发展、促进就业的办学方向，深化产教融合、校企合作，推动职业教育高质量发展，为全市经济社会发展提供有力的人才和技能支撑。

（二）基本原则

坚持党的领导。加强党对职业教育工作的全面领导，把党的领导贯穿职业教育改革发展全过程。

坚持需求导向。围绕产业链布局专业链，围绕岗位需求设置课程，提高人才培养的针对性和适应性。

坚持改革创新。深化办学体制和育人机制改革，破除制约职业教育发展的体制机制障碍。

坚持统筹协调。统筹中等职业教育与高等职业教育，统筹学历教育与职业培训，推动职业教育与普通教育协调发展。

（三）发展目标

到2025年，基本建成适应全市产业发展需求、产教深度融合、中职高职衔接、职业教育与普通教育相互沟通的现代职业教育体系。中等职业学校全部达到国家办学标准，建成省级高水平中等职业学校5所、高水平专业群20个；高等职业院校建成省级高水平院校2所。“双师型”教师占专业课教师比例达到70%以上。每年开展职业技能培训10万人次以上。

四、主要任务

（一）优化职业教育布局结构

统筹全市职业教育资源，推进中等职业学校布局调整，整合办学规模小、条件差的学校，集中力量办好一批骨干学校。每个县（市、区）重点办好1所中等职业学校。支持高等职业院校扩大办学规模，提升办学层次。推动职业教育资源向产业园区集聚，建设一批产教融合实训基地。

（二）深化产教融合校企合作

建立政府主导、行业指导、企业参与的办学机制。鼓励企业以资本、技术、设备等要素参与职业学校办学，探索混合所有制办学模式。推行现代学徒制和企业新型学徒制，开展“订单式”人才培养。支持职业学校与企业共建产业学院、技术研发中心和技能大师工作室。对深度参与产教融合的企业，按规定落实税费优惠政策。

（三）提升专业建设水平

建立专业动态调整机制，重点建设与全市主导产业紧密对接的专业群。加强课程建设，推进课程内容与职业标准对接、教学过程与生产过程对接。推行“1+X”证书制度，鼓励学生在获得学历证书的同时取得多类职业技能等级证书。加强实训基地建设，建成一批共享型实训基地。

（四）加强“双师型”教师队伍建设

完善职业学校教师准入制度，专业课教师原则上应具有3年以上企业工作经历。建立教师定期到企业实践制度，专业课教师每5年累计不少于6个月到企业实践。支持职业学校面向企业聘请能工巧匠担任兼职教师。实施职业学校教师素质提高计划，每年培训教师500人次以上。

（五）健全职业技能培训体系

面向企业职工、农民工、退役军人、下岗失业人员等群体，广泛开展职业技能培训。支持职业学校承担社会培训任务，培训收入可按规定用于学校发展和教师激励。推进职业技能等级认定，完善技能人才评价制度。

（六）推进中高职衔接

完善中等职业教育与高等职业教育贯通培养机制，扩大“3+2”五年制高职招生规模。探索中职、高职、应用型本科贯通培养模式，拓宽技术技能人才成长通道。完善职业教育考试招生制度，健全“文化素质+职业技能”评价方式。

五、保障措施

（一）加强组织领导

成立市职业教育工作联席会议，统筹协调职业教育发展重大问题。各县（市、区）政府要把职业教育纳入经济社会发展规划，定期研究解决职业教育发展中的困难和问题。

（二）加大经费投入

建立与办学规模和培养要求相适应的财政投入制度，落实中等职业学校生均经费标准。地方教育附加用于职业教育的比例不低于30%。鼓励社会力量通过捐资、出资等方式支持职业教育发展。

（三）营造良好环境

大力宣传职业教育的重要地位和作用，宣传优秀技术技能人才先进事迹，营造“劳动光荣、技能宝贵、创造伟大”的社会氛围。提高技术技能人才待遇，畅通技术技能人才职业发展通道。

（四）强化督导评估

建立职业教育质量年度报告制度，将职业教育发展情况纳入对各县（市、区）政府履行教育职责的督导评估。加强对规划实施情况的监测评估，确保各项目标任务落到实处。
"""


@dataclass(frozen=True)
class SimSpot:
    """One damaged span: where its truth sits in ``traditional_truth``."""

    truth_start: int
    truth_end: int
    truth: str
    kind: str  # "lead" (lost lead byte), "lead+pinyin" (of a character with glued
    # pinyin: its trail byte is lost too) or "whole" (both bytes lost)


@dataclass(frozen=True)
class Corrupted:
    raw: str  # what the site shows: pinyin glued, damage, punctuation folded
    traditional_truth: str  # what a perfect repair yields after strip_pinyin
    spots: tuple[SimSpot, ...]


@cache
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width, as the site did."""
    return halfwidth(text)


def lossy_decode(data: bytes) -> tuple[str, list[int]]:
    """Decode like the site: GB18030 pairs (user areas -> Private Use), one "?" for a
    lead byte with an invalid trail (both bytes), 0x80 as the euro sign.  Returns the
    text and, for each character, the offset of its first byte."""
    out: list[str] = []
    starts: list[int] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        starts.append(i)
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == 0x80:
            out.append("€")
            i += 1
        elif b == 0xFF or i + 1 >= n:
            out.append("?")
            i += 1
        else:
            t = data[i + 1]
            if 0x40 <= t <= 0x7E or 0x80 <= t <= 0xFE:
                out.append(data[i : i + 2].decode("gb18030"))
            else:
                out.append("?")
            i += 2
    return "".join(out), starts


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def corrupt(
    clean_simplified: str,
    rng: random.Random,
    n_spots: int,
    *,
    whole_char_rate: float = 0.0,
    pinyin_rate: float = 0.9,
    ascii_punct_rate: float = 0.5,
    replaced_rate: float = 0.0,
    fffd_rate: float = 0.0,
    n_stray: int = 0,
) -> Corrupted:
    """Damage ``clean_simplified`` the way the scraped seed was damaged.

    s2t; pinyin glued after characters that s2t changed; some full-width
    punctuation typed as ASCII; GBK; at ``n_spots`` random two-byte characters
    the lead byte is lost (shown as "?"), or with ``whole_char_rate`` both bytes
    ("??"); decoded out of step; full-width folded to ASCII.  Other damage, in
    step: with ``replaced_rate`` a chosen character is written as "?" (a
    character the site could not encode; its glued pinyin stays, as in
    ``X(pīn)?(yīn)Y``), with ``fffd_rate`` as U+FFFD; ``n_stray`` ASCII letters
    or "@" are inserted between Han characters.
    """
    trad = _s2t().convert(clean_simplified)
    units: list[tuple[bytes, str]] = []  # (bytes as sent, truth after repair)
    for simp, original in zip(clean_simplified, trad, strict=False):
        ch = fold(original) if original in FULL_TO_ASCII and rng.random() < ascii_punct_rate else original
        try:
            data = ch.encode("gbk")
        except UnicodeEncodeError:
            continue  # the site's GBK could not carry it either
        units.append((data, fold(ch)))
        if _is_han(ch) and ch != simp and rng.random() < pinyin_rate:
            units.append((f"({rng.choice(SYLLABLES)})".encode("gbk"), ""))
    wide = [i for i, (data, truth) in enumerate(units) if len(data) == 2 and truth]
    chosen = sorted(rng.sample(wide, min(n_spots, len(wide))))
    kinds = {}
    for i in chosen:
        whole = rng.random() < whole_char_rate
        other = rng.random() if replaced_rate or fffd_rate else 1.0
        glued = i + 1 < len(units) and not units[i + 1][1] and units[i + 1][0].startswith(b"(")
        if other < replaced_rate + fffd_rate:
            kinds[i] = "replaced" if other < replaced_rate else "fffd"
            units[i] = (b"?" if kinds[i] == "replaced" else _FFFD_BYTE, units[i][1])
        else:
            kinds[i] = "whole" if whole else "lead+pinyin" if glued else "lead"
    if n_stray:
        units, chosen, kinds = _insert_strays(units, chosen, kinds, rng, n_stray)
    starts, truth_starts = [], []
    pos = tpos = 0
    for data, truth in units:
        starts.append(pos)
        truth_starts.append(tpos)
        pos += len(data)
        tpos += len(truth)
    stream = bytearray(b"".join(data for data, _ in units))
    for i in chosen:
        if kinds[i] in ("whole", "lead+pinyin", "lead"):
            stream[starts[i]] = 0x3F
            if kinds[i] == "whole":
                stream[starts[i] + 1] = 0x3F
    text, char_starts = lossy_decode(bytes(stream))
    boundary = {s: k for k, s in enumerate(starts)}
    boundary[len(stream)] = len(units)
    truth_text = "".join(truth for _, truth in units)
    truth_starts.append(len(truth_text))
    spots = []
    for i in chosen:
        if kinds[i] in ("replaced", "fffd", "stray"):
            j = i + 1
        else:
            # The span ends where the decoder is back on a character boundary.
            after = char_starts[bisect.bisect_right(char_starts, starts[i] + 1) :] + [len(stream)]
            j = boundary[next(s for s in after if s in boundary)]
        spots.append(SimSpot(truth_starts[i], truth_starts[j], truth_text[truth_starts[i] : truth_starts[j]], kinds[i]))
    return Corrupted(fold(text).replace(chr(_FFFD_BYTE[0]), "\ufffd"), truth_text, tuple(spots))


_FFFD_BYTE = b"\x01"  # stands for a U+FFFD until the text is decoded
_STRAYS = "abcdefghijklmnopqrstuvwxyz@"


def _insert_strays(
    units: list[tuple[bytes, str]], chosen: list[int], kinds: dict[int, str], rng: random.Random, n: int
) -> tuple[list[tuple[bytes, str]], list[int], dict[int, str]]:
    """``units`` with ``n`` stray ASCII characters between two Han characters
    (away from other damage); indexes of the damage moved to match."""
    damaged = {i + d for i in chosen for d in (-1, 0, 1, 2)}
    slots = [i for i in range(1, len(units)) if i not in damaged
             and _is_han(units[i - 1][1][-1:] or "a") and _is_han(units[i][1][:1] or "a")]
    at = set(rng.sample(slots, min(n, len(slots))))
    out: list[tuple[bytes, str]] = []
    moved: dict[int, int] = {}
    new_kinds: dict[int, str] = {}
    for i, unit in enumerate(units):
        if i in at:
            new_kinds[len(out)] = "stray"
            out.append((rng.choice(_STRAYS).encode("ascii"), ""))
        moved[i] = len(out)
        out.append(unit)
    for i, kind in kinds.items():
        new_kinds[moved[i]] = kind
    return out, sorted(new_kinds), new_kinds


def restoration(truth: str, repaired: str, spots: tuple[SimSpot, ...]) -> tuple[int, int]:
    """(spots restored exactly, spots) comparing ``repaired`` with the truth.

    Spots whose truth spans touch are counted together, as one repair covers both.
    """
    import difflib

    groups: list[list[int]] = []
    for s in sorted(spots, key=lambda s: s.truth_start):
        if groups and s.truth_start <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], s.truth_end)
            groups[-1][2] += 1
        else:
            groups.append([s.truth_start, s.truth_end, 1])
    bad = [
        (i1, i2)
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, truth, repaired, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    ok = 0
    for start, end, count in groups:
        if not any(i1 <= end and i2 >= start for i1, i2 in bad):
            ok += count
    return ok, len(spots)


def wrong_repairs(truth: str, repaired: str, spots) -> int:  # type: ignore[no-untyped-def]
    """How many applied repairs (status "auto") put text that differs from the truth.

    ``spots`` are the repair's own spots (anything with out_start, out_end, status).
    """
    import difflib

    bad = [
        (j1, j2)
        for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, truth, repaired, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    return sum(
        1
        for s in spots
        if s.status == "auto"
        and any((j1 < s.out_end and j2 > s.out_start) or (j1 == j2 and s.out_start <= j1 <= s.out_end) for j1, j2 in bad)
    )


def seed_paragraphs() -> str:
    """The bundled plan's clean simplified text, one block a paragraph: clean
    text of the same register for the simulator."""
    from tui.ingest.load import load_document

    doc = load_document(None)
    return "\n\n".join("".join(doc.measure_by_id[m].text for m in b.measure_ids) for b in doc.blocks)


def excerpt(text: str, n_chars: int, offset: int = 0) -> str:
    """About ``n_chars`` whole paragraphs of ``text`` from the paragraph at or after ``offset``."""
    start = 0 if offset <= 0 else text.find("\n\n", offset) + 2
    if start <= 1:
        start = 0
    out: list[str] = []
    size = 0
    for para in text[start:].split("\n\n"):
        if size >= n_chars:
            break
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)
