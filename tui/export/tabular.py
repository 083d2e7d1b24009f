"""Provides the CSV export: UTF-8 with BOM, one row per annotation, spreadsheet-safe.

Columns: chapter, section, measure_id, quote, note, tags (joined by ";"),
created, updated, orphaned, uuid; several plans in one file put ``plan``
and ``doc_id`` first.  ``chapter``/``section`` are labels with the
plan's numbering (for orphans: their recorded location).  A cell that starts
with = + - @ (or a tab/CR) gets a leading ``'`` so that Excel does not run it
as a formula; use the JSON export for exact text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tui.annotations.filters import Filters, apply, is_orphan
from tui.annotations.model import Annotation
from tui.annotations.plans import PlanNotes
from tui.document.model import Document
from tui.export.markdown import quote_of

COLUMNS = ("chapter", "section", "measure_id", "quote", "note", "tags",
           "created", "updated", "orphaned", "uuid")
BOM = "\ufeff"


def _safe(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _location(doc: Document, annotation: Annotation) -> tuple[str, str]:
    if is_orphan(doc, annotation):
        path = annotation.anchor.section_path
        labels = [doc.section_by_id[s].label() if s in doc.section_by_id else s for s in path[:2]]
    else:
        measure = doc.measure_by_id[annotation.anchor.measure_id]
        labels = [s.label() for s in doc.path(measure.section_id)[:2]]
    return (labels + ["", ""])[0], (labels + ["", ""])[1]


def _row(doc: Document, a: Annotation) -> list[str]:
    chapter, section = _location(doc, a)
    return [chapter, section, a.anchor.measure_id, quote_of(doc, a), a.note,
            ";".join(a.tags), a.created, a.updated, "yes" if is_orphan(doc, a) else "", a.uuid]


def to_csv(doc: Document, annotations: Iterable[Annotation], filters: Filters | None = None) -> str:
    """CSV text (starting with a BOM) of the annotations that match ``filters``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for a in apply(doc, annotations, filters or Filters()):
        writer.writerow([_safe(cell) for cell in _row(doc, a)])
    return BOM + buffer.getvalue()


def to_csv_plans(plans: Sequence[PlanNotes]) -> str:
    """One CSV for several plans' (already filtered) annotations, plan by plan."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("plan", "doc_id", *COLUMNS))
    for plan in plans:
        doc = plan.doc
        for a in plan.annotations:
            writer.writerow([_safe(cell) for cell in (doc.display_title, doc.id, *_row(doc, a))])
    return BOM + buffer.getvalue()
