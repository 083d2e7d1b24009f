"""Provides spotting a table flattened onto one line, cutting it into rows, and finding a file's own tables."""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Sequence

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


def locate(texts: list[str], tables: Sequence[tuple[str, ...]]) -> dict[int, int]:
    """Where each of ``tables`` (its rows, as lines) stands among ``texts``: first line -> row count.

    Tables are looked for in order, from their first row; a row that did not
    come through (removed as page furniture) is passed over, and the rows
    that follow it on the next lines still belong to the table.
    """
    starts: dict[str, list[int]] = {}
    for i, line in enumerate(texts):
        starts.setdefault(line, []).append(i)
    out: dict[int, int] = {}
    pos = 0
    for rows in tables:
        for first, row in enumerate(rows):
            candidates = starts.get(row, [])
            k = bisect.bisect_left(candidates, pos)
            if k < len(candidates):
                start = end = candidates[k]
                for later in rows[first:]:
                    if end < len(texts) and texts[end] == later:
                        end += 1
                out[start] = end - start
                pos = end
                break
    return out
