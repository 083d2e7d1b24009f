"""`policy-tui bench --quick` still runs and reports ratios against baselines."""

import json
import subprocess
import sys


def test_bench_quick_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "bench", "--quick", "--json"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    rows = result["rows"]
    groups = {r["group"] for r in rows}
    assert {"bench_core", "bench_store", "bench_paint"} <= groups
    for r in rows:
        assert r["median_ms"] > 0 and r["baseline_ms"] > 0, r
        assert r["ratio"] is None or abs(r["ratio"] - r["median_ms"] / r["baseline_ms"]) < 0.05 * r["ratio"] + 0.02
