"""Acceptance on the bundled Xuchang plan: structure, cleaning, search."""

from __future__ import annotations

import re

import pytest

from tui import locations
from tui.document.search import search
from tui.document.serialize import dumps
from tui.ingest.load import import_file, load_document


@pytest.fixture(scope="module")
def doc():
    return import_file(locations.BUNDLED_RAW)


def test_bundled_raw_is_the_seed_byte_for_byte():
    import hashlib

    digest = hashlib.sha256(locations.BUNDLED_RAW.read_bytes()).hexdigest()
    assert digest == "019c53f0bae11784a1dbfa7190912a3b23713b05487482d1ddc6b4ed03cde469"


def test_tree(doc):
    chapters = doc.chapters
    assert len(chapters) == 13
    assert [len(c.child_ids) for c in chapters] == [6, 0, 3, 5, 4, 6, 4, 4, 4, 6, 3, 5, 3]
    with_items = sorted(s.parent_id for s in doc.sections if s.kind == "item")
    assert set(with_items) == {"1.2", "3.2", "3.3", "12.1"}
    assert doc.section_by_id["preface"].title == "序言"
    assert doc.section_by_id["5.2"].label() == "（二）促进义务教育优质均衡发展"


def test_metadata(doc):
    m = doc.meta
    assert m.title == "许昌市“十四五”教育事业发展规划"
    assert m.doc_number == "许政〔2022〕17号"
    assert m.issuer == "许昌市人民政府"
    assert m.date_signed == "2022年7月1日"
    assert m.date_posted == "2022/7/27"
    assert m.addressees.startswith("各县（市、区）人民政府")


def test_clean_text(doc):
    text = doc.full_text()
    assert "?" not in text and "？" not in text
    assert not re.search(r"[\ue000-\uf8ff]", text)
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+ ?[)）]", text)
    assert not re.search(r"[a-zāáǎàōóǒòūúǔù]{2,}\)", text)
    for chrome in ("新闻列表", "友情链接", "无码", "欢迎访问", "星期日"):
        assert chrome not in text
    assert "教育是国之大计、党之大计。“十四五”时期是我国" in text
    assert "以优质均衡为着力点" in text
    assert "承担着" in text and "着力" in text


def test_traditional_text_kept(doc):
    trad = doc.full_text(traditional=True)
    assert "教育是國之大計、黨之大計。“十四五”時期" in trad
    assert len(trad) == len(doc.full_text())


def test_group_schooling_walk(doc):
    hits = search(doc, "集团化办学")
    assert [h.section_id for h in hits] == ["1.3", "5.2", "5.2", "6.3"]
    assert search(doc, "集團化辦學") == hits
    for h in hits:
        assert doc.measure_by_id[h.measure_id].text[h.start : h.end] == "集团化办学"


def test_every_spot_accounted_for(doc):
    s = doc.stats
    assert s["spots"] == s["spots_auto"] + s["spots_errata"] + s["spots_flagged"]
    assert s["spots"] >= 25
    assert s["spots_flagged"] == 0  # the reviewed errata covers the bundled plan


def test_committed_document_is_fresh(doc):
    assert locations.BUNDLED_DOC.exists(), "run: policy-tui import data/xuchang-2022-raw.txt"
    assert locations.BUNDLED_DOC.read_bytes() == dumps(doc), (
        "data/xuchang-2022.json is stale; regenerate with: policy-tui import data/xuchang-2022-raw.txt"
    )


def test_load_round_trip(doc):
    loaded = load_document(None)
    assert loaded == doc
