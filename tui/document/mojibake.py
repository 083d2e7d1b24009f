"""Provides repair of GBK lost-byte mojibake, scored by a character model, plus reviewed errata."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.document import mojibake_gbk as gbk
from tui.document.charlm import CharLM, opencc_prior
from tui.errors import UserError

# Below this posterior the automatic guess is not trusted: the raw text stays, flagged.
CONFIDENCE = 0.9
# Readings kept per position of the beam search.
BEAM = 24
# Only the best few readings reaching a "?" try it as a lost byte (speed).
EXPAND_TOP = 4
# Characters after a "?" left out of the document's own model (likely damage).
TRAIN_SKIP = 40

_PUA = re.compile(r"[\ue000-\uf8ff]+")


@dataclass(frozen=True)
class ErrataEntry:
    """A reviewed fix: damaged ``raw`` text (after pinyin stripping) -> ``fixed``."""

    raw: str
    fixed: str
    reason: str


@dataclass(frozen=True)
class RepairedSpot:
    """One damaged span: where it is, what it became and who decided."""

    start: int  # span in the input text (includes consumed pinyin)
    end: int
    out_start: int  # span in the output text
    out_end: int
    raw: str
    fixed: str  # == raw when flagged
    status: str  # "auto" | "errata" | "flagged"
    auto_guess: str | None  # what the automatic pass proposed
    confidence: float
    reason: str


def load_errata(path: str | Path) -> tuple[ErrataEntry, ...]:
    """Read a JSON list of {"raw", "fixed", "reason"}; a bad file is a UserError."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{p}: no such errata file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{p}: cannot read errata ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{p}: errata is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, list):
        raise UserError(f"{p}: errata must be a JSON list of {{raw, fixed, reason}} objects")
    entries = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("raw", "fixed", "reason")):
            raise UserError(f"{p}: errata entry {i + 1} needs string fields raw, fixed and reason")
        if not item["raw"]:
            raise UserError(f"{p}: errata entry {i + 1} has an empty raw text")
        entries.append(ErrataEntry(item["raw"], item["fixed"], item["reason"]))
    return tuple(entries)


@dataclass(frozen=True)
class _Decision:
    start: int
    end: int
    guess: str | None
    confidence: float
    reason: str
    trusted: bool


def _training_text(text: str) -> list[str]:
    """The parts of ``text`` unlikely to be damage, for the document's own model."""
    skip = bytearray(len(text))
    for m in re.finditer(r"\?", text):
        stop = text.find("\n", m.start())
        stop = min(m.start() + TRAIN_SKIP, len(text) if stop < 0 else stop)
        skip[m.start() : stop] = b"\x01" * (stop - m.start())
    for m in _PUA.finditer(text):
        skip[max(0, m.start() - 3) : m.end() + 3] = b"\x01" * (min(len(text), m.end() + 3) - max(0, m.start() - 3))
    pieces = []
    i = 0
    for m in re.finditer(rb"\x01+", bytes(skip)):
        pieces.append(text[i : m.start()])
        i = m.end()
    pieces.append(text[i:])
    return [p for p in pieces if p]


@dataclass(frozen=True)
class _Path:
    """A partial reading of a damaged cluster: score, last two output chars, spots."""

    score: float
    hist: str
    spots: tuple[tuple[int, int, str, str], ...]  # (marker, end, output, kind)
    margins: dict[int, float]  # marker -> score gap to the best reading that differs there


def _merge(bucket: dict[str, _Path], new: _Path) -> None:
    """Keep the better of two readings with the same future; remember the gap."""
    old = bucket.get(new.hist)
    if old is None:
        bucket[new.hist] = new
        return
    win, lose = (old, new) if old.score >= new.score else (new, old)
    gap = win.score - lose.score
    margins = dict(win.margins)
    wins = {m: (e, o) for m, e, o, _ in win.spots}
    loses = {m: (e, o) for m, e, o, _ in lose.spots}
    for m in wins.keys() | loses.keys():
        if wins.get(m) != loses.get(m):
            margins[m] = min(margins.get(m, math.inf), gap)
        elif m in lose.margins:
            margins[m] = min(margins.get(m, math.inf), gap + lose.margins[m])
    bucket[new.hist] = _Path(win.score, win.hist, win.spots, margins)


class _Decoder:
    """Beam search over the readings of each cluster of "?" markers."""

    def __init__(self, text: str, lm: CharLM) -> None:
        self.text = text
        self.lm = lm
        self._any: dict[tuple[str, str | None], tuple[str, ...]] = {}
        self._hyps: dict[int, list[gbk.Hypothesis]] = {}
        self._vocab = lm.vocabulary()
        self._slots: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def any_chars(self, left: str, right: str | None) -> tuple[str, ...]:
        """Candidates for a wholly lost character between ``left`` and ``right``."""
        key = (left, right)
        if key not in self._any:
            near = self.lm.neighbours(left, right)
            self._any[key] = tuple(sorted(c for c in near if gbk.char_bytes(c) is not None))
        return self._any[key]

    def _known(self, slot: tuple[str, ...]) -> tuple[str, ...]:
        """The candidates either source has seen: an unseen one cannot win."""
        key = id(slot)
        if key not in self._slots:
            vocab = self._vocab
            self._slots[key] = (slot, tuple(c for c in slot if c in vocab or c.isascii()))
        return self._slots[key][1]

    def hypotheses(self, pos: int) -> list[gbk.Hypothesis]:
        if pos not in self._hyps:
            self._hyps[pos] = gbk.hypotheses(self.text, pos)
        return self._hyps[pos]

    def _lookahead(self, h: gbk.Hypothesis, k: int) -> str | None:
        """The known character after slot ``k`` of ``h``, if any."""
        if k + 1 < len(h.slots):
            nxt = h.slots[k + 1]
            return nxt[0] if nxt is not gbk.ANY and len(nxt) == 1 else None
        if h.end < len(self.text) and self.text[h.end] != "?":
            return self.text[h.end]
        return None

    def _step(
        self, states: list[tuple[float, str, str]], slot: tuple[str, ...] | None, look: str | None, glued: bool
    ) -> list[tuple[float, str, str]]:
        """Extend each partial reading by one slot; keep the best BEAM (with a peek at ``look``)."""
        logp, cache = self.lm.logp, self.lm.cache
        bonus = self.lm.glued_bonus if glued else None
        if slot is gbk.ANY:
            slot = self.any_chars(states[0][1][-1:], look)
        elif len(slot) > 2:
            slot = self._known(slot)
        scored = []
        for score, hist, out in states:
            for c in slot:
                key = hist + c
                v = cache.get(key)
                s = score + (logp(hist, c) if v is None else v)
                if bonus is not None:
                    s += bonus(c)
                if look:
                    v = cache.get(c + look)
                    scored.append((s + (logp(c, look) if v is None else v), s, key[-2:], out + c))
                else:
                    scored.append((s, s, key[-2:], out + c))
        if len(scored) > BEAM:
            scored.sort(key=lambda x: -x[0])
            del scored[BEAM:]
        return [(s, hist, out) for _, s, hist, out in scored]

    def _expand(self, path: _Path, marker: int) -> list[tuple[int, _Path]]:
        """Readings of ``path`` followed by each damaged span starting at ``marker``.

        Hypotheses share prefixes (one walk along the raw text), so they are
        extended as a trie: each shared slot is scored once.
        """
        results: list[tuple[int, _Path]] = []

        def rec(states: list[tuple[float, str, str]], k: int, group: list[gbk.Hypothesis]) -> None:
            branches: dict[object, list[gbk.Hypothesis]] = {}
            for h in group:
                if len(h.slots) == k:
                    for score, hist, out in states:
                        spot = (marker, h.end, out, h.kind)
                        results.append((h.end, _Path(score + h.prior, hist, path.spots + (spot,), path.margins)))
                    continue
                slot = h.slots[k]
                key = (slot if slot is gbk.ANY or len(slot) < 3 else id(slot), self._lookahead(h, k), h.glued == k)
                branches.setdefault(key, []).append(h)
            for (_, look, glued), sub in branches.items():
                rec(self._step(states, sub[0].slots[k], look, glued), k + 1, sub)

        rec([(path.score, path.hist, "")], 0, self.hypotheses(marker))
        return results

    def decode(self, start: int, hist: str) -> tuple[_Path, int]:
        """Best reading from the "?" at ``start`` until all readings agree again."""
        text, n, logp = self.text, len(self.text), self.lm.logp
        agenda: dict[int, dict[str, _Path]] = {start: {hist: _Path(0.0, hist, (), {})}}
        while True:
            pos = min(agenda)
            paths = sorted(agenda.pop(pos).values(), key=lambda p: -p.score)[:BEAM]
            if pos >= n or (not agenda and len(paths) == 1 and pos > start and text[pos] != "?"):
                return paths[0], pos
            c = text[pos]
            for rank, path in enumerate(paths):
                _merge(agenda.setdefault(pos + 1, {}), _Path(path.score + logp(path.hist, c), (path.hist + c)[-2:], path.spots, path.margins))
                if c == "?" and rank < EXPAND_TOP:
                    for end, new in self._expand(path, pos):
                        _merge(agenda.setdefault(end, {}), new)


def repair_mojibake(text: str, errata: Sequence[ErrataEntry] = ()) -> tuple[str, tuple[RepairedSpot, ...]]:
    """Repair lost-byte damage in ``text``; returns the text and every spot found."""
    if "?" not in text and not _PUA.search(text):
        return text, ()
    decoder = _Decoder(text, CharLM(_training_text(text), opencc_prior()))
    decisions: list[_Decision] = []
    pos = 0
    hist = "\n"
    while True:
        q = text.find("?", pos)
        if q < 0:
            break
        hist = (hist + text[pos:q])[-2:]
        best, pos = decoder.decode(q, hist)
        hist = best.hist
        for marker, end, out, kind in best.spots:
            margin = best.margins.get(marker, math.inf)
            confidence = 1.0 / (1.0 + math.exp(-margin)) if margin < 700 else 1.0
            reason = f"lost byte ({kind})"
            decisions.append(_Decision(marker, end, out, confidence, reason, confidence >= CONFIDENCE))
    decisions.extend(_stray_pua(text, decisions))
    decisions.sort(key=lambda d: d.start)
    return _assemble(text, decisions, errata)


def _stray_pua(text: str, decisions: list[_Decision]) -> list[_Decision]:
    """Private-use characters no reading explained: damage we cannot place."""
    covered = [(d.start, d.end) for d in decisions]
    out = []
    for m in _PUA.finditer(text):
        if not any(s <= m.start() < e for s, e in covered):
            out.append(_Decision(m.start(), m.end(), None, 0.0, "private-use characters with no lost byte", False))
    return out


def _assemble(
    text: str, decisions: list[_Decision], errata: Sequence[ErrataEntry]
) -> tuple[str, tuple[RepairedSpot, ...]]:
    by_raw = {e.raw: e for e in errata}
    parts: list[str] = []
    spots: list[RepairedSpot] = []
    pos = 0
    out_len = 0
    for d in decisions:
        parts.append(text[pos : d.start])
        out_len += d.start - pos
        raw = text[d.start : d.end]
        entry = by_raw.get(raw)
        if entry is not None:
            fixed, status, reason = entry.fixed, "errata", entry.reason
        elif d.trusted and d.guess is not None:
            fixed, status, reason = d.guess, "auto", f"{d.reason}, p={d.confidence:.2f}"
        else:
            fixed, status, reason = raw, "flagged", f"{d.reason}, not confident (p={d.confidence:.2f})"
        parts.append(fixed)
        spots.append(
            RepairedSpot(d.start, d.end, out_len, out_len + len(fixed), raw, fixed, status, d.guess, d.confidence, reason)
        )
        out_len += len(fixed)
        pos = d.end
    parts.append(text[pos:])
    return "".join(parts), tuple(spots)
