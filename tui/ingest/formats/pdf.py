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


def _page_lines(pdf: object) -> tuple[list[list[str]], list[list[float]]]:
    """Each page's lines (stripped), and where each starts from the left edge (-1: blank)."""
    pages, lefts = [], []
    for page in pdf:  # type: ignore[attr-defined]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        count = textpage.count_chars()
        lines: list[str] = []
        starts: list[float] = []
        # The text has one character per character of the page (line breaks included), so
        # a line's first character gives where it starts.
        at = 0
        for raw in re.split(r"(\r\n|\r|\n)", text):
            if raw in ("\r\n", "\r", "\n"):
                at += len(raw)
                continue
            line = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            lines.append(line)
            starts.append(textpage.get_charbox(at + lead)[0] if line and at + lead < count else -1.0)
            at += len(raw)
        pages.append(lines)
        lefts.append(starts)
    return pages, lefts


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


def indented_lines(lefts: list[float]) -> list[bool] | None:
    """Which lines start in from the text's left edge (a paragraph's first line, a centred
    heading), or None when the text sets no paragraph so (or its lines' places are unknown)."""
    known = sorted(x for x in lefts if x >= 0)
    if len(known) < 10:
        return None
    edge = known[len(known) // 10]  # the left margin: most lines start there
    inset = [x >= 0 and x - edge >= _INDENT for x in lefts]
    return inset if sum(inset) >= 3 and sum(inset) <= 0.6 * len(known) else None


_INDENT = 12.0  # points: about one character of body text (a paragraph is indented by two)


def join_layout_lines(lines: list[str], indented: list[bool] | None = None) -> list[str]:
    """Join lines the page width broke: a line as long as a full line that does not end a
    sentence.  Where the text indents its paragraphs (``indented``, per line), a full line
    that ends a sentence is joined too, unless the next is indented or a heading."""
    lengths = [len(s) for s in lines if s]
    if not lengths:
        return []
    full = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    out: list[str] = []
    last = ""  # the line before, as the page has it (out[-1] may be several joined)
    for k, line in enumerate(lines):
        if not line:
            continue
        # A full line goes on in the next, unless it ends a sentence; where the text indents
        # its paragraphs, unless the next is indented, or it ends a sentence and the next is
        # a short line that ends none (a heading: 三）发展目标, its bracket lost).
        if indented is None:
            ends = last.endswith(_CLOSERS)
        else:
            heading = len(line) < 0.8 * full and not line.endswith(_CLOSERS)
            ends = indented[k] or (last.endswith(_CLOSERS) and heading)
        wrapped = last and len(last) >= 0.8 * full and not ends
        if wrapped and not _starts_block(line) and not (find_marker(out[-1]) and len(out[-1]) < 0.5 * full):
            out[-1] += line
        else:
            out.append(line)
        last = line
    return out


def read_pdf(data: bytes, name: str) -> Extracted:
    """Text of every page in order; a PDF without a text layer is refused with advice."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UserError(t("ingest.error.pdf_broken", name=name, error=str(exc))) from None
    try:
        pages, lefts = _page_lines(pdf)
    finally:
        pdf.close()
    if all(sum(len(s) for s in lines) < _MIN_TEXT_PER_PAGE for lines in pages):
        raise UserError(t("ingest.error.pdf_scanned", name=name))
    reasons = _furniture(pages)
    kept: list[str] = []
    kept_lefts: list[float] = []
    removed: list[Removed] = []
    n = 0
    for lines, starts, why in zip(pages, lefts, reasons, strict=True):
        for line, left, reason in zip(lines, starts, why, strict=True):
            if reason:
                removed.append(Removed(n, line, reason))
            else:
                kept.append(line)
                kept_lefts.append(left)
            n += 1
    joined = join_layout_lines(kept, indented_lines(kept_lefts))
    return Extracted("\n\n".join(joined), "pdf", tuple(removed))
