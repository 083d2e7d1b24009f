"""Provides the alignment of two plans: each measure of A with its closest measures of B, side by side by chapter.

Plain Python.  Measures are compared on words (jieba terms, TF-IDF weighted
over both plans, cosine; see ``tui.document.words``), the same scoring as
related measures.  Each measure gets at most one counterpart (the best pairs
are taken first, so a measure copied into the other plan is not claimed by a
look-alike); a measure whose best score stays under the threshold has no
counterpart.  Chapters are paired in order (a monotone alignment weighted
by how many measure pairs join them), so that the view runs side by side.

A five-year plan opens with its context: what the last period achieved and
the situation now ("一、“十三五”时期主要成就", "二、发展环境").  A pair of
one plan's context with the other's tasks counts half, so that a county's
task finds the city's task, not the city's report of the last period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.document.model import Document, Section
from tui.document.words import TermVectors, measure_terms

THRESHOLD = 0.25  # cosine below which two measures are not counterparts
CANDIDATES = 3  # closest measures of B listed for each measure of A
# Titles of the chapters a plan opens with before its tasks: achievements, foundations, situation.
_CONTEXT = re.compile(r"成就|成效|回顾|发展基础|现状|形势|环境|机遇|挑战")
CONTEXT_WEIGHT = 0.5  # a pair across context and tasks: its score counts this much when pairs are chosen


@dataclass(frozen=True)
class Candidate:
    """A measure of the other plan and how close it is."""

    measure_id: str
    score: float
    shared: tuple[str, ...]  # shared words, most weight first


@dataclass(frozen=True)
class Match:
    """A measure of A, its counterpart in B (None: none), and B's closest measures."""

    measure_id: str
    counterpart: Candidate | None
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: a pair, or a measure on one side only."""

    a: str | None
    b: str | None
    score: float | None = None


@dataclass(frozen=True)
class ChapterPair:
    """Top-level sections of A and B side by side (either may be missing) and their rows."""

    a: Section | None
    b: Section | None
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Alignment:
    a: Document
    b: Document
    threshold: float
    matches: tuple[Match, ...]  # every measure of A (headings aside), in reading order
    only_a: tuple[str, ...]  # measures of A without counterpart
    only_b: tuple[str, ...]  # measures of B that are nobody's counterpart
    chapters: tuple[ChapterPair, ...]

    @property
    def pairs(self) -> list[tuple[str, str, float]]:
        """(A measure, B measure, score) of every counterpart, in A's reading order."""
        return [(m.measure_id, m.counterpart.measure_id, m.counterpart.score)
                for m in self.matches if m.counterpart is not None]


def _content(doc: Document) -> list[int]:
    return [k for k, m in enumerate(doc.measures) if m.kind != "heading"]


def align(a: Document, b: Document, threshold: float = THRESHOLD, candidates: int = CANDIDATES) -> Alignment:
    """Align the measures and chapters of ``a`` with those of ``b``."""
    rows_a, rows_b = _content(a), _content(b)
    terms_a = [measure_terms(a)[k] for k in rows_a]
    terms_b = [measure_terms(b)[k] for k in rows_b]
    basis = terms_a + terms_b  # one IDF for both plans
    vec_a, vec_b = TermVectors(terms_a, basis), TermVectors(terms_b, basis)
    near = [vec_b.nearest(v, max(candidates, 10)) for v in vec_a.vectors]
    context_a, context_b = _in_context(a, rows_a), _in_context(b, rows_b)

    def weighed(score: float, i: int, j: int) -> float:
        return score * CONTEXT_WEIGHT if context_a[i] != context_b[j] else score

    # Best pairs first, one counterpart each.
    ranked = sorted(((weighed(s.score, i, s.row), i, s.row, s.score) for i, found in enumerate(near) for s in found),
                    key=lambda x: (-x[0], x[1], x[2]))
    taken_a: dict[int, tuple[int, float]] = {}
    taken_b: set[int] = set()
    # The same text on both sides is a copy, even when it has no words to score (a date line).
    same: dict[str, list[int]] = {}
    for j in reversed(range(len(rows_b))):
        same.setdefault(b.measures[rows_b[j]].text, []).append(j)
    for i, k in enumerate(rows_a):
        copies = same.get(a.measures[k].text)
        if copies:
            j = copies.pop()
            taken_a[i] = (j, 1.0)
            taken_b.add(j)
    for weight, i, j, score in ranked:
        if weight >= threshold and i not in taken_a and j not in taken_b:
            taken_a[i] = (j, score)
            taken_b.add(j)

    def candidate(i: int, j: int, score: float) -> Candidate:
        return Candidate(b.measures[rows_b[j]].id, round(score, 3), vec_a.shared(vec_a.vectors[i], vec_b.vectors[j]))

    matches = []
    for i, found in enumerate(near):
        pair = taken_a.get(i)
        counterpart = candidate(i, *pair) if pair else None
        listed = tuple(candidate(i, s.row, s.score) for s in found[:candidates])
        matches.append(Match(a.measures[rows_a[i]].id, counterpart, listed))
    only_a = tuple(m.measure_id for m in matches if m.counterpart is None)
    only_b = tuple(b.measures[rows_b[j]].id for j in range(len(rows_b)) if j not in taken_b)
    result = Alignment(a, b, threshold, tuple(matches), only_a, only_b, ())
    return Alignment(a, b, threshold, tuple(matches), only_a, only_b, tuple(_chapter_pairs(result)))


def context_chapters(doc: Document) -> frozenset[str]:
    """The ids of the chapters a plan opens with that report or assess rather than set tasks
    (only a leading run: a later "生态环境" chapter is a task)."""
    lead: list[str] = []
    for chapter in doc.chapters:
        if chapter.kind != "chapter" or not _CONTEXT.search(chapter.title):
            break
        lead.append(chapter.id)
    return frozenset(lead)


def _in_context(doc: Document, rows: list[int]) -> list[bool]:
    lead = context_chapters(doc)
    if not lead:
        return [False] * len(rows)
    return [doc.chapter_of(doc.measures[k].section_id).id in lead for k in rows]


def _pair_chapters(a_tops: Sequence[Section], b_tops: Sequence[Section], votes: dict[tuple[str, str], float]) -> list[
        tuple[Section | None, Section | None]]:
    """A monotone pairing of top-level sections maximising the votes (an edit-distance table)."""
    n, m = len(a_tops), len(b_tops)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            vote = votes.get((a_tops[i].id, b_tops[j].id), 0.0)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + vote if vote > 0 else 0.0)
    out: list[tuple[Section | None, Section | None]] = []
    i = j = 0
    while i < n or j < m:
        vote = votes.get((a_tops[i].id, b_tops[j].id), 0.0) if i < n and j < m else 0.0
        if vote > 0 and best[i][j] == best[i + 1][j + 1] + vote:
            out.append((a_tops[i], b_tops[j]))
            i, j = i + 1, j + 1
        elif j >= m or (i < n and best[i][j] == best[i + 1][j]):
            out.append((a_tops[i], None))
            i += 1
        else:
            out.append((None, b_tops[j]))
            j += 1
    return out


def _chapter_pairs(al: Alignment) -> list[ChapterPair]:
    a, b = al.a, al.b
    top_a = {m.id: a.chapter_of(m.section_id).id for m in a.measures}
    top_b = {m.id: b.chapter_of(m.section_id).id for m in b.measures}
    votes: dict[tuple[str, str], float] = {}
    for a_id, b_id, score in al.pairs:
        key = (top_a[a_id], top_b[b_id])
        votes[key] = votes.get(key, 0.0) + score
    pairs = _pair_chapters(a.children(None), b.children(None), votes)
    b_index = b.measure_index
    only_b = set(al.only_b)
    rows_of_b: dict[str, list[str]] = {}
    for m in b.measures:
        if m.id in only_b:
            rows_of_b.setdefault(top_b[m.id], []).append(m.id)
    out = []
    for sec_a, sec_b in pairs:
        rows: list[Row] = []
        if sec_a is not None:
            rows = [Row(m.measure_id, m.counterpart.measure_id if m.counterpart else None,
                        m.counterpart.score if m.counterpart else None)
                    for m in al.matches if top_a[m.measure_id] == sec_a.id]
        if sec_b is not None:
            rows = _insert_only_b(rows, rows_of_b.get(sec_b.id, []), b_index)
        out.append(ChapterPair(sec_a, sec_b, tuple(rows)))
    return out


def _insert_only_b(rows: list[Row], lonely: list[str], b_index: dict[str, int]) -> list[Row]:
    """Place each B-only measure after the last row whose counterpart comes before it in B."""
    out = list(rows)
    for b_id in lonely:
        at = b_index[b_id]
        place = 0
        for k, row in enumerate(out):
            if row.b is not None and b_index[row.b] < at:
                place = k + 1
        out.insert(place, Row(None, b_id))
    return out
