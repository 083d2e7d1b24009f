"""Provides parsing clean plan text into sections, blocks and measures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.document.model import Block, Measure, Section
from tui.ingest.frontmatter import FrontMatter, read_front_matter
from tui.ingest.sentences import split_sentences
from tui.ingest.structure import Marker, find_marker, is_preface_heading

KINDS_BY_DEPTH = {1: "chapter", 2: "section", 3: "item"}
_TITLE_LIKE_MAX = 60


@dataclass
class _Node:
    id: str
    kind: str
    level: int
    number: str
    title: str
    title_trad: str
    parent: _Node | None
    marker: Marker | None = None
    children: list[_Node] = field(default_factory=list)
    paragraphs: int = 0


@dataclass(frozen=True)
class Parsed:
    title: str
    title_trad: str
    front: FrontMatter
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    blocks: tuple[Block, ...]
    offsets: dict[str, int]  # measure id -> absolute start offset in the text


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


def _opens_body(line: str) -> bool:
    """序言, or a heading numbered 1: where the plan's body can start."""
    marker = find_marker(line)
    return is_preface_heading(line) or (marker is not None and marker.number == 1)


def _title_like(line: str) -> bool:
    return len(line) <= _TITLE_LIKE_MAX and not re.search(r"[。；;]", line)


class _Builder:
    def __init__(self, simple: str, trad: str) -> None:
        self.simple = simple
        self.trad = trad
        self.roots: list[_Node] = []
        self.nodes: list[_Node] = []
        self.measures: list[Measure] = []
        self.blocks: list[Block] = []
        self.offsets: dict[str, int] = {}
        self.stack: list[_Node] = []  # open marker sections, outermost first
        self.chapter_count = 0
        self.last_article = 0

    # -- sections ---------------------------------------------------------
    def new_root(self, sid: str, kind: str, number: str, title: str, title_trad: str) -> _Node:
        node = _Node(sid, kind, 0 if kind in ("front", "preface") else 1, number, title, title_trad, None)
        self.roots.append(node)
        self.nodes.append(node)
        self.stack = []
        return node

    def accept_marker(self, marker: Marker, standalone: bool = False) -> _Node | None:
        """Open a section for ``marker`` if its numbering fits, else None."""
        if marker.style == "第条":
            # Articles (第X条) are numbered through the whole document.
            if marker.number != self.last_article + 1:
                return None
            self.last_article = marker.number
            while self.stack and self.stack[-1].marker and self.stack[-1].marker.rank >= marker.rank:
                self.stack.pop()
            return self._push(marker)
        for depth in range(len(self.stack) - 1, -1, -1):
            open_node = self.stack[depth]
            assert open_node.marker is not None
            if open_node.marker.style == marker.style:
                gap = marker.number - open_node.marker.number
                # A damaged heading can hide one number; a standalone title
                # line a little further on is still the next heading.
                if gap != 1 and not (standalone and 1 < gap <= 3):
                    return None
                del self.stack[depth:]
                return self._push(marker)
        if marker.number != 1:
            return None
        if self.stack and self.stack[-1].marker and self.stack[-1].marker.rank >= marker.rank:
            return None
        return self._push(marker)

    def _push(self, marker: Marker) -> _Node:
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            self.chapter_count += 1
            sid = str(self.chapter_count)
        else:
            sid = f"{parent.id}.{len(parent.children) + 1}"
        depth = len(self.stack) + 1
        kind = KINDS_BY_DEPTH.get(depth, "subitem")
        node = _Node(sid, kind, depth, marker.printed, "", "", parent, marker)
        if parent is None:
            self.roots.append(node)
        else:
            parent.children.append(node)
        self.nodes.append(node)
        self.stack.append(node)
        return node

    # -- measures ---------------------------------------------------------
    def heading(self, node: _Node, start: int, end: int) -> None:
        mid = f"{node.id}.h"
        self._measure(mid, node, "heading", start, end)
        self.blocks.append(Block("heading", node.id, (mid,)))

    def paragraph(self, node: _Node, start: int, end: int, lead_end: int | None = None) -> None:
        node.paragraphs += 1
        pid = f"{node.id}.p{node.paragraphs}"
        ids: list[str] = []
        spans = []
        if lead_end is not None:
            spans.append((start, lead_end, "lead"))
            start = lead_end
        spans += [(start + a, start + b, "sentence") for a, b in split_sentences(self.simple[start:end])]
        for k, (a, b, kind) in enumerate(spans, 1):
            mid = f"{pid}.m{k}"
            self._measure(mid, node, kind, a, b)
            ids.append(mid)
        if ids:
            self.blocks.append(Block("paragraph", node.id, tuple(ids)))

    def _measure(self, mid: str, node: _Node, kind: str, start: int, end: int) -> None:
        self.measures.append(Measure(mid, node.id, kind, self.simple[start:end], self.trad[start:end]))  # type: ignore[arg-type]
        self.offsets[mid] = start


def _heading_parts(text: str) -> tuple[str, int | None]:
    """Title of a heading line and, for an inline heading, its lead's end.

    ``1.学前教育普惠发展。认真落实…`` -> ("学前教育普惠发展", end of "。").
    """
    spans = split_sentences(text)
    if len(spans) >= 2 or (spans and not _title_like(text)):
        lead_end = spans[0][1]
        return text[:lead_end].rstrip("。！？；!?; "), lead_end
    return text.rstrip("。；;：: "), None


def parse(simple: str, trad: str) -> Parsed:
    """Parse clean simplified text (and its char-aligned traditional twin)."""
    lines = _lines(simple)
    b = _Builder(simple, trad)

    # The first structural line decides where the plan body starts; the last
    # title-like line before it is the plan's title; anything before the
    # title is the notice (front matter).
    first_struct = next((i for i, (_, s) in enumerate(lines) if _opens_body(s)), len(lines))
    title_idx = None
    if first_struct > 0 and _title_like(lines[first_struct - 1][1]):
        title_idx = first_struct - 1
    elif first_struct == len(lines) and lines and _title_like(lines[0][1]):
        title_idx = 0
    front_lines = lines[: title_idx if title_idx is not None else first_struct]
    front = read_front_matter([s for _, s in front_lines])
    title = title_trad = ""
    if title_idx is not None:
        off, line = lines[title_idx]
        title, title_trad = line, trad[off : off + len(line)]
    elif front.notice_title:
        title = title_trad = front.notice_title

    if front_lines:
        off0, first = front_lines[0]
        node = b.new_root("front", "front", "", first, trad[off0 : off0 + len(first)])
        b.heading(node, off0, off0 + len(first))
        for off, line in front_lines[1:]:
            b.paragraph(node, off, off + len(line))

    current: _Node | None = None
    body_start = (title_idx + 1) if title_idx is not None else first_struct
    for off, line in lines[body_start:]:
        if is_preface_heading(line):
            clean = re.sub(r"\s+", "", line)
            current = b.new_root("preface", "preface", "", clean, re.sub(r"\s+", "", trad[off : off + len(line)]))
            b.heading(current, off, off + len(line))
            continue
        marker = find_marker(line)
        node = b.accept_marker(marker, standalone=_title_like(line)) if marker else None
        if node is not None and marker is not None:
            rest_off = off + len(line) - len(marker.rest)
            heading_title, lead_end = _heading_parts(marker.rest)
            node.title = heading_title
            node.title_trad = trad[rest_off : rest_off + len(heading_title)]
            current = node
            if lead_end is None:
                b.heading(node, off, off + len(line))
            else:
                b.paragraph(node, off, off + len(line), lead_end=rest_off + lead_end)
            continue
        if current is None:
            current = b.new_root("intro", "preface", "", "导语", "導語")
        b.paragraph(current, off, off + len(line))

    sections = tuple(
        Section(
            id=n.id,
            kind=n.kind,  # type: ignore[arg-type]
            level=n.level,
            number=n.number,
            title=n.title,
            title_trad=n.title_trad,
            parent_id=n.parent.id if n.parent else None,
            child_ids=tuple(c.id for c in n.children),
        )
        for n in _preorder(b.roots)
    )
    return Parsed(title, title_trad, front, sections, tuple(b.measures), tuple(b.blocks), b.offsets)


def _preorder(nodes: list[_Node]) -> list[_Node]:
    out: list[_Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_preorder(n.children))
    return out
