"""Provides a web page's own blocks of text in reading order, as a reader sees them.

A block is a paragraph, heading, list item or table row; a ``<br>`` breaks
its lines.  ``html_restore`` lines them up with the extractor's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

CELL_SEP = "  "  # cells of a table row: two spaces, as a flattened table shows them
OUTSIDE = "outside"  # the reason for a block of the page outside its main text
LINKS = "links"  # the reason for a block of links only (a menu, an ad) the extractor left out of the main text

# Elements whose text a reader never sees.
_UNSEEN = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "select", "option", "textarea", "input", "button", "map", "canvas", "audio", "video",
})
# Elements that start a block of their own: everything else is inline text.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tbody", "thead", "tfoot", "caption", "tr", "td", "th", "section", "article", "main",
    "header", "footer", "nav", "aside", "address", "center", "form", "fieldset", "legend", "figure",
    "figcaption", "hr", "body", "html", "details", "summary", "menu",
})

# In a table cell, these make it a layout cell (as in trafilatura's output: p, list, head, table).
# A data cell may set its text in a paragraph or two; more, or any other block, is page layout.
CELL_PARAGRAPHS = 3
_CELL_BLOCKS = frozenset({"p", "ul", "ol", "dl", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre"})


@dataclass(frozen=True)
class Line:
    """A line of the main text; ``table`` numbers the table it is a row of (-1: none)."""

    text: str
    table: int = -1
    title: bool = False  # the page's title, put back before the text (see ``title_block``)


@dataclass(frozen=True)
class Block:
    """A block of the page's text; ``table`` numbers the page's table whose row it is (-1: none)."""

    text: str
    table: int = -1
    cells: int = 0  # a row's cells with text
    links: bool = False  # all its text is the text of links


# White space a page's source breaks lines with; not the ideographic space (U+3000),
# which a Chinese document sets on purpose (第一条　为了…, 总　　则, 总理　　李克强).
_SOURCE_SPACE = re.compile(r"[^\S\u3000]+")


# A run of non-breaking spaces (&nbsp;&nbsp;…) after a word is set on purpose, where a
# document has an ideographic space (<strong>第一条&nbsp;&nbsp;&nbsp;</strong>为了…); at the
# start of a text (a table cell's &nbsp;&nbsp;汪华明) it only pushes the text over, and at
# the end of a line or cell it sets nothing apart (``join_words`` drops it there).
_SET_SPACES = re.compile("(?<=\\S)\xa0{2,}")


def words_of(text: str) -> list[str]:
    """``text`` cut at the source's white space (an ideographic space, or a run of
    non-breaking spaces taken for one, stays in its word)."""
    return [w for w in _SOURCE_SPACE.split(_SET_SPACES.sub("\u3000", text)) if w]


# A line break the page asks for (``<br>``; ``<lb/>`` in the extractor's output), among the words:
# white space in the page's source is not one.
BREAK = "\n"


def join_words(words: list[str]) -> str:
    """Words on one line; no space between two Chinese characters (a line break inside Chinese text).
    A ``BREAK`` among them starts a new line."""
    out = ""
    for word in words:
        if word == BREAK:
            out += BREAK if out and not out.endswith(BREAK) else ""
            continue
        if out and not out.endswith(BREAK) and not (_is_cjk(out[-1]) and _is_cjk(word[0])):
            out += " "
        out += word
    return out.rstrip(BREAK + "\u3000")


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces (a removed block is listed on one line)."""
    return text.replace(BREAK, " ")


def text_of(element: _Element, breaks: bool = False) -> str:
    """The element's text, the way ``join_words`` spaces it: on one line, or with ``breaks``,
    broken where the page breaks it (``<br>``, ``<lb/>``: a paragraph set as several lines,
    or several paragraphs set in one)."""
    pieces: list[str] = []  # the text as itertext gives it, with BREAK where the page breaks it

    def walk(node: _Element) -> None:
        if isinstance(node.tag, str) and node.text:
            pieces.append(node.text)
        for child in node:
            if child.tag in ("br", "lb"):
                pieces.append("\0" if breaks else "")  # not BREAK: the source's own newlines are spaces
            else:
                walk(child)
            pieces.append(child.tail or "")

    walk(element)
    # Text nodes run together as they are shown ("数" "/" "总数" is one word), cut at the breaks.
    lines = "".join(pieces).split("\0")
    return join_words([w for k, line in enumerate(lines) for w in ([BREAK] if k else []) + words_of(line)])




def page_titles(root: _Element | None) -> list[str]:
    """What the page gives as its title: its ``<title>`` (often with the site's name) and its ``h1``."""
    if root is None:
        return []
    return [text for element in root.iter("title", "h1") if (text := text_of(element))]


def page_blocks(root: _Element) -> list[Block]:
    """The page's blocks of visible text in reading order; a table row whose cells hold only text is one block."""
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.blocks


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.words: list[str] = []
        self.plain = False  # some of the words are not in a link
        self.tables = 0

    def add(self, text: str | None, link: bool) -> None:
        if words := words_of(text or ""):
            self.words += words
            self.plain = self.plain or not link

    def flush(self) -> None:
        if text := join_words(self.words):
            self.blocks.append(Block(text, links=not self.plain))
        self.words, self.plain = [], False

    def walk(self, element: _Element, link: bool = False) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""  # comments, processing instructions
            if tag and not _hidden(child):
                inner = link or tag == "a"
                if tag == "table":
                    self.flush()
                    self.table(child, self.tables)
                    self.tables += 1
                elif tag == "br":
                    self.words.append(BREAK)
                elif tag in _BLOCKS:
                    self.flush()
                    self.add(child.text, inner)
                    self.walk(child, inner)
                    self.flush()
                else:
                    self.add(child.text, inner)
                    self.walk(child, inner)
            self.add(child.tail, link)

    def table(self, table: _Element, number: int) -> None:
        """A row of plain cells is a block; a row with blocks in a cell (a layout table) is walked."""
        for row in _rows(table):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th") and not _hidden(c)]
            if any(_has_blocks(c) for c in cells):
                self.walk(row)
                self.flush()
            elif texts := [t for c in cells if (t := text_of(c))]:
                links = not any(c.xpath(".//text()[normalize-space()][not(ancestor::a)]") for c in cells)
                self.blocks.append(Block(CELL_SEP.join(texts), number, len(texts), links))


def _rows(table: _Element) -> list[_Element]:
    """The table's own rows, not those of a table inside one of its cells."""
    out: list[_Element] = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("tbody", "thead", "tfoot"):
            out += [r for r in child if r.tag == "tr"]
    return out


def _has_blocks(cell: _Element) -> bool:
    """Lists, headings, a table or more than a few paragraphs in the cell: a layout cell, whose
    blocks stand apart; a cell's text set in a paragraph or two (as gov.cn sets every cell) is data."""
    blocks = [d.tag for d in cell.iterdescendants() if d.tag in _CELL_BLOCKS]
    return any(tag != "p" for tag in blocks) or len(blocks) > CELL_PARAGRAPHS


def _hidden(element: _Element) -> bool:
    if element.tag in _UNSEEN or element.get("hidden") is not None:
        return True
    style = "".join((element.get("style") or "").lower().split())
    return "display:none" in style or "visibility:hidden" in style
