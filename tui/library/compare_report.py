"""Provides an alignment of two plans as Markdown or CSV (``policy-tui compare``, the compare screen's export)."""

from __future__ import annotations

from tui.document.align import Alignment, Row
from tui.document.model import Document
from tui.i18n import t
from tui.library.tables import csv_table, md_table


def _where(doc: Document, measure_id: str) -> tuple[str, str]:
    """(chapter, section) labels of a measure."""
    labels = [s.label() for s in doc.path(doc.measure_by_id[measure_id].section_id)[:2]]
    return (labels + ["", ""])[0], (labels + ["", ""])[1]


def _status(row: Row) -> str:
    if row.a is not None and row.b is not None:
        return "pair"
    return "only_a" if row.a is not None else "only_b"


def summary(al: Alignment) -> str:
    """One line: how many measures pair up, and how many stand alone on each side."""
    return t("lib.compare.summary", paired=len(al.pairs), total_a=len(al.matches), only_a=len(al.only_a),
             total_b=len(al.only_b) + len(al.pairs), only_b=len(al.only_b), threshold=al.threshold)


def alignment_csv(al: Alignment) -> str:
    """One row per line of the side-by-side view, chapter pairs in order."""
    header = ("status", "a_chapter", "a_section", "a_measure_id", "a_text", "score",
              "b_chapter", "b_section", "b_measure_id", "b_text", "shared")
    shared = {m.measure_id: m.counterpart.shared for m in al.matches if m.counterpart is not None}
    rows = []
    for pair in al.chapters:
        for row in pair.rows:
            a_where = _where(al.a, row.a) if row.a else ("", "")
            b_where = _where(al.b, row.b) if row.b else ("", "")
            rows.append((
                _status(row), *a_where, row.a, al.a.measure_by_id[row.a].text if row.a else None,
                f"{row.score:.3f}" if row.score is not None else None,
                *b_where, row.b, al.b.measure_by_id[row.b].text if row.b else None,
                "；".join(shared.get(row.a, ())) if row.a and row.b else None,
            ))
    return csv_table(header, rows)


def alignment_markdown(al: Alignment) -> str:
    """A title, the summary, then one table per chapter pair: A | score | B."""
    a, b = al.a, al.b
    lines = [f"# {t('lib.compare.title', a=a.display_title, b=b.display_title)}", "", summary(al), ""]
    header = (t("lib.compare.col_a", title=a.display_title), t("lib.compare.col_score"),
              t("lib.compare.col_b", title=b.display_title))
    none = t("lib.compare.none")
    for pair in al.chapters:
        left = pair.a.label() if pair.a else none
        right = pair.b.label() if pair.b else none
        lines += [f"## {left} ↔ {right}", ""]
        table = []
        for row in pair.rows:
            a_cell = f"{a.measure_by_id[row.a].text} [{row.a}]" if row.a else none
            b_cell = f"{b.measure_by_id[row.b].text} [{row.b}]" if row.b else none
            score = f"{row.score:.2f}" if row.score is not None else "—"
            if row.b is not None and row.a is not None and b.chapter_of(b.measure_by_id[row.b].section_id) != pair.b:
                b_cell += f" ({_where(b, row.b)[0]})"  # the counterpart sits in another chapter
            table.append((a_cell, score, b_cell))
        lines += md_table(header, table) if table else [none]
        lines.append("")
    return "\n".join(lines)


def render(al: Alignment, fmt: str) -> str:
    return alignment_csv(al) if fmt == "csv" else alignment_markdown(al)
