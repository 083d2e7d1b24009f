"""Provides the main text of a web page, one heading or paragraph per line (trafilatura)."""

from __future__ import annotations

import dataclasses
import itertools
from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.formats import Extracted
from tui.ingest.formats.html_blocks import CELL_PARAGRAPHS, CELL_SEP, Line, page_blocks, page_titles, text_of
from tui.ingest.formats.html_restore import restore, title_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.etree import _Element


def _lines(element: _Element, out: list[Line], numbers: Iterator[int]) -> None:
    """Walk trafilatura's XML in reading order: head, p, item, table rows (cells), quotes.

    A table whose rows are all cells of plain text is a data table: its rows
    (of two cells or more) are lines numbered with the table (from ``numbers``).
    A layout table (paragraphs or lists in its cells) gives text only.
    """
    for child in element:
        tag = child.tag
        if tag in ("head", "p", "item", "quote", "code") and not any(c.tag in ("p", "list", "table") for c in child):
            if text := text_of(child, breaks=True):
                out.append(Line(text))
        elif tag == "table":
            if not _data_rows(child, out, numbers):
                _lines(child, out, numbers)
        elif tag == "row":
            cells = list(child)
            if any(len(c) and any(g.tag in ("p", "list", "head") for g in c) for c in cells):
                for cell in cells:
                    _lines(cell, out, numbers)
            elif text := CELL_SEP.join(t for c in cells if (t := text_of(c))):
                out.append(Line(text))
        elif tag == "lb":
            continue
        else:
            _lines(child, out, numbers)


def _plain_cell(cell: _Element) -> bool:
    children = [g.tag for g in cell]
    return all(tag == "p" for tag in children) and len(children) <= CELL_PARAGRAPHS and not any(
        g.tag in ("list", "head", "table") for p in cell for g in p)


def _data_rows(table: _Element, out: list[Line], numbers: Iterator[int]) -> bool:
    """Append ``table``'s rows, cells joined, if every cell is plain text and some row has two cells."""
    rows = [list(r) for r in table.iter("row")]
    if not all(_plain_cell(c) for r in rows for c in r):
        return False
    texts = [[t for c in r if (t := text_of(c))] for r in rows]
    if max((len(cells) for cells in texts), default=0) < 2:
        return False
    number = next(numbers)
    out += [Line(CELL_SEP.join(cells), number) for cells in texts if cells]
    return True


def _tables(lines: list[Line]) -> tuple[tuple[str, ...], ...]:
    """Each table's rows: a run of lines of one table."""
    runs = itertools.groupby(lines, key=lambda line: line.table)
    return tuple(tuple(line.text for line in run) for number, run in runs if number >= 0)


def read_html(data: bytes, name: str) -> Extracted:
    """Headings and paragraphs of the page's main content, tables kept as rows.

    A block of the page trafilatura lost inside the main content is put back
    (html_restore), and so is the page's title standing before it; the page
    around the main content is reported as removed.
    """
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        data, output_format="xml", include_tables=True, include_comments=False,
        include_formatting=False, include_links=False, favor_recall=True, deduplicate=False,
    )
    if not xml:
        raise UserError(t("ingest.error.html_empty", name=name))
    root = etree.fromstring(xml.encode("utf-8"))
    lines: list[Line] = []
    main = root.find("main")
    _lines(main if main is not None else root, lines, itertools.count())
    if not lines:
        raise UserError(t("ingest.error.html_empty", name=name))
    page = trafilatura.load_html(data)
    titles = page_titles(page)
    lines, removed = restore(lines, page_blocks(page) if page is not None else [], titles)
    # Removed lines are numbered in the text, where a blank line follows each line (which
    # may hold lines of its own: a paragraph the page broke with <br>).
    starts = [0, *itertools.accumulate(line.text.count("\n") + 2 for line in lines)]
    removed = [dataclasses.replace(r, line=starts[r.line]) for r in removed]
    title = title_line(lines, titles)
    return Extracted("\n\n".join(line.text for line in lines), "html", tuple(removed), title, tables=_tables(lines))
