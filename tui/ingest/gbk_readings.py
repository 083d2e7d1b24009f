"""Provides the GBK byte model of lost-byte mojibake and a beam search over its readings."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import compress
from operator import add
from typing import cast

from tui.document.chars import halfwidth, is_han
from tui.ingest.charlm import CharLM
from tui.ingest.damage import MARKERS
from tui.ingest.pinyin import SYLLABLE

LEADS = tuple(range(0x81, 0xFF))
TRAILS = tuple(range(0x40, 0x7F)) + tuple(range(0x80, 0xFF))
# A byte at a lead position that pairs with an invalid trail: the decoder
# printed one "?" for both bytes, so the trail (an ASCII byte) is lost.
HIGH_TRAILS = tuple(range(0x81, 0xFF))
# ASCII bytes a damaged pair may have swallowed (invalid trails < 0x40 that
# occur in plans).  A "(" followed by "syllable)" is glued pinyin, read apart.
SWALLOWED = tuple(",.;:!?%()0123456789 -/+\n")

ANY = None  # a slot that may be any character (a whole lost character)

# Glued pinyin whose "(" was swallowed, and the noise label some spots show
# right after a lost-byte "?" (e.g. "?xún)"): a syllable and ")".
_TAIL_SYLLABLE = re.compile(rf"{SYLLABLE} ?\)")
_GLUED = re.compile(rf"\({SYLLABLE} ?\)")


# Characters other than Han and ASCII a plan may contain.  A reading that
# needs anything else (box drawing, kana, Greek, pinyin letters, private use)
# is not a reading of a plan.
_MARKS_OK = (
    "、。·—～…‘’“”〔〕〈〉《》「」『』【】〖〗±×÷°‰℃§№※→←↑↓≤≥≠≈○●□■△▲☆★◎◇◆"
    + "".join(map(chr, range(0x2460, 0x2474)))  # ①-⑳
    + "".join(map(chr, range(0x2474, 0x249C)))  # ⑴-⒇, ⒈-⒛
    + "".join(map(chr, range(0x2160, 0x217A)))  # Ⅰ-Ⅻ, ⅰ-ⅹ
)


@cache
def plausible(ch: str) -> bool:
    """Whether ``ch`` can occur in a plan: Han, printable ASCII and its full-width forms, common marks."""
    return " " <= ch <= "~" or "\uff01" <= ch <= "\uff5e" or is_han(ch) or ch in _MARKS_OK


@cache
def pair_table() -> dict[int, str]:
    """Folded character of every two-byte code ``lead << 8 | trail``."""
    codes = [lead << 8 | trail for lead in LEADS for trail in TRAILS]
    # Every code is a valid two-byte GB18030 character: decode them all at once.
    chars = b"".join(code.to_bytes(2, "big") for code in codes).decode("gb18030")
    assert len(chars) == len(codes)
    # Full-width ASCII folded to ASCII, as the site did.
    return {code: halfwidth(ch) for code, ch in zip(codes, chars, strict=True)}


@cache
def char_bytes(ch: str) -> bytes | None:
    """The two GBK bytes a non-ASCII character came from, or None."""
    if ord(ch) < 0x80:
        return None
    try:
        data = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


@cache
def unfold_bytes(ch: str) -> bytes | None:
    """The full-width GBK bytes an ASCII character may have been folded from."""
    if ch == " ":
        return b"\xa1\xa1"
    if "!" <= ch <= "~":
        return char_bytes(chr(ord(ch) + 0xFEE0))
    return None


def _is_trail(b: int) -> bool:
    return 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE


def label_end(text: str, i: int) -> int:
    """Index after a "syllable)" noise label at ``i``, or ``i`` if none."""
    m = _TAIL_SYLLABLE.match(text, i)
    return m.end() if m else i


@dataclass(frozen=True)
class Hypothesis:
    """One way a damaged span could have come about.

    ``slots`` is the original text as a lattice: each slot is a tuple of
    candidate characters, or ANY for a character of which no byte survived.
    """

    end: int  # input index after the span
    slots: tuple[tuple[str, ...] | None, ...]
    prior: float  # structural log-prior (extra damage events cost)
    kind: str
    glued: int = -1  # index of the slot glued pinyin followed, if any


@cache
def _lead_slot(trail: int) -> tuple[str, ...]:
    """Characters whose lead byte was lost and whose trail is ``trail``."""
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | trail] for lead in LEADS) if plausible(c))


@cache
def _trail_slot(lead: int, trails: tuple[int, ...]) -> tuple[str, ...]:
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | t] for t in trails) if plausible(c))


@cache
def high_trail_chars() -> tuple[str, ...]:
    """Every character whose trail byte is >= 0x81 (any lead)."""
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | t] for lead in LEADS for t in HIGH_TRAILS) if plausible(c))


def _first(pending: int | None, trail: int) -> tuple[str, ...]:
    if pending is None:
        return _lead_slot(trail)
    ch = pair_table()[pending << 8 | trail]
    return (ch,) if plausible(ch) else ()


# What each kind of reading means, for the spot's reason.
READINGS = {
    "shift": "lost lead byte; pairs out of step until a trail byte printed as ASCII",
    "swallowed": "lost lead byte; out of step until a pair with an ASCII byte printed as one '?'",
    "swallowed-pinyin": "lost lead byte; the '(' of glued pinyin swallowed into a '?'",
    "two-lost": "two lost bytes: a whole character",
    "replaced": "a character the site could not encode or decode, written as '?' or U+FFFD",
    "shift-again": "two lost lead bytes close together; out of step until a trail byte printed as ASCII",
}

# Log-priors of damage events beyond the one lost byte every spot has.
SECOND_LOSS = -9.0
REPLACED = -10.0  # a whole character written as "?" in step (not a lost byte)
LETTER_FOLD = -1.0


def hypotheses(text: str, marker: int, max_chars: int = 48) -> list[Hypothesis]:
    """Every byte-consistent reading of a lost lead byte shown as "?" at ``marker``.

    After the loss the decoder paired (trail_k, lead_k+1) until an ASCII byte
    fell on a lead position; each raw character is re-encoded (with the
    ASCII/full-width ambiguity) and the bytes are decoded in step again.
    """
    out: list[Hypothesis] = []
    # The site could not encode (or decode) a character and wrote "?" (or
    # U+FFFD) for it, in step; glued pinyin after it says which kind it was.
    m = _GLUED.match(text, marker + 1)
    out.append(Hypothesis(m.end() if m else marker + 1, (ANY,), REPLACED, "replaced", 0 if m else -1))
    if text[marker] != "?":
        return out
    start = label_end(text, marker + 1)
    n = len(text)

    def walk(j: int, pending: int | None, slots: tuple[tuple[str, ...] | None, ...], prior: float,
             again: bool = False) -> None:
        if j >= n or j - start > max_chars:
            return
        c = text[j]
        encodings: list[tuple[bytes, float]] = []
        if ord(c) >= 0x80:
            raw = char_bytes(c)
            if raw is not None:
                encodings.append((raw, 0.0))
        else:
            full = unfold_bytes(c)
            if full is not None:
                encodings.append((full, LETTER_FOLD if c.isalpha() else 0.0))
        for (b1, b2), cost in encodings:
            if not _is_trail(b1):
                continue
            slot = _first(pending, b1)
            if b2 >= 0x81 and b2 != 0xFF:
                walk(j + 1, b2, slots + (slot,), prior + cost, again)
            elif b2 < 0x80:  # an ASCII letter of the original, back in step
                out.append(Hypothesis(j + 1, slots + (slot, (chr(b2),)), prior + cost, "shift-again" if again else "shift"))
        single = ord(c) if 0x40 <= ord(c) <= 0x7E else 0x80 if c == "€" else None
        if single is not None:
            # A trail byte on a lead position prints by itself (0x80 as the
            # euro sign, as cp936 does) and the stream is in step again.
            m = _GLUED.match(text, j + 1)
            end, glued = (m.end(), len(slots)) if m else (j + 1, -1)
            out.append(Hypothesis(end, slots + (_first(pending, single),), prior, "shift-again" if again else "shift", glued))
        if c == "?":
            after = j + 1
            if pending is None:
                # The character's lead byte is the lost one; its trail (>= 0x81,
                # or it would not have paired) went into the "?" with the ASCII byte.
                unknown: tuple[str, ...] | None = high_trail_chars()
                second: tuple[str, ...] | None = ANY
            else:
                unknown = _trail_slot(pending, HIGH_TRAILS)
                second = _trail_slot(pending, TRAILS)
            # (trail, ASCII) printed as one "?": the trail and the ASCII byte are lost.
            tail = _TAIL_SYLLABLE.match(text, after)
            if tail:
                out.append(Hypothesis(tail.end(), slots + (unknown,), prior, "swallowed-pinyin", len(slots)))
            out.append(Hypothesis(after, slots + (unknown, SWALLOWED), prior, "swallowed"))
            # A second lost byte puts the stream back in step.
            out.append(Hypothesis(label_end(text, after), slots + (second,), prior + SECOND_LOSS, "two-lost"))
            if not again:
                # The ASCII byte was the next character's lead, lost too: out of step again.
                walk(after, None, slots + (unknown,), prior + SECOND_LOSS, True)

    walk(start, None, (), 0.0)
    return out


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
