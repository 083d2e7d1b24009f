"""Provides NoteIndex: the notes list's filter over every annotation (plain Python).

A filter is typed text; every term must match:

- ``#禹州市`` — an exact tag (a county is a tag);
- ``章:3``, ``章:三``, ``ch:3`` — the annotation lies in that chapter (the
  prefix is ``ann.filter.chapter`` in the catalogue, or ``ch:``);
- any other word — found in the note, a tag, the quoted text or the section titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.annotations.filters import (
    Filters,
    apply,
    chapter_id_of,
    is_orphan,
    resolve_chapter,
    tag_key,
)
from tui.annotations.model import Annotation
from tui.annotations.plans import PlanNotes
from tui.document.model import Document
from tui.errors import UserError
from tui.i18n import t

CHAPTER_PREFIXES = ("ch:", "chapter:")  # and the interface language's own (ann.filter.chapter)
NOTE_CHARS = 20_000  # of a note searched by word; a 1 MB note is not searched in full


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()  # casefolded
    tags: tuple[str, ...] = ()  # tag keys
    chapters: tuple[str, ...] = ()  # chapter section ids
    problem: str = ""  # e.g. an unknown chapter: nothing matches, and this says why

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.tags or self.chapters or self.problem)


def parse_query(doc: Document, text: str) -> Query:
    words: list[str] = []
    tags: list[str] = []
    chapters: list[str] = []
    problem = ""
    prefixes = (t("ann.filter.chapter"), *CHAPTER_PREFIXES)
    # A full-width colon, as Chinese input methods type it, is a colon.
    for term in text.replace("\uff1a", ":").split():
        low = term.casefold()
        prefix = next((p for p in prefixes if low.startswith(p)), None)
        if prefix is not None and len(term) > len(prefix):
            try:
                chapters.append(resolve_chapter(doc, term[len(prefix):]).id)
            except UserError as exc:
                problem = str(exc)
        elif term.startswith(("#", "＃")) and len(term) > 1:
            tags.append(tag_key(term))
        else:
            words.append(low)
    return Query(tuple(words), tuple(tags), tuple(chapters), problem)


@dataclass(frozen=True)
class Entry:
    annotation: Annotation
    orphan: bool
    chapter_id: str | None
    tag_keys: frozenset[str]
    haystack: str  # casefolded note, tags, quote and section titles


class NoteIndex:
    """Annotations in document order (orphans last), ready to be filtered as you type."""

    def __init__(self, doc: Document, annotations: Iterable[Annotation]) -> None:
        self.doc = doc
        titles: dict[tuple[str, ...], str] = {}
        self.entries: list[Entry] = []
        for a in apply(doc, annotations, Filters()):
            path = a.anchor.section_path
            where = titles.get(path)
            if where is None:
                where = titles[path] = " ".join(
                    doc.section_by_id[s].label() for s in path if s in doc.section_by_id
                )
            hay = "\n".join((a.note[:NOTE_CHARS], " ".join(a.tags), a.anchor.exact, where)).casefold()
            self.entries.append(Entry(a, is_orphan(doc, a), chapter_id_of(doc, a),
                                      frozenset(tag_key(x) for x in a.tags), hay))

    def __len__(self) -> int:
        return len(self.entries)

    def select(self, query: Query) -> list[Entry]:
        if query.problem:
            return []
        return [e for e in self.entries if matches(e, query)]


def matches(entry: Entry, query: Query) -> bool:
    if query.tags and not all(tag in entry.tag_keys for tag in query.tags):
        return False
    if query.chapters and entry.chapter_id not in query.chapters:
        return False
    return all(word in entry.haystack for word in query.words)


@dataclass(frozen=True)
class PlanEntries:
    """The notes of one plan that a filter selects."""

    doc: Document
    entries: list[Entry]


class PlansIndex:
    """NoteIndexes of several plans, in the order given; a filter runs over each."""

    def __init__(self, plans: Sequence[PlanNotes]) -> None:
        self.indexes = [NoteIndex(plan.doc, plan.annotations) for plan in plans]

    def __len__(self) -> int:
        return sum(len(index) for index in self.indexes)

    def select(self, text: str) -> tuple[list[PlanEntries], str]:
        """Each plan's matching entries, and why nothing matches (a chapter no plan has), if so.

        A chapter term is read in each plan's own numbering: ``章:3`` is the third
        chapter of every plan that has one.
        """
        out: list[PlanEntries] = []
        problems: list[str] = []
        for index in self.indexes:
            query = parse_query(index.doc, text)
            if query.problem:
                problems.append(query.problem)
            out.append(PlanEntries(index.doc, index.select(query)))
        return out, problems[0] if problems and len(problems) == len(self.indexes) else ""
