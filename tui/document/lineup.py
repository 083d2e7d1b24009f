"""Provides the targets of several plans lined up: one row per indicator, each plan's figures side by side.

Plain Python.  Two indicators are the same when their last word (the
measured thing: 入园率, 巩固率, 幼儿园 …) and their level (省级, 市级 …) agree
and they share at least two words making up ``SAME`` of all their words
(jieba terms): 学前三年毛入园率 and 学前教育毛入园率 line up; 省级名师 and
市级名师 do not, nor 培训教师 and 教师.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.document.model import Document
from tui.document.search import fold
from tui.document.targets import Target, targets_of
from tui.document.words import terms, words

SAME = 0.4  # Jaccard of the indicators' terms
LEVEL = re.compile(r"国家级|国家|全国|省级|全省|省|市级|全市|县级|全县|区级|校级|中原|河南")
_SCOPE = re.compile(r"^(?:全市|全县|全区|全省|我市|我县|我区|各县（市、区）)")


@dataclass(frozen=True)
class Lined:
    """One indicator across plans: its label and each plan's figures (reading order)."""

    label: str
    cells: dict[str, tuple[Target, ...]]  # doc id -> figures

    @property
    def plans(self) -> int:
        return sum(1 for figures in self.cells.values() if figures)


@dataclass(frozen=True)
class _Key:
    head: str
    level: str
    terms: frozenset[str]


def _key(indicator: str) -> _Key:
    text = _SCOPE.sub("", fold(indicator))
    cut = words(text)
    level = LEVEL.search(text)
    return _Key(cut[-1] if cut else text, level.group(0)[:1] if level else "", frozenset(terms(text)) or frozenset(cut))


def _same(a: _Key, b: _Key) -> bool:
    if a.head != b.head or a.level != b.level:
        return False
    if a.terms == b.terms:
        return True
    shared = a.terms & b.terms
    return len(shared) >= 2 and len(shared) / len(a.terms | b.terms) >= SAME


def line_up(docs: Sequence[Document], kinds: tuple[str, ...] = ("target", "achievement")) -> list[Lined]:
    """Rows of indicators: those found in the most plans first, then in the first plan's reading order."""
    groups: list[tuple[_Key, str, dict[str, list[Target]]]] = []
    for doc in docs:
        for target in targets_of(doc):
            if target.kind not in kinds or not target.indicator:
                continue
            key = _key(target.indicator)
            for g_key, _, cells in groups:
                if _same(key, g_key):
                    cells.setdefault(doc.id, []).append(target)
                    break
            else:
                groups.append((key, target.indicator, {doc.id: [target]}))
    rows = [Lined(label, {d.id: tuple(cells.get(d.id, ())) for d in docs}) for _, label, cells in groups]
    order = {id(r): k for k, r in enumerate(rows)}
    return sorted(rows, key=lambda r: (-r.plans, order[id(r)]))
