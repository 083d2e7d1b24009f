"""Provides the two scripts as the interface shows them: whether a plan has a traditional original, its title."""

from __future__ import annotations

from tui.document.model import Document

_HAS_TRADITIONAL: dict[tuple[str, str], bool] = {}


def has_traditional(doc: Document) -> bool:
    """Whether ``doc`` has a traditional text of its own: a plan imported from simplified
    text (most are) keeps ``text_trad`` equal to ``text`` everywhere, and ``s`` would show
    the same characters."""
    key = (doc.id, doc.content_hash)
    found = _HAS_TRADITIONAL.get(key)
    if found is None:
        found = _HAS_TRADITIONAL[key] = (
            any(m.text_trad != m.text for m in doc.measures)
            or any(s.title_trad != s.title for s in doc.sections)
            or bool(doc.meta.title_trad and doc.meta.title_trad != doc.meta.title))
    return found


def plan_title(doc: Document, traditional: bool) -> str:
    """What to call the plan in this script: its traditional title where it has one."""
    return doc.meta.title_trad if traditional and doc.meta.title_trad else doc.display_title
