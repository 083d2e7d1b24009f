"""Provides the annotation-store benchmark: save latency against TinyDB's stock JSONStorage.

Run ``python tests/bench/bench_store.py [--quick] [--json]``; ``run(quick)``
returns the rows for the project's bench command.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from tui.annotations.model import Anchor, Annotation
from tui.annotations.store import AnnotationStore, to_record

SIZES = (100, 1_000, 10_000)

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


def _bare_atomic_write(path: Path, payload: bytes) -> None:
    """The I/O any durable save of this file must do: write, fsync, rename, fsync the directory."""
    tmp = path.with_name(path.name + ".bare")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, payload)
    os.fsync(fd)
    os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    os.fsync(dfd)
    os.close(dfd)


def _row(figure: str, ms: float, baseline: str, base_ms: float, target: str = "", **extra: object) -> dict[str, object]:
    return {"figure": figure, "median_ms": round(ms, 2), "baseline": baseline, "baseline_ms": round(base_ms, 2),
            "ratio": round(ms / base_ms, 2) if base_ms else None, "target": target, **extra}


def _size(directory: Path, n: int, runs: int, rng: random.Random) -> list[dict[str, object]]:
    records = [make_annotation(rng, i) for i in range(n)]
    extra = [make_annotation(rng, n + i) for i in range(runs + 1)]
    ours_path, stock_path, bare_path = directory / "ours.json", directory / "stock.json", directory / "bare.json"
    with AnnotationStore.open(ours_path) as store:
        store.merge(records)  # one write with every record
    with TinyDB(stock_path, storage=JSONStorage) as db:
        db.insert_multiple(to_record(a) for a in records)
    pending = iter(extra)
    with AnnotationStore.open(ours_path) as store:
        store.add(next(pending))  # the first save also takes each record's line from the file
        ours = _median_ms(lambda: store.add(next(pending)), runs)
    pending = iter(extra)  # the same new records, for the stock database
    with TinyDB(stock_path, storage=JSONStorage) as db:
        db.insert(to_record(next(pending)))
        stock = _median_ms(lambda: db.insert(to_record(next(pending))), runs)
    payload = ours_path.read_bytes()
    bare = _median_ms(lambda: _bare_atomic_write(bare_path, payload), runs)
    size = {"records": n, "file_mb": round(len(payload) / 1e6, 2)}
    target = "<= 15 ms" if n == 10_000 else ""
    rows = [
        _row(f"save 1 annotation, {n:,} in db", ours, "tinydb JSONStorage", stock, target, **size),
        _row(f"save 1 annotation, {n:,} in db", ours, "bare write+fsync+rename", bare, "", **size),
    ]
    if n == max(SIZES):
        empty = directory / "empty.json"
        AnnotationStore.open(empty).close()

        def start(path: Path) -> None:
            with AnnotationStore.open(path) as store:
                store.tag_counts()
                store.measure_counts()

        rows.append(_row(f"open db + tag/measure counts, {n:,}", _median_ms(lambda: start(ours_path), runs),
                         "open empty db", _median_ms(lambda: start(empty), runs), "", **size))
        store = AnnotationStore.open(ours_path)
        rows.append(_row(f"all(): every record as a dataclass, {n:,}",
                         _median_ms(lambda: AnnotationStore.open(ours_path).all(), runs),
                         "orjson.loads of the file", _median_ms(lambda: orjson.loads(payload), runs), "", **size))
        store.close()
    return rows


def run(quick: bool = False) -> list[dict[str, object]]:
    """Rows for the bench command: medians with their baselines, measured in the same run."""
    runs = 5 if quick else 15
    rng = random.Random(4)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for n in SIZES:
            d = Path(tmp) / str(n)
            d.mkdir()
            rows += _size(d, n, runs, rng)
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    lines = [f"{'figure':42} {'median ms':>10} {'baseline':>26} {'base ms':>9} {'ratio':>6} {'file MB':>8}  target"]
    for r in rows:
        lines.append(
            f"{r['figure']:42} {r['median_ms']:>10.2f} {r['baseline']:>26} {r['baseline_ms']:>9.2f} "
            f"{r['ratio']:>6} {r['file_mb']:>8}  {r['target']}"
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
