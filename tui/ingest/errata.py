"""Provides reviewed errata: reading, placing and writing the JSON lists of {raw, fixed, reason}.

The bundled plan ships ``NAME.errata.json`` beside its raw text; a review
writes the same format beside the processed document (the sidecar), and an
import re-applies it.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.errors import UserError
from tui.files import atomic_write, read_user_file
from tui.ingest.punct import FULL
from tui.ingest.spans import SpanSet

# Errata are matched in the text before punctuation is restored, but an entry's
# context comes from the clean text: its full-width punctuation may have been
# ASCII in the raw text.  Both sides are folded (same length, offsets kept);
# "?" is not, since a "?" in raw text is the damage itself.
_FOLD = str.maketrans({full: ascii for ascii, full in FULL.items() if ascii != "?"})


@dataclass(frozen=True)
class ErrataEntry:
    """A reviewed fix: damaged ``raw`` text (after pinyin stripping) -> ``fixed``."""

    raw: str
    fixed: str
    reason: str


def load_errata(path: str | Path) -> tuple[ErrataEntry, ...]:
    """Read a JSON list of {"raw", "fixed", "reason"}; a bad file is a UserError."""
    p = Path(path)
    raw = read_user_file(p, "file.what.errata", 16 * 1024 * 1024)
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


def merged(old: Sequence[ErrataEntry], new: Sequence[ErrataEntry]) -> tuple[ErrataEntry, ...]:
    """``old`` with ``new`` added; a new entry replaces an old one for the same raw text."""
    out = {e.raw: e for e in old}
    out.update((e.raw, e) for e in new)
    return tuple(out.values())


def write_errata(path: str | Path, entries: Sequence[ErrataEntry]) -> None:
    """Write ``entries`` atomically in the bundled file's format."""
    data = [{"raw": e.raw, "fixed": e.fixed, "reason": e.reason} for e in entries]
    atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def fold(text: str) -> str:
    """``text`` as errata are matched: restorable full-width punctuation as ASCII."""
    return text.translate(_FOLD)


def occurrences(text: str, raw: str) -> list[int]:
    """Every offset where ``raw`` occurs in ``text`` (overlaps included)."""
    found = []
    i = text.find(raw)
    while i >= 0:
        found.append(i)
        i = text.find(raw, i + 1)
    return found


def place(
    text: str, spans: Sequence[tuple[int, int]], errata: Sequence[ErrataEntry]
) -> list[tuple[int, int, ErrataEntry]]:
    """Where each entry applies: wherever its raw text (punctuation folded)
    starts one of ``spans`` (whatever extent the automatic pass gave it) or
    starts outside every span, longest entries first, never overlapping each
    other.

    An entry whose raw text occurs more than once applies only over damage the
    automatic pass found (the same damage read the same way, as hand-written
    errata list it); in undamaged text it could not say which place it meant.
    """
    starts = {a for a, _ in spans}
    damage = SpanSet(spans)
    folded = fold(text)
    placed: list[tuple[int, int, ErrataEntry]] = []  # never overlapping, so kept in order of start
    for entry in sorted(errata, key=lambda e: -len(e.raw)):
        found = occurrences(folded, fold(entry.raw))
        for i in found:
            j = i + len(entry.raw)
            # Not a span's start, so "inside a span" is "covered by one".
            inside = i not in starts and damage.covers(i)
            k = bisect.bisect_left(placed, i, key=lambda p: p[0])
            clash = (k > 0 and placed[k - 1][1] > i) or (k < len(placed) and placed[k][0] < j)
            if not clash and not inside and (len(found) == 1 or damage.overlaps(i, j)):
                placed.insert(k, (i, j, entry))
    return placed
