"""End to end: simulated scraping damage on a plan the pipeline never saw."""

from __future__ import annotations

import difflib
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.corrupt import SAMPLE_PLAN, corrupt
from tui.ingest.pipeline import import_text

CLEAN = import_text(SAMPLE_PLAN, source="sample")


def measure_texts(doc):
    return [m.text for m in doc.measures]


def restored_share(seed: int, n_spots: int = 10) -> tuple[float, object]:
    damaged = corrupt(SAMPLE_PLAN, random.Random(seed), n_spots)
    doc = import_text(damaged.raw, source="damaged")
    clean = measure_texts(CLEAN)
    matcher = difflib.SequenceMatcher(a=clean, b=measure_texts(doc), autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / len(clean), doc


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000))
def test_structure_survives_damage(seed):
    _, doc = restored_share(seed)
    # Pinyin, traditional script and punctuation are always undone, and the
    # tree is rebuilt the same; unrepairable spots stay flagged, never guessed.
    tree = [(s.id, s.number) for s in doc.sections]
    if tree != [(s.id, s.number) for s in CLEAN.sections]:
        # Only acceptable when damage swallowed a heading's own number, or
        # the end of the title line (规?? is no title: the line is kept as
        # front matter), so that the line cannot be recognised; that damage
        # must be flagged.
        assert any(
            s.status == "flagged" and (s.start <= 2 or s.measure_id.startswith("front"))
            and len(doc.measure_by_id[s.measure_id].text) <= 30
            for s in doc.spots
        ), tree
    assert doc.stats["pinyin_removed"] > 0
    assert doc.stats["spots"] >= 1
    # Whatever damage is left is inside a flagged spot, where the reader shows it.
    for m in doc.measures:
        flagged = [(s.start, s.end) for s in doc.spots_by_measure.get(m.id, ()) if s.status == "flagged"]
        for hit in re.finditer(r"[?\ue000-\uf8ff]", m.text):
            assert any(a <= hit.start() < b for a, b in flagged), (m.id, m.text)


def test_restoration_rate_over_many_plans():
    shares = [restored_share(seed)[0] for seed in range(8)]
    rate = sum(shares) / len(shares)
    # Measured 2026-11-29: 0.94 of all measures come back exactly with 10
    # damaged spots per 3,000 characters; keep a margin for the model.
    assert rate >= 0.85, rate


def test_damaged_first_heading_is_read_as_a_heading_in_sequence():
    """Seeds whose damage hits 一、发展基础 (they changed the tree, issue 10): the
    repair reads the line as heading 一, next to the plan's 二、 and 三、 (before:
    flagged at p = 0.57 with the right reading, or a wrong one at 0.31)."""
    from tests.support.corrupt import fold
    from tui.ingest.pinyin import strip_pinyin
    from tui.ingest.repair import repair_mojibake

    for seed in (129, 389):
        raw = strip_pinyin(corrupt(SAMPLE_PLAN, random.Random(seed), 10).raw)[0]
        out, spots = repair_mojibake(raw)
        assert spots[0].status == "auto" and "\n\n一、發展基礎\n\n" in out, seed
    for seed in (10,):
        raw = strip_pinyin(corrupt(SAMPLE_PLAN, random.Random(seed), 10).raw)[0]
        _, spots = repair_mojibake(raw)
        assert spots[0].readings[0][0] == fold("一、發"), spots[0]
