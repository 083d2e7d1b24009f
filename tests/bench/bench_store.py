"""Provides the annotation-store benchmark: save, open and memory at 10,000 and 50,000 notes.

Each figure stands beside a baseline measured in the same run:

- saving one note (an edit, and an add) against the bare physical floor of
  a journal save: appending the same bytes to a file and fdatasync-ing it;
  and against the floor of the previous whole-file design (an atomic
  rewrite of the snapshot). The journal's bytes per save are reported.
- opening a store (and counting notes per measure, and reading the first
  measure's notes: what the first screen needs) against reading the file's
  bytes, and against ``orjson.loads`` of the file (a full parse).
- peak memory (VmHWM, read by a child process from its own /proc status, so
  that nothing of the harness is counted) against the store's size on disk.

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
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson

from tui.annotations import journal
from tui.annotations.journal import Change
from tui.annotations.model import Anchor, Annotation
from tui.annotations.storage import JournalStorage
from tui.annotations.store import AnnotationStore

SIZES = (10_000, 50_000)
DOC_ID = "0123456789abcdef"
# Every note on one version of a plan carries that version's content hash.
CONTENT_HASH = "7d3f" * 16

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
        doc_id=DOC_ID,
        content_hash=CONTENT_HASH,
        anchor=anchor,
        note=rng.choice(_NOTES),
        tags=tuple(rng.sample(_TAGS, rng.randint(1, 3))),
        created=stamp,
        updated=stamp,
    )


def _times_ms(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _median_ms(action: Callable[[], object], runs: int) -> float:
    return statistics.median(_times_ms(action, runs))


def _bare_append(path: Path, line: bytes) -> None:
    """The I/O any durable journal save must do: append, fdatasync."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, line)
    os.fdatasync(fd)
    os.close(fd)


def _bare_rewrite(path: Path, payload: bytes) -> None:
    """The I/O of a whole-file save (the previous design): write, fsync, rename, fsync the directory."""
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


def _journal_size(db: Path) -> int:
    journal = db.with_name(db.name + ".journal")
    return journal.stat().st_size if journal.exists() else 0


def _side_by_side(ours: Callable[[], object], floor: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor`` timed in turns, so that both meet the same disk weather."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a += _times_ms(ours, 1)
        b += _times_ms(floor, 1)
    return statistics.median(a), statistics.median(b)


def _saves(directory: Path, db: Path, n: int, runs: int, rng: random.Random) -> list[dict[str, object]]:
    size = {"records": n, "file_mb": round(db.stat().st_size / 1e6, 2)}
    bare = directory / "bare.journal"
    with AnnotationStore.open(db) as store:
        keys = store.uuids()
        store.edit(keys[0], note="热身")  # the first save also builds the key index
        line = b"x" * (_journal_size(db) - 1) + b"\n"  # the same bytes as one edit
        start = _journal_size(db)
        picks = iter(rng.sample(keys, runs))
        edit, floor = _side_by_side(lambda: store.edit(next(picks), note=f"改过的批注 {rng.random():.6f}"),
                                    lambda: _bare_append(bare, line), runs)
        edit_bytes = (_journal_size(db) - start) / runs
        start = _journal_size(db)
        pending = iter([make_annotation(rng, 10**7 + i) for i in range(runs)])
        add, add_floor = _side_by_side(lambda: store.add(next(pending)), lambda: _bare_append(bare, line), runs)
        add_bytes = (_journal_size(db) - start) / runs
    payload = db.read_bytes()
    rewrite = _median_ms(lambda: _bare_rewrite(directory / "rewrite.json", payload), min(runs, 5))
    label = f"save 1 note (edit), {n:,} in db"
    return [
        _row(label, edit, "bare append + fdatasync", floor, "<= 2 ms", bytes_per_save=round(edit_bytes), **size),
        _row(label, edit, "whole-file atomic rewrite", rewrite, "", **size),
        _row(f"save 1 note (add), {n:,} in db", add, "bare append + fdatasync", add_floor, "<= 2 ms",
             bytes_per_save=round(add_bytes), **size),
    ]


def first_screen(db: str) -> int:
    """What opening the reader needs of the store: open, counts per measure, one measure's notes."""
    store = AnnotationStore.open(db, read_only=True)
    counts = store.measure_counts(DOC_ID)
    notes = store.for_measure(max(counts, key=counts.__getitem__), DOC_ID)
    return len(notes)


def _open(db: Path, n: int, runs: int) -> list[dict[str, object]]:
    size = {"records": n, "file_mb": round(db.stat().st_size / 1e6, 2)}

    def read_bytes() -> bytes:
        with open(db, "rb") as fh:
            return fh.read()

    ours = _median_ms(lambda: first_screen(str(db)), runs)
    rows = [_row(f"open + counts + first notes, {n:,}", ours, "read the file's bytes",
                 _median_ms(read_bytes, runs), "<= 150 ms" if n == max(SIZES) else "", **size)]
    raw = read_bytes()
    rows.append(_row(f"open + counts + first notes, {n:,}", ours, "orjson.loads of the file",
                     _median_ms(lambda: orjson.loads(raw), min(runs, 5)), "", **size))
    return rows


def _open_full_journal(db: Path, n: int, runs: int, rng: random.Random) -> dict[str, object]:
    """The worst open: a journal of note edits (to different notes) just short of being folded in,
    as a kill leaves it. The lines are the ones ``edit`` writes, made here without an fsync each."""
    empty = _median_ms(lambda: first_screen(str(db)), runs)
    with AnnotationStore.open(db) as store:
        keys = store.uuids()
    limit = max(JournalStorage.COMPACT_MIN, db.stat().st_size * JournalStorage.COMPACT_SHARE)
    lines, size = [], 0
    while size < 0.97 * limit:
        fields = {"note": f"改过的批注 {len(lines)}", "updated": "2024-06-01T08:00:00Z"}
        lines.append(journal.encode("annotations", Change(patch={rng.choice(keys): fields})))
        size += len(lines[-1])
    db.with_name(db.name + ".journal").write_bytes(b"".join(lines))
    full = _median_ms(lambda: first_screen(str(db)), runs)
    AnnotationStore.open(db).close()  # folds it in again
    return _row(f"open + counts + first notes, {n:,}, full journal", full, "same, journal folded in", empty,
                "<= 150 ms", records=n, file_mb=round(db.stat().st_size / 1e6, 2), journal_lines=len(lines))


def _rss(db: Path, n: int) -> dict[str, object]:
    """Peak RSS of a fresh process that opened the store for the first screen, from its own VmHWM."""
    out = subprocess.run([sys.executable, __file__, "--child-rss", str(db)], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    peak_mb = float(out.stdout.split()[-1]) / 1024
    store_mb = db.stat().st_size / 2**20
    return {"figure": f"peak RSS after opening, {n:,}", "median_ms": round(peak_mb, 1), "unit": "MB",
            "baseline": "the store's size on disk", "baseline_ms": round(store_mb, 1),
            "ratio": round(peak_mb / store_mb, 2), "target": "<= 3x" if n == max(SIZES) else "",
            "records": n, "file_mb": round(db.stat().st_size / 1e6, 2)}


def _compaction(directory: Path, db: Path, n: int, runs: int) -> dict[str, object]:
    store = AnnotationStore.open(db)
    keys = store.uuids()
    times = []
    for k in range(min(runs, 5)):
        store.edit(keys[k], note=f"合并前 {k}")
        times += _times_ms(store.compact, 1)
    store.close()
    payload = db.read_bytes()
    rewrite = _median_ms(lambda: _bare_rewrite(directory / "rewrite.json", payload), min(runs, 5))
    return _row(f"fold the journal in (compaction), {n:,}", statistics.median(times), "whole-file atomic rewrite",
                rewrite, "", records=n, file_mb=round(len(payload) / 1e6, 2))


def run(quick: bool = False) -> list[dict[str, object]]:
    """Rows for the bench command: medians with their baselines, measured in the same run."""
    runs = 5 if quick else 15
    rng = random.Random(4)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for n in SIZES:
            directory = Path(tmp) / str(n)
            directory.mkdir()
            db = directory / "annotations.json"
            with AnnotationStore.open(db) as store:
                store.merge(make_annotation(rng, i) for i in range(n))
            rows += _saves(directory, db, n, runs, rng)
            rows += _open(db, n, runs)
            if n == max(SIZES):
                rows.append(_rss(db, n))
                rows.append(_compaction(directory, db, n, runs))
                rows.append(_open_full_journal(db, n, runs, rng))
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    lines = [f"{'figure':42} {'median':>9} {'baseline':>26} {'base':>9} {'ratio':>6} {'file MB':>8}  target"]
    for r in rows:
        unit = str(r.get("unit", "ms"))
        lines.append(
            f"{r['figure']:42} {r['median_ms']:>7.2f}{unit:>2} {r['baseline']:>26} {r['baseline_ms']:>7.2f}{unit:>2} "
            f"{r['ratio']:>6} {r['file_mb']:>8}  {r['target']}"
            + (f"  ({r['bytes_per_save']} bytes/save)" if "bytes_per_save" in r else "")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="annotation store: save, open and memory at 10k and 50k notes")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--child-rss", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_rss:
        first_screen(args.child_rss)
        with open("/proc/self/status", encoding="ascii") as fh:
            print(next(line for line in fh if line.startswith("VmHWM:")).split()[1])
        return 0
    rows = run(args.quick)
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else _table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
