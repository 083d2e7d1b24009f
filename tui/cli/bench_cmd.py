"""Provides ``policy-tui bench``: every speed figure, side by side with its baseline."""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from tui.display import cells, pad
from tui.errors import UserError
from tui.i18n import t

# The benchmarks live beside the tests: they need a source checkout
# (``pip install -e .``); an installed wheel says so in one line.
BENCH_DIR = Path(__file__).resolve().parents[2] / "tests" / "bench"
# Run in this order: cheap and core first, the app (separate processes) last.
MODULES = ("bench_core", "bench_repair", "bench_store", "bench_library", "bench_paint", "bench_app")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("bench", help=t("cli.h.bench"))
    p.add_argument("--quick", action="store_true", help=t("cli.h.quick"))
    p.add_argument("--json", action="store_true", help=t("cli.h.json_table"))
    p.add_argument("--only", choices=MODULES, action="append", help=t("cli.h.only"))
    p.set_defaults(func=cmd_bench)


def _load(name: str) -> ModuleType | None:
    path = BENCH_DIR / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"policy_tui_bench_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def cmd_bench(args: argparse.Namespace) -> int:
    if not BENCH_DIR.is_dir():
        raise UserError(t("cli.bench.no_checkout", path=BENCH_DIR))
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in args.only or MODULES:
        module = _load(name)
        if module is None:
            continue
        if not args.json:
            print(f"… {name}", file=sys.stderr, flush=True)
        for r in module.run(quick=args.quick):
            r.setdefault("group", name)
            rows.append(r)
    result = {"machine": machine(), "quick": args.quick,
              "seconds": round(time.perf_counter() - started, 1), "rows": rows}
    if args.json:
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    print(f"machine: {result['machine']}   ({result['seconds']} s{', quick' if args.quick else ''})")
    print("every figure is a median; ratio = figure / baseline, measured side by side in this run")
    # Cells, not characters: figures name Chinese terms, which take two cells each.
    width = max([cells(r["figure"]) for r in rows] + [6])
    base_width = max([cells(r["baseline"]) for r in rows] + [8])
    print(f"{pad('figure', width)} {'median':>10}  {pad('baseline', base_width)} {'base':>10} {'ratio':>7}  target")
    for r in rows:
        unit = r.get("unit", "ms")
        ratio = "-" if r.get("ratio") is None else f"{r['ratio']:.2f}"
        print(f"{pad(r['figure'], width)} {r['median_ms']:>8.2f}{unit:>2}  {pad(r['baseline'], base_width)} "
              f"{r['baseline_ms']:>8.2f}{unit:>2} {ratio:>7}  {r.get('target', '')}")
    return 0
