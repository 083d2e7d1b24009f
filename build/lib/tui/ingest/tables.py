"""Provides spotting a table flattened onto one line, and cutting it into rows."""

from __future__ import annotations

import re
import statistics

_CELL_GAP = re.compile(r"[ \u3000\t]+")
_MIN_CELLS = 8
_MAX_MEDIAN_CELL = 8


def cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each space-separated cell of ``line``."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^ \u3000\t]+", line)]


def is_flat_table(line: str) -> bool:
    """Many short cells separated by spaces and no sentence: a table that lost its grid."""
    spans = cells(line)
    if len(spans) < _MIN_CELLS or re.search(r"[。；;！？]", line):
        return False
    return statistics.median(b - a for a, b in spans) <= _MAX_MEDIAN_CELL


def rows(line: str) -> list[tuple[int, int]]:
    """(start, end) of each row: a new row starts at a cell numbering it 1, 2, 3 …

    The header (the cells before row 1) is a row of its own; without such a
    numbering column the whole line is one row.
    """
    spans = cells(line)
    starts: list[int] = []
    expected = 1
    for a, b in spans:
        if line[a:b] == str(expected):
            starts.append(a)
            expected += 1
    if len(starts) < 2:
        return [(spans[0][0], spans[-1][1])] if spans else []
    bounds = ([spans[0][0]] if starts[0] > spans[0][0] else []) + starts
    ends = [len(line[:s].rstrip()) for s in bounds[1:]] + [spans[-1][1]]
    return list(zip(bounds, ends, strict=True))
