"""Benchmarks beyond one plan: opening a library of 100 plans, searching them, the mentions list, charts,
comparison, targets and the segmenter's first load.

100 plans of the seed's size (about 2.6 M characters) are written to a
temporary library; each figure is a median beside a baseline measured in
the same run.  Run: ``python tests/bench/bench_library.py [--quick]``.
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from tui import locations
from tui.document.corpus import Corpus
from tui.document.model import Document, Metadata
from tui.document.search import kwic
from tui.document.serialize import load_json, write_json
from tui.library import Library


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def row(name: str, ms: float, base_name: str, base_ms: float, target: str = "") -> dict:
    return {"figure": name, "median_ms": round(ms, 3), "baseline": base_name,
            "baseline_ms": round(base_ms, 3), "ratio": round(ms / base_ms, 2) if base_ms else None,
            "target": target}


def plans(seed: Document, n: int) -> list[Document]:
    """n distinct plans of the seed's size: its measures rotated, each with its own title and id.

    Without the seed's damaged spots, which point into measures whose text moved: a plan
    with them is refused as damaged (write_json says so now; before, the library skipped
    such plans and the figures counted fewer than ``n``)."""
    out = []
    k = len(seed.measures)
    for i in range(n):
        shift = (i * 37) % k
        measures = tuple(dataclasses.replace(m, text=seed.measures[(j + shift) % k].text,
                                             text_trad=seed.measures[(j + shift) % k].text_trad)
                         for j, m in enumerate(seed.measures))
        meta = dataclasses.replace(seed.meta, title=f"{seed.meta.title}（第{i + 1}份）", doc_number=f"样〔2022〕{i}号")
        out.append(dataclasses.replace(seed, id=f"bench-{i:03d}", measures=measures, meta=meta, spots=()))
    return out


def mentions(corpus: Corpus, term: str) -> int:
    """What the mentions list needs: the hits, the grouped rows, and each shown hit in context."""
    hits = corpus.search(term)
    rows = corpus.mention_rows(hits)
    for r in rows:
        if r.kind == "hit":
            ph = hits[r.index]
            kwic(corpus.by_id[ph.doc_id], ph.hit)
    return len(rows)


def first_cut_ms(runs: int) -> tuple[float, float]:
    """The segmenter's first load in a fresh process, and the same process doing nothing."""
    cut = "from tui.document.words import terms; terms('推进集团化办学')"
    idle = "import tui.document.words"
    def run(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - t0) * 1000
    run(cut)  # jieba's own cache file is written on the very first run
    return statistics.median(run(cut) for _ in range(runs)), statistics.median(run(idle) for _ in range(runs))


def run(quick: bool = False) -> list[dict]:
    n = 20 if quick else 100
    runs = 3 if quick else 7
    seed = load_json(locations.BUNDLED_DOC)
    docs = plans(seed, n)
    chars = sum(len(m.text) for d in docs for m in d.measures)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder))
        for i, doc in enumerate(docs):
            write_json(doc, Path(folder) / f"plan-{i:03d}.json")
        library.entries()  # the catalogue, as after imports
        files = sorted(Path(folder).glob("plan-*.json"))
        base = median_ms(lambda: [orjson.loads(f.read_bytes()) for f in files], runs)
        rows.append(row(f"open {n} plans ({chars / 1e6:.1f} M chars): load + index", median_ms(
            lambda: Corpus([library.load(e) for e in library.entries()]), runs), f"read + orjson.loads {n} files", base, "< 2000 ms (issue 15)"))
        base = median_ms(lambda: [f.stat() for f in files], runs)
        rows.append(row(f"policy-tui list: catalogue of {n} plans", median_ms(library.entries, runs),
                        f"stat {n} files", base))
    corpus = Corpus(docs)
    texts = [d.full_text() for d in docs]
    base = median_ms(lambda: [t.count("集团化办学") for t in texts], runs * 3)
    for term in ("集团化办学", "教育"):
        count = len(corpus.search(term))
        rows.append(row(f"search {term} + mentions list, {n} plans ({count} hits)",
                        median_ms(lambda term=term: mentions(corpus, term), runs * 3),
                        f"str.count on {n} texts", base, "< 100 ms (issue 15)"))
    from tui.document.term_chart import term_chart

    rows.append(row(f"--by-chapter chart, {n} plans", median_ms(lambda: term_chart(corpus, "集团化办学"), runs * 3),
                    f"str.count on {n} texts", base))

    cut_ms, idle_ms = first_cut_ms(1 if quick else 3)
    rows.append(row("jieba: first cut in a fresh process", cut_ms, "the same process without it", idle_ms,
                    "lazy: never at start-up"))
    from tui.document.align import align
    from tui.document.targets import extract_targets
    from tui.document.words import measure_terms

    other = dataclasses.replace(docs[1], meta=Metadata(title="另一份"))
    measure_terms(seed)
    measure_terms(other)
    base = median_ms(lambda: [t.count("教育") for t in (texts[0], texts[1])], runs)
    rows.append(row("compare two plans (words cut once)", median_ms(lambda: align(seed, other), runs),
                    "str.count on 2 texts", base))
    rows.append(row("targets of the seed", median_ms(lambda: extract_targets(seed), runs),
                    "str.count on 2 texts", base))
    return rows


if __name__ == "__main__":
    for r in run(quick="--quick" in sys.argv):
        print(f"{r['figure']:56} {r['median_ms']:10.2f}  {r['baseline']:32} {r['baseline_ms']:9.2f} "
              f"{r['ratio'] if r['ratio'] is not None else '-':>7}  {r['target']}")
