"""Provides the annotation-store benchmark: save latency against TinyDB's stock JSONStorage.

Run ``python tests/bench/bench_store.py [--quick] [--json]``; ``run(quick)``
returns the rows for the project's bench command.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tinydb import TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from tui.annotations.model import Anchor, Annotation  # noqa: E402
from tui.annotations.store import AnnotationStore, to_record  # noqa: E402

SIZES = (100, 1_000, 10_000)
TARGET_MS = {10_000: 15.0}  # issue 4: saving at 10,000 records, median

# Sentences in the style of the plans, to give records a realistic size.
_POOL = (
    "加快建设现代化产业体系，推动制造业高质量发展，培育壮大战略性新兴产业。",
    "到2025年，全市地区生产总值达到5000亿元左右，年均增长7%以上。",
    "统筹推进城乡一体化示范区建设，完善基础设施和公共服务配套。",
    "深化“放管服”改革，持续优化营商环境，激发市场主体活力。",
    "实施乡村振兴战略，巩固拓展脱贫攻坚成果，促进农民持续增收。",
    "推进黄河流域生态保护和高质量发展，加强大气、水、土壤污染防治。",
    "完善综合交通运输体系，加快郑许市域铁路等重大项目建设。",
    "健全多层次社会保障体系，提高基本公共服务均等化水平。",
)
_NOTES = (
    "与禹州市的陶瓷产业规划衔接，需要核对年度目标。",
    "这一条和上一条的指标口径不一致，建议向发改委确认。",
    "[bold]重点[/]：长葛市已有试点，可以参考其做法。",
    "待办：整理相关配套文件。",
)
_TAGS = ("禹州市", "长葛市", "魏都区", "产业", "交通", "生态", "民生", "待核实")


def make_annotation(rng: random.Random, i: int) -> Annotation:
    """A synthetic annotation shaped like real ones (whole-measure quote, context, note, tags)."""
    exact = rng.choice(_POOL)
    start = i * 40
    anchor = Anchor(
        measure_id=f"{rng.randint(1, 9)}.{rng.randint(1, 6)}.p{rng.randint(1, 5)}.m{rng.randint(1, 8)}",
        section_path=("5", "5.2"),
        exact=exact,
        prefix=rng.choice(_POOL)[-16:],
        suffix=rng.choice(_POOL)[:16],
        start=start,
        end=start + len(exact),
    )
    stamp = "2024-05-01T08:00:00Z"
    return Annotation(
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        doc_id="0123456789abcdef",
        content_hash="%064x" % rng.getrandbits(256),
        anchor=anchor,
        note=rng.choice(_NOTES),
        tags=tuple(rng.sample(_TAGS, rng.randint(1, 3))),
        created=stamp,
        updated=stamp,
    )


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _ours(directory: Path, records: list[Annotation], extra: list[Annotation], runs: int) -> tuple[float, float]:
    path = directory / "ours.json"
    with AnnotationStore.open(path) as store:
        store.merge(records)  # one write with all records
    t0 = time.perf_counter()
    store = AnnotationStore.open(path)
    store.all()
    open_ms = (time.perf_counter() - t0) * 1000
    pending = iter(extra)
    with store:
        save_ms = _median_ms(lambda: store.add(next(pending)), runs)
    return save_ms, open_ms


def _stock(directory: Path, records: list[Annotation], extra: list[Annotation], runs: int) -> float:
    path = directory / "stock.json"
    with TinyDB(path, storage=JSONStorage) as db:
        db.insert_multiple(to_record(a) for a in records)
    pending = iter(extra)
    with TinyDB(path, storage=JSONStorage) as db:
        return _median_ms(lambda: db.insert(to_record(next(pending))), runs)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Median save latency per database size, ours and stock side by side, plus open time."""
    runs = 5 if quick else 15
    rng = random.Random(4)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for n in SIZES:
            records = [make_annotation(rng, i) for i in range(n)]
            extra = [make_annotation(rng, n + i) for i in range(runs)]
            d = Path(tmp) / str(n)
            d.mkdir()
            ours, open_ms = _ours(d, records, extra, runs)
            stock = _stock(d, records, extra, runs)
            rows.append({
                "name": f"save one annotation, {n:,} in db",
                "records": n,
                "runs": runs,
                "ours_ms": round(ours, 2),
                "baseline_ms": round(stock, 2),
                "baseline": "tinydb JSONStorage",
                "ratio": round(stock / ours, 1) if ours else None,
                "target_ms": TARGET_MS.get(n),
                "open_ms": round(open_ms, 1),
                "file_mb": round((d / "ours.json").stat().st_size / 1e6, 2),
            })
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    head = f"{'records':>8}  {'ours ms':>8}  {'stock ms':>9}  {'stock/ours':>10}  {'target':>7}  {'open ms':>8}  {'file MB':>7}"
    lines = [head, "-" * len(head)]
    for r in rows:
        target = f"<= {r['target_ms']:.0f}" if r["target_ms"] else ""
        lines.append(
            f"{r['records']:>8,}  {r['ours_ms']:>8.2f}  {r['baseline_ms']:>9.2f}  {r['ratio']:>9}x  {target:>7}"
            f"  {r['open_ms']:>8.1f}  {r['file_mb']:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="annotation store save latency vs TinyDB JSONStorage")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else _table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
