"""Provides key terms of a measure and related measures ranked by shared words.

Plain Python.  Key terms are quoted phrases “…”, titles 《…》 and terms from
the shipped list (``data/terms.txt``).  Related measures are scored on whole
words (jieba, see ``tui.document.words``) and cited titles, TF-IDF weighted
over the plan and ranked by cosine similarity; the shared words are shown as
they are, never as character fragments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tui import locations
from tui.document.model import Document
from tui.document.search import fold, search
from tui.document.words import TermVectors, measure_terms

TermKind = Literal["quote", "title", "term"]

QUOTE_RE = re.compile(r"“([^“”\n]{1,40})”")
TITLE_RE = re.compile(r"《([^《》\n]{1,80})》")


@dataclass(frozen=True)
class KeyTerm:
    """A term of a measure: ``text`` is what a search looks for."""

    text: str
    kind: TermKind
    count: int  # occurrences in the whole document

    @property
    def display(self) -> str:
        if self.kind == "quote":
            return f"“{self.text}”"
        if self.kind == "title":
            return f"《{self.text}》"
        return self.text


@dataclass(frozen=True)
class Related:
    """Another measure and why it is related."""

    measure_id: str
    score: float
    shared: tuple[str, ...]  # readable shared terms, most distinctive first


@lru_cache(maxsize=4)
def load_terms(path: Path | None = None) -> tuple[str, ...]:
    """The shipped term list (comments and blank lines skipped), longest first."""
    source = path or locations.TERMS_FILE
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    terms = {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    return tuple(sorted(terms, key=lambda s: (-len(s), s)))


def _marked(text: str) -> list[tuple[int, str, TermKind]]:
    """(position, text, kind) of quoted phrases and titles in ``text``."""
    found: list[tuple[int, str, TermKind]] = []
    for match in TITLE_RE.finditer(text):
        found.append((match.start(), match.group(1), "title"))
    for match in QUOTE_RE.finditer(text):
        found.append((match.start(), match.group(1), "quote"))
    return found


def key_terms(doc: Document, measure_id: str, terms: tuple[str, ...] | None = None,
              counted_in: Sequence[Document] = ()) -> list[KeyTerm]:
    """Key terms of a measure in order of appearance, each once, with how often each occurs
    in ``doc`` (or in the plans ``counted_in``: every plan open, as a search runs over them)."""
    text = doc.measure_by_id[measure_id].text
    folded = fold(text)
    found = _marked(text)
    for term in load_terms() if terms is None else terms:
        pos = folded.find(fold(term))
        if pos >= 0:
            found.append((pos, term, "term"))
    found.sort(key=lambda item: (item[0], -len(item[1])))
    seen: set[str] = set()
    out: list[KeyTerm] = []
    for _, term, kind in found:
        key = fold(term)
        if key in seen or not key.strip():
            continue
        seen.add(key)
        out.append(KeyTerm(term, kind, sum(len(search(d, term)) for d in counted_in or (doc,))))
    return out


class RelatedIndex:
    """TF-IDF vectors of every measure's words (jieba) and titles, over one plan."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        term_lists = [ts + ["《" + title + "》" for _, title, kind in _marked(m.text) if kind == "title"]
                      for m, ts in zip(doc.measures, measure_terms(doc), strict=True)]
        self.vectors = TermVectors(term_lists)
        block_of: dict[str, int] = {}
        for b, block in enumerate(doc.blocks):
            for mid in block.measure_ids:
                block_of[mid] = b
        self.block_of = [block_of.get(m.id, -1) for m in doc.measures]

    def related(self, measure_id: str, limit: int = 10) -> list[Related]:
        i = self.doc.measure_index[measure_id]
        measures = self.doc.measures
        # Other measures only: not itself, not its own paragraph, no headings.
        skip = frozenset(j for j, m in enumerate(measures)
                         if j == i or self.block_of[j] == self.block_of[i] or m.kind == "heading")
        source = self.vectors.vectors[i]
        out = []
        for found in self.vectors.nearest(source, limit, skip):
            shared = self.vectors.shared(source, self.vectors.vectors[found.row])
            out.append(Related(measures[found.row].id, round(found.score, 4), shared))
        return out


_INDEXES: dict[int, tuple[Document, RelatedIndex]] = {}


def related_index(doc: Document) -> RelatedIndex:
    """The (cached) related-measure index of ``doc``."""
    cached = _INDEXES.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, RelatedIndex(doc))
        _INDEXES[id(doc)] = cached
    return cached[1]


def related_measures(doc: Document, measure_id: str, limit: int = 10) -> list[Related]:
    """Other measures sharing this one's most distinctive terms, best first."""
    return related_index(doc).related(measure_id, limit)


class CrossIndex:
    """Two plans' measures on one basis of words: a measure of one beside the closest of the other."""

    def __init__(self, doc: Document, other: Document) -> None:
        self.doc, self.other = doc, other
        mine, theirs = measure_terms(doc), measure_terms(other)
        basis = [*mine, *theirs]  # one IDF for both plans, as a comparison has
        self.mine, self.theirs = TermVectors(mine, basis), TermVectors(theirs, basis)
        self.skip = frozenset(j for j, m in enumerate(other.measures) if m.kind == "heading")

    def related(self, measure_id: str, limit: int) -> list[Related]:
        query = self.mine.vectors[self.doc.measure_index[measure_id]]
        return [Related(self.other.measures[f.row].id, round(f.score, 4),
                        self.mine.shared(query, self.theirs.vectors[f.row]))
                for f in self.theirs.nearest(query, limit, self.skip)]


_CROSS: dict[tuple[int, int], CrossIndex] = {}
OTHER_PLAN_LIMIT = 3  # closest measures listed from each other open plan


def related_elsewhere(doc: Document, measure_id: str, others: Sequence[Document],
                      limit: int = OTHER_PLAN_LIMIT) -> list[tuple[Document, list[Related]]]:
    """For each of ``others`` (the other plans open), its measures closest to this one."""
    out = []
    for other in others:
        index = _CROSS.get((id(doc), id(other)))
        if index is None or index.doc is not doc or index.other is not other:
            index = _CROSS[(id(doc), id(other))] = CrossIndex(doc, other)
        out.append((other, index.related(measure_id, limit)))
    return out
