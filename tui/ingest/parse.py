"""Provides parsing clean plan text into its head (title, notice), sections, blocks and measures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.document.model import INTRO_ID, Block, Measure, Section
from tui.ingest import tables
from tui.ingest.attachments import Attachment, find_attachments
from tui.ingest.frontmatter import (
    FrontMatter,
    ends_with_doc_kind,
    find_title,
    fix_doc_number_brackets,
    normalise_date,
    read_front_matter,
    signature_block,
)
from tui.ingest.sentences import split_sentences
from tui.ingest.structure import DIVISION_STYLES, Marker, find_marker, is_preface_heading
from tui.ingest.toc import find_toc
from tui.ingest.tree import Node, TreeBuilder

_TITLE_LIKE_MAX = 60
_ARTICLE_TITLE_MAX = 20  # an article's first sentence is its title only when this short
_REGULATION_MIN_ARTICLES = 3


@dataclass(frozen=True)
class Parsed:
    title: str
    title_trad: str
    front: FrontMatter
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    blocks: tuple[Block, ...]
    offsets: dict[str, int]  # measure id -> absolute start offset in the text
    signature: str = ""
    toc: tuple[str, ...] = field(default=())
    toc_text: str = ""  # the 目录's lines as they stood, label included (for the character count)


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with the offset of their first non-space char."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            out.append((pos + raw.index(stripped[0]), stripped))
        pos += len(raw) + 1
    return out


def _title_like(line: str) -> bool:
    return len(line) <= _TITLE_LIKE_MAX and not re.search(r"[。；;]", line)


def _first_struct(texts: list[str], skip: frozenset[int], headings: dict[str, int]) -> int:
    """Where the plan's body starts: 序言, or the first heading numbered 1.

    In a regulation (three or more articles) only 第X编/章/节/条 count, so a
    numbered list in its notice is not taken for the body; an article
    numbering that starts late starts the body at its first article.
    """
    markers = {i: m for i, s in enumerate(texts) if i not in skip and (m := find_marker(s))}
    articles = [i for i, m in markers.items() if m.style == "第条"]
    regulation = len(articles) >= _REGULATION_MIN_ARTICLES
    for i, s in enumerate(texts):
        if i in skip:
            continue
        m = markers.get(i)
        styled = s in headings and not ends_with_doc_kind(s)  # a Word heading that is not the title
        if is_preface_heading(s) or styled or (m and m.number == 1 and (not regulation or m.style in DIVISION_STYLES)):
            return min(i, articles[0]) if regulation else i
    return articles[0] if regulation else len(texts)


def _next_same(texts: list[str]) -> dict[int, int | None]:
    """For each marker line, the number of the next marker line of the same style."""
    out: dict[int, int | None] = {}
    following: dict[str, int] = {}
    for i in range(len(texts) - 1, -1, -1):
        m = find_marker(texts[i])
        if m:
            out[i] = following.get(m.style)
            following[m.style] = m.number
    return out


def _heading_parts(text: str) -> tuple[str, int | None]:
    """Title of a heading line and, for an inline heading, its lead's end.

    ``1.学前教育普惠发展。认真落实…`` -> ("学前教育普惠发展", end of "。").
    """
    spans = split_sentences(text)
    if len(spans) >= 2 or (spans and not _title_like(text)):
        lead_end = spans[0][1]
        return text[:lead_end].rstrip("。！？；!?; "), lead_end
    return text.rstrip("。；;：: "), None


def _fix_doc_numbers(simple: str, trad: str, lines: list[tuple[int, str]]) -> tuple[str, str]:
    """Write the 文号's year brackets 〔〕 in both texts (same length, offsets kept)."""
    edits = []
    for off, line in lines:
        fixed = fix_doc_number_brackets(line)
        if fixed != line:
            edits += [(off + k, new) for k, (old, new) in enumerate(zip(line, fixed, strict=True)) if old != new]
    return _replaced(simple, edits), _replaced(trad, edits)


def _replaced(text: str, edits: list[tuple[int, str]]) -> str:
    """``text`` with the character at each position replaced, in slices (the text may be millions long)."""
    parts = []
    pos = 0
    for at, new in sorted(dict(edits).items()):  # a position edited twice keeps the last edit
        parts += [text[pos:at], new]
        pos = at + 1
    parts.append(text[pos:])
    return "".join(parts)


def _open_heading(b: TreeBuilder, node: Node, marker: Marker, off: int, line: str) -> None:
    rest_off = off + len(line) - len(marker.rest)
    title, lead_end = _heading_parts(marker.rest)
    if node.kind == "article" and (lead_end is None or len(title) > _ARTICLE_TITLE_MAX):
        # An article's text is body; only a short first sentence before more text is its title.
        b.paragraph(node, off, off + len(line))
        return
    node.title = title
    node.title_trad = b.trad[rest_off : rest_off + len(title)]
    if lead_end is None:
        b.heading(node, off, off + len(line))
    else:
        b.paragraph(node, off, off + len(line), lead_end=rest_off + lead_end)


def _open_attachment(b: TreeBuilder, att: Attachment, lines: list[tuple[int, str]]) -> Node:
    """The attachment's section, headed by its label line and its title lines."""
    title_trad = "".join(b.trad[lines[k][0] : lines[k][0] + len(lines[k][1])] for k in att.title)
    node = b.new_attachment(att.number, att.title_text, title_trad[len(title_trad) - len(att.title_text) :])
    spans = [(lines[k][0], lines[k][0] + len(lines[k][1])) for k in att.lines]
    if att.label is not None and att.title and att.title != (att.label,):
        b.heading_lines(node, spans[:1])  # the label on a line of its own, then the title
        spans = spans[1:]
    b.heading_lines(node, spans)
    return node


def _row_spans(lines: list[tuple[int, str]], i: int, count: int) -> list[tuple[int, int]]:
    """The ``count`` table rows from line ``i``, as spans from the first row's offset."""
    off = lines[i][0]
    return [(a - off, a - off + len(t)) for a, t in lines[i : i + count]]


def parse(
    simple: str,
    trad: str,
    labels: dict[str, str] | None = None,
    title_hint: str = "",
    headings: dict[str, int] | None = None,
    items: frozenset[str] = frozenset(),
    file_tables: tuple[tuple[str, ...], ...] = (),
) -> Parsed:
    """Parse clean simplified text (and its char-aligned traditional twin).

    ``headings`` maps lines the file styled as headings (Word) to their level:
    such a line without a number still opens a section.  ``items`` are lines
    the file set as list items (text, even with a number), ``file_tables``
    the rows of its tables, each row a line.
    """
    headings = headings or {}
    lines = _lines(simple)
    texts = [s for _, s in lines]
    toc = find_toc(texts)
    toc_lines = toc.lines if toc else frozenset()
    table_at = tables.locate(texts, file_tables)
    rows = {k for i, n in table_at.items() for k in range(i, i + n)}
    listed = {i for i, s in enumerate(texts) if s in items} | rows  # never headings
    first_struct = _first_struct(texts, toc_lines | listed, headings)
    attachments = find_attachments(texts, toc_lines | rows, first_struct)
    cut = attachments[0].start if attachments else len(texts)  # where the notice's (or plan's) own text ends

    # The head: the notice, the title, a preamble.  The title is the last
    # title line before the body; what comes before it is the notice.
    head = [s if i not in toc_lines else "" for i, s in enumerate(texts[: min(first_struct, cut)])]
    span = find_title(head, title_hint)
    if span is None and first_struct == len(texts):
        span = find_title(head[:10], title_hint)
    title_lines = set(range(span[0], span[1] + 1)) if span else set()
    simple, trad = _fix_doc_numbers(simple, trad, lines[:first_struct])
    b = TreeBuilder(simple, trad)

    # A signature and date block closing the text (before any attachment) is metadata, not measures.
    body_idx = [i for i in range(cut) if i not in toc_lines and i not in title_lines]
    tail = [texts[i] for i in body_idx[-3:]]
    signed = body_idx[len(body_idx) - signature_block(tail) :] if signature_block(tail) else []
    if signed and signed[0] < (span[1] if span else 0):
        signed = []  # the notice's own date above the title stays where it is
    skip = toc_lines | set(title_lines) | set(signed)

    notice_idx = [i for i in range(min(first_struct, cut)) if i not in skip]
    title = "".join(texts[i] for i in sorted(title_lines))
    front = read_front_matter([texts[i] for i in notice_idx] + [texts[i] for i in signed], labels, title)
    title_trad = "".join(trad[lines[i][0] : lines[i][0] + len(texts[i])] for i in sorted(title_lines))

    front_idx = [i for i in notice_idx if not span or i < span[0]]
    skip |= set(front_idx)
    if front_idx:
        off0, first = lines[front_idx[0]]
        notice = b.new_root("front", "front", "", first, trad[off0 : off0 + len(first)])
        b.heading(notice, off0, off0 + len(first))
        for i in front_idx[1:]:
            off, line = lines[i]
            if i in table_at:  # a table in a text without headings: still a table
                b.table(notice, off, _row_spans(lines, i, table_at[i]))
            elif i not in rows:
                b.paragraph(notice, off, off + len(line))

    current: Node | None = None
    next_same = _next_same([s if i not in listed else "" for i, s in enumerate(texts)])
    opens = {a.start: a for a in attachments}
    skip |= {k for a in attachments for k in a.lines}
    for i, (off, line) in enumerate(lines):
        if i in opens:
            current = _open_attachment(b, opens[i], lines)
            continue
        if i in skip or (i in rows and i not in table_at):
            continue
        if i in table_at:
            current = current or b.new_root(INTRO_ID, "preface", "", "导语", "導語")
            b.table(current, off, _row_spans(lines, i, table_at[i]))
            continue
        if i >= first_struct and is_preface_heading(line):
            clean = re.sub(r"\s+", "", line)
            preface = b.new_root("preface", "preface", "", clean, re.sub(r"\s+", "", trad[off : off + len(line)]))
            b.heading(preface, off, off + len(line))
            current = preface
            continue
        marker = find_marker(line) if i >= first_struct and i not in listed else None
        node = b.accept_marker(marker, _title_like(line), next_same.get(i)) if marker else None
        if node is not None and marker is not None:
            current = node
            _open_heading(b, node, marker, off, line)
            continue
        if marker is None and i >= first_struct and line in headings and i not in listed:
            current = b.accept_unnumbered(headings[line], line, trad[off : off + len(line)])
            b.heading(current, off, off + len(line))
            continue
        if current is None:
            current = b.new_root(INTRO_ID, "preface", "", "导语", "導語")
        if tables.is_flat_table(line):
            b.table(current, off, tables.rows(line))
        else:
            b.paragraph(current, off, off + len(line))

    signature = "\n".join(texts[i] for i in signed)
    if signed and not front.date_signed:
        front = FrontMatter(front.notice_title, front.doc_number, front.issuer, front.addressees,
                            next((d for i in signed if (d := normalise_date(texts[i]))), ""))
    return Parsed(title, title_trad, front, b.sections(), tuple(b.measures), tuple(b.blocks), b.offsets,
                  signature, toc.entries if toc else (), "\n".join(texts[i] for i in sorted(toc_lines)))
