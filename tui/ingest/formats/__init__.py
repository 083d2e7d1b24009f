"""Provides reading a plan file of any supported format into plain text lines.

Web pages (.html/.htm), Word files (.docx) and PDFs with a text layer are
turned into one line per paragraph or heading; anything else is decoded as
text.  An old Word .doc or a PDF without a text layer gets a one-line error
saying what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.chrome import Removed

FORMATS = ("text", "html", "docx", "pdf")


@dataclass(frozen=True)
class Extracted:
    """A file's text, one paragraph per line, and what the reader left out."""

    text: str
    fmt: str = "text"
    removed: tuple[Removed, ...] = ()  # page numbers, running headers (PDF); the page around the text (HTML)
    title: str = ""  # the file's own title (Word's Title style)
    headings: tuple[tuple[str, int], ...] = ()  # unnumbered lines styled as headings, with their level
    items: tuple[str, ...] = ()  # lines set as list items: text, even with a number in front
    tables: tuple[tuple[str, ...], ...] = ()  # each table's rows, as the lines that hold them


def sniff(path: Path, data: bytes) -> str:
    """The format of ``data``, from its first bytes, else from the file name."""
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # an OLE compound file: Word 97-2003 (or another old Office file)
    if data.startswith(b"PK\x03\x04") and (suffix == ".docx" or b"word/" in data[:4096]):
        return "docx"
    head = data[:2048].lstrip().lower()
    if suffix in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def extract(path: Path, data: bytes) -> Extracted:
    """The text of a plan file; decodes plain text itself (UTF-8, GB18030, UTF-16)."""
    fmt = sniff(path, data)
    name = str(path)
    if fmt == "doc":
        raise UserError(t("ingest.error.doc", name=name))
    if fmt == "pdf":
        from tui.ingest.formats.pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "docx":
        from tui.ingest.formats.docx import read_docx

        return read_docx(data, name)
    if fmt == "html":
        from tui.ingest.formats.html import read_html

        return read_html(data, name)
    from tui.ingest.decode import decode_bytes

    return Extracted(decode_bytes(data, name))
