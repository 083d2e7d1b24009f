"""Provides the frozen Annotation and Anchor dataclasses (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass, field

ANNOTATION_SCHEMA = 1


@dataclass(frozen=True)
class Anchor:
    """Where an annotation points, robust to re-imports of the document.

    Follows the W3C Web Annotation selectors: a text quote selector
    (``exact`` with ``prefix``/``suffix`` context) and a text position
    selector (``start``/``end``) over the document's clean simplified text
    as returned by ``Document.full_text()``.  ``measure_id`` and
    ``section_path`` are the fast path; the selectors re-attach the note when
    the ids no longer match.
    """

    measure_id: str
    section_path: tuple[str, ...]  # section ids, chapter first
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    # Offsets inside the measure when only a sub-span (a search hit) is
    # annotated; None means the whole measure.
    sub_start: int | None = None
    sub_end: int | None = None


@dataclass(frozen=True)
class Annotation:
    """A user's note and tags on one measure (or a span inside it)."""

    uuid: str
    doc_id: str
    content_hash: str
    anchor: Anchor
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""  # ISO 8601, UTC, seconds precision
    updated: str = ""
    orphaned: bool = False  # could not be re-anchored; kept, never dropped
    schema: int = field(default=ANNOTATION_SCHEMA)
