"""The plain-Python core must not load textual (or rich): only tui/ui may."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

UI_ONLY = ("tui.ui", "tui.cli")  # the Textual layer, and the command line that starts it


def core_modules() -> list[str]:
    """Every module of the package outside tui/ui and tui/cli."""
    root = Path(tui.__file__).parent
    names = ["tui"]
    for info in pkgutil.walk_packages([str(root)], prefix="tui."):
        if not info.name.startswith(UI_ONLY) and info.name != "tui.__main__":
            names.append(info.name)
    return sorted(names)


def test_the_walk_finds_the_core() -> None:
    names = core_modules()
    for expected in ("tui.document.search", "tui.ingest.pipeline", "tui.annotations.store", "tui.export",
                     "tui.i18n", "tui.locations", "tui.display"):
        assert expected in names
    assert not [n for n in names if n.startswith("tui.ui")]


def test_core_does_not_import_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_opening_a_processed_plan_does_not_load_the_import_pipeline() -> None:
    """Start-up reads JSON only; the repair model (~80 ms of imports) stays unloaded."""
    code = (
        "import sys\n"
        "from tui.ingest.load import load_document\n"
        "load_document(None)\n"
        "print(','.join(m for m in ('tui.ingest.pipeline', 'tui.ingest.repair') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
