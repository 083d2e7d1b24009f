"""Damage of every kind: stray "?", U+FFFD, ASCII between Han, "?" beside glued pinyin (issue 10)."""

from __future__ import annotations

import random
import re

import pytest

from tests.support.corrupt import SAMPLE_PLAN, corrupt
from tui.ingest.damage import display_text, is_question, stray_marks
from tui.ingest.gbk_readings import plausible
from tui.ingest.pipeline import import_text
from tui.ingest.repair import repair_mojibake

PLAN = SAMPLE_PLAN[:1200]
BOX = re.compile(r"[\u2500-\u257f]")


def _doc_with(line: str):  # type: ignore[no-untyped-def]
    """A small plan whose first section holds ``line``."""
    return import_text(PLAN.replace("全市建成中等职业学校18所", line, 1), source="t")


def _spot_text(doc, spot) -> str:  # type: ignore[no-untyped-def]
    return doc.measure_by_id[spot.measure_id].text[spot.start : spot.end]


def test_stray_question_mark_is_flagged_not_made_full_width():
    doc = _doc_with("全市建成中等职?学校18所")
    flagged = [s for s in doc.spots if s.status == "flagged"]
    assert [_spot_text(doc, s) for s in flagged] == ["?"]
    text = doc.full_text()
    assert "？" not in text and "职?学校18所" in text
    # The "?" does not end a sentence: the measure runs on past it.
    measure = doc.measure_by_id[flagged[0].measure_id]
    assert measure.text.startswith("全市建成中等职?学校18所，其中")
    assert flagged[0].readings, "a reviewer gets readings to choose from"


def test_genuine_question_is_left_alone():
    text = "如何讓職業教育更有吸引力?這是我們必須回答的問題。"
    assert is_question(text, text.index("?"))
    assert repair_mojibake(text) == (text, ())
    assert not is_question("全市建成中等職?學校", 6)


def test_replacement_character_is_flagged():
    doc = _doc_with("全市建成中等\ufffd业学校18所")
    assert [(_spot_text(doc, s), s.status) for s in doc.spots] == [("\ufffd", "flagged")]


@pytest.mark.parametrize(("line", "mark"), [("全市建成中等职业a学校18所", "a"), ("全市建成中等@职业学校18所", "@")])
def test_stray_ascii_between_han_is_flagged(line, mark):
    doc = _doc_with(line)
    assert [(_spot_text(doc, s), s.status) for s in doc.spots] == [(mark, "flagged")]


def test_ordinary_ascii_is_not_flagged():
    for text in ("建成4A級景區和B類項目", "推行1+X證書制度", "國產最新_中文字幕", "GDP增長",
                 "业务收支结余=医疗收支结余+其他收入-其他支出",  # a formula's operators
                 "扩大“小微快贷”“微企贷”“纳税e贷”等线上贷款产品规模",  # a product's name, in quotes
                 "南昌VR科创城以VR产业为特色", "年产1万吨维生素E建设项目"):  # an abbreviation; a vitamin
        assert stray_marks(text, []) == [], text
    # Quotes around a whole sentence do not make its stray letter a name.
    assert stray_marks("“全市建成中等职业a学校十八所，新增学位两万个”", []) == [(9, 10, "stray-ascii")]


def test_question_mark_beside_glued_pinyin_is_one_event():
    # X(pīn)?(yīn)Y: pinyin is stripped, the "?" is one lost character, and
    # nothing impossible (a full stop, box drawing, leftover pinyin) comes out.
    doc = import_text(PLAN.replace("全市建成中等职业学校18所", "全市建成中等職(zhí)?(yè)學校18所", 1), source="t")
    text = doc.full_text()
    assert "(yè)" not in text and "（yè）" not in text and "zhí" not in text
    assert not BOX.search(text)
    spot = next(s for s in doc.spots if s.raw.startswith("?"))
    assert spot.raw == "?(yè)" and _spot_text(doc, spot) in ("?", spot.fixed)
    assert all(len(r) == 1 for r, _ in spot.readings)  # one character, in step


def test_flagged_span_shows_no_glued_pinyin_and_is_simplified():
    assert display_text("?xún)學(xué)?") == "?學?"
    doc = _doc_with("全市建成中等?業(guò)學校18所")
    shown = doc.full_text()
    assert "(guò)" not in shown and "（guò）" not in shown
    assert "学校18所" in shown  # t2s applies around and inside the flagged span


def test_readings_never_hold_impossible_characters():
    for seed in range(3):
        c = corrupt(SAMPLE_PLAN, random.Random(seed), 10, replaced_rate=0.2)
        _, spots = repair_mojibake(c.raw)
        for s in spots:
            for reading, _ in s.readings:
                assert all(plausible(ch) or ch == "\n" for ch in reading), reading
            if s.status == "auto":
                assert all(plausible(ch) for ch in s.fixed)


@pytest.mark.parametrize("seed", [11, 12])
def test_simulated_damage_of_every_kind_is_flagged_or_fixed(seed):
    c = corrupt(SAMPLE_PLAN, random.Random(seed), 8, replaced_rate=0.25, fffd_rate=0.25, n_stray=3)
    kinds = {s.kind for s in c.spots}
    assert {"stray", "fffd"} <= kinds or {"stray", "replaced"} <= kinds
    doc = import_text(c.raw, source="sim")
    text = doc.full_text()
    assert "？" not in text
    # Every mark of damage left in the text sits inside a flagged spot.
    for m in doc.measures:
        flagged = [(s.start, s.end) for s in doc.spots_by_measure.get(m.id, ()) if s.status == "flagged"]
        for hit in re.finditer(r"[?\ufffd\ue000-\uf8ff@]", m.text):
            assert any(a <= hit.start() < b for a, b in flagged), (m.id, m.text)
