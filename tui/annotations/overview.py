"""Provides the overview of a plan's annotations: per chapter, measures, notes, top tags and progress; tags with counts.

Plain Python, computed from the plan and its annotations (the overview
screen only shows it).  A chapter is a top-level section (the notice and the
preface count as well); progress is the share of its measures (headings
aside) that carry at least one annotation.  Orphaned annotations are counted
under the chapter they were recorded in, but never as progress.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tui.annotations.filters import chapter_id_of, is_orphan
from tui.annotations.model import Annotation
from tui.document.model import Document, Section

TOP_TAGS = 3


@dataclass(frozen=True)
class ChapterRow:
    """One chapter of the overview."""

    section: Section
    measures: int  # headings aside
    annotated: int  # measures with at least one annotation
    annotations: int  # placed and orphaned
    top_tags: tuple[tuple[str, int], ...]

    @property
    def progress(self) -> float:
        return self.annotated / self.measures if self.measures else 0.0


@dataclass(frozen=True)
class Overview:
    chapters: tuple[ChapterRow, ...]
    tags: tuple[tuple[str, int], ...]  # every tag, most used first
    measures: int
    annotated: int
    annotations: int
    orphans: int

    @property
    def progress(self) -> float:
        return self.annotated / self.measures if self.measures else 0.0


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def overview(doc: Document, annotations: Iterable[Annotation], top: int = TOP_TAGS) -> Overview:
    """The overview of ``doc`` given its annotations (others' are ignored)."""
    measures: Counter[str] = Counter()
    chapter_of: dict[str, str] = {}
    for m in doc.measures:
        top_id = doc.chapter_of(m.section_id).id
        chapter_of[m.id] = top_id
        if m.kind != "heading":
            measures[top_id] += 1
    notes: Counter[str] = Counter()
    tags: dict[str, Counter[str]] = {}
    annotated: dict[str, set[str]] = {}
    all_tags: Counter[str] = Counter()
    orphans = total = 0
    for a in annotations:
        if a.doc_id != doc.id:
            continue
        total += 1
        chapter = chapter_id_of(doc, a)
        if is_orphan(doc, a):
            orphans += 1
        elif doc.measure_by_id[a.anchor.measure_id].kind != "heading":
            annotated.setdefault(chapter or "", set()).add(a.anchor.measure_id)
        if chapter is not None:
            notes[chapter] += 1
            tags.setdefault(chapter, Counter()).update(a.tags)
        all_tags.update(a.tags)
    rows = tuple(
        ChapterRow(s, measures[s.id], len(annotated.get(s.id, ())), notes[s.id], _ranked(tags.get(s.id, Counter()))[:top])
        for s in doc.children(None)
    )
    return Overview(rows, _ranked(all_tags), sum(measures.values()), sum(len(v) for v in annotated.values()),
                    total, orphans)
