"""Property: a damaged plan wrapped in any site chrome loses none of its own words."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.corrupt import SAMPLE_PLAN, corrupt
from tui.document.chars import is_han
from tui.ingest.convert import to_simplified
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.pipeline import import_text

HEADER = [
    "某某职业技术学院\n歡迎訪問某某職業技術學院官網!",
    "2024年09月08日 21:48 星期日",
    "首页 > 政务公开 > 规划计划",
    "您的位置：首页 » 通知公告",
    "发布时间：2022-07-27 09:30  来源：市教育局  浏览次数：1024",
    "作者:管理员 时间:2022-07-27 点击:88",
    "【字号：大 中 小】 打印 关闭",
    "加大字体 缩小字体 收藏 取消收藏 打印",
    "分享到：微信 微博 QQ空间",
    "2022/7/27",
    "扫一扫在手机打开当前页",
]
FOOTER = [
    "上一篇:關於開展春季運動會的通知\n下一篇:無",
    "相关链接\n教育部\n省教育厅",
    "版权所有 某某职业技术学院 豫ICP备12345678号",
    "友情鏈接:",
    "网站地图 | 联系我们",
    "精品国产_亚洲无码在线视频_日韩欧美一区二区",
    "【打印】【关闭】",
    "技术支持：某某网络科技有限公司",
]


def han(text: str) -> Counter[str]:
    return Counter(ch for ch in text if is_han(ch))


def as_damaged(doc) -> str:
    """The plan's text with every damaged spot as it came (its raw text), whatever the repair
    made of it. The repair may read a spot just under or over its threshold depending on
    what surrounds the plan (its beam sees the whole text), and a repaired 。 then ends a
    sentence that the flagged spot leaves open: that is not a word lost."""
    spots: dict[str, list] = {}
    for s in doc.spots:
        spots.setdefault(s.measure_id, []).append(s)
    out = []
    for m in doc.measures:
        text = m.text
        for s in sorted(spots.get(m.id, ()), key=lambda s: s.start, reverse=True):
            text = text[: s.start] + s.raw + text[s.end :]
        out.append(text)
    return "".join(out)


def doc_han(doc) -> Counter[str]:
    return han(doc.full_text()) + han(doc.meta.title) + han(doc.meta.signature)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_spots=st.sampled_from([0, 4]),
    header=st.lists(st.sampled_from(HEADER), max_size=6),
    footer=st.lists(st.sampled_from(FOOTER), max_size=5),
)
def test_chrome_around_a_damaged_plan_removes_none_of_its_words(seed, n_spots, header, footer):
    body = corrupt(SAMPLE_PLAN, random.Random(seed), n_spots).raw
    page = "\n".join(header) + "\n\n" + body + "\n\n" + "\n".join(footer) + "\n"
    bare, wrapped = import_text(body), import_text(page)
    if [m.text for m in wrapped.measures] != [m.text for m in bare.measures]:
        assert as_damaged(wrapped) == as_damaged(bare)
    assert wrapped.meta.title == bare.meta.title
    if n_spots == 0:
        # Undamaged: every Han character of the body is in the document, each as often.
        assert doc_han(wrapped) == han(to_simplified(strip_pinyin(body)[0]))
