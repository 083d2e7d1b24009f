"""Provides the CSV export: UTF-8 with BOM, one row per annotation, spreadsheet-safe.

Columns: chapter, section, measure_id, quote, note, tags (joined by ";"),
created, updated, orphaned, uuid.  ``chapter``/``section`` are labels with the
plan's numbering (for orphans: their recorded location).  A cell that starts
with = + - @ (or a tab/CR) gets a leading ``'`` so that Excel does not run it
as a formula; use the JSON export for exact text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tui.annotations.filters import Filters, apply, is_orphan
from tui.annotations.model import Annotation
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


def to_csv(doc: Document, annotations: Iterable[Annotation], filters: Filters | None = None) -> str:
    """CSV text (starting with a BOM) of the annotations that match ``filters``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for a in apply(doc, annotations, filters or Filters()):
        chapter, section = _location(doc, a)
        row = [chapter, section, a.anchor.measure_id, quote_of(doc, a), a.note,
               ";".join(a.tags), a.created, a.updated, "yes" if is_orphan(doc, a) else "", a.uuid]
        writer.writerow([_safe(cell) for cell in row])
    return BOM + buffer.getvalue()
