"""Provides the main text of a web page, one heading or paragraph per line (trafilatura)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.errors import UserError
from tui.i18n import t
from tui.ingest.formats import Extracted

if TYPE_CHECKING:
    from lxml.etree import _Element

_CELL_SEP = "  "  # cells of a table row: two spaces, as a flattened table shows them


def _text(element: _Element) -> str:
    """The element's text on one line; a line break inside Chinese text leaves no space."""
    return join_words("".join(element.itertext()).split())


def join_words(words: list[str]) -> str:
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) and _is_cjk(word[0])):
            out += " "
        out += word
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _lines(element: _Element, out: list[str], tables: list[tuple[str, ...]]) -> None:
    """Walk trafilatura's XML in reading order: head, p, item, table rows (cells), quotes.

    A table whose rows are all cells of plain text is a data table: its rows
    (of two cells or more) go to ``tables`` too.  A layout table (paragraphs
    or lists in its cells) gives text only.
    """
    for child in element:
        tag = child.tag
        if tag in ("head", "p", "item", "quote", "code") and not any(c.tag in ("p", "list", "table") for c in child):
            if text := _text(child):
                out.append(text)
        elif tag == "table":
            start = len(out)
            if _data_rows(child, out) and (rows := out[start:]):
                tables.append(tuple(rows))
            elif len(out) == start:
                _lines(child, out, tables)
        elif tag == "row":
            cells = list(child)
            if any(len(c) and any(g.tag in ("p", "list", "head") for g in c) for c in cells):
                for cell in cells:
                    _lines(cell, out, tables)
            elif text := _CELL_SEP.join(t for c in cells if (t := _text(c))):
                out.append(text)
        elif tag == "lb":
            continue
        else:
            _lines(child, out, tables)


def _data_rows(table: _Element, out: list[str]) -> bool:
    """Append ``table``'s rows, cells joined, if every cell is plain text and some row has two cells."""
    rows = [list(r) for r in table.iter("row")]
    if any(len(c) and any(g.tag in ("p", "list", "head", "table") for g in c) for r in rows for c in r):
        return False
    texts = [[t for c in r if (t := _text(c))] for r in rows]
    if max((len(cells) for cells in texts), default=0) < 2:
        return False
    out += [_CELL_SEP.join(cells) for cells in texts if cells]
    return True


def read_html(data: bytes, name: str) -> Extracted:
    """Headings and paragraphs of the page's main content, tables kept as rows."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        data, output_format="xml", include_tables=True, include_comments=False,
        include_formatting=False, include_links=False, favor_recall=True, deduplicate=False,
    )
    if not xml:
        raise UserError(t("ingest.error.html_empty", name=name))
    root = etree.fromstring(xml.encode("utf-8"))
    lines: list[str] = []
    tables: list[tuple[str, ...]] = []
    main = root.find("main")
    _lines(main if main is not None else root, lines, tables)
    if not lines:
        raise UserError(t("ingest.error.html_empty", name=name))
    return Extracted("\n\n".join(lines), "html", tables=tuple(tables))
