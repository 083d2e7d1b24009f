"""Site chrome and spam around a scraped plan are cut; the plan is kept whole."""

from __future__ import annotations

from tests.support.paths import PLANS
from tui.ingest.chrome import is_spam, strip_chrome
from tui.ingest.pipeline import import_text

HEADER = "某某市第一中學\n歡迎訪問某某市第一中學官網!\n2025年03月02日 08:15 星期日\n\n【公告】關於印發某縣教育提升行動方案的通知\n\n2023-3-20\n\n"
FOOTER = "\n\n上一篇:關於開展春季運動會的通知\n下一篇:無\n版權所有 某某市第一中學\n精品国产_亚洲无码在线视频_日韩欧美一区二区\n"


def test_chrome_removed_and_plan_kept():
    clean = (PLANS / "circled_items.txt").read_text(encoding="utf-8")
    bare = import_text(clean)
    wrapped = import_text(HEADER + clean + FOOTER)
    assert wrapped.meta.date_posted == "2023/3/20"
    assert [m.text for m in wrapped.measures] == [m.text for m in bare.measures]
    text = wrapped.full_text()
    for junk in ("欢迎访问", "星期日", "上一篇", "版权所有", "无码", "【公告】"):
        assert junk not in text


def test_spam_line_detection():
    assert is_spam("亚洲一区中文无码_国产最新无码不卡在线视频_中文字幕亚洲精品乱码_亚洲欧美日韩国产综合v")
    assert not is_spam("推进城乡教育一体化发展，建设一批精品课程和示范学校。")


def test_plan_without_chrome_untouched():
    clean = (PLANS / "spaced_headings.txt").read_text(encoding="utf-8")
    out = strip_chrome(clean)
    assert out.text.strip() == clean.strip()


def test_labelled_publication_date():
    clean = (PLANS / "spaced_headings.txt").read_text(encoding="utf-8")
    page = "首页 > 政务公开 > 规划计划\n發布時間：2021-12-08 10:30  來源：區教育局  瀏覽次數：1024\n\n" + clean
    doc = import_text(page)
    assert doc.meta.date_posted == "2021/12/8"
    assert doc.meta.title == "示范区职业教育发展规划"
    assert "浏览次数" not in doc.full_text()
