"""Provides annotation export (Markdown, CSV, JSON) and JSON import, without textual."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tui.annotations.filters import (
    Filters,
    apply,
    make_filters,
    resolve_chapter,
    select,
)
from tui.annotations.model import Annotation
from tui.document.model import Document
from tui.export.exchange import FORMAT, VERSION, parse_json, read_json_file, to_json
from tui.export.files import default_export_path, format_for, write_file
from tui.export.markdown import to_markdown
from tui.export.tabular import to_csv

FORMATS = ("md", "csv", "json")

__all__ = [
    "FORMAT", "FORMATS", "VERSION", "Filters", "apply", "default_export_path", "format_for",
    "make_filters", "parse_json", "read_json_file", "render", "resolve_chapter", "select",
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
