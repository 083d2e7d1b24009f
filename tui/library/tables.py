"""Provides CSV and Markdown tables: the shared writers for comparisons and targets.

CSV is UTF-8 with a BOM (spreadsheets then read Chinese correctly) and
cells made formula-safe, as the annotation export does; Markdown tables
escape every cell, so plan text cannot change the table's structure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tui.export.mdtext import escape_inline
from tui.export.tabular import BOM, _safe

FORMATS = ("md", "csv")


def csv_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a BOM; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe("" if cell is None else str(cell)) for cell in row])
    return BOM + buffer.getvalue()


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a GFM table; None is an empty cell."""
    lines = ["| " + " | ".join(escape_inline(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    for row in rows:
        cells = [escape_inline("" if cell is None else str(cell)) for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
