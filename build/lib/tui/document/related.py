"""Provides key terms of a measure and related measures ranked by shared distinctive terms.

Plain Python.  Key terms are quoted phrases “…”, titles 《…》 and terms from
the shipped list (``data/terms.txt``).  Related measures share the source
measure's most distinctive features (list terms, quotes, titles and Han
character bigrams), weighted by inverse document frequency and ranked by
cosine similarity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tui import locations
from tui.document.chars import is_han
from tui.document.model import Document
from tui.document.search import fold, search

TermKind = Literal["quote", "title", "term"]

QUOTE_RE = re.compile(r"“([^“”\n]{1,40})”")
TITLE_RE = re.compile(r"《([^《》\n]{1,80})》")
TOP_FEATURES = 24  # how many of the source's most distinctive features count
TERM_WEIGHT = 2.0  # a listed term, quote or title says more than a bigram


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


def key_terms(doc: Document, measure_id: str, terms: tuple[str, ...] | None = None) -> list[KeyTerm]:
    """Key terms of a measure in order of appearance, each once."""
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
        out.append(KeyTerm(term, kind, len(search(doc, term))))
    return out


class RelatedIndex:
    """Features of every measure and their document frequencies."""

    def __init__(self, doc: Document, terms: tuple[str, ...]) -> None:
        self.doc = doc
        self.features: list[set[str]] = []
        for measure in doc.measures:
            folded = fold(measure.text)
            feats = {folded[i : i + 2] for i in range(len(folded) - 1) if is_han(folded[i]) and is_han(folded[i + 1])}
            feats.update("T:" + fold(t) for _, t, _ in _marked(measure.text))
            self.features.append(feats)
        index = doc.measure_index
        for term in terms:
            for hit in search(doc, term):
                self.features[index[hit.measure_id]].add("T:" + fold(term))
        self.df: dict[str, int] = {}
        for feats in self.features:
            for feat in feats:
                self.df[feat] = self.df.get(feat, 0) + 1
        self.postings: dict[str, list[int]] = {}
        for i, feats in enumerate(self.features):
            for feat in feats:
                self.postings.setdefault(feat, []).append(i)
        n = max(1, len(doc.measures))
        self.weight = {f: math.log(n / d) * (TERM_WEIGHT if f.startswith("T:") else 1.0) for f, d in self.df.items()}
        self.norms = [math.sqrt(sum(self.weight[f] ** 2 for f in feats)) or 1.0 for feats in self.features]
        block_of: dict[str, int] = {}
        for b, block in enumerate(doc.blocks):
            for mid in block.measure_ids:
                block_of[mid] = b
        self.block_of = [block_of.get(m.id, -1) for m in doc.measures]

    def related(self, measure_id: str, limit: int = 10) -> list[Related]:
        i = self.doc.measure_index[measure_id]
        shareable = [f for f in self.features[i] if self.df[f] >= 2 and self.weight[f] > 0]
        top = sorted(shareable, key=lambda f: (-self.weight[f], f))[:TOP_FEATURES]
        scores: dict[int, float] = {}
        for feat in top:
            w2 = self.weight[feat] ** 2
            for j in self.postings[feat]:
                scores[j] = scores.get(j, 0.0) + w2
        measures = self.doc.measures
        ranked: list[tuple[float, int]] = []
        for j, score in scores.items():
            # Other measures only: not itself, not its own paragraph, no headings.
            if j == i or self.block_of[j] == self.block_of[i] or measures[j].kind == "heading":
                continue
            ranked.append((score / (self.norms[i] * self.norms[j]), j))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        source = fold(measures[i].text)
        out = []
        for score, j in ranked[:limit]:
            shared = [f for f in top if f in self.features[j]]
            out.append(Related(measures[j].id, round(score, 4), _readable(source, shared)))
        return out


def _readable(source: str, shared: list[str]) -> tuple[str, ...]:
    """Shared features as words: terms as they are, bigrams merged into runs of ``source``."""
    words = [f[2:] for f in shared if f.startswith("T:")]
    bigrams = {f for f in shared if not f.startswith("T:")}
    covered = [False] * len(source)
    for k in range(len(source) - 1):
        if source[k : k + 2] in bigrams:
            covered[k] = covered[k + 1] = True
    run = ""
    runs: list[str] = []
    for char, on in zip(source + " ", covered + [False]):
        if on:
            run += char
        elif run:
            runs.append(run)
            run = ""
    for phrase in sorted(set(runs), key=lambda s: (-len(s), source.find(s))):
        if not any(phrase in w for w in words):
            words.append(phrase)
    return tuple(words[:6])


_INDEXES: dict[int, tuple[Document, RelatedIndex]] = {}


def related_index(doc: Document) -> RelatedIndex:
    """The (cached) related-measure index of ``doc``."""
    cached = _INDEXES.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, RelatedIndex(doc, load_terms()))
        _INDEXES[id(doc)] = cached
    return cached[1]


def related_measures(doc: Document, measure_id: str, limit: int = 10) -> list[Related]:
    """Other measures sharing this one's most distinctive terms, best first."""
    return related_index(doc).related(measure_id, limit)
