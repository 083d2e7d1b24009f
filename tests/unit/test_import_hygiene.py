"""The plain-Python core must not load textual (or rich)."""

import subprocess
import sys

CORE = [
    "tui.ingest.pipeline", "tui.ingest.load", "tui.document.search", "tui.document.serialize",
    "tui.annotations.model", "tui.errors", "tui.locations",
]


def test_core_does_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "for name in ('tui.annotations.store', 'tui.export'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        if exc.name != name: raise\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_opening_a_processed_plan_does_not_load_the_import_pipeline():
    """Start-up reads JSON only; the repair model (~80 ms of imports) stays unloaded."""
    code = (
        "import sys\n"
        "from tui.ingest.load import load_document\n"
        "load_document(None)\n"
        "print(','.join(m for m in ('tui.ingest.pipeline', 'tui.ingest.repair') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
