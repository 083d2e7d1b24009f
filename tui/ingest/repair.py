"""Provides repair of GBK lost-byte mojibake, scored by a character model, plus reviewed errata.

Each "?" may mark a lost GBK byte after which the site's decoder paired bytes
out of step until an ASCII byte resynced it.  mojibake_decode lists the
byte-consistent readings of each such spot; a character trigram model learnt
from the document's clean text (over an OpenCC phrase prior, charlm) picks
one by beam search, and its posterior share is the confidence: below
CONFIDENCE the raw text stays and the spot is flagged.  Reviewed errata then
override the automatic pass wherever their raw text starts a spot.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.errors import UserError
from tui.files import read_user_file
from tui.ingest.charlm import CharLM, opencc_prior
from tui.ingest.gbk_readings import Decoder
from tui.ingest.rescore import WINDOW, choices, posteriors
from tui.ingest.wordlm import jieba_words

# Below this posterior the automatic guess is not trusted: the raw text stays, flagged.
CONFIDENCE = 0.9
# Whether to decode again with a model that learnt from the first pass's repairs.
SECOND_PASS = True
RETRAIN_CONFIDENCE = 0.9  # first-pass repairs the second model may learn from
KEEP_CONFIDENCE = 0.999  # first-pass clusters this sure are not decoded again
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
    readings: tuple[tuple[str, float], ...] = ()  # the likeliest readings, best first


def load_errata(path: str | Path) -> tuple[ErrataEntry, ...]:
    """Read a JSON list of {"raw", "fixed", "reason"}; a bad file is a UserError."""
    p = Path(path)
    raw = read_user_file(p, "an errata file", 16 * 1024 * 1024)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{p}: errata is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{p}: errata is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, list):
        raise UserError(f"{p}: errata must be a JSON list of {{raw, fixed, reason}} objects")
    entries: dict[str, ErrataEntry] = {}
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("raw", "fixed", "reason")):
            raise UserError(f"{p}: errata entry {i} needs string fields raw, fixed and reason")
        entry = ErrataEntry(item["raw"], item["fixed"], item["reason"])
        if not entry.raw:
            raise UserError(f"{p}: errata entry {i} has an empty raw text")
        if entry.raw in entries and entries[entry.raw].fixed != entry.fixed:
            raise UserError(f"{p}: errata entry {i} gives another fix for a raw text already listed")
        entries.setdefault(entry.raw, entry)
    return tuple(entries.values())


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


def repair_mojibake(text: str, errata: Sequence[ErrataEntry] = ()) -> tuple[str, tuple[RepairedSpot, ...]]:
    """Repair lost-byte damage in ``text``; returns the text and every spot found.

    Two passes: the second model also learns from the text the first pass
    repaired with confidence (the damage tends to hit the same words, e.g.
    every 。“ of a plan, which the clean text then never shows).
    """
    if "?" not in text and not _PUA.search(text):
        return _assemble(text, [], errata)
    prior = opencc_prior()
    first = _decode_all(text, CharLM(_training_text(text), prior), {})
    decisions = [d for c in first.values() for d in c[2]]
    if SECOND_PASS and any(d.confidence >= RETRAIN_CONFIDENCE for d in decisions):
        # Clusters the first pass was sure of keep their reading (speed).
        keep = {q: c for q, c in first.items() if all(d.confidence >= KEEP_CONFIDENCE for d in c[2])}
        second = _decode_all(text, CharLM(_retraining_text(text, decisions), prior), keep)
        decisions = [d for c in second.values() for d in c[2]]
    decisions.extend(_stray_pua(text, decisions))
    decisions.sort(key=lambda d: d.start)
    return _assemble(text, decisions, errata)


_Cluster = tuple[str, int, list["_Decision"], str]  # (history before, end, decisions, history after)


def _decode_all(text: str, lm: CharLM, keep: dict[int, _Cluster]) -> dict[int, _Cluster]:
    """Decode every cluster of "?" markers left to right and rescore its readings
    with the word model; clusters in ``keep`` (by start) are reused when they
    start with the same history."""
    decoder = Decoder(text, lm)
    words = jieba_words()
    clusters: dict[int, _Cluster] = {}
    pos = 0
    hist = "\n"
    left = ""  # the repaired text just before the current position
    while True:
        q = text.find("?", pos)
        if q < 0:
            return clusters
        hist = (hist + text[pos:q])[-2:]
        left = (left + text[pos:q])[-WINDOW:]
        kept = keep.get(q)
        if kept is not None and kept[0] == hist:
            clusters[q] = kept
            left = (left + _guessed(text, q, kept[1], kept[2]))[-WINDOW:]
            pos, hist = kept[1], kept[3]
            continue
        best, end = decoder.decode(q, hist)
        probs = posteriors(text, q, end, best.alts, best.rest, left, words)
        decisions = [
            _Decision(c.start, c.end, c.guess, c.confidence, c.reason, c.guess is not None and c.confidence >= CONFIDENCE, c.readings)
            for c in choices(text, q, end, best.alts, probs)
            if c.guess is not None
        ]
        clusters[q] = (hist, end, decisions, best.hist)
        left = (left + _guessed(text, q, end, decisions))[-WINDOW:]
        pos, hist = end, best.hist


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
    return [p for piece in pieces for p in re.split(r"[?\ue000-\uf8ff]+", piece) if p]


def _stray_pua(text: str, decisions: list[_Decision]) -> list[_Decision]:
    """Private-use characters no reading explained: damage we cannot place."""
    covered = [(d.start, d.end) for d in decisions]
    out = []
    for m in _PUA.finditer(text):
        if not any(s <= m.start() < e for s, e in covered):
            out.append(_Decision(m.start(), m.end(), None, 0.0, "private-use characters with no lost byte", False))
    return out


def _place_errata(
    text: str, decisions: list[_Decision], errata: Sequence[ErrataEntry]
) -> list[tuple[_Decision | None, ErrataEntry | None, int, int]]:
    """Each errata entry goes wherever its raw text starts a spot (whatever extent
    the automatic pass gave it) or sits outside every spot; automatic spots it
    overlaps give way.  Returns (decision, entry, start, end) in text order."""
    starts = {d.start: d for d in decisions}
    placed: list[tuple[int, int, ErrataEntry]] = []
    for entry in sorted(errata, key=lambda e: -len(e.raw)):
        i = text.find(entry.raw)
        while i >= 0:
            j = i + len(entry.raw)
            inside = any(d.start < i < d.end for d in decisions)
            clash = any(a < j and i < b for a, b, _ in placed)
            if not clash and (i in starts or not inside):
                placed.append((i, j, entry))
            i = text.find(entry.raw, i + 1)
    items: list[tuple[_Decision | None, ErrataEntry | None, int, int]] = [
        (starts.get(i), entry, i, j) for i, j, entry in placed
    ]
    for d in decisions:
        if not any(a < d.end and d.start < b for a, b, _ in placed):
            items.append((d, None, d.start, d.end))
    return sorted(items, key=lambda item: item[2])


def _assemble(
    text: str, decisions: list[_Decision], errata: Sequence[ErrataEntry]
) -> tuple[str, tuple[RepairedSpot, ...]]:
    parts: list[str] = []
    spots: list[RepairedSpot] = []
    pos = 0
    out_len = 0
    for d, entry, start, end in _place_errata(text, decisions, errata):
        parts.append(text[pos:start])
        out_len += start - pos
        raw = text[start:end]
        guess, confidence, readings = (d.guess, d.confidence, d.readings) if d is not None else (None, 0.0, ())
        if entry is not None:
            fixed, status, reason = entry.fixed, "errata", entry.reason
        elif d is not None and d.trusted and d.guess is not None:
            fixed, status, reason = d.guess, "auto", f"{d.reason}, p={d.confidence:.2f}"
        else:
            detail = d.reason if d is not None else "damage"
            fixed, status, reason = raw, "flagged", f"{detail}, not confident (p={confidence:.2f})"
        parts.append(fixed)
        spots.append(
            RepairedSpot(start, end, out_len, out_len + len(fixed), raw, fixed, status, guess, confidence, reason, readings)
        )
        out_len += len(fixed)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), tuple(spots)
