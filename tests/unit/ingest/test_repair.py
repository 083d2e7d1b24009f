"""Repair of GBK lost-byte mojibake: seed examples, errata, simulated damage, clean text."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.corrupt import (
    SAMPLE_PLAN,
    _s2t,
    corrupt,
    fold,
    lossy_decode,
    restoration,
    wrong_repairs,
)
from tui import locations
from tui.errors import UserError
from tui.ingest import gbk_readings as mojibake_decode
from tui.ingest.damage import display_text
from tui.ingest.errata import place
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.repair import ErrataEntry, RepairedSpot, load_errata, repair_mojibake

PUA = re.compile(r"[\ue000-\uf8ff]")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return strip_pinyin(locations.BUNDLED_RAW.read_text(encoding="utf-8"))[0]


@pytest.fixture(scope="module")
def seed_auto(seed_text):
    """The automatic pass alone, without errata."""
    return repair_mojibake(seed_text)


@pytest.fixture(scope="module")
def seed_errata() -> tuple[ErrataEntry, ...]:
    return load_errata(locations.BUNDLED_ERRATA)


def spot_after(text: str, spots: tuple[RepairedSpot, ...], before: str, raw: str) -> RepairedSpot:
    """The spot whose raw text ``raw`` follows ``before`` in ``text``."""
    start = text.index(before + raw) + len(before)
    found = [s for s in spots if s.start == start]
    assert found, f"no spot found at {before + raw!r}"
    return found[0]


def assert_fixed_or_flagged(spot: RepairedSpot, truth: str) -> None:
    """The automatic pass either got it right or kept the raw text: it never invents."""
    if spot.status == "auto":
        assert spot.fixed == truth
    else:
        assert spot.status == "flagged" and spot.fixed == display_text(spot.raw)


def assert_consistent(text: str, out: str, spots: tuple[RepairedSpot, ...]) -> None:
    """Spans match both texts and everything outside the spots is untouched."""
    pos = out_pos = 0
    for s in spots:
        assert pos <= s.start < s.end and text[s.start : s.end] == s.raw
        assert text[pos : s.start] == out[out_pos : s.out_start]
        assert out[s.out_start : s.out_end] == s.fixed
        if s.status == "flagged":
            assert s.fixed == display_text(s.raw)
        pos, out_pos = s.end, s.out_end
    assert text[pos:] == out[out_pos:]


# --- the seed examples, automatic pass only ---------------------------------


def test_lost_lead_of_full_stop_before_quote(seed_text, seed_auto):
    out, spots = seed_auto
    # 。“十四五”時 lost the A1 of 。; "r" (trail of 時) resyncs; 時's "(shí)" goes too.
    spot = spot_after(seed_text, spots, "黨之大計", "?!笆\ue1a2奈濉睍r(shí)")
    assert (spot.status, spot.fixed) == ("auto", "。“十四五”時")
    assert "教育是國之大計、黨之大計。“十四五”時期是我國" in out


def test_school_hidden_before_group_schooling(seed_text, seed_auto):
    out, spots = seed_auto
    spot = spot_after(seed_text, spots, "小規模學", "?!钡燃瘓F")
    assert (spot.status, spot.fixed) == ("auto", "校”等集團")
    assert "小規模學校”等集團化辦學模式" in out


def test_folded_question_mark_inside_the_shift(seed_text, seed_auto):
    _, spots = seed_auto
    # The second "?" is a full-width ？ (A3BF) made by a shifted pair, folded.
    spot = spot_after(seed_text, spots, "高中階段學", "??荚囌猩\ue325贫染C")
    # 學校考試 or 學生考試: both read well, so it is the best reading, held for review.
    assert spot.auto_guess == "校考試招生制度綜"
    assert spot.readings[0][0] == "校考試招生制度綜" and spot.readings[1][0] == "生考試招生制度綜"
    assert_fixed_or_flagged(spot, "校考試招生制度綜")


def test_lost_lead_of_for_with_noise_label(seed_text, seed_auto):
    _, spots = seed_auto
    spot = spot_after(seed_text, spots, "考試成績", "?yōu)榛\ue2a6A")
    assert (spot.status, spot.fixed) == ("auto", "為基礎")


def test_short_spots_are_fixed_or_flagged(seed_text, seed_auto):
    _, spots = seed_auto
    assert_fixed_or_flagged(spot_after(seed_text, spots, "大班額", "??s"), "。縮")
    assert_fixed_or_flagged(spot_after(seed_text, spots, "人生第一", "??圩印薄爸腥A"), "粒扣子”“中華")


def test_swallowed_comma_ends_the_spot(seed_text, seed_auto):
    _, spots = seed_auto
    raw = "?yōu)樯霞壵\ue47f畬ο录壵\ue47f\ue199男薪逃\ue42b氊煹亩綄?"
    spot = spot_after(seed_text, spots, "督導轉變", raw)
    assert seed_text[spot.end :].startswith("督導的重點")
    assert_fixed_or_flagged(spot, "為上級政府對下級政府履行教育職責的督導,")


def test_whole_lost_characters_are_not_invented(seed_text, seed_auto):
    _, spots = seed_auto
    assert_fixed_or_flagged(spot_after(seed_text, spots, "控制在1%以", "?xún)?"), "內")
    assert_fixed_or_flagged(spot_after(seed_text, spots, "發展。以", "?xún)?yōu)"), "優")


def test_automatic_pass_never_contradicts_the_review(seed_text, seed_auto, seed_errata):
    out, spots = seed_auto
    assert_consistent(seed_text, out, spots)
    reviewed = {e.raw: e.fixed for e in seed_errata}
    autos = [s for s in spots if s.status == "auto"]
    assert all(reviewed[s.raw] == s.fixed for s in autos)
    # Measured 18 of 33 (22 before the word model, at 1.7% wrong on the
    # simulator); most of the rest are flagged with the right best reading.
    assert len(autos) >= 18
    assert all(s.auto_guess for s in spots)


# --- errata -------------------------------------------------------------------


def test_seed_errata_cover_every_spot(seed_text, seed_errata):
    out, spots = repair_mojibake(seed_text, seed_errata)
    assert_consistent(seed_text, out, spots)
    assert len(spots) >= 30 and {s.status for s in spots} == {"errata"}
    assert "?" not in out and not PUA.search(out)
    assert out.count("集團化辦學") == 4
    assert "控制在1%以內。" in out and "以優質均衡為著力點" in out and "確保”,實施" in out


def test_seed_errata_are_readings_of_their_bytes(seed_text, seed_errata):
    """Each reviewed fix is one of the byte-consistent readings of its raw text."""
    _, spots = repair_mojibake(seed_text, seed_errata)
    for spot in spots:
        readings = [
            h
            for h in mojibake_decode.hypotheses(seed_text, spot.start)
            if h.end == spot.end and len(h.slots) == len(spot.fixed)
        ]
        assert any(
            all(slot is mojibake_decode.ANY or ch in slot for slot, ch in zip(h.slots, spot.fixed, strict=False)) for h in readings
        ), spot.raw


def test_errata_override_wherever_the_raw_text_starts():
    text = "規劃的第一個五年?!笆\ue1a2奈濉睍r期。完善交流機制?建立長效制度。"
    entry = ErrataEntry("?!笆\ue1a2奈濉睍r", "。“十四五”時", "reviewed")
    loose = ErrataEntry("機制?", "機制,", "a comma read as a question mark")
    out, spots = repair_mojibake(text, [entry, loose])
    assert out == "規劃的第一個五年。“十四五”時期。完善交流機制,建立長效制度。"
    assert [s.status for s in spots] == ["errata", "errata"]
    assert spots[0].reason == "reviewed"
    assert_consistent(text, out, spots)


def test_an_entry_found_more_than_once_is_applied_only_over_damage():
    # An entry without context (as review once wrote for a "?" between "1%"
    # and "，"): the damaged "?" is fixed, the genuine question mark is not.
    text = "比例達到1%?,何時完成?"
    bare = ErrataEntry("?", "綜", "reviewed")
    assert place(text, [(6, 7)], [bare]) == [(6, 7, bare)]
    # Clean text only where the entry is unambiguous.
    fix = ErrataEntry("乙丙", "乙丁", "reviewed")
    assert place("甲乙丙。", [], [fix]) == [(1, 3, fix)]
    assert place("甲乙丙。甲乙丙。", [], [fix]) == []
    # The same damage read the same way wherever the automatic pass found it
    # (the bundled errata list such entries: "(4 spots)").
    same = ErrataEntry("?a", "綜", "reviewed")
    assert place("?a合。?a合。", [(0, 2), (4, 6)], [same]) == [(0, 2, same), (4, 6, same)]


def test_an_entry_matches_whichever_punctuation_the_raw_text_has():
    # Review takes context from the clean text, where "," was restored to "，".
    entry = ErrataEntry("達到1%，?合", "達到1%，綜合", "reviewed")
    assert place("比例達到1%,?合格", [(7, 8)], [entry]) == [(2, 9, entry)]
    assert place("比例達到1%，?合格", [(7, 8)], [entry]) == [(2, 9, entry)]
    # A "?" is never folded: in raw text it is the damage itself.
    assert place("何時完成？", [], [ErrataEntry("?", "綜", "reviewed")]) == []


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        ('{"raw": "?", "fixed": "", "reason": ""}', "JSON list"),
        ('[{"raw": "?", "fixed": "x"}]', "entry 1 needs"),
        ('[{"raw": "?", "fixed": 3, "reason": ""}]', "entry 1 needs"),
        ('["?"]', "entry 1 needs"),
        ('[{"raw": "", "fixed": "x", "reason": ""}]', "empty raw"),
        (
            '[{"raw": "?a", "fixed": "x", "reason": ""}, {"raw": "?a", "fixed": "y", "reason": ""}]',
            "entry 2 gives another fix",
        ),
    ],
)
def test_bad_errata_file_is_a_one_line_user_error(tmp_path, content, needle):
    path = tmp_path / "bad.errata.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_errata(path)
    assert needle in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_directory_and_binary_errata(tmp_path):
    for path, needle in (
        (tmp_path / "none.json", "文件不存在"),
        (tmp_path, "这是目录"),
    ):
        with pytest.raises(UserError, match=needle):
            load_errata(path)
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00[")
    with pytest.raises(UserError, match="not UTF-8"):
        load_errata(binary)


def test_good_errata_round_trip(tmp_path):
    path = tmp_path / "ok.errata.json"
    data = [{"raw": "?,F", "fixed": "保現", "reason": "lost B1 of 保"}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_errata(path) == (ErrataEntry("?,F", "保現", "lost B1 of 保"),)


# --- clean text -----------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_trad() -> str:
    return fold(_s2t().convert(SAMPLE_PLAN))


@pytest.mark.parametrize(
    "question",
    [
        "如何讓職業教育更有吸引力?這是我們必須回答的問題。",
        "為什麼要發展職業教育?\n",
        "學生問:“我能做什麼?”老師回答說可以。",
        "是否達標?1.加強管理。",
    ],
)
def test_genuine_question_mark_is_left_alone(clean_trad, question):
    text = clean_trad[:1500] + question + clean_trad[1500:]
    out, spots = repair_mojibake(text)
    assert out == text
    assert not [s for s in spots if s.status == "auto"]


def test_text_without_damage_is_returned_as_is(clean_trad):
    assert repair_mojibake(clean_trad) == (clean_trad, ())


# --- the simulator and simulated damage -------------------------------------------


def test_simulator_round_trips_without_damage():
    c = corrupt(SAMPLE_PLAN, random.Random(1), 0)
    assert "(" in c.raw and not c.spots
    assert strip_pinyin(c.raw)[0] == c.traditional_truth
    assert "，" not in c.raw and "," in c.raw  # folded to ASCII


def test_simulator_damage_follows_the_byte_mechanism():
    # 時 = 95 72: the lost lead leaves "r" on a lead position, which resyncs.
    assert lossy_decode(b"\x3f\xa3\xa1\xb0\xca\xae\xcb\xc4\xce\xe5\xa1\xb1\x95\x72\x28")[0] == "?！笆\ue1a2奈濉睍r("
    assert lossy_decode(b"\xa7\x2c\x80")[0] == "?€"  # invalid trail: one "?"; 0x80 alone: €
    c = corrupt(SAMPLE_PLAN, random.Random(7), 10)
    assert c.raw.count("?") >= 10 and PUA.search(c.raw)
    for s in c.spots:
        assert c.traditional_truth[s.truth_start : s.truth_end] == s.truth and s.truth


# Measured with the word model (2026-12): the fixed seeds below give 126/192
# = 0.66 restored (before: 0.625) and 1 of 127 automatic repairs wrong
# (before: 6 of 126).  Twelve spots per 3,000 characters is four times the
# bundled plan's density; tests/bench/bench_repair.py reports the rest.
RESTORATION_FLOOR = 0.62
WRONG_AUTO_CEILING = 0.02


def _repair_simulated(seed: int, n_spots: int, whole_char_rate: float = 0.0):
    c = corrupt(SAMPLE_PLAN, random.Random(seed), n_spots, whole_char_rate=whole_char_rate)
    raw = strip_pinyin(c.raw)[0]
    out, spots = repair_mojibake(raw)
    assert_consistent(raw, out, spots)
    restored, total = restoration(c.traditional_truth, out, c.spots)
    return restored, total, spots, wrong_repairs(c.traditional_truth, out, spots)


@pytest.mark.slow
def test_restoration_rate_on_simulated_damage():
    restored = total = autos = wrong = 0
    for seed in range(100, 116):
        r, t, spots, w = _repair_simulated(seed, 12)
        restored, total, wrong = restored + r, total + t, wrong + w
        autos += sum(s.status == "auto" for s in spots)
    assert restored / total >= RESTORATION_FLOOR
    assert wrong <= autos * WRONG_AUTO_CEILING


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), n_spots=st.integers(min_value=8, max_value=16))
def test_simulated_damage_property(seed, n_spots):
    restored, total, spots, wrong = _repair_simulated(seed, n_spots)
    # Detection: neighbouring damage may merge into one spot, which then counts
    # once for every lost byte ("?") it holds.
    assert sum(max(1, s.raw.count("?")) for s in spots) >= total * 0.8
    # One corruption is a small sample: the aggregate rate is asserted above.
    assert restored >= total / 4 - 1
    assert wrong <= 2


def test_whole_lost_characters_are_rarely_invented():
    autos = wrong = 0
    for seed in range(200, 206):
        _, _, spots, w = _repair_simulated(seed, 10, whole_char_rate=1.0)
        autos, wrong = autos + sum(s.status == "auto" for s in spots), wrong + w
    assert wrong <= max(2, autos * 0.2)


_PIECES = list("?!,.(:)r學校為基礎的督導十四五”“。\n aA€\ue1a2\ue37dxúǎ") + ["?!", "(shí)", "yōu)", "?xún)"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text_gives_consistent_spots(text):
    out, spots = repair_mojibake(text)
    assert_consistent(text, out, spots)


# --- the quotation marks a reading makes or breaks --------------------------


@pytest.mark.parametrize(
    ("text", "faults"),
    [
        ("采取“名校+新校”“名校+弱校”等模式", 0),
        ("采取“名校+新。”“名校+", 1),  # a quoted term ending in a full stop
        ("“城区校+乡村。”等模式", 1),
        ("扣好“人生第一。扣子”", 1),  # a full stop inside a short quotation
        ("要做到“两个确保”,实施“十大战略”", 0),
        ("要做到“两个确保。实施“十大战略”", 1),  # a quotation opened inside an open one
        ("他说：“我们要把这件事办好，办实，办出成效，让人民满意。”", 0),  # a quoted sentence may end so
        ("战略”，实施“十大", 0),  # the state before the first mark is not known
        ("实施”十大", 0),
        ("“甲”乙”", 1),  # a closing mark with none open
    ],
)
def test_quote_faults(text, faults):
    from tui.ingest.rescore import quote_faults

    assert quote_faults(text) == faults


def test_lost_lead_of_school_before_a_closing_quote(seed_text, seed_auto):
    """校 and 。 lose the same lead byte; only the quotation tells 城区校+乡村校”等 from 乡村。”等."""
    _, spots = seed_auto
    spot = spot_after(seed_text, spots, "校+鄉村", "?!钡饶J浇M")
    assert spot.auto_guess == "校”等模式組"
    assert_fixed_or_flagged(spot, "校”等模式組")
    spot = spot_after(seed_text, spots, "要做到“兩個確", "?!?")
    assert spot.auto_guess == "保”,"
    assert_fixed_or_flagged(spot, "保”,")
