"""Provides the import pipeline: damaged scraped text -> structured Document."""

from __future__ import annotations

import bisect
import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.document.chars import HAN_CLASS, squash
from tui.document.model import Document, Metadata, Spot
from tui.errors import UserError
from tui.files import MAX_TEXT_CHARS
from tui.i18n import t as tr
from tui.ingest import repair as mojibake
from tui.ingest.chrome import Removed, Stripped, strip_chrome
from tui.ingest.codepages import fix_codepage
from tui.ingest.convert import to_simplified
from tui.ingest.formats import Extracted
from tui.ingest.parse import Parsed, parse
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.punct import restore_punctuation
from tui.ingest.reflow import reflow
from tui.ingest.runon import split_run_ons

# Above this share of the input's Han characters removed as page furniture, the summary warns.
REMOVED_WARN_SHARE = 0.02
MIN_HAN = 10  # Han characters below which a file is not a Chinese plan (English, or bytes read as text)
# Removed lines that cannot be text of the plan: a site's labelled publication-info table, its
# buttons (扫一扫在手机打开当前页, 打印本页) and breadcrumbs (您的位置：首页 > …), a title the
# page repeats (the kept copy is in the document), and a web page around its main text (what
# trafilatura left out before and after it, listed since it is read); they do not count towards the warning.
SELF_EVIDENT = frozenset({"info", "button", "nav", "duplicate", "outside"})


@dataclass
class Timings:
    """Seconds spent in each stage, for the benchmark."""

    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - since
        return now


@dataclass(frozen=True)
class Imported:
    """A Document and what the import took out of its input on the way."""

    doc: Document
    removed: tuple[Removed, ...]  # every line taken out as page furniture, in input order
    fmt: str = "text"  # the input's format: text, html, docx, pdf

    @property
    def removed_share(self) -> float:
        """The share of the input's Han characters that were removed as furniture."""
        return self.doc.stats["han_removed"] / max(1, self.doc.stats["han_in"])

    @property
    def unexplained_share(self) -> float:
        """The share removed besides the page's labelled publication info (索引号, 发文机关, 标题,
        发文字号 …, read into the metadata): what the import warns about."""
        titles = {self.doc.meta.title, self.doc.meta.title_trad} - {""}
        info = sum(count_han(r.text) for r in self.removed if r.reason in SELF_EVIDENT or r.text.strip() in titles)
        return (self.doc.stats["han_removed"] - info) / max(1, self.doc.stats["han_in"])


_NOT_HAN = re.compile(f"[^{HAN_CLASS}]+")


def count_han(text: str) -> int:
    return len(_NOT_HAN.sub("", text))  # in C: a character-by-character count was 5% of an import


def import_text(
    text: str,
    source: str = "",
    errata: Sequence[mojibake.ErrataEntry] = (),
    timings: Timings | None = None,
) -> Document:
    """Clean, repair, convert and parse ``text`` into a Document."""
    return run_import(text, source, errata, timings).doc


def run_import(
    text: str,
    source: str = "",
    errata: Sequence[mojibake.ErrataEntry] = (),
    timings: Timings | None = None,
    extracted: Extracted | None = None,
) -> Imported:
    """Like import_text, also returning the removed lines.

    ``extracted`` is what a format reader made of the file: the lines it left
    out (page numbers …) and its hints (a title, headings styled as such).
    """
    pre_removed = extracted.removed if extracted else ()
    if len(text) > MAX_TEXT_CHARS:
        raise UserError(tr("ingest.error.text_too_long", name=source or "input", chars=len(text), limit=MAX_TEXT_CHARS))
    t = timings or Timings()
    t0 = time.perf_counter()
    # Whole-file mojibake first: the Han characters are counted in the text as repaired.
    text, codepage_fix = fix_codepage(text)
    han_in = count_han(text) + sum(count_han(r.text) for r in pre_removed)
    if han_in < MIN_HAN:  # English text, or bytes read as text: not a Chinese plan
        raise UserError(tr("ingest.error.no_chinese", name=source or "input", count=han_in))
    text, pinyin_removed = strip_pinyin(text)
    # A text file may be pages pasted whole, running headers and all; a PDF's reader took
    # its running headers off by their place on the page, and a line a PDF repeats
    # elsewhere (a table's 100 预期性) is its text.
    stripped = strip_chrome(text, paged=extracted is None or extracted.fmt == "text")
    body = split_run_ons(reflow(stripped.text))
    t0 = t.mark("strip", t0)

    repaired, repaired_spots = mojibake.repair_mojibake(body, errata)
    t0 = t.mark("repair", t0)

    flagged = [(s.out_start, s.out_end) for s in repaired_spots if s.status == "flagged"]
    trad = restore_punctuation(repaired, keep=flagged)
    simple = to_simplified(trad)
    t0 = t.mark("convert", t0)

    hint = stripped.labels.get("标题", "") or (extracted.title if extracted else "") or stripped.title_hint
    hints = extracted or Extracted("")
    # The file's headings, items and table rows, as the text has them after the repair's
    # punctuation (张毅 (全南县政府副县长) reads 张毅（…）: half the table was lost to it).
    def as_text(line: str) -> str:
        return to_simplified(restore_punctuation(line)).strip()

    headings = {as_text(text): level for text, level in hints.headings}
    items = frozenset(as_text(text) for text in hints.items)
    file_tables = tuple(tuple(as_text(row) for row in rows) for rows in hints.tables)
    parsed = parse(simple, trad, stripped.labels, to_simplified(hint), headings, items, file_tables)
    if all(m.kind == "heading" for m in parsed.measures):  # headings alone (a lone line read as a title): no plan
        raise UserError(tr("ingest.error.no_text", name=source or "input"))
    spots = _spots_in_measures(parsed, repaired_spots)
    t.mark("parse", t0)

    removed = (*pre_removed, *stripped.removed)
    if hints.fmt == "html":  # its reader numbers what it left out by the lines of the text: in input order
        removed = tuple(sorted(removed, key=lambda r: r.line))
    clean = "\n".join(m.text for m in parsed.measures)
    content_hash = hashlib.sha256(clean.encode("utf-8")).hexdigest()
    meta = _metadata(parsed, stripped, source)
    identity = f"{meta.title}|{meta.doc_number}" if meta.title else (meta.source or content_hash)
    doc_id = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    stats = _stats(parsed, meta, repaired_spots, pinyin_removed, removed, han_in)
    stats["codepage_fix"] = codepage_fix  # 1-based index into codepages.FIXES; 0: none
    doc = Document(
        id=doc_id,
        content_hash=content_hash,
        meta=meta,
        sections=parsed.sections,
        measures=parsed.measures,
        blocks=parsed.blocks,
        spots=spots,
        stats=stats,
    )
    return Imported(doc, removed)


def _metadata(parsed: Parsed, stripped: Stripped, source: str) -> Metadata:
    front = parsed.front
    return Metadata(
        title=parsed.title,
        title_trad=parsed.title_trad,
        doc_number=front.doc_number,
        issuer=front.issuer,
        addressees=front.addressees,
        date_signed=front.date_signed,
        date_posted=stripped.date_posted,
        source=Path(source).name if source else "",
        signature=parsed.signature,
        toc=parsed.toc,
    )


def _stats(
    parsed: Parsed,
    meta: Metadata,
    repaired_spots: Sequence[mojibake.RepairedSpot],
    pinyin_removed: int,
    removed: Sequence[Removed],
    han_in: int,
) -> dict[str, int]:
    """The counts the import summary prints and the benchmark reads."""
    kinds = [s.kind for s in parsed.sections]
    statuses = [s.status for s in repaired_spots]
    han_removed = sum(count_han(r.text) for r in removed)
    kept = [m.text for m in parsed.measures] + [meta.title, meta.signature, parsed.toc_text]
    headings = {"".join(s.label().split()) for s in parsed.sections}
    return {
        "chapters": kinds.count("chapter"),
        "sections": kinds.count("section"),
        "items": kinds.count("item") + kinds.count("subitem"),
        "articles": kinds.count("article"),
        "uncertain": sum(1 for s in parsed.sections if s.uncertain),
        "tables": sum(1 for b in parsed.blocks if b.kind == "table"),
        "toc_entries": len(parsed.toc),
        "toc_entries_found": sum(1 for e in parsed.toc if squash(e) in headings),
        "measures": sum(1 for m in parsed.measures if m.kind != "heading"),
        "pinyin_removed": pinyin_removed,
        "chrome_lines_removed": len(removed),
        # Han characters: in the input (format readers' removals included), in removed
        # lines, and kept in the document (measures, title, signature, 目录).
        "han_in": han_in,
        "han_removed": han_removed,
        "han_out": sum(count_han(s) for s in kept),
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


def _spots_in_measures(
    parsed: Parsed, repaired_spots: Sequence[mojibake.RepairedSpot]
) -> tuple[Spot, ...]:
    """Clip each repaired spot to the measures it overlaps (a sorted sweep, linear in size)."""
    if not repaired_spots:
        return ()
    spans = sorted(
        (parsed.offsets[m.id], parsed.offsets[m.id] + len(m.text), m.id) for m in parsed.measures
    )
    starts = [start for start, _, _ in spans]
    out: list[Spot] = []
    for rs in repaired_spots:
        # The first measure that could overlap: the last one starting at or before the spot.
        k = max(0, bisect.bisect_right(starts, rs.out_start) - 1)
        while k < len(spans) and spans[k][0] < rs.out_end:
            start, end, mid = spans[k]
            k += 1
            if end <= rs.out_start:
                continue
            a, b = max(start, rs.out_start), min(end, rs.out_end)
            # The readings serve review: spots the errata settled need none.
            review = rs.status != "errata"
            readings = rs.readings if review else ()
            confidence = round(rs.confidence, 4) if review else 0.0
            out.append(Spot(mid, a - start, b - start, rs.raw, rs.fixed, rs.status, rs.reason,
                            readings, confidence))
    return tuple(out)
