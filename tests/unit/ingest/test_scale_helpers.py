"""The shortcuts that keep a large import linear give exactly what the plain loops gave (issue 14)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.ingest.beam import _lse, _tail_mass
from tui.ingest.spans import SpanSet

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=30)


@given(spans, st.integers(-5, 80), st.integers(0, 10))
def test_span_overlap_is_the_scan_it_replaces(given_spans: list[tuple[int, int]], start: int, width: int) -> None:
    index = SpanSet(given_spans)
    end = start + width
    assert index.overlaps(start, end) == any(a < end and start < b for a, b in given_spans)
    assert index.covers(start) == any(a <= start < b for a, b in given_spans)


scores = st.one_of(
    st.floats(-80, 0),
    st.floats(-1e-9, 0),  # near the top: the sum is near 0, where every bit counts
    st.sampled_from([0.0, -math.inf, -5.0, -37.0, -40.0]),
)


@settings(max_examples=500)
@given(st.lists(scores, min_size=1, max_size=300), st.integers(0, 300))
def test_dropped_mass_is_the_sum_in_order_to_the_last_bit(values: list[float], skip: int) -> None:
    desc = sorted(values, reverse=True)
    skip = min(skip, len(desc) - 1)
    total = -math.inf
    for v in desc[skip:]:
        total = _lse(total, v - desc[0])
    got = _tail_mass(desc, skip)
    assert got == total or (math.isnan(got) and math.isnan(total))
