"""Benchmarks of the damage repair: how many spots it restores, how often an automatic fix is wrong,
how well its confidence is calibrated, and what loading its models costs.

Quality figures are percentages (unit %); the baseline beside each is the
same run with the character model alone (no word model), measured side by
side.  Run: ``python tests/bench/bench_repair.py [--quick]``.
"""

from __future__ import annotations

import contextlib
import difflib
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.corrupt import SAMPLE_PLAN, corrupt, excerpt, restoration, seed_paragraphs, wrong_repairs
from tests.support.sample_plans import DIGITAL_PLAN, ECOLOGY_PLAN
from tui import locations
from tui.ingest import rescore
from tui.ingest.chrome import strip_chrome
from tui.ingest.errata import load_errata
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.reflow import reflow
from tui.ingest.repair import CONFIDENCE, repair_mojibake

SPOTS_PER_1000 = 1.5  # damage density of the simulator (the bundled plan has 1.3 per 1,000 characters)
BUCKETS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01))


@contextlib.contextmanager
def char_model_only() -> Iterator[None]:
    """The baseline: readings chosen by the character model alone."""
    saved = rescore.W_CHAR, rescore.W_WORD, rescore.HEADING_BONUS
    rescore.W_CHAR, rescore.W_WORD, rescore.HEADING_BONUS = 1.0, 0.0, 0.0
    try:
        yield
    finally:
        rescore.W_CHAR, rescore.W_WORD, rescore.HEADING_BONUS = saved


class Tally:
    """Counts over simulated documents (a plain class: this file is loaded outside sys.modules)."""

    def __init__(self) -> None:
        self.spots = self.restored = self.autos = self.wrong = 0
        self.labels: list[tuple[float, bool]] = []  # (confidence, guess right) per spot with a reading

    def add(self, clean: str, seed: int, n_spots: int) -> None:
        c = corrupt(clean, random.Random(seed), n_spots)
        raw = strip_pinyin(c.raw)[0]
        out, spots = repair_mojibake(raw)
        restored, total = restoration(c.traditional_truth, out, c.spots)
        self.spots += total
        self.restored += restored
        self.autos += sum(s.status == "auto" for s in spots)
        self.wrong += wrong_repairs(c.traditional_truth, out, spots)
        self.labels.extend(_guess_labels(raw, c.traditional_truth, spots))


def _guess_labels(raw: str, truth: str, spots: tuple) -> list[tuple[float, bool]]:  # type: ignore[type-arg]
    """(confidence, whether the best reading is right) for each spot with a reading."""
    parts, placed, pos, opos = [], [], 0, 0
    for s in spots:
        guess = s.auto_guess if s.auto_guess is not None else s.raw
        parts.append(raw[pos : s.start])
        opos += s.start - pos
        placed.append((s, opos, opos + len(guess)))
        parts.append(guess)
        opos += len(guess)
        pos = s.end
    parts.append(raw[pos:])
    bad = [(j1, j2) for tag, _, _, j1, j2 in
           difflib.SequenceMatcher(None, truth, "".join(parts), autojunk=False).get_opcodes() if tag != "equal"]
    return [(s.confidence, not any((j1 < b and j2 > a) or (j1 == j2 and a <= j1 <= b) for j1, j2 in bad))
            for s, a, b in placed if s.auto_guess is not None]


def simulate(text: str, size: int, docs: int, first_seed: int) -> Tally:
    tally = Tally()
    for k in range(docs):
        seed = first_seed + k
        clean = excerpt(text, size, (seed * 7919) % max(1, len(text) - size)) if size < len(text) else text
        tally.add(clean, seed, max(1, round(SPOTS_PER_1000 * len(clean) / 1000)))
    return tally


def seed_without_errata() -> tuple[int, int, int, int]:
    """(spots, automatic and right, automatic and wrong, best reading right) on the
    bundled plan, errata as the truth.  The last counts the spots whose likeliest
    reading is right, applied or held: what review offers first."""
    text = reflow(strip_chrome(strip_pinyin(locations.BUNDLED_RAW.read_text(encoding="utf-8"))[0]).text)
    truth = {e.raw: e.fixed for e in load_errata(locations.BUNDLED_ERRATA)}
    _, spots = repair_mojibake(text)
    autos = [s for s in spots if s.status == "auto"]
    right = sum(truth.get(s.raw) == s.fixed for s in autos)
    best = sum(s.auto_guess is not None and truth.get(s.raw) == s.auto_guess for s in spots)
    return len(spots), right, len(autos) - right, best


def pct_row(name: str, value: float, base: float, target: str = "") -> dict:
    return {"figure": name, "median_ms": round(value, 1), "baseline": "char model alone",
            "baseline_ms": round(base, 1), "ratio": round(value / base, 2) if base else None,
            "target": target, "unit": "%"}


def run(quick: bool = False) -> list[dict]:
    rows: list[dict] = []
    # Loading the models from the user cache vs reading the processed plan.
    from tui.document.serialize import load_json
    from tui.ingest.charlm import opencc_prior
    from tui.ingest.wordlm import jieba_words

    opencc_prior(), jieba_words()  # build the caches once
    loads, bases = [], []
    for _ in range(3 if quick else 5):
        opencc_prior.cache_clear()
        jieba_words.cache_clear()
        t0 = time.perf_counter()
        opencc_prior(), jieba_words()
        loads.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        load_json(locations.BUNDLED_DOC)
        bases.append((time.perf_counter() - t0) * 1000)
    rows.append({"figure": "repair models load (cached)", "median_ms": round(statistics.median(loads), 1),
                 "baseline": "load processed plan", "baseline_ms": round(statistics.median(bases), 1),
                 "ratio": round(statistics.median(loads) / statistics.median(bases), 2), "target": "< 300 ms"})

    total, right, wrong, best = seed_without_errata()
    with char_model_only():
        _, base_right, base_wrong, base_best = seed_without_errata()
    rows.append(pct_row(f"seed, no errata: auto and right (of {total})", 100 * right / total,
                        100 * base_right / total, ">= 30 of 33"))
    rows.append(pct_row(f"seed, no errata: best reading right, applied or held (of {total})", 100 * best / total,
                        100 * base_best / total))
    rows.append(pct_row("seed, no errata: auto fixes right", 100 * right / max(1, right + wrong),
                        100 * base_right / max(1, base_right + base_wrong), "100% (0 wrong)"))

    own = "\n\n".join([SAMPLE_PLAN, ECOLOGY_PLAN, DIGITAL_PLAN])
    texts = (("seed paragraphs", seed_paragraphs()), ("own plans", own))
    # Enough documents that a wrong-fix rate of 0.5 % is a handful of spots, not one or none
    # (about 800 automatic fixes over the six rows).
    sizes = ((1000, 4 if quick else 90), (3000, 2 if quick else 36), (10000, 1 if quick else 12))
    everything = Tally()
    for label, text in texts:
        for size, docs in sizes:
            new = simulate(text, size, docs, 7000 + size)
            with char_model_only():
                old = simulate(text, size, docs, 7000 + size)
            rows.append(pct_row(f"sim {label} {size // 1000}k: restored", 100 * new.restored / new.spots,
                                100 * old.restored / old.spots, ">= 90%"))
            rows.append(pct_row(f"sim {label} {size // 1000}k: auto fixes right",
                                100 - 100 * new.wrong / max(1, new.autos), 100 - 100 * old.wrong / max(1, old.autos),
                                ">= 99.5%"))
            everything.labels.extend(new.labels)
    for lo, hi in BUCKETS:
        inside = [ok for p, ok in everything.labels if lo <= p < hi]
        if not inside:
            continue
        rows.append({"figure": f"reliability p in [{lo:.2f}, {min(hi, 1.0):.2f}): right", "unit": "%",
                     "median_ms": max(0.1, round(100 * sum(inside) / len(inside), 1)), "baseline": "spots in bucket (n)",
                     "baseline_ms": float(len(inside)), "ratio": None,
                     "target": ">= 99%" if lo >= CONFIDENCE else ""})

    # Short pages: 2,000 characters with two damaged spots each.
    both = base_both = 0
    pages = 10 if quick else 100
    for k in range(pages):
        clean = excerpt(seed_paragraphs() if k % 2 else own, 2000, k * 1543)
        t = Tally()
        t.add(clean, 9000 + k, 2)
        both += t.restored == t.spots and t.wrong == 0
        with char_model_only():
            t = Tally()
            t.add(clean, 9000 + k, 2)
            base_both += t.restored == t.spots and t.wrong == 0
    rows.append(pct_row("2,000-char pages, both spots auto and right", max(0.1, 100 * both / pages),
                        max(0.1, 100 * base_both / pages), "both"))
    return rows


if __name__ == "__main__":
    from tui.cli.bench_cmd import machine

    print(machine())
    for r in run(quick="--quick" in sys.argv):
        print(r)
