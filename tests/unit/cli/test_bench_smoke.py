"""`policy-tui bench --quick` runs and reports ratios against baselines."""

import json
import subprocess
import sys

import pytest


def run_bench(*groups: str) -> list[dict]:
    only = [arg for g in groups for arg in ("--only", g)]
    proc = subprocess.run([sys.executable, "-m", "tui", "bench", "--quick", "--json", *only],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = json.loads(proc.stdout)["rows"]
    for r in rows:
        assert r["median_ms"] > 0 and r["baseline_ms"] > 0, r
        assert r["ratio"] is None or abs(r["ratio"] - r["median_ms"] / r["baseline_ms"]) < 0.05 * r["ratio"] + 0.02
    return rows


def test_a_benchmark_group_runs() -> None:
    """One in-process group (about 8 s); every group (minutes: real terminals) runs with -m slow."""
    rows = run_bench("bench_store")
    assert {r["group"] for r in rows} == {"bench_store"} and len(rows) > 5


@pytest.mark.slow
def test_every_benchmark_runs() -> None:
    rows = run_bench()
    assert {"bench_core", "bench_repair", "bench_store", "bench_library", "bench_paint", "bench_app"} <= {
        r["group"] for r in rows}
