"""Provides review of damaged spots: accepting a reading updates the Document and yields an errata entry.

Accepting works on the processed document in place of a re-import: the
spot's text is replaced in its measure (punctuation restored and converted to
simplified as the import would), later spots of the measure move, and the
spot becomes status "errata" with the reviewer's choice as its reason.  The
entry returned goes to the sidecar errata, so a re-import gives the same text:
it carries as much context as it takes to occur once in the plan.
Measure ids never change here: annotations stay on their measures.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.display import one_line
from tui.document.model import Document, Measure, Section, Spot
from tui.errors import UserError
from tui.i18n import t
from tui.ingest.convert import to_simplified
from tui.ingest.errata import ErrataEntry, fold, occurrences
from tui.ingest.punct import restore_punctuation

# Characters of context on each side of an entry's raw text, so that a short
# damaged span ("?") is re-applied only where it was reviewed; up to
# MAX_CONTEXT where fewer occur elsewhere in the plan too.
CONTEXT = 4
MAX_CONTEXT = 40
# Context stops before these: the raw text may hold another character there
# (a "？" restored from "?", 〔〕 written for a 文号's brackets).  Other
# restored punctuation is folded when errata are matched (errata.fold).
_UNSURE = "\n？〔〕"


class Ambiguous(UserError):
    """A spot whose raw text and context occur elsewhere in the plan too: a
    saved fix could not say which place it meant."""


def pending(doc: Document) -> list[int]:
    """Indexes (into ``doc.spots``) of the spots still waiting for review, in reading order."""
    order = doc.measure_index
    flagged = [i for i, s in enumerate(doc.spots) if s.status == "flagged"]
    return sorted(flagged, key=lambda i: (order.get(doc.spots[i].measure_id, 0), doc.spots[i].start))


def accept(doc: Document, index: int, fixed: str, reason: str) -> tuple[Document, ErrataEntry]:
    """``doc`` with spot ``index`` read as ``fixed`` (traditional, as the raw
    text), and the errata entry that makes an import do the same."""
    if not 0 <= index < len(doc.spots):
        raise UserError(f"no spot {index + 1} in this document")
    spot = doc.spots[index]
    measure = doc.measure_by_id[spot.measure_id]
    others = [s for s in doc.spots_by_measure.get(measure.id, ()) if s is not spot]
    entry = _entry(doc, measure, spot, fixed, reason)
    trad, simple = _replace(measure, spot, fixed, others)
    delta = len(trad) - len(measure.text_trad)
    new_measure = dataclasses.replace(measure, text=simple, text_trad=trad)
    done = dataclasses.replace(spot, end=spot.start + len(fixed), fixed=fixed, status="errata", reason=reason)
    spots = []
    for s in doc.spots:
        if s is spot:
            spots.append(done)
        elif s.measure_id == measure.id and s.start >= spot.end:
            spots.append(dataclasses.replace(s, start=s.start + delta, end=s.end + delta))
        else:
            spots.append(s)
    measures = tuple(new_measure if m.id == measure.id else m for m in doc.measures)
    sections = _retitled(doc, new_measure) if measure.kind == "heading" else doc.sections
    stats = dict(doc.stats)
    if spot.status in ("flagged", "auto", "errata"):
        key = f"spots_{spot.status}"
        stats[key] = max(0, stats.get(key, 0) - 1)
        stats["spots_errata"] = stats.get("spots_errata", 0) + 1
    clean = "\n".join(m.text for m in measures)
    new = dataclasses.replace(
        doc, measures=measures, sections=sections, spots=tuple(spots), stats=stats,
        content_hash=hashlib.sha256(clean.encode("utf-8")).hexdigest(),
    )
    return new, entry


# A reviewer's reason, as the errata file keeps it (in English, like the shipped errata: the
# file is shared) and as the interface says it (reason_key).
_READING = re.compile(r"reviewed in policy-tui: reading (\d+) of (\d+) \(p=([\d.]+)\)")
_BEST = re.compile(r"reviewed: best reading accepted at p >= ([\d.]+) \(policy-tui review --accept-best\)")
REASON_TYPED = "reviewed in policy-tui: typed"


def reason_reading(rank: int, total: int, p: float) -> str:
    return f"reviewed in policy-tui: reading {rank} of {total} (p={p:.2f})"


def reason_best(threshold: float) -> str:
    return f"reviewed: best reading accepted at p >= {threshold:g} (policy-tui review --accept-best)"


def reason_key(reason: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue key and values that say a reviewer's ``reason``; None for another reason."""
    if reason == REASON_TYPED:
        return "spot.reviewed_typed", {}
    if m := _READING.fullmatch(reason):
        return "spot.reviewed_reading", {"rank": m.group(1), "total": m.group(2), "p": m.group(3)}
    if m := _BEST.fullmatch(reason):
        return "spot.reviewed_best", {"threshold": m.group(1)}
    return None


def accept_best(doc: Document, threshold: float, reason: str) -> tuple[Document, list[ErrataEntry]]:
    """Accept the best reading of every flagged spot whose probability is at
    least ``threshold``; an Ambiguous spot stays for review."""
    entries = []
    # accept() keeps every spot at its index (later ones of a measure only move).
    for index in pending(doc):
        spot = doc.spots[index]
        if spot.readings and spot.readings[0][1] >= threshold:
            try:
                doc, entry = accept(doc, index, spot.readings[0][0], reason)
            except Ambiguous:
                continue
            entries.append(entry)
    return doc, entries


def _replace(measure: Measure, spot: Spot, fixed: str, others: Sequence[Spot]) -> tuple[str, str]:
    """The measure's traditional and simplified text with the spot read as ``fixed``."""
    trad = measure.text_trad
    raw = trad[: spot.start] + fixed + trad[spot.end :]
    # Other flagged damage in the measure keeps its ASCII marks, as at import.
    shift = len(fixed) - (spot.end - spot.start)
    keep = [(s.start + (shift if s.start >= spot.end else 0), s.end + (shift if s.start >= spot.end else 0))
            for s in others if s.status == "flagged"]
    new = restore_punctuation(raw, keep=keep)
    simple = to_simplified(new)
    # Outside the spot the simplified text stays as it was (conversion in context
    # may differ at the edges of a measure), but for the punctuation the fix
    # restored around it: (??) read as (九) becomes （九） in both scripts.
    end = spot.start + len(fixed)
    out = list(measure.text[: spot.start] + simple[spot.start : end] + measure.text[spot.end :])
    for i in (i for i, (a, b) in enumerate(zip(raw, new, strict=True)) if a != b and not spot.start <= i < end):
        out[i] = new[i]
    return new, "".join(out)


def _entry(doc: Document, measure: Measure, spot: Spot, fixed: str, reason: str) -> ErrataEntry:
    """An entry for the spot's raw text with CONTEXT characters of the measure
    each side, more (up to MAX_CONTEXT) until it occurs once in the plan, and
    never more than half the way to a neighbouring spot (whose own entry may
    need the rest, and whose text differs from the raw text errata see).

    Raises Ambiguous if no such context tells the spot apart.
    """
    trad = measure.text_trad
    low, high = _reach(trad, spot, doc.spots_by_measure.get(measure.id, ()))
    view = _raw_view(doc)
    a, b = max(low, spot.start - CONTEXT), min(high, spot.end + CONTEXT)
    while len(occurrences(view, fold(trad[a : spot.start] + spot.raw + trad[spot.end : b]))) > 1:
        if a == low and b == high:
            raise Ambiguous(t("review.error.ambiguous", raw=one_line(spot.raw, 20), chars=MAX_CONTEXT))
        # Grow the shorter side first.
        if b == high or (a > low and spot.start - a <= b - spot.end):
            a -= 1
        else:
            b += 1
    left, right = trad[a : spot.start], trad[spot.end : b]
    return ErrataEntry(left + spot.raw + right, left + fixed + right, reason)


def _reach(trad: str, spot: Spot, spots: Sequence[Spot]) -> tuple[int, int]:
    """How far the context of ``spot`` may go in its measure's text ``trad``."""
    low, high = max(0, spot.start - MAX_CONTEXT), min(len(trad), spot.end + MAX_CONTEXT)
    # Half the way to a neighbour (of the text between two spots, the earlier one takes the larger half).
    for s in spots:
        if s is not spot and s.end <= spot.start:
            low = max(low, spot.start - (spot.start - s.end) // 2)
        elif s is not spot and s.start >= spot.end:
            high = min(high, spot.end + (s.start - spot.end + 1) // 2)
    a, b = spot.start, spot.end
    while a > low and trad[a - 1] not in _UNSURE:
        a -= 1
    while b < high and trad[b] not in _UNSURE:
        b += 1
    return a, b


def _raw_view(doc: Document) -> str:
    """The plan's text as errata are matched in it, as near as the document
    tells: its title, signature, contents and each measure (a line each), with
    every damaged spot back in its raw form, punctuation folded."""
    lines = [doc.meta.title_trad, doc.meta.signature, *doc.meta.toc]
    spots = doc.spots_by_measure
    for m in doc.measures:
        text = m.text_trad
        for s in sorted(spots.get(m.id, ()), key=lambda s: -s.start):
            text = text[: s.start] + s.raw + text[s.end :]
        lines.append(text)
    return fold("\n".join(lines))


def _retitled(doc: Document, heading: Measure) -> tuple[Section, ...]:
    """Sections with the title of ``heading``'s section taken from its new text."""
    out = []
    for s in doc.sections:
        n = len(s.number)
        if s.id == heading.section_id and heading.text.startswith(s.number):
            out.append(dataclasses.replace(s, title=heading.text[n:], title_trad=heading.text_trad[n:]))
        else:
            out.append(s)
    return tuple(out)


@dataclass(frozen=True)
class Saved:
    """Where a review was kept: the errata file, and the document written (if any)."""

    errata: Path
    document: Path | None


def save_review(doc: Document, entries: Sequence[ErrataEntry], source: Path) -> Saved:
    """Keep accepted fixes for ``doc`` opened from ``source``.

    The entries join the errata beside ``source`` (the sidecar an import
    re-applies).  A processed ``.json`` source is rewritten with the fixes; a
    raw plan's import cache gets the reviewed document, so that it opens as
    reviewed without importing again.  Raises OSError.
    """
    from tui.document.serialize import write_json
    from tui.ingest.errata import load_errata, merged, write_errata
    from tui.ingest.load import cache_path
    from tui.locations import errata_for

    errata = errata_for(source)
    old = load_errata(errata) if errata.exists() else ()
    write_errata(errata, merged(old, entries))
    if source.suffix.lower() == ".json":
        write_json(doc, source)
        return Saved(errata, source)
    cache = cache_path(source, source.read_bytes())
    write_json(doc, cache)
    return Saved(errata, cache)
