"""Provides the targets of an indicator table (主要发展指标): one figure per row, its baseline from the base year.

Plain Python.  Plans often list their main indicators in a table::

    序号 指标 2020年 2025年 属性
    1 学前教育毛入园率（%） 91.5 95 预期性

A table counts when its header names years (2020年, 2025年) or base and
target columns (基期值, 现状, 目标值); each row then gives one target per
future column, with the latest past column as its baseline.  The unit comes
from the indicator's brackets (（%）, （万人）) or a 单位 column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.document.model import Block, Document, Measure

_CELL = re.compile(r"[^ \u3000\t]+")
_NUMBER = re.compile(r"^[<>≥≤]?(\d+(?:\.\d+)?)([%％]?)$")
_YEAR = re.compile(r"^(20\d\d)年?(?:底|末)?(?:基期值|基数|现状|目标值?|预期值?)?(?:（[^）]*）)?$")
_BASE = re.compile(r"^(?:基期值?|基数|基准值?|现状值?|现状)")
_GOAL = re.compile(r"^(?:目标值?|预期值?|规划值?)")
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,6})[）)]$")


@dataclass(frozen=True)
class Column:
    index: int
    year: int | None  # None: a 目标值 column without a year
    base: bool  # a baseline column (a past year, 基期值, 现状)


@dataclass(frozen=True)
class TableFigure:
    """One target read from an indicator table row."""

    measure_id: str
    indicator: str
    value: str
    number: float
    unit: str
    year: int | None
    baseline: str
    start: int
    end: int


def _cells(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _CELL.finditer(text)]


def columns(header: str, start_year: int | None) -> tuple[list[Column], int | None]:
    """The year (or base/target) columns of a header row, and the 单位 column if any."""
    found: list[Column] = []
    unit_col = None
    for k, (_, _, cell) in enumerate(_cells(header)):
        year = _YEAR.match(cell)
        if year is not None:
            y = int(year.group(1))
            base = bool(_BASE.search(cell[5:])) or (start_year is not None and y < start_year)
            found.append(Column(k, y, base))
        elif _BASE.match(cell):
            found.append(Column(k, None, True))
        elif _GOAL.match(cell):
            found.append(Column(k, None, False))
        elif cell in ("单位", "计量单位"):
            unit_col = k
    if not any(not c.base for c in found):
        return [], None
    return found, unit_col


def _scaled(number: float, unit: str) -> float:
    return number * (1e8 if unit.startswith("亿") else 1e4 if unit.startswith("万") else 1)


def row_figures(row: Measure, cols: list[Column], unit_col: int | None, default_year: int | None) -> list[TableFigure]:
    """The targets of one data row (none if it does not line up with the header)."""
    cells = _cells(row.text)
    named = [(k, c) for k, c in enumerate(cells) if re.search(r"[\u3400-\u9fff]", c[2]) and k not in
             {col.index for col in cols}]
    if not named or not cols or max(c.index for c in cols) >= len(cells):
        return []
    name = named[0][1][2]
    bracket = _UNIT_IN_NAME.search(name)
    unit = bracket.group(1) if bracket else ""
    if unit_col is not None and unit_col < len(cells):
        unit = cells[unit_col][2]
    indicator = name[:bracket.start()] if bracket else name
    base = ""
    for col in cols:
        if col.base:
            m = _NUMBER.match(cells[col.index][2])
            if m is not None:
                base = m.group(1) + (m.group(2) or unit)
    out = []
    for col in cols:
        if col.base:
            continue
        a, b, cell = cells[col.index]
        m = _NUMBER.match(cell)
        if m is None:
            continue
        shown_unit = m.group(2) or unit
        out.append(TableFigure(row.id, indicator, m.group(1) + shown_unit, _scaled(float(m.group(1)), shown_unit),
                               shown_unit, col.year or default_year, base, a, b))
    return out


def table_figures(doc: Document, block: Block, start_year: int | None, default_year: int | None) -> list[TableFigure]:
    """The targets of a table block with a year header; [] for any other table."""
    rows = [doc.measure_by_id[mid] for mid in block.measure_ids]
    for k, row in enumerate(rows):
        cols, unit_col = columns(row.text, start_year)
        if cols:
            out: list[TableFigure] = []
            for data in rows[k + 1:]:
                out.extend(row_figures(data, cols, unit_col, default_year))
            return out
    return []
