"""Provides a web page's own blocks of text in reading order, and putting back those the extractor lost.

trafilatura keeps a page's main content and drops the rest, but it also drops
text inside the main content: its fallback pass skips any block whose text it
has already taken (a heading repeated in a second attachment), and its
clean-up drops a long paragraph repeating the one before it.  ``restore``
lines the extractor's lines up with the page's blocks: a block missing
between two blocks it kept is put back in its place; blocks before the first
and after the last are the page around the text, and are reported as removed.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.document.chars import squash
from tui.ingest.chrome import Removed

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


def words_of(text: str) -> list[str]:
    """``text`` cut at the source's white space (an ideographic space stays in its word)."""
    return [w for w in _SOURCE_SPACE.split(text) if w]


def join_words(words: list[str]) -> str:
    """Words on one line; no space between two Chinese characters (a line break inside Chinese text)."""
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) and _is_cjk(word[0])):
            out += " "
        out += word
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def text_of(element: _Element) -> str:
    """The element's text on one line, the way ``join_words`` spaces it."""
    return join_words(words_of("".join(element.itertext())))




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


def ideographic_spaces(line: str, page: str) -> str:
    """``line`` with the ideographic spaces (U+3000) that ``page``, the same text otherwise
    spaced, sets between its characters; ``line``'s own spacing elsewhere."""
    if "\u3000" not in page:
        return line
    at: Counter[int] = Counter()  # non-space characters before -> ideographic spaces there
    n = 0
    for ch in page:
        if ch == "\u3000":
            at[n] += 1
        elif not ch.isspace():
            n += 1
    out: list[str] = []
    n = 0
    for ch in line:
        if ch.isspace():
            if not at[n]:
                out.append(ch)
            continue
        if at[n] and n:
            out.append("\u3000" * at.pop(n))
        out.append(ch)
        n += 1
    return "".join(out)


def restore(lines: list[Line], blocks: list[Block], title: str = "") -> tuple[list[Line], list[Removed]]:
    """``lines`` with the blocks they lost between two blocks they kept put back in place,
    and the blocks before the first kept one and after the last, as removed (numbered
    with the line of the result they would stand before).  The page's own title
    (``title``: its metadata's, see ``title_block``) standing before the text is its first line.

    The two are lined up on their text without white space.  Where they part
    (one block split in two lines, a line the extractor rewrote), a block
    counts as kept when its text is in the lines there, joined.  A line that
    is a block of the page gets back the ideographic spaces the page sets
    there (第一条　为了…), which the extractor turned into spaces.
    """
    blocks, lines = [b for b in blocks if squash(b.text)], list(lines)
    source, extracted = [squash(b.text) for b in blocks], [squash(line.text) for line in lines]
    opcodes = opcodes_of(source, extracted)
    kept: set[int] = set()
    to_table: dict[int, int] = {}  # a page's table -> the number of the extracted table it gave
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            kept.update(range(i1, i2))
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if blocks[i].table >= 0 and lines[j].table >= 0:
                    to_table.setdefault(blocks[i].table, lines[j].table)
                lines[j] = Line(ideographic_spaces(lines[j].text, blocks[i].text), lines[j].table)
        elif tag == "replace":
            joined = "".join(extracted[j1:j2])
            kept.update(i for i in range(i1, i2) if source[i] in joined)
    if not kept:
        return list(lines), []  # nothing in common: no telling the text from the page
    first, last = min(kept), max(kept)
    title_at = title_block(source[:first], squash(title), extracted)
    fresh = max((line.table for line in lines), default=-1) + 1
    wide = {b.table for b in blocks if b.cells >= 2}  # a table of the page with a row of two cells or more

    # Lines the alignment did not pair with their block (the extractor moved it: a table's 注
    # set before the table): such a block is in the text, neither put back nor reported.
    # (Counted: a block the page repeats is elsewhere only as often as the lines hold it.)
    spare = Counter(extracted) - Counter(source[i] for i in kept)

    def elsewhere(i: int) -> bool:
        if spare[source[i]] > 0:
            spare[source[i]] -= 1
            return True
        return False

    def put_back(i: int) -> None:
        if elsewhere(i):
            return
        if i == title_at:
            out.append(Line(blocks[i].text, title=True))
            return
        if first < i < last and blocks[i].links:  # left out on purpose: a menu, an ad, related links
            removed.append(Removed(len(out), blocks[i].text, LINKS))
        elif first < i < last:
            table = blocks[i].table
            number = to_table.get(table, fresh + table if table in wide else -1)
            out.append(Line(blocks[i].text, number))
        else:
            removed.append(Removed(len(out), blocks[i].text, OUTSIDE))

    out: list[Line] = []
    removed: list[Removed] = []
    for _tag, i1, i2, j1, j2 in opcodes:
        missing = [i for i in range(i1, i2) if i not in kept]
        for j in range(j1, j2):
            if missing:  # the lost blocks before the one this line comes from go first
                at = next((i for i in range(i1, i2) if source[i] in extracted[j] or extracted[j] in source[i]), i2)
                while missing and missing[0] < at:
                    put_back(missing.pop(0))
            out.append(lines[j])
        for i in missing:
            put_back(i)
    return out, removed


def title_block(before: list[str], title: str, text: list[str]) -> int:
    """Which of the blocks ``before`` the main text is the page's title, or -1.

    The extractor keeps a page's title out of its text when it stands apart
    (an ``h1`` in the page's header: the plan lost its title).  It is the last
    block that is the ``title`` of the page's metadata, whole or with the site's
    name around it (half of it at least: not the site's name alone), unless the
    text holds it already.
    """
    for i in range(len(before) - 1, -1, -1):
        block = before[i]
        if len(block) >= 4 and block in title and 2 * len(block) >= len(title):
            return -1 if any(block in line for line in text) else i
    return -1


Opcode = tuple[str, int, int, int, int]


def opcodes_of(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib's opcodes turning ``a`` into ``b``, anchored first on the lines found once in each
    (patience diff): SequenceMatcher alone is quadratic when many short lines repeat."""
    ca, cb = Counter(a), Counter(b)
    pos_b = {line: j for j, line in enumerate(b) if cb[line] == 1}
    pairs = [(i, pos_b[line]) for i, line in enumerate(a) if ca[line] == 1 and line in pos_b]
    out: list[Opcode] = []
    i0 = j0 = 0
    for i, j in (*_increasing(pairs), (len(a), len(b))):
        matcher = difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
        out += [(tag, i0 + a1, i0 + a2, j0 + b1, j0 + b2) for tag, a1, a2, b1, b2 in matcher.get_opcodes()]
        if i < len(a):
            out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return out


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (in order of their first item) whose second items increase."""
    tails: list[int] = []  # tails[k]: the least last j of an increasing run of length k + 1
    ends: list[int] = []  # the index in pairs of that run's end
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        back[n] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k], ends[k] = j, n
    run: list[tuple[int, int]] = []
    n = ends[-1] if ends else -1
    while n >= 0:
        run.append(pairs[n])
        n = back[n]
    return run[::-1]
