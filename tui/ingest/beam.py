"""Provides the beam search over the readings of each cluster of damage markers.

gbk_readings says which readings a damaged span has (the byte model); the
Decoder scores them with the character model, left to right, and keeps the
best BEAM at each position, with the mass of the ones it drops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from operator import add
from typing import cast

from tui.ingest.charlm import CharLM
from tui.ingest.damage import MARKERS
from tui.ingest.gbk_readings import ANY, Hypothesis, char_bytes, high_trail_chars, hypotheses, plausible

# A slot larger than this that carried glued pinyin is cut to traditional forms.
GLUED_FILTER = 64
# Readings kept per position of the beam search.
BEAM = 16
# Only the best few readings reaching a "?" try it as a lost byte (speed).
EXPAND_TOP = 3
# Log-penalty for a quote mark that does not match the quotes open before it.
QUOTE_MISMATCH = -4.0
_PAIRS = (("“", "”"), ("《", "》"))
_MARKS = {ch: pair for pair in _PAIRS for ch in pair}


Spots = tuple[tuple[int, int, str, str], ...]  # (marker, end, output, kind) of each spot
# Readings of a cluster kept, best first, for rescoring and for review.
ALTS = 16


@dataclass(frozen=True)
class _Path:
    """The readings of a damaged cluster that share a future (same position and
    last two output characters), summed, with the best ALTS of them spelled out."""

    score: float  # log-probability of the best reading
    rest: float  # log(mass of all readings / best reading) >= 0
    hist: str
    alts: tuple[tuple[float, Spots], ...]  # (score - best score, spots), best first

    @property
    def spots(self) -> Spots:
        return self.alts[0][1]


def _lse(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    return a if b == -math.inf else a + math.log1p(math.exp(b - a))


def _tail_mass(desc: list[float], skip: int) -> float:
    """log of the summed exp(v - desc[0]) over ``desc[skip:]`` (sorted, largest
    first), added in that order, as _lse would: the mass of the readings a beam drops."""
    top = desc[0]
    total = -math.inf
    for i in range(skip, len(desc)):
        b = desc[i] - top
        if total < b:
            total, b = b, total
        if b == -math.inf:
            continue
        step = math.log1p(math.exp(b - total))
        # The rest are no larger: none of them can change the total any more
        # (a quarter of its ulp would still round away; an eighth leaves room).
        if step < math.ulp(total) / 8:
            break
        total += step
    return total


def _merge(bucket: dict[str, _Path], new: _Path) -> None:
    """Sum two groups of readings with the same future; the better one leads."""
    old = bucket.get(new.hist)
    if old is None:
        bucket[new.hist] = new
        return
    win, lose = (old, new) if old.score >= new.score else (new, old)
    gap = win.score - lose.score
    alts = sorted(win.alts + tuple((d - gap, s) for d, s in lose.alts), key=lambda a: -a[0])[:ALTS]
    bucket[new.hist] = _Path(win.score, _lse(win.rest, lose.rest - gap), win.hist, tuple(alts))


class Decoder:
    """Beam search over the readings of each cluster of "?" markers."""

    def __init__(self, text: str, lm: CharLM) -> None:
        self.text = text
        self.lm = lm
        self._any: dict[tuple[str, str | None, bool], tuple[str, ...]] = {}
        self._hyps: dict[int, list[Hypothesis]] = {}
        self._vocab = lm.vocabulary()
        self._slots: dict[tuple[int, bool], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._rows: dict[tuple[str, tuple[str, ...], bool], tuple[float, ...]] = {}

    def any_chars(self, left: str, right: str | None, high: bool = False) -> tuple[str, ...]:
        """Candidates for a wholly lost character between ``left`` and ``right``
        (``high``: only those whose trail byte is >= 0x81)."""
        key = (left, right, high)
        if key not in self._any:
            near = self.lm.neighbours(left, right)
            codes = ((c, char_bytes(c)) for c in near)
            self._any[key] = tuple(
                sorted(c for c, b in codes if b is not None and plausible(c) and (not high or b[1] >= 0x81))
            )
        return self._any[key]

    def _known(self, slot: tuple[str, ...], glued: bool = False) -> tuple[str, ...]:
        """The candidates either source has seen: an unseen one cannot win.  A
        large slot that carried glued pinyin keeps the traditional forms only
        (the characters sites annotate)."""
        key = (id(slot), glued)
        if key not in self._slots:
            vocab = self._vocab
            known = tuple(c for c in slot if c in vocab or c.isascii())
            trad = self.lm.prior.traditional_only
            if glued and len(known) > GLUED_FILTER and trad:
                known = tuple(c for c in known if c in trad)
            self._slots[key] = (slot, known)
        return self._slots[key][1]

    def hypotheses(self, pos: int) -> list[Hypothesis]:
        if pos not in self._hyps:
            self._hyps[pos] = hypotheses(self.text, pos)
        return self._hyps[pos]

    def _lookahead(self, h: Hypothesis, k: int) -> str | None:
        """The known character after slot ``k`` of ``h``, if any."""
        if k + 1 < len(h.slots):
            nxt = h.slots[k + 1]
            return nxt[0] if nxt is not ANY and len(nxt) == 1 else None
        if h.end < len(self.text) and self.text[h.end] not in MARKERS:
            return self.text[h.end]
        return None

    def _open_quotes(self, pos: int) -> dict[str, int]:
        """How many “ and 《 are open before ``pos`` on its line."""
        text = self.text
        start = text.rfind("\n", 0, pos) + 1  # counted in place: a plan may be one long line
        return {o: text.count(o, start, pos) - text.count(c, start, pos) for o, c in _PAIRS}

    def _row(self, hist: str, slot: tuple[str, ...], after: bool = False) -> tuple[float, ...]:
        """log P(c | ``hist``) for each candidate c of ``slot`` (``after``: log P(``hist`` | c)).

        Kept by (context, slot): the branches of a cluster's trie and the paths
        expanded at each marker ask for the same rows (more than half of them
        in the seed plan, nearly all in a plan that repeats its phrases).
        """
        key = (hist, slot, after)
        row = self._rows.get(key)
        if row is None:
            cache = self.lm.cache
            keys = [c + hist for c in slot] if after else map(hist.__add__, slot)
            found = list(map(cache.get, keys))
            if None in found:
                logp = self.lm.logp
                row = tuple(
                    (logp(c, hist) if after else logp(hist, c)) if v is None else v
                    for c, v in zip(slot, found, strict=True)
                )
            else:
                row = tuple(cast("list[float]", found))
            self._rows[key] = row
        return row

    def _step(
        self,
        states: list[tuple[float, str, str]],
        slot: tuple[str, ...] | None,
        look: str | None,
        glued: bool,
        quotes: dict[str, int],
    ) -> tuple[list[tuple[float, str, str]], float]:
        """Extend each partial reading by one slot and keep the best BEAM (ranked with
        a peek at ``look``); also returns the log-mass of the dropped readings
        relative to the best kept one.  ``quotes`` counts the “ and 《 open before
        the span: a reading that opens one inside another, or closes none, pays."""
        if slot is ANY:
            slot = self.any_chars(states[0][1][-1:], look)
        elif slot is high_trail_chars() and not glued:
            # Without pinyin to go by, the likely fillers (as for a whole lost character).
            slot = self.any_chars(states[0][1][-1:], look, high=True)
        elif len(slot) > 2:
            slot = self._known(slot, glued)
        # This is the repair's inner loop (states x candidates, hundreds of
        # candidates for a lost character): what does not depend on the state
        # (the peek at ``look``, the glued-pinyin bonus) is computed once per
        # candidate, the rest row by row in comprehensions, and the new
        # readings' strings are built only for the BEAM kept.
        bonus = [self.lm.glued_bonus(c) for c in slot] if glued else None
        marks = [(i, c, _MARKS[c]) for i, c in enumerate(slot) if c in _MARKS]
        peek = self._row(look, slot, True) if look else None
        totals: list[float] = []  # the readings' scores, state by state
        ranks: list[float] = []  # the same with the peek
        for score, hist, out in states:
            scores = list(map(score.__add__, self._row(hist, slot)))
            if bonus is not None:
                scores = list(map(add, scores, bonus))
            for i, c, (o, e) in marks:
                if (quotes[o] + out.count(o) - out.count(e) > 0) == (c == o):
                    scores[i] += QUOTE_MISMATCH
            totals += scores
            ranks += scores if peek is None else map(add, scores, peek)
        kept: Iterable[int] = range(len(ranks))
        dropped = -math.inf
        if len(ranks) > BEAM:
            desc = sorted(ranks, reverse=True)
            cut = desc[BEAM - 1]
            # The best BEAM, ties in reading order (as a stable sort of them all gives).
            best = compress(kept, map(cut.__le__, ranks))
            kept = sorted(best, key=ranks.__getitem__, reverse=True)[:BEAM]
            dropped = _tail_mass(desc, BEAM)
        width = len(slot)
        out_states = []
        for i in kept:
            _, hist, out = states[i // width]
            c = slot[i % width]
            out_states.append((totals[i], (hist + c)[-2:], out + c))
        return out_states, dropped

    def _expand(self, path: _Path, marker: int) -> list[tuple[int, _Path]]:
        """Readings of ``path`` followed by each damaged span starting at ``marker``.

        Hypotheses share prefixes (one walk along the raw text), so they are
        extended as a trie: each shared slot is scored once.  Readings the beam
        drops still count, against the best kept one, for the confidence.
        """
        results: list[tuple[int, _Path]] = []

        def finish(states: list[tuple[float, str, str]], dropped: float, h: Hypothesis) -> None:
            best = max(range(len(states)), key=lambda i: states[i][0])
            for i, (score, hist, out) in enumerate(states):
                spot = (marker, h.end, out, h.kind)
                alts = tuple((d, spots + (spot,)) for d, spots in path.alts)
                rest = path.rest + math.log1p(math.exp(dropped)) if i == best and dropped > -math.inf else path.rest
                results.append((h.end, _Path(score + h.prior, rest, hist, alts)))

        def rec(states: list[tuple[float, str, str]], dropped: float, k: int, group: list[Hypothesis]) -> None:
            branches: dict[tuple[object, str | None, bool], list[Hypothesis]] = {}
            for h in group:
                if len(h.slots) == k:
                    finish(states, dropped, h)
                    continue
                slot = h.slots[k]
                key = (slot if slot is ANY or len(slot) < 3 else id(slot), self._lookahead(h, k), h.glued == k)
                branches.setdefault(key, []).append(h)
            for (_, look, glued), sub in branches.items():
                kept, lost = self._step(states, sub[0].slots[k], look, glued, quotes)
                if kept:  # a slot none of whose characters is known ends the reading
                    rec(kept, _lse(dropped, lost), k + 1, sub)

        quotes = self._open_quotes(marker)
        rec([(path.score, path.hist, "")], -math.inf, 0, self.hypotheses(marker))
        return results

    def decode(self, start: int, hist: str) -> tuple[_Path, int]:
        """Readings from the marker at ``start`` until all of them agree again."""
        text, n, logp = self.text, len(self.text), self.lm.logp
        agenda: dict[int, dict[str, _Path]] = {start: {hist: _Path(0.0, 0.0, hist, ((0.0, ()),))}}
        while True:
            pos = min(agenda)
            paths = sorted(agenda.pop(pos).values(), key=lambda p: -p.score)[:BEAM]
            if pos >= n or (not agenda and len(paths) == 1 and pos > start and text[pos] not in MARKERS):
                return paths[0], pos
            c = text[pos]
            for rank, path in enumerate(paths):
                step = _Path(path.score + logp(path.hist, c), path.rest, (path.hist + c)[-2:], path.alts)
                _merge(agenda.setdefault(pos + 1, {}), step)
                if c in MARKERS and rank < EXPAND_TOP:
                    for end, new in self._expand(path, pos):
                        _merge(agenda.setdefault(end, {}), new)
