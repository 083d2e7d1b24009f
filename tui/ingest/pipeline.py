"""Provides the import pipeline: damaged scraped text -> structured Document."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.document.model import Document, Metadata, Spot
from tui.errors import UserError
from tui.ingest import repair as mojibake
from tui.ingest.chrome import strip_chrome
from tui.ingest.codepages import fix_codepage
from tui.ingest.convert import to_simplified
from tui.ingest.parse import Parsed, parse
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.punct import restore_punctuation
from tui.ingest.reflow import reflow


@dataclass
class Timings:
    """Seconds spent in each stage, for the benchmark."""

    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - since
        return now


def import_text(
    text: str,
    source: str = "",
    errata: Sequence[mojibake.ErrataEntry] = (),
    timings: Timings | None = None,
) -> Document:
    """Clean, repair, convert and parse ``text`` into a Document."""
    t = timings or Timings()
    t0 = time.perf_counter()
    text, codepage_fix = fix_codepage(text)
    text, pinyin_removed = strip_pinyin(text)
    stripped = strip_chrome(text)
    body = reflow(stripped.text)
    t0 = t.mark("strip", t0)

    repaired, repaired_spots = mojibake.repair_mojibake(body, errata)
    t0 = t.mark("repair", t0)

    flagged = [(s.out_start, s.out_end) for s in repaired_spots if s.status == "flagged"]
    trad = restore_punctuation(repaired, keep=flagged)
    simple = to_simplified(trad)
    t0 = t.mark("convert", t0)

    parsed = parse(simple, trad)
    if not parsed.measures:
        raise UserError(f"{source or 'input'}: no plan text found after cleaning")
    spots = _spots_in_measures(parsed, repaired_spots)
    t.mark("parse", t0)

    clean = "\n".join(m.text for m in parsed.measures)
    content_hash = hashlib.sha256(clean.encode("utf-8")).hexdigest()
    front = parsed.front
    meta = Metadata(
        title=parsed.title,
        title_trad=parsed.title_trad,
        doc_number=front.doc_number,
        issuer=front.issuer,
        addressees=front.addressees,
        date_signed=front.date_signed,
        date_posted=stripped.date_posted,
        source=Path(source).name if source else "",
    )
    identity = f"{meta.title}|{meta.doc_number}" if meta.title else (meta.source or content_hash)
    doc_id = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    statuses = [s.status for s in repaired_spots]
    stats = {
        "chapters": sum(1 for s in parsed.sections if s.kind == "chapter"),
        "sections": sum(1 for s in parsed.sections if s.kind == "section"),
        "items": sum(1 for s in parsed.sections if s.kind in ("item", "subitem")),
        "measures": sum(1 for m in parsed.measures if m.kind != "heading"),
        "pinyin_removed": pinyin_removed,
        "codepage_fix": codepage_fix,  # 1-based index into codepages.FIXES; 0: none
        "chrome_lines_removed": stripped.removed_lines,
        "spots": len(repaired_spots),
        "spots_auto": statuses.count("auto"),
        "spots_errata": statuses.count("errata"),
        "spots_flagged": statuses.count("flagged"),
        # What the automatic pass would do alone: the spots it is confident
        # enough to apply, and how many of those match the reviewed errata.
        "spots_auto_alone": sum(1 for s in repaired_spots if s.confidence >= mojibake.CONFIDENCE),
        "spots_auto_alone_agrees_with_errata": sum(
            1 for s in repaired_spots
            if s.status == "errata" and s.confidence >= mojibake.CONFIDENCE and s.auto_guess == s.fixed
        ),
    }
    return Document(
        id=doc_id,
        content_hash=content_hash,
        meta=meta,
        sections=parsed.sections,
        measures=parsed.measures,
        blocks=parsed.blocks,
        spots=spots,
        stats=stats,
    )


def _spots_in_measures(
    parsed: Parsed, repaired_spots: Sequence[mojibake.RepairedSpot]
) -> tuple[Spot, ...]:
    """Clip each repaired spot to the measures it overlaps."""
    if not repaired_spots:
        return ()
    spans = sorted(
        (parsed.offsets[m.id], parsed.offsets[m.id] + len(m.text), m.id) for m in parsed.measures
    )
    out: list[Spot] = []
    for rs in repaired_spots:
        for start, end, mid in spans:
            if end <= rs.out_start or start >= rs.out_end:
                continue
            a, b = max(start, rs.out_start), min(end, rs.out_end)
            # The readings serve review: spots the errata settled need none.
            review = rs.status != "errata"
            readings = rs.readings if review else ()
            confidence = round(rs.confidence, 4) if review else 0.0
            out.append(Spot(mid, a - start, b - start, rs.raw, rs.fixed, rs.status, rs.reason, readings, confidence))
    return tuple(out)
