"""Provides the text of a PDF with a text layer: lines rejoined, page furniture dropped (pypdfium2)."""

from __future__ import annotations

import re
from collections import Counter

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.chrome import Removed
from tui.ingest.formats import Extracted
from tui.ingest.frontmatter import normalise_date
from tui.ingest.structure import find_marker, is_preface_heading

_PAGE_NUMBER = re.compile(r"^\s*([-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
_CLOSERS = tuple("。！？；：!?;:")
_EDGE = 2  # lines at the top and bottom of a page that may be running headers or footers
_MIN_TEXT_PER_PAGE = 10  # fewer characters than this on every page: a scan, no text layer


def _page_lines(pdf: object) -> list[list[str]]:
    pages = []
    for page in pdf:  # type: ignore[attr-defined]
        text = page.get_textpage().get_text_range()
        pages.append([line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
    return pages


def _furniture(pages: list[list[str]]) -> list[list[str]]:
    """Per page, the reason each line is furniture ('' if it is text)."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line)

    edges: Counter[str] = Counter()
    for lines in pages:
        body = [s for s in lines if s]
        edges.update({key(s) for s in body[:_EDGE] + body[-_EDGE:]})
    repeated = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for lines in pages:
        body_idx = [i for i, s in enumerate(lines) if s]
        edge_idx = set(body_idx[:_EDGE] + body_idx[-_EDGE:])
        reasons = []
        for i, s in enumerate(lines):
            if i in edge_idx and _PAGE_NUMBER.match(s):
                reasons.append("page")
            elif i in edge_idx and key(s) in repeated:
                reasons.append("repeated")
            else:
                reasons.append("")
        out.append(reasons)
    return out


def _starts_block(line: str) -> bool:
    return bool(find_marker(line)) or is_preface_heading(line) or bool(normalise_date(line))


def join_layout_lines(lines: list[str]) -> list[str]:
    """Join lines the page width broke: a line as long as a full line that does not end a sentence."""
    lengths = [len(s) for s in lines if s]
    if not lengths:
        return []
    full = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        prev = out[-1] if out else ""
        wrapped = prev and len(prev) >= 0.8 * full and not prev.endswith(_CLOSERS)
        if wrapped and not _starts_block(line) and not (find_marker(prev) and len(prev) < 0.5 * full):
            out[-1] = prev + line
        else:
            out.append(line)
    return out


def read_pdf(data: bytes, name: str) -> Extracted:
    """Text of every page in order; a PDF without a text layer is refused with advice."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UserError(t("ingest.error.pdf_broken", name=name, error=str(exc))) from None
    try:
        pages = _page_lines(pdf)
    finally:
        pdf.close()
    if all(sum(len(s) for s in lines) < _MIN_TEXT_PER_PAGE for lines in pages):
        raise UserError(t("ingest.error.pdf_scanned", name=name))
    reasons = _furniture(pages)
    kept: list[str] = []
    removed: list[Removed] = []
    n = 0
    for lines, why in zip(pages, reasons, strict=True):
        for line, reason in zip(lines, why, strict=True):
            if reason:
                removed.append(Removed(n, line, reason))
            else:
                kept.append(line)
            n += 1
    return Extracted("\n\n".join(join_layout_lines(kept)), "pdf", tuple(removed))
