"""Provides putting back the blocks of a web page the extractor lost, and its title.

trafilatura keeps a page's main content and drops the rest, but it also drops
text inside the main content: its fallback pass skips any block whose text it
has already taken (a heading repeated in a second attachment), and its
clean-up drops a long paragraph repeating the one before it.  ``restore``
lines the extractor's lines up with the page's blocks (``html_blocks``): a
block missing between two blocks it kept is put back in its place; blocks
before the first and after the last are the page around the text, and are
reported as removed.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Sequence

from tui.document.chars import squash
from tui.ingest.chrome import Removed
from tui.ingest.formats.html_blocks import LINKS, OUTSIDE, Block, Line, one_line


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


def restore(lines: list[Line], blocks: list[Block], titles: Sequence[str] = ()) -> tuple[list[Line], list[Removed]]:
    """``lines`` with the blocks they lost between two blocks they kept put back in place,
    and the blocks before the first kept one and after the last, as removed (numbered
    with the line of the result they would stand before).  The page's own title
    (one of ``titles``, see ``title_block``) standing before the text is its first line.

    The two are lined up on their text without white space.  Where they part
    (one block split in two lines, a line the extractor rewrote), a block
    counts as kept when its text is in the lines there, joined.  A line that
    is a block of the page gets back the ideographic spaces the page sets
    there (第一条　为了…), which the extractor turned into spaces.  A line that is
    several blocks of the page run together gives way to them (``joined_runs``).
    """
    blocks, lines = [b for b in blocks if squash(b.text)], list(lines)
    source, extracted = [squash(b.text) for b in blocks], [squash(line.text) for line in lines]
    opcodes = opcodes_of(source, extracted)
    kept: set[int] = set()
    to_table: dict[int, int] = {}  # a page's table -> the number of the extracted table it gave
    runs: dict[int, range] = {}  # a line the extractor joined -> the blocks of the page it joined
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
            runs.update(joined_runs(source, range(i1, i2), extracted, range(j1, j2)))
    moved = moved_lines(source, extracted, opcodes, [i for i, b in enumerate(blocks) if i not in kept and not b.links])
    if not kept:
        return list(lines), []  # nothing in common: no telling the text from the page
    first, last = min(kept | moved.keys()), max(kept | moved.keys())
    title_at = title_block(source[:first], [squash(t) for t in titles], extracted)
    fresh = max((line.table for line in lines), default=-1) + 1
    wide = {b.table for b in blocks if b.cells >= 2}  # a table of the page with a row of two cells or more

    # Other lines the alignment did not pair with their block: such a block is in the text,
    # neither put back nor reported.  (Counted: a block the page repeats is elsewhere
    # only as often as the lines hold it.)
    spare = Counter(extracted) - Counter(source[i] for i in (*kept, *moved))

    def elsewhere(i: int) -> bool:
        if spare[source[i]] > 0:
            spare[source[i]] -= 1
            return True
        return False

    def put_back(i: int) -> None:
        if i in moved:  # back where the page has it
            j = moved[i]
            out.append(Line(ideographic_spaces(lines[j].text, blocks[i].text), lines[j].table))
            return
        if elsewhere(i):
            return
        if i == title_at:
            out.append(Line(blocks[i].text, title=True))
            return
        if first < i < last and blocks[i].links:  # left out on purpose: a menu, an ad, related links
            removed.append(Removed(len(out), one_line(blocks[i].text), LINKS))
        elif first < i < last:
            table = blocks[i].table
            number = to_table.get(table, fresh + table if table in wide else -1)
            out.append(Line(blocks[i].text, number))
        else:
            removed.append(Removed(len(out), one_line(blocks[i].text), OUTSIDE))

    out: list[Line] = []
    removed: list[Removed] = []
    moved_from = set(moved.values())
    for _tag, i1, i2, j1, j2 in opcodes:
        missing = [i for i in range(i1, i2) if i not in kept]
        for j in range(j1, j2):
            if j in moved_from:
                continue
            if missing:  # the lost blocks before the one this line comes from go first
                at = next((i for i in range(i1, i2) if source[i] in extracted[j] or extracted[j] in source[i]), i2)
                while missing and missing[0] < at:
                    put_back(missing.pop(0))
            if j in runs and lines[j].table < 0 and all(blocks[i].table < 0 for i in runs[j]):
                out += [Line(blocks[i].text) for i in runs[j]]
            else:
                out.append(lines[j])
        for i in missing:
            put_back(i)
    return out, removed


def moved_lines(source: list[str], extracted: list[str], opcodes: list[Opcode], unpaired: list[int]) -> dict[int, int]:
    """The blocks of the page the extractor kept but moved (a table's 注 set before the
    table), each with its line: a line the alignment inserted whose text is one of the
    ``unpaired`` blocks, the first such in the page's order."""
    unkept: dict[str, list[int]] = {}
    for i in unpaired:
        unkept.setdefault(source[i], []).append(i)
    moved: dict[int, int] = {}
    for tag, _i1, _i2, j1, j2 in opcodes:
        if tag == "insert":
            for j in range(j1, j2):
                if unkept.get(extracted[j]):
                    moved[unkept[extracted[j]].pop(0)] = j
    return moved


_RUN_WINDOW = 50  # how far past the last run a line's first block is looked for


def joined_runs(source: list[str], blocks: range, lines: list[str], among: range) -> dict[int, range]:
    """The lines (of ``among``) that are two or more consecutive ``blocks`` run together, in order.

    Where it cannot tell a page's main text, the extractor takes the page's
    text as one paragraph, its blocks and line breaks run together: those
    blocks are the page's own lines.
    """
    runs: dict[int, range] = {}
    start = blocks.start
    for j in among:
        line = lines[j]
        for k in range(start, min(blocks.stop, start + _RUN_WINDOW)):
            if len(source[k]) >= len(line) or not line.startswith(source[k]):
                continue
            m, size = k, 0
            while m < blocks.stop and size < len(line):
                size += len(source[m])
                m += 1
            if size == len(line) and "".join(source[k:m]) == line:
                runs[j] = range(k, m)
                start = m
                break
    return runs


def title_block(before: list[str], titles: list[str], text: list[str]) -> int:
    """Which of the blocks ``before`` the main text is the page's title, or -1.

    The extractor keeps a page's title out of its text when it stands apart
    (an ``h1`` in the page's header: the plan lost its title).  It is the last
    block that is one of the page's ``titles`` (its ``<title>``, its ``h1``), whole
    or with the site's name around it (half of it at least: not the site's name
    alone), unless the text holds it already.  A column's heading (an ``h3``,
    接访信息详情) is none of them.
    """
    for i in range(len(before) - 1, -1, -1):
        block = before[i]
        if names_the_page(block, titles):
            return -1 if any(block in line for line in text) else i
    return -1


def names_the_page(text: str, titles: Sequence[str]) -> bool:
    """Whether ``text`` (without white space) is one of the page's ``titles``, whole or
    with the site's name around it (half of it at least: not the site's name alone)."""
    return len(text) >= 4 and any(text in title and 2 * len(text) >= len(title) for title in titles)


_TITLE_SEARCH = 20  # how many of the text's first lines may be the page's title


def title_line(lines: list[Line], titles: Sequence[str]) -> str:
    """The page's title as the text has it: the title put back before it, or else the
    first of its first lines that the page's ``<title>`` or ``h1`` names; ''."""
    squashed = [squash(title) for title in titles]
    return next((line.text for line in lines if line.title), "") or next(
        (line.text for line in lines[:_TITLE_SEARCH] if line.table < 0 and names_the_page(squash(line.text), squashed)),
        "")


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
