"""Provides export filters (tags, county, chapter) and selection in document order.

Semantics, in one place:
- ``tags``: an annotation matches if it has ANY of the tags; tags compare in
  their normalised form (``tui.annotations.tags.normalize_tag``), ignoring case.
- ``county``: an annotation matches if it is tagged with that county; the
  county must be one of the known counties (``tui.annotations.tags.is_county``).
- ``chapter``: an annotation matches if its measure lies in that chapter.
- Filters of different kinds combine with AND.
- Orphaned annotations (``Annotation.orphaned``, or a measure id the document
  no longer has) are never dropped silently: tag and county filters apply to
  them as to any other, and a chapter filter keeps those whose recorded
  ``anchor.section_path`` starts in that chapter (the only location they
  have).  They come last, oldest first, and every format marks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tui.annotations.model import Annotation
from tui.annotations.tags import is_county, normalize_tag
from tui.document.model import Document, Section
from tui.document.numerals import cn_to_int
from tui.errors import UserError
from tui.i18n import t

# Decoration around a printed chapter number: 第五章, 五、, 5., (五)
_NUMBER_NOISE = re.compile(r"[\s第章节、.．,，:：()（）]")


@dataclass(frozen=True)
class Filters:
    """Resolved filters: ``chapter`` is a chapter's section id."""

    tags: tuple[str, ...] = ()
    county: str | None = None
    chapter: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.tags or self.county or self.chapter)

    def scope(self) -> str:
        """A short name for file names: ``all``, ``chapter-5``, ``county-禹州市``, ``tags-a+b``."""
        parts = []
        if self.chapter:
            parts.append(f"chapter-{self.chapter}")
        if self.county:
            parts.append(f"county-{self.county}")
        if self.tags:
            parts.append("tags-" + "+".join(self.tags))
        name = "_".join(parts) or "all"
        # Keep the name usable as a file name on every platform.
        name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", name).strip("._")
        return name[:80] or "all"


def number_value(text: str) -> int | None:
    """The integer a chapter number means: ``5``, ``五``, ``五、``, ``第五章``."""
    core = _NUMBER_NOISE.sub("", text)
    if core.isdecimal():
        return int(core)
    return cn_to_int(core)


def resolve_chapter(doc: Document, value: str) -> Section:
    """The chapter ``value`` names (printed number, arabic or Chinese, or section id)."""
    chapters = doc.chapters
    wanted = number_value(value)
    for chapter in chapters:
        if wanted is not None and number_value(chapter.number) == wanted:
            return chapter
    for chapter in chapters:
        # An attachment is named by its id or its label as printed (附件2).
        if value.strip() in (chapter.id, chapter.number.rstrip("：: ")):
            return chapter
    known = " ".join(_NUMBER_NOISE.sub("", c.number) or c.id for c in chapters) or t("filter.error.no_chapters")
    raise UserError(t("filter.error.chapter", value=value, known=known))


@lru_cache(maxsize=4096)  # the same few tags recur on thousands of notes
def tag_key(tag: str) -> str:
    """How tags compare when filtering."""
    return normalize_tag(tag).casefold()


def check_county(county: str) -> str:
    """``county`` stripped, or UserError if it is not a known county."""
    name = normalize_tag(county)
    if not is_county(name):
        raise UserError(t("filter.error.county", county=county))
    return name


def make_filters(doc: Document, tags: Iterable[str] = (), county: str | None = None,
                 chapter: str | None = None) -> Filters:
    """Validated filters; unknown county or chapter -> UserError."""
    clean_tags = tuple(dict.fromkeys(normalize_tag(t) for t in tags if tag_key(t)))
    return Filters(
        tags=clean_tags,
        county=check_county(county) if county else None,
        chapter=resolve_chapter(doc, chapter).id if chapter else None,
    )


def is_orphan(doc: Document, annotation: Annotation) -> bool:
    """True if the annotation cannot be shown at a measure of ``doc``."""
    return annotation.orphaned or annotation.anchor.measure_id not in doc.measure_by_id


def chapter_id_of(doc: Document, annotation: Annotation) -> str | None:
    """The top-level section the annotation lies in (recorded path for orphans)."""
    if not is_orphan(doc, annotation):
        measure = doc.measure_by_id[annotation.anchor.measure_id]
        return doc.chapter_of(measure.section_id).id
    path = annotation.anchor.section_path
    return path[0] if path else None


def matches(doc: Document, annotation: Annotation, filters: Filters) -> bool:
    keys = {tag_key(t) for t in annotation.tags}
    if filters.tags and not keys & {tag_key(t) for t in filters.tags}:
        return False
    if filters.county and tag_key(filters.county) not in keys:
        return False
    return not (filters.chapter and chapter_id_of(doc, annotation) != filters.chapter)


def apply(doc: Document, annotations: Iterable[Annotation], filters: Filters) -> list[Annotation]:
    """Matching annotations: placed ones in document order, then orphans oldest first."""
    placed: list[Annotation] = []
    orphans: list[Annotation] = []
    for annotation in annotations:
        if matches(doc, annotation, filters):
            (orphans if is_orphan(doc, annotation) else placed).append(annotation)
    index = doc.measure_index

    def placed_key(a: Annotation) -> tuple[int, int, str, str]:
        sub = a.anchor.sub_start
        return (index[a.anchor.measure_id], -1 if sub is None else sub, a.created, a.uuid)

    placed.sort(key=placed_key)
    orphans.sort(key=lambda a: (a.created, a.uuid))
    return placed + orphans


def select(doc: Document, annotations: Iterable[Annotation], tags: Sequence[str] = (),
           county: str | None = None, chapter: str | None = None) -> list[Annotation]:
    """Annotations matching the filters, in document order (orphans last)."""
    return apply(doc, annotations, make_filters(doc, tags, county, chapter))
