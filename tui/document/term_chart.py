"""Provides bar charts drawn with block characters: where a term lives, hits per chapter.

Plain Python and plain strings, so that ``policy-tui search --by-chapter``
prints them and the reader's mentions list shows the same lines.  Labels are
padded by terminal cells (a Chinese character takes two), and bars are
drawn in eighths of a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.display import cells, clean, cut, pad
from tui.document.corpus import Corpus

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
LABEL_CELLS = 28  # labels are cut to this many cells
MAX_ROWS = 40  # a plan with more chapters is charted in runs of neighbouring chapters


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: int


def bar(value: float, top: float, width: int) -> str:
    """A bar of ``value`` on a scale where ``top`` fills ``width`` cells; any value above 0 shows."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, rest = divmod(min(eighths, width * 8), 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


def chart_lines(rows: Sequence[ChartRow], width: int = 80, top: int | None = None) -> list[str]:
    """One line per row: the label, the bar, the value; the whole line fits ``width`` cells."""
    if not rows:
        return []
    label_width = min(LABEL_CELLS, max(cells(clean(r.label)) for r in rows))
    biggest = max(r.value for r in rows)
    scale = top if top is not None else biggest
    number_width = len(str(max(biggest, scale)))
    bar_width = max(4, width - label_width - number_width - 2)
    return [f"{pad(cut(r.label, label_width), label_width)} {pad(bar(r.value, scale, bar_width), bar_width)} "
            f"{r.value:>{number_width}}" for r in rows]


def term_chart(corpus: Corpus, query: str, width: int = 80, traditional: bool = False) -> list[str]:
    """Hits of ``query`` per chapter, one block of lines per plan (a title line when there are several).

    Every plan is drawn on the same scale, so that bars compare across plans.
    """
    charts = []
    for doc, rows in corpus.chapter_counts(query):
        chart = [ChartRow(s.label(traditional), n) for s, n in rows]
        charts.append((doc, _runs(chart) if len(chart) > MAX_ROWS else chart))
    top = max((r.value for _, chart in charts for r in chart), default=0)
    lines: list[str] = []
    for doc, chart in charts:
        if len(corpus) > 1:
            if lines:
                lines.append("")
            title = (doc.meta.title_trad if traditional else doc.meta.title) or doc.meta.source or doc.id
            lines.append(f"{cut(title, width - 8)}  {sum(r.value for r in chart)}")
        lines.extend(chart_lines(chart, width, top))
    return lines


def _run_size(rows: Sequence[ChartRow]) -> int:
    return -(-len(rows) // MAX_ROWS)  # ceiling division; 1 when the rows fit


def _runs(rows: Sequence[ChartRow]) -> list[ChartRow]:
    """At most MAX_ROWS rows: each the sum of a run of neighbouring chapters, named by its first and last.

    Hundreds of one-line bars say nothing and take the list's time; runs keep where the term lives.
    """
    size = _run_size(rows)
    half = LABEL_CELLS // 2 - 1
    out = []
    for k in range(0, len(rows), size):
        run = rows[k : k + size]
        label = run[0].label if len(run) == 1 else f"{cut(run[0].label, half)}–{cut(run[-1].label, half)}"
        out.append(ChartRow(label, sum(r.value for r in run)))
    return out
