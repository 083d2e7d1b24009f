"""Provides annotation export (Markdown, CSV, JSON) and JSON import, without textual.

``prepare`` selects and renders; ``write`` puts the text on disk safely.  The
CLI (``policy-tui export``) and the export dialog both go through them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui.annotations.filters import Filters, apply, is_orphan, make_filters, resolve_chapter, select
from tui.annotations.model import Annotation
from tui.document.model import Document
from tui.export.exchange import FORMAT, VERSION, parse_json, read_json_file, to_json
from tui.export.files import default_export_path, format_for, write_file
from tui.export.markdown import to_markdown
from tui.export.tabular import to_csv

FORMATS = ("md", "csv", "json")

__all__ = [
    "FORMAT", "FORMATS", "VERSION", "Export", "Filters", "apply", "default_export_path", "format_for",
    "make_filters", "parse_json", "prepare", "read_json_file", "render", "resolve_chapter", "select",
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
