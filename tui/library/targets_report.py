"""Provides the targets of a plan, and targets lined up across plans, as rows, Markdown or CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.document.lineup import Lined
from tui.document.model import Document
from tui.document.targets import Target
from tui.i18n import t
from tui.library.tables import csv_table, md_table

COLUMNS = ("plan", "chapter", "section", "measure_id", "indicator", "value", "qualifier", "year", "baseline", "kind",
           "number", "unit", "text")


def where(doc: Document, target: Target) -> tuple[str, str]:
    """(chapter, section) labels of a figure."""
    labels = [s.label() for s in doc.path(target.section_id)[:2]]
    return (labels + ["", ""])[0], (labels + ["", ""])[1]


def value_text(target: Target) -> str:
    """``96%``, ``95%以上``, ``不低于85%``, ``85% → 90%``: the value with its qualifier and baseline."""
    before = " ".join(q for q in target.qualifier.split() if q not in ("以上", "以内", "以下", "左右"))
    after = "".join(q for q in target.qualifier.split() if q in ("以上", "以内", "以下", "左右"))
    text = f"{before}{target.value}{after}" if before else target.value + after
    return f"{target.baseline} → {text}" if target.baseline else text


def kind_text(target: Target) -> str:
    return t(f"lib.targets.kind.{target.kind}")


def record(doc: Document, target: Target) -> dict[str, Any]:
    """A figure as a JSON record."""
    chapter, section = where(doc, target)
    return {"plan": doc.display_title, "doc_id": doc.id, "chapter": chapter, "section": section,
            "measure_id": target.measure_id, "indicator": target.indicator, "value": target.value,
            "qualifier": target.qualifier, "year": target.year, "baseline": target.baseline, "kind": target.kind,
            "number": target.number, "unit": target.unit, "start": target.start, "end": target.end}


def _row(doc: Document, target: Target) -> list[object]:
    chapter, section = where(doc, target)
    return [doc.display_title, chapter, section, target.measure_id, target.indicator, target.value, target.qualifier,
            target.year, target.baseline, target.kind, f"{target.number:g}", target.unit,
            doc.measure_by_id[target.measure_id].text]


def targets_csv(found: Sequence[tuple[Document, Target]]) -> str:
    return csv_table(COLUMNS, (_row(doc, target) for doc, target in found))


def targets_markdown(found: Sequence[tuple[Document, Target]]) -> str:
    """One table per plan: chapter, indicator, value, year, baseline, kind, measure."""
    lines: list[str] = []
    header = (t("lib.targets.col.chapter"), t("lib.targets.col.indicator"), t("lib.targets.col.value"),
              t("lib.targets.col.year"), t("lib.targets.col.kind"), t("lib.targets.col.measure"))
    plans: dict[str, tuple[Document, list[Target]]] = {}
    for doc, target in found:
        plans.setdefault(doc.id, (doc, []))[1].append(target)
    for doc, targets in plans.values():
        lines += [f"# {t('lib.targets.title', title=doc.display_title)}", ""]
        lines += md_table(header, ((where(doc, x)[0], x.indicator, value_text(x), x.year or "", kind_text(x),
                                    x.measure_id) for x in targets))
        lines.append("")
    return "\n".join(lines)


def cell_text(targets: Sequence[Target]) -> str:
    """One plan's figures for an indicator: ``95%（实绩）；96%（2025）``."""
    parts = []
    for x in targets:
        note = kind_text(x) if x.kind == "achievement" else (str(x.year) if x.year else "")
        parts.append(f"{value_text(x)}（{note}）" if note else value_text(x))
    return "；".join(parts)


def lineup_markdown(docs: Sequence[Document], rows: Sequence[Lined]) -> str:
    """Indicator | plan 1 | plan 2 …"""
    header = (t("lib.targets.col.indicator"), *(d.display_title for d in docs))
    lines = [f"# {t('lib.targets.lineup_title', plans=len(docs))}", ""]
    lines += md_table(header, ((r.label, *(cell_text(r.cells.get(d.id, ())) or "—" for d in docs)) for r in rows))
    return "\n".join(lines) + "\n"


def lineup_csv(docs: Sequence[Document], rows: Sequence[Lined]) -> str:
    """Long form: one row per indicator, plan and figure (a plan without the indicator gets an empty row)."""
    out: list[list[object]] = []
    for r in rows:
        for doc in docs:
            figures = r.cells.get(doc.id, ())
            if not figures:
                out.append([r.label, doc.display_title, *[""] * 7])
            for x in figures:
                out.append([r.label, doc.display_title, x.indicator, x.value, x.qualifier, x.year, x.baseline, x.kind,
                            x.measure_id])
    return csv_table(("indicator", "plan", "plan_indicator", "value", "qualifier", "year", "baseline", "kind",
                      "measure_id"), out)
