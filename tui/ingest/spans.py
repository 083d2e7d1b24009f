"""Provides SpanSet: whether a span overlaps any of many spans, in logarithmic time.

The repair asks this once per candidate span against every spot already
found; a scan of the spots made that quadratic in the size of the plan.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate


class SpanSet:
    """Half-open spans ``[start, end)``, which may overlap or nest, for overlap queries."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        # The furthest end among the spans starting at or before each one.
        self._reach = list(accumulate((b for _, b in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``[a, b)`` has ``a < end`` and ``start < b``."""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start

    def covers(self, pos: int) -> bool:
        """Whether some span ``[a, b)`` has ``a <= pos < b``."""
        return self.overlaps(pos, pos + 1)
