"""Provides repair of lost-byte (GBK) mojibake and other damage, plus reviewed errata.

Each "?" may mark a lost GBK byte after which the site's decoder paired bytes
out of step until an ASCII byte resynced it, or a character the site could
not encode; U+FFFD a character it could not decode.  gbk_readings lists the
byte-consistent readings of each spot and beam keeps the best few of each
cluster by a character trigram model (the document's clean text over a prior of
general Chinese words, charlm); rescore weighs them with the word model
(wordlm, mixed with the document's own words) into calibrated probabilities.  Below CONFIDENCE the raw text stays
and the spot is flagged, with its best readings for review; so is damage no
reading explains (damage).  Reviewed errata override the automatic pass
wherever their raw text starts a spot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tui.document.model import AUTO_CONFIDENCE
from tui.ingest import damage
from tui.ingest.beam import Decoder
from tui.ingest.charlm import CharLM, opencc_prior
from tui.ingest.errata import ErrataEntry, load_errata, place
from tui.ingest.rescore import LEFT_REACH, Choice, choices, heading_markers, posteriors, structure
from tui.ingest.spans import SpanSet
from tui.ingest.wordlm import jieba_words

if TYPE_CHECKING:
    from tui.document.model import SpotStatus

__all__ = ["ErrataEntry", "RepairedSpot", "load_errata", "repair_mojibake"]

# Below this probability the automatic guess is not trusted: the raw text stays, flagged.
CONFIDENCE = AUTO_CONFIDENCE
# Whether to decode again with a model that learnt from the first pass's repairs.
SECOND_PASS = True
RETRAIN_CONFIDENCE = 0.95  # first-pass repairs the second model may learn from (0.9 taught it a wrong 。”)
KEEP_CONFIDENCE = 0.999  # first-pass clusters this sure are not decoded again
# Weight of the document's own words in the word model (wordlm.WordLM.adapted):
# a plan repeats its vocabulary, which the general dictionary does not know.
# Fitted with rescore.W_WORD on simulated documents (not the bundled plan).
DOC_WORDS = 1.0
# Characters after a marker left out of the document's own model (likely damage).
TRAIN_SKIP = 40

_PUA = damage.PUA
_MARKER = re.compile(f"[{damage.MARKERS}]")


@dataclass(frozen=True)
class RepairedSpot:
    """One damaged span: where it is, what it became and who decided."""

    start: int  # span in the input text (includes consumed pinyin)
    end: int
    out_start: int  # span in the output text
    out_end: int
    raw: str
    fixed: str  # == raw when flagged
    status: SpotStatus
    auto_guess: str | None  # what the automatic pass proposed
    confidence: float
    reason: str
    readings: tuple[tuple[str, float], ...] = ()  # the likeliest readings, best first


@dataclass(frozen=True)
class _Decision:
    start: int
    end: int
    guess: str | None
    confidence: float
    reason: str
    trusted: bool
    readings: tuple[tuple[str, float], ...] = ()


def _training_text(text: str) -> list[str]:
    """The parts of ``text`` unlikely to be damage, for the document's own model."""
    skip = bytearray(len(text))
    for m in _MARKER.finditer(text):
        stop = text.find("\n", m.start(), m.start() + TRAIN_SKIP)  # no further: a line may be the whole plan
        stop = min(m.start() + TRAIN_SKIP, len(text) if stop < 0 else stop)
        skip[m.start() : stop] = b"\x01" * (stop - m.start())
    for m in _PUA.finditer(text):
        skip[max(0, m.start() - 3) : m.end() + 3] = b"\x01" * (min(len(text), m.end() + 3) - max(0, m.start() - 3))
    pieces = []
    i = 0
    for run in re.finditer(rb"\x01+", bytes(skip)):
        pieces.append(text[i : run.start()])
        i = run.end()
    pieces.append(text[i:])
    return [p for p in pieces if p]


def repair_mojibake(text: str, errata: Sequence[ErrataEntry] = ()) -> tuple[str, tuple[RepairedSpot, ...]]:
    """Repair lost-byte damage in ``text``; returns the text and every spot found.

    Two passes: the second model also learns from the text the first pass
    repaired with confidence (the damage tends to hit the same words, e.g.
    every 。“ of a plan, which the clean text then never shows).
    """
    if not _MARKER.search(text) and not _PUA.search(text) and not damage.stray_marks(text, []):
        return _assemble(text, [], errata)
    prior = opencc_prior()
    clean = _training_text(text)
    # Both passes score many of the same windows with the word model: kept for the import.
    word_score = cache(jieba_words().adapted(clean, DOC_WORDS).score)
    markers = heading_markers(text)
    first = _decode_all(text, CharLM(clean, prior), {}, word_score, markers)
    decisions = [d for c in first.values() for d in c[2]]
    if SECOND_PASS and any(d.confidence >= RETRAIN_CONFIDENCE for d in decisions):
        # Clusters the first pass was sure of keep their reading (speed).
        keep = {q: c for q, c in first.items() if all(d.confidence >= KEEP_CONFIDENCE for d in c[2])}
        second = _decode_all(text, CharLM(_retraining_text(text, decisions), prior), keep, word_score, markers)
        decisions = [d for c in second.values() for d in c[2]]
    decisions = [d for d in decisions if d.trusted or not _genuine(text, d)]
    covered = [(d.start, d.end) for d in decisions]
    for start, end, kind in damage.stray_marks(text, covered):
        decisions.append(_Decision(start, end, None, 0.0, damage.REASONS[kind], False))
    decisions.sort(key=lambda d: d.start)
    return _assemble(text, decisions, errata)


def _genuine(text: str, d: _Decision) -> bool:
    """An untrusted reading that starts at a "?" ending a question: the "?" is real."""
    return text[d.start] == "?" and damage.is_question(text, d.start)


_Cluster = tuple[str, int, list["_Decision"], str]  # (history before, end, decisions, history after)


def _decode_all(
    text: str, lm: CharLM, keep: dict[int, _Cluster], word_score: Callable[[str], float],
    markers: frozenset[tuple[str, int]],
) -> dict[int, _Cluster]:
    """Decode every cluster of "?" markers left to right and rescore its readings
    with the word model; clusters in ``keep`` (by start) are reused when they
    start with the same history."""
    decoder = Decoder(text, lm)
    clusters: dict[int, _Cluster] = {}
    pos = 0
    hist = "\n"
    left = ""  # the repaired text just before the current position
    while True:
        found = _MARKER.search(text, pos)
        if found is None:
            return clusters
        q = found.start()
        hist = (hist + text[pos:q])[-2:]
        left = (left + text[pos:q])[-LEFT_REACH:]
        kept = keep.get(q)
        if kept is not None and kept[0] == hist:
            clusters[q] = kept
            left = (left + _guessed(text, q, kept[1], kept[2]))[-LEFT_REACH:]
            pos, hist = kept[1], kept[3]
            continue
        best, end = decoder.decode(q, hist)
        structural = structure(text, q, end, best.alts, left, markers)
        probs = posteriors(text, q, end, best.alts, best.rest, left, word_score, structural)
        decisions = [
            _Decision(c.start, c.end, c.guess, c.confidence, c.reason, _trusted(c), c.readings)
            for c in choices(text, q, end, best.alts, probs, structural)
            # The raw text as the likeliest reading: kept only where it is a marker.
            if c.guess is not None or text[c.start] in damage.MARKERS
        ]
        clusters[q] = (hist, end, decisions, best.hist)
        left = (left + _guessed(text, q, end, decisions))[-LEFT_REACH:]
        pos, hist = end, best.hist


def _trusted(c: Choice) -> bool:
    """Applied without review: a confident reading of bytes that survived, on
    which the character model alone agrees (where the two models disagree, a
    person decides).  A character the site replaced whole is only ever a guess."""
    return c.guess is not None and c.confidence >= CONFIDENCE and c.agreed and c.kind != "replaced"


def _guessed(text: str, start: int, end: int, decisions: list[_Decision]) -> str:
    """``text[start:end]`` with the decisions' guesses in place."""
    parts = []
    pos = start
    for d in decisions:
        if d.guess is not None and d.start >= pos:
            parts.append(text[pos : d.start])
            parts.append(d.guess)
            pos = d.end
    parts.append(text[pos:end])
    return "".join(parts)


def _retraining_text(text: str, decisions: list[_Decision]) -> list[str]:
    """The text as the first pass repaired it, cut at every spot it did not trust."""
    pieces: list[str] = []
    current: list[str] = []
    pos = 0
    for d in decisions:
        current.append(text[pos : d.start])
        if d.confidence >= RETRAIN_CONFIDENCE and d.guess is not None:
            current.append(d.guess)
        else:
            pieces.append("".join(current))
            current = []
        pos = d.end
    current.append(text[pos:])
    pieces.append("".join(current))
    return [p for piece in pieces for p in re.split(r"[?\ufffd\ue000-\uf8ff]+", piece) if p]


def _with_errata(
    text: str, decisions: list[_Decision], errata: Sequence[ErrataEntry]
) -> list[tuple[_Decision | None, ErrataEntry | None, int, int]]:
    """Errata where they apply, and the automatic spots they do not overlap, in text order."""
    starts = {d.start: d for d in decisions}
    placed = place(text, [(d.start, d.end) for d in decisions], errata)
    items: list[tuple[_Decision | None, ErrataEntry | None, int, int]] = [(starts.get(i), e, i, j) for i, j, e in placed]
    settled = SpanSet((a, b) for a, b, _ in placed)
    items += [(d, None, d.start, d.end) for d in decisions if not settled.overlaps(d.start, d.end)]
    return sorted(items, key=lambda item: item[2])


def _assemble(
    text: str, decisions: list[_Decision], errata: Sequence[ErrataEntry]
) -> tuple[str, tuple[RepairedSpot, ...]]:
    parts: list[str] = []
    spots: list[RepairedSpot] = []
    pos = 0
    out_len = 0
    for d, entry, start, end in _with_errata(text, decisions, errata):
        parts.append(text[pos:start])
        out_len += start - pos
        raw = text[start:end]
        guess, confidence, readings = (d.guess, d.confidence, d.readings) if d is not None else (None, 0.0, ())
        status: SpotStatus
        if entry is not None:
            fixed, status, reason = entry.fixed, "errata", entry.reason
        elif d is not None and d.trusted and d.guess is not None:
            fixed, status, reason = d.guess, "auto", f"{d.reason}, p={d.confidence:.2f}"
        else:
            detail = d.reason if d is not None else "damage"
            fixed, status, reason = damage.display_text(raw), "flagged", f"{detail}, not confident (p={confidence:.2f})"
        parts.append(fixed)
        spots.append(
            RepairedSpot(start, end, out_len, out_len + len(fixed), raw, fixed, status, guess, confidence, reason, readings)
        )
        out_len += len(fixed)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), tuple(spots)
