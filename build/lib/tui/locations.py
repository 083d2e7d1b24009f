"""Provides every file location the app uses, in one place.

Bundled data is read through ``importlib.resources`` from the package
``tui.data`` (the repository's ``data/`` folder), so an installed wheel finds
it as well as a checkout does.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

# Installed packages are plain folders (pip never installs zipped), so the
# resource root is a real directory.
DATA_DIR = Path(str(resources.files("tui.data")))
BUNDLED_RAW = DATA_DIR / "xuchang-2022-raw.txt"
BUNDLED_DOC = DATA_DIR / "xuchang-2022.json"
BUNDLED_ERRATA = DATA_DIR / "xuchang-2022.errata.json"
COUNTIES_FILE = DATA_DIR / "counties.txt"
TERMS_FILE = DATA_DIR / "terms.txt"


def errata_for(raw_path: Path) -> Path:
    """Errata file shipped beside a raw plan: ``NAME.errata.json``."""
    stem = raw_path.name.removesuffix(".txt").removesuffix("-raw")
    return raw_path.with_name(f"{stem}.errata.json")


def default_db() -> Path:
    """``--db`` beats ``POLICY_TUI_DB`` beats annotations/ under the cwd."""
    env = os.environ.get("POLICY_TUI_DB")
    return Path(env) if env else Path.cwd() / "annotations" / "annotations.json"


def exports_dir() -> Path:
    return Path.cwd() / "annotations" / "exports"


def cache_dir() -> Path:
    """Where raw .txt files opened directly are cached after import."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-tui"
