"""Provides the choice among the readings of a damaged cluster: character score + word score, calibrated.

The beam search (beam) keeps the best ALTS readings of each cluster
by the character model.  Each is rescored with the word model over its
cluster and about WINDOW characters of context on each side; a log-linear
mix of the two scores, fitted on the corruption simulator, gives each
reading a probability, and each spot the summed probability of the readings
that agree on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from tui.ingest.beam import Spots
from tui.ingest.gbk_readings import READINGS
from tui.ingest.structure import find_marker

WINDOW = 10  # characters of context on each side
# Repaired text kept before a cluster, for the quotation marks it may close.
LEFT_REACH = 40
# Fitted on the corruption simulator (tests/bench/bench_repair.py prints the
# reliability table): weights of the character and word log-scores.  With the
# word model adapted to the document (repair.DOC_WORDS) a heavier word weight
# restores more spots at no more wrong fixes; a heavier character weight
# (0.7 and more) applied wrong 。” readings on real damage.
W_CHAR = 0.6
W_WORD = 0.6
W_OTHER = -0.5
TOP_READINGS = 5  # readings kept per spot for review
HEADING_BONUS = 3.0  # log-odds for a reading that numbers a heading in sequence
# Log-odds per quotation fault a reading makes (quote_faults): the lost lead byte
# of 校 or 保 reads as 。 just as well, and only the quotation tells them apart.
QUOTE_PENALTY = 5.0
SHORT_QUOTE = 12  # characters: a quoted term, not a quoted sentence

_DAMAGE = re.compile(r"[?\ufffd\ue000-\uf8ff\n]")
_FULL = str.maketrans(",;:!()", "，；：！（）")


@dataclass(frozen=True)
class Choice:
    """What the readings of one cluster say about one damaged spot."""

    start: int
    end: int
    guess: str | None  # None: the raw text itself is the likeliest reading
    confidence: float
    kind: str
    readings: tuple[tuple[str, float], ...]  # best first, the raw text left out
    agreed: bool = False  # the character model alone reads the spot the same

    @property
    def reason(self) -> str:
        return READINGS.get(self.kind, self.kind)


def _output(text: str, start: int, end: int, spots: Spots) -> str:
    parts = []
    pos = start
    for marker, stop, out, _ in spots:
        parts.append(text[pos:marker])
        parts.append(out)
        pos = stop
    parts.append(text[pos:end])
    return "".join(parts)


def right_context(text: str, end: int) -> str:
    """Up to WINDOW characters after ``end``, cut after a line end or before damage."""
    chunk = text[end : end + WINDOW]
    m = _DAMAGE.search(chunk)
    if m is None:
        return chunk
    return chunk[: m.end()] if m.group() == "\n" else chunk[: m.start()]


def quote_faults(text: str) -> int:
    """Faults of the quotation marks in ``text``: a “ inside an open quotation
    (Chinese nests ‘’ instead), a ” with none open, and a short quotation (a
    term such as “名校+新校”) holding a full stop or ending in punctuation.  The
    state before the first mark is unknown, so the first mark is never a fault."""
    faults = 0
    opened = -2  # where the open quotation starts; -1: none open, -2: not known yet
    for i, ch in enumerate(text):
        if ch == "“":
            faults += opened >= 0
            opened = i
        elif ch == "”":
            if opened == -1:
                faults += 1
            elif opened >= 0 and i - opened <= SHORT_QUOTE:
                inner = text[opened + 1 : i]
                faults += "。" in inner or (inner[-1:] in _QUOTE_END)
            opened = -1
    return faults


_QUOTE_END = set("，、；：。,;:")


def heading_markers(text: str) -> frozenset[tuple[str, int]]:
    """(style, number) of every heading marker that starts a line of ``text``."""
    found = (find_marker(line) for line in text.split("\n") if line.strip())
    return frozenset((m.style, m.number) for m in found if m is not None)


def _heading_fit(text: str, start: int, after: str, markers: frozenset[tuple[str, int]]) -> bool:
    """Whether the line read as ``text[..start] + after`` is a heading numbered in
    sequence with the document's others (a neighbour number present, its own missing)."""
    line_start = text.rfind("\n", max(0, start - 4), start) + 1  # a line may be the whole plan: look no further
    if start - line_start > 3:
        return False
    line = (text[line_start:start] + after[:40]).split("\n", 1)[0]
    m = find_marker(line)
    if m is None or (m.style, m.number) in markers:
        return False
    return (m.style, m.number + 1) in markers or (m.style, m.number - 1) in markers


def structure(
    text: str, start: int, end: int, alts: tuple[tuple[float, Spots], ...], left: str,
    markers: frozenset[tuple[str, int]] = frozenset(),
) -> list[float]:
    """Log-odds of each reading of ``text[start:end]`` from the document's structure,
    not its words: a heading numbered in sequence with ``markers`` (the document's
    heading markers) gains, a quotation fault (quote_faults) costs.  ``left`` is the
    repaired text before the cluster."""
    right = right_context(text, end)
    line = left[left.rfind("\n") + 1 :]  # a quotation does not run past a paragraph
    out = []
    for _, spots in alts:
        reading = _output(text, start, end, spots)
        bonus = HEADING_BONUS if markers and _heading_fit(text, start, reading + text[end : end + 40], markers) else 0.0
        quoted = (line + reading + right).translate(_FULL).split("\n", 1)[0]
        out.append(bonus - QUOTE_PENALTY * quote_faults(quoted))
    return out


def posteriors(
    text: str, start: int, end: int, alts: tuple[tuple[float, Spots], ...], rest: float, left: str,
    word_score: Callable[[str], float], structural: list[float],
) -> list[float]:
    """Probability of each reading of the cluster ``text[start:end]``; ``left`` is
    the repaired text before it; ``rest`` the log-mass of all readings over the best;
    ``word_score`` the word model's log-probability of a text (WordLM.score);
    ``structural`` each reading's log-odds from structure()."""
    right = right_context(text, end)
    logits = []
    word_scores = []
    for (delta, spots), bonus in zip(alts, structural, strict=True):
        window = (left[-WINDOW:] + _output(text, start, end, spots) + right).translate(_FULL)
        w = word_score(window)
        word_scores.append(w)
        logits.append(W_CHAR * delta + W_WORD * w + bonus)
    # Readings the beam dropped: their character mass, at the word score and
    # structure of the listed reading the words like best, and a fitted bias
    # (the truth is among them about 4% of the time).
    listed = math.log(sum(math.exp(d) for d, _ in alts))
    if rest > listed + 1e-9:
        other = math.log(math.exp(rest) - math.exp(listed))
        best = max(range(len(alts)), key=word_scores.__getitem__)
        logits.append(W_CHAR * other + W_WORD * word_scores[best] + W_OTHER + min(0.0, structural[best]))
    top = max(logits)
    weights = [math.exp(x - top) for x in logits]
    total = sum(weights)
    return [w / total for w in weights[: len(alts)]]


def choices(
    text: str, start: int, end: int, alts: tuple[tuple[float, Spots], ...], probs: list[float],
    structural: list[float],
) -> list[Choice]:
    """One Choice per spot of the likeliest reading, in text order, and one
    (guess None) per marker that reading leaves as it is but others read as damage.
    A Choice is ``agreed`` when the character model and the structure alone, without
    the words, read the spot the same."""
    best = alts[max(range(len(alts)), key=lambda i: probs[i])][1]
    spans = [(m, stop, out, kind) for m, stop, out, kind in best]
    taken = [(m, stop) for m, stop, *_ in spans]
    others: dict[int, int] = {}  # marker -> end of its likeliest damaged reading
    for (_, spots), _p in sorted(zip(alts, probs, strict=True), key=lambda ap: -ap[1]):
        for m, stop, *_ in spots:
            if m not in others and not any(a <= m < b or a < stop <= b or m <= a < stop for a, b in taken):
                others[m] = stop
                taken.append((m, stop))
    found: list[tuple[int, int, str | None, str]] = [(m, stop, out, kind) for m, stop, out, kind in spans]
    found += [(m, stop, None, "literal") for m, stop in others.items()]
    out = []
    for marker, span_end, guess, kind in sorted(found, key=lambda f: f[0]):
        readings: dict[str, float] = {}
        for (_, spots), p in zip(alts, probs, strict=True):
            reading = _reading_over(text, marker, span_end, spots)
            if reading is not None:
                readings[reading] = readings.get(reading, 0.0) + p
        raw = text[marker:span_end]
        confidence = readings.get(raw if guess is None else guess, 0.0)
        agreed = guess is not None and _char_choice(text, marker, span_end, alts, structural) == guess
        readings.pop(raw, None)
        top = sorted(readings.items(), key=lambda kv: -kv[1])[:TOP_READINGS]
        out.append(Choice(marker, span_end, guess, confidence, kind, tuple((r, round(p, 4)) for r, p in top), agreed))
    return out


def _char_choice(
    text: str, marker: int, end: int, alts: tuple[tuple[float, Spots], ...], structural: list[float]
) -> str | None:
    """The reading of ``text[marker:end]`` the character model and the structure find
    likeliest (summed over readings)."""
    mass: dict[str, float] = {}
    for (delta, spots), bonus in zip(alts, structural, strict=True):
        reading = _reading_over(text, marker, end, spots)
        if reading is not None:
            mass[reading] = mass.get(reading, 0.0) + math.exp(delta + bonus)
    return max(mass, key=lambda r: mass[r]) if mass else None


def _reading_over(text: str, marker: int, end: int, spots: Spots) -> str | None:
    """What ``spots`` make of ``text[marker:end]``, if their spans fit inside it."""
    inside = [s for s in spots if marker <= s[0] < end]
    if any(s[1] > end for s in inside):
        return None
    if any(s[0] < marker < s[1] for s in spots):
        return None
    return _output(text, marker, end, tuple(inside))
