"""Provides the frozen domain model of a structured policy document."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

SCHEMA_VERSION = 1

# The kinds twice: as values, which a loaded file is checked against, and as
# types for the type checker only, since importing typing costs a short command
# 2 ms (issue 14). A test keeps each pair equal.
SECTION_KINDS = (
    "front",  # the notice (印发通知) before the plan itself
    "preface",  # 序言 / 前言
    "chapter",  # 一、 / 第一章
    "section",  # (一) / 第一节
    "item",  # 1.
    "subitem",  # (1) / ①
    "article",  # 第一条 (at whatever depth: under a chapter, a section, or at the top)
    "attachment",  # 附件1 …: a document a notice or plan carries, with its own numbering inside
)
MEASURE_KINDS = ("heading", "lead", "sentence", "row")  # row: one row of a table block
BLOCK_KINDS = ("heading", "paragraph", "table")
SPOT_STATUSES = ("auto", "errata", "flagged")

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from typing import Literal

    SectionKind = Literal["front", "preface", "chapter", "section", "item", "subitem", "article", "attachment"]
    MeasureKind = Literal["heading", "lead", "sentence", "row"]
    BlockKind = Literal["heading", "paragraph", "table"]
    SpotStatus = Literal["auto", "errata", "flagged"]


@dataclass(frozen=True)
class Metadata:
    """What the plan says about itself, plus where it came from."""

    title: str = ""
    title_trad: str = ""
    doc_number: str = ""  # 文号, e.g. 许政〔2022〕17号
    issuer: str = ""
    addressees: str = ""
    date_signed: str = ""  # as written, e.g. 2022年7月1日
    date_posted: str = ""  # as written on the site, e.g. 2022/7/27
    source: str = ""  # file name of the raw input
    signature: str = ""  # the signature and date block closing the text, lines joined by "\n"
    toc: tuple[str, ...] = ()  # entries of the plan's own table of contents (目录), kept out of the body


@dataclass(frozen=True)
class Spot:
    """A span of the clean text that came from a damaged (mojibake) spot.

    ``start``/``end`` are offsets into the measure's text (simplified and
    traditional texts are char-aligned, so the offsets hold for both).
    ``status`` says who fixed it; ``flagged`` means nobody could, and the
    text between start and end is still the raw damage (without glued pinyin).
    ``readings`` are the likeliest readings of the raw text (traditional, as
    ``fixed``) with their probabilities, best first, and ``confidence`` the
    automatic pass's probability for its own choice: what a reviewer needs.
    """

    measure_id: str
    start: int
    end: int
    raw: str
    fixed: str
    status: SpotStatus
    reason: str = ""
    readings: tuple[tuple[str, float], ...] = ()
    confidence: float = 0.0


# The automatic repair applies a reading only at this probability or more, and only
# when its character model alone reads the spot the same (tui.ingest.repair).
AUTO_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Measure:
    """One sentence, one numbered item's lead sentence, or one heading."""

    id: str  # stable, e.g. "5.2.p3.m4"; headings are "<section>.h"
    section_id: str
    kind: MeasureKind
    text: str  # simplified
    text_trad: str  # traditional, same length as ``text``

    def text_in(self, traditional: bool) -> str:
        return self.text_trad if traditional else self.text


# The section the importer makes for text before a plan's first heading ("导语").
INTRO_ID = "intro"


@dataclass(frozen=True)
class Section:
    """A node of the plan's tree. ``number`` is as printed, e.g. "五、"."""

    id: str  # "5", "5.2", "3.2.1"; "front" and "preface" for those parts
    kind: SectionKind
    level: int  # depth: 0 for front/preface, 1 chapter or attachment, 2 section (or an attachment's chapter), …
    number: str
    title: str
    title_trad: str
    parent_id: str | None
    child_ids: tuple[str, ...] = ()
    uncertain: bool = False  # the importer guessed this node's place (numbering gap, restart, resync)

    def title_in(self, traditional: bool = False) -> str:
        """The title as shown; the importer's own name for a plan's unheaded opening is in the interface language."""
        if self.id == INTRO_ID:
            from tui.i18n import lang, t

            if lang() != "zh":
                return t("doc.intro")
        return self.title_trad if traditional else self.title

    def label(self, traditional: bool = False) -> str:
        title = self.title_in(traditional)
        # "一、总则", "（二）…" end in punctuation; "第一章 总则", "1.2 等级划分", "附件1 某某规定" do not,
        # and are set apart from their title.
        gap = " " if title and self.number and not unicodedata.category(self.number[-1]).startswith("P") else ""
        return f"{self.number}{gap}{title}" if self.number else title


@dataclass(frozen=True)
class Block:
    """One unit of reading order: a heading, a paragraph of measures, or a table of rows."""

    kind: BlockKind
    section_id: str
    measure_ids: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A whole plan: metadata, tree, measures in reading order, spots."""

    id: str  # stable id derived from the clean text
    content_hash: str  # sha256 of the clean simplified text
    meta: Metadata
    sections: tuple[Section, ...]  # pre-order
    measures: tuple[Measure, ...]  # reading order
    blocks: tuple[Block, ...]  # reading order
    spots: tuple[Spot, ...] = ()
    stats: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def display_title(self) -> str:
        """What to call the plan: its title, else where it came from, else its id."""
        return self.meta.title or self.meta.source or self.id

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def measure_by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    @cached_property
    def measure_index(self) -> dict[str, int]:
        return {m.id: i for i, m in enumerate(self.measures)}

    @cached_property
    def spots_by_measure(self) -> dict[str, tuple[Spot, ...]]:
        out: dict[str, list[Spot]] = {}
        for spot in self.spots:
            out.setdefault(spot.measure_id, []).append(spot)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def chapters(self) -> tuple[Section, ...]:
        """The top-level chapters and attachments (an attachment's own chapters are inside it)."""
        return tuple(s for s in self.sections if s.parent_id is None and s.kind in ("chapter", "attachment"))

    def children(self, section_id: str | None) -> tuple[Section, ...]:
        if section_id is None:
            return tuple(s for s in self.sections if s.parent_id is None)
        return tuple(self.section_by_id[c] for c in self.section_by_id[section_id].child_ids)

    def path(self, section_id: str) -> tuple[Section, ...]:
        """Sections from the top level down to ``section_id``."""
        chain: list[Section] = []
        current: str | None = section_id
        while current is not None:
            section = self.section_by_id[current]
            chain.append(section)
            current = section.parent_id
        return tuple(reversed(chain))

    def chapter_of(self, section_id: str) -> Section:
        return self.path(section_id)[0]

    def full_text(self, traditional: bool = False) -> str:
        """Clean text in reading order, one block per line."""
        lines = []
        for block in self.blocks:
            lines.append("".join(self.measure_by_id[m].text_in(traditional) for m in block.measure_ids))
        return "\n".join(lines)

    @cached_property
    def measure_spans(self) -> dict[str, tuple[int, int]]:
        """Each measure's (start, end) offsets in ``full_text()``."""
        spans: dict[str, tuple[int, int]] = {}
        pos = 0
        for block in self.blocks:
            for mid in block.measure_ids:
                length = len(self.measure_by_id[mid].text)
                spans[mid] = (pos, pos + length)
                pos += length
            pos += 1  # the newline between blocks
        return spans
