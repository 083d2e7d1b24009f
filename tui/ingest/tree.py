"""Provides building a plan's section tree from heading markers, and its measures."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.document.model import Block, Measure, Section
from tui.ingest.sentences import split_sentences
from tui.ingest.structure import DIVISION_STYLES, Marker

KINDS_BY_DEPTH = {1: "chapter", 2: "section", 3: "item"}
_MAX_GAP = 3  # numbers a damaged or lost heading may hide
_LIST_RANK = 4  # （一） and below: list levels, never the parent of an article


@dataclass
class Node:
    id: str
    kind: str
    level: int
    number: str
    title: str
    title_trad: str
    parent: Node | None
    marker: Marker | None = None
    children: list[Node] = field(default_factory=list)
    paragraphs: int = 0
    headings: int = 0
    uncertain: bool = False


class TreeBuilder:
    """Sections, measures and blocks, in reading order, over one simplified text and its twin."""

    def __init__(self, simple: str, trad: str) -> None:
        self.simple = simple
        self.trad = trad
        self.roots: list[Node] = []
        self.nodes: list[Node] = []
        self.measures: list[Measure] = []
        self.blocks: list[Block] = []
        self.offsets: dict[str, int] = {}
        self.stack: list[Node] = []  # open marker sections, outermost first
        self.chapter_count = 0
        self.attachment_count = 0
        self.floor = 0  # stack entries never closed by a heading: the open attachment
        self.last_article = 0
        self.last_by_style: dict[str, int] = {}

    # -- sections ---------------------------------------------------------
    def new_root(self, sid: str, kind: str, number: str, title: str, title_trad: str) -> Node:
        """A top-level part named ``sid`` (``front``, ``preface``, ``intro``); a second one of a
        name (a file that carries two plans, each with its 前言) gets ``sid-2``, and so on."""
        taken = {n.id for n in self.roots}
        if sid in taken:
            sid = next(f"{sid}-{k}" for k in range(2, len(taken) + 2) if f"{sid}-{k}" not in taken)
        node = Node(sid, kind, 0 if kind in ("front", "preface") else 1, number, title, title_trad, None)
        self.roots.append(node)
        self.nodes.append(node)
        self.stack = []
        self.floor = 0
        return node

    def new_attachment(self, number: str, title: str, title_trad: str) -> Node:
        """A top-level attachment (附件1 …): what follows nests under it, with numbering of its own."""
        self.attachment_count += 1
        node = Node(f"A{self.attachment_count}", "attachment", 1, number, title, title_trad, None)
        self.roots.append(node)
        self.nodes.append(node)
        self.stack = [node]
        self.floor = 1
        self.last_article = 0
        self.last_by_style = {}
        return node

    def in_article(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind == "article"

    def accept_marker(self, marker: Marker, standalone: bool = False, next_same: int | None = None) -> Node | None:
        """Open a section for ``marker`` if its numbering fits, else None (the line is text).

        ``next_same`` is the number of the next line-start marker of the same
        style: two numbers in a row confirm a guess (a late start, a restart).
        """
        if marker.style == "第条":
            return self._accept_article(marker, next_same)
        if self.in_article() and marker.style not in DIVISION_STYLES:
            return None  # (一) 1. (1) inside an article are its items, not sections
        n = marker.number
        for depth in range(len(self.stack) - 1, -1, -1):
            open_node = self.stack[depth]
            if open_node.marker is None or open_node.marker.style != marker.style:
                continue
            gap = n - open_node.marker.number
            # A damaged heading can hide a number; a standalone title line a
            # little further on is still the next heading.
            if gap == 1 or (standalone and 1 < gap <= _MAX_GAP):
                del self.stack[depth:]
                return self._push(marker, uncertain=gap != 1)
            # Numbering that starts again after text: a new run (its own parent
            # heading was probably lost), if the next heading continues it.
            if n == 1 and standalone and next_same == 2 and (open_node.paragraphs or open_node.children):
                del self.stack[depth:]
                return self._push(marker, uncertain=True)
            return None
        if self.stack and self.stack[-1].marker and self.stack[-1].marker.rank >= marker.rank:
            return None
        if n == 1:
            return self._push(marker)
        # Numbers that run on across parents: （一）–（三） under 一、, （四） under 二、.
        if self.stack and n == self.last_by_style.get(marker.style, 0) + 1:
            return self._push(marker)
        return None

    def accept_unnumbered(self, level: int, title: str, title_trad: str) -> Node:
        """A heading the file styled as one (Word's Heading N) but that carries no number."""
        del self.stack[self.floor + max(0, level - 1) :]
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            self.chapter_count += 1
            sid = str(self.chapter_count)
        else:
            sid = f"{parent.id}.{len(parent.children) + 1}"
        depth = len(self.stack) + 1
        node = Node(sid, KINDS_BY_DEPTH.get(depth - self.floor, "subitem"), depth, "", title, title_trad, parent)
        (parent.children if parent else self.roots).append(node)
        self.nodes.append(node)
        self.stack.append(node)
        return node

    def _accept_article(self, marker: Marker, next_same: int | None) -> Node | None:
        """Articles (第X条) are numbered through the whole document."""
        n, last = marker.number, self.last_article
        if n == last + 1:
            uncertain = False
        elif n > last + 1 and (n - last <= _MAX_GAP or next_same == n + 1):
            uncertain = True  # a lost article, or numbering that starts late
        elif n == 1 and next_same == 2:
            uncertain = True  # a second run from 第一条 (an appended text)
        else:
            return None
        self.last_article = n
        # An article closes the articles and list items before it; it sits under
        # the innermost chapter or section (第X章, 第X节, 一、).
        while self.stack and (self.stack[-1].kind == "article" or _rank(self.stack[-1]) >= _LIST_RANK):
            self.stack.pop()
        return self._push(marker, uncertain=uncertain)

    def _push(self, marker: Marker, uncertain: bool = False) -> Node:
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            self.chapter_count += 1
            sid = str(self.chapter_count)
        else:
            sid = f"{parent.id}.{len(parent.children) + 1}"
        depth = len(self.stack) + 1
        kind = "article" if marker.style == "第条" else KINDS_BY_DEPTH.get(depth - self.floor, "subitem")
        node = Node(sid, kind, depth, marker.printed, "", "", parent, marker, uncertain=uncertain)
        if parent is None:
            self.roots.append(node)
        else:
            parent.children.append(node)
        self.nodes.append(node)
        self.stack.append(node)
        self.last_by_style[marker.style] = marker.number
        return node

    # -- measures ---------------------------------------------------------
    def heading(self, node: Node, start: int, end: int) -> None:
        self.heading_lines(node, [(start, end)])

    def heading_lines(self, node: Node, lines: list[tuple[int, int]]) -> None:
        """One heading block of one measure per line (a title set over several lines);
        a node's further heading lines (an attachment's title under its label) go on from ``.h2``."""
        ids = []
        for start, end in lines:
            node.headings += 1
            mid = f"{node.id}.h" if node.headings == 1 else f"{node.id}.h{node.headings}"
            self._measure(mid, node, "heading", start, end)
            ids.append(mid)
        self.blocks.append(Block("heading", node.id, tuple(ids)))

    def paragraph(self, node: Node, start: int, end: int, lead_end: int | None = None) -> None:
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

    def table(self, node: Node, start: int, rows: list[tuple[int, int]]) -> None:
        """One table block, one measure per row (offsets relative to ``start``)."""
        node.paragraphs += 1
        pid = f"{node.id}.p{node.paragraphs}"
        ids = []
        for k, (a, b) in enumerate(rows, 1):
            mid = f"{pid}.m{k}"
            self._measure(mid, node, "row", start + a, start + b)
            ids.append(mid)
        if ids:
            self.blocks.append(Block("table", node.id, tuple(ids)))

    def _measure(self, mid: str, node: Node, kind: str, start: int, end: int) -> None:
        self.measures.append(Measure(mid, node.id, kind, self.simple[start:end], self.trad[start:end]))  # type: ignore[arg-type]
        self.offsets[mid] = start

    def sections(self) -> tuple[Section, ...]:
        return tuple(
            Section(
                id=n.id,
                kind=n.kind,  # type: ignore[arg-type]
                level=n.level,
                number=n.number,
                title=n.title,
                title_trad=n.title_trad,
                parent_id=n.parent.id if n.parent else None,
                child_ids=tuple(c.id for c in n.children),
                uncertain=n.uncertain,
            )
            for n in _preorder(self.roots)
        )


def _rank(node: Node) -> int:
    return node.marker.rank if node.marker else -1


def _preorder(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_preorder(n.children))
    return out
