"""Provides annotation export (Markdown, CSV, JSON) and JSON import, without textual.

``prepare`` selects and renders; ``write`` puts the text on disk safely.  The
CLI (``policy-tui export``) and the export dialog both go through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui.annotations.filters import Filters, apply, is_orphan, make_filters, resolve_chapter, select
from tui.annotations.model import Annotation
from tui.annotations.plans import PlanNotes
from tui.document.model import Document
from tui.export.exchange import FORMAT, VERSION, parse_json, read_json_file, to_json, to_json_plans
from tui.export.files import default_export_path, format_for, write_file
from tui.export.markdown import to_markdown, to_markdown_plans
from tui.export.tabular import to_csv, to_csv_plans

FORMATS = ("md", "csv", "json")

__all__ = [
    "FORMAT", "FORMATS", "VERSION", "Export", "Filters", "apply", "default_export_path", "format_for",
    "make_filters", "parse_json", "prepare", "prepare_plans", "read_json_file", "render", "resolve_chapter",
    "scope_name", "select",
    "to_csv", "to_json", "to_markdown", "write_file",
]


def render(fmt: str, doc: Document, annotations: Iterable[Annotation], filters: Filters,
           now: datetime) -> str:
    """The export text in ``fmt`` (md, csv or json)."""
    if fmt == "md":
        return to_markdown(doc, annotations, filters, now)
    if fmt == "csv":
        return to_csv(doc, annotations, filters)
    if fmt == "json":
        return to_json(doc, annotations, filters)
    raise ValueError(f"unknown export format {fmt!r}")


@dataclass(frozen=True)
class Export:
    """What an export writes: the text and what it holds."""

    fmt: str
    filters: Filters
    text: str
    count: int
    measures: int  # distinct measures annotated
    orphans: int
    plans: int = 1  # plans with annotations in the export

    @property
    def empty(self) -> bool:
        return self.count == 0

    def write(self, path: Path, *, overwrite: bool = False, parents: bool = False) -> Path:
        """Write to ``path`` (see ``files.write_file``); the absolute path written."""
        return write_file(self.text, path, overwrite=overwrite, parents=parents)


def prepare(doc: Document, annotations: Iterable[Annotation], filters: Filters, fmt: str,
            now: datetime) -> Export:
    """Select the annotations ``filters`` match and render them as ``fmt``."""
    selected = apply(doc, annotations, filters)
    placed = [a for a in selected if not is_orphan(doc, a)]
    return Export(fmt, filters, render(fmt, doc, selected, filters, now), len(selected),
                  len({a.anchor.measure_id for a in placed}), len(selected) - len(placed))


def prepare_plans(plans: Sequence[PlanNotes], filters: Filters, fmt: str, now: datetime) -> Export:
    """Several plans' annotations in one export, grouped by plan (one plan: as ``prepare``).

    A chapter belongs to one plan, so ``filters.chapter`` is refused (ValueError).
    """
    if len(plans) == 1:
        return prepare(plans[0].doc, plans[0].annotations, filters, fmt, now)
    if filters.chapter:
        raise ValueError("a chapter filter needs a single plan")
    chosen = [plan.select(filters) for plan in plans]
    if fmt == "md":
        text = to_markdown_plans(chosen, filters, now)
    elif fmt == "csv":
        text = to_csv_plans(chosen)
    elif fmt == "json":
        text = to_json_plans(chosen, filters)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    count = orphans = measures = 0
    for plan in chosen:
        placed = [a for a in plan.annotations if not is_orphan(plan.doc, a)]
        count += len(plan.annotations)
        orphans += len(plan.annotations) - len(placed)
        measures += len({a.anchor.measure_id for a in placed})
    return Export(fmt, filters, text, count, measures, orphans, sum(1 for p in chosen if p.annotations))


def scope_name(filters: Filters, plans: int = 1) -> str:
    """The default file name's stem: ``all``, ``tags-…``; ``3-plans_all`` for several plans."""
    return filters.scope() if plans <= 1 else f"{plans}-plans_{filters.scope()}"
