"""Provides every file location the app uses, in one place.

Bundled data is read from the folder of the package ``tui.data`` (the
repository's ``data/`` folder), so an installed wheel finds it as well as a
checkout does.

Where notes live, as git finds its repository: ``--db`` beats
``$POLICY_TUI_DB``; then an ``annotations/`` folder in the current directory
or one of its parents (a project notebook, which can live under git); then a
per-user file in the platform's data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

APP = "policy-tui"
# Installed packages are plain folders (pip never installs zipped), so the
# package's folder is the data folder.  Not importlib.resources: importing it
# (zipfile, tempfile …) costs a command like ``search`` a quarter of its time.
DATA_DIR = Path(str(import_module("tui.data").__file__)).parent
BUNDLED_RAW = DATA_DIR / "xuchang-2022-raw.txt"
BUNDLED_DOC = DATA_DIR / "xuchang-2022.json"
BUNDLED_ERRATA = DATA_DIR / "xuchang-2022.errata.json"
COUNTIES_FILE = DATA_DIR / "counties.txt"
TERMS_FILE = DATA_DIR / "terms.txt"
FOLD_TABLE = DATA_DIR / "fold-table.txt"  # see document.search.write_fold_table
PROJECT_FOLDER = "annotations"
DB_NAME = "annotations.json"


def errata_for(path: str | Path) -> Path:
    """The errata beside a raw plan or a processed one: ``NAME.errata.json``
    (``x-raw.txt``, ``x.txt`` and ``x.json`` share ``x.errata.json``)."""
    p = Path(path)
    stem = p.name
    for suffix in (".json", ".txt"):
        stem = stem.removesuffix(suffix)
    return p.with_name(f"{stem.removesuffix('-raw')}.errata.json")


@dataclass(frozen=True)
class DbChoice:
    """The annotation database in use, and why it was chosen."""

    path: Path
    source: str  # "option" (--db), "env" ($POLICY_TUI_DB), "project" (annotations/ here or above), "user"


def project_folder(start: Path | None = None) -> Path | None:
    """The nearest ``annotations/`` folder in ``start`` (default: cwd) or a parent."""
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FOLDER
        if candidate.is_dir():
            return candidate
    return None


def user_data_dir() -> Path:
    import platformdirs  # here: the commands that never ask pay nothing for it

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def choose_db(option: str | Path | None = None) -> DbChoice:
    """Which database to use (see the module docstring)."""
    if option:
        return DbChoice(Path(option).expanduser(), "option")
    env = os.environ.get("POLICY_TUI_DB")
    if env:
        return DbChoice(Path(env).expanduser(), "env")
    project = project_folder()
    if project is not None:
        return DbChoice(project / DB_NAME, "project")
    return DbChoice(user_data_dir() / DB_NAME, "user")


def default_db() -> Path:
    """The database when no ``--db`` is given."""
    return choose_db().path


def exports_dir(db: Path | None = None) -> Path:
    """Exports go beside the notes they come from: ``<notes folder>/exports``."""
    return (db or default_db()).absolute().parent / "exports"


def cache_dir() -> Path:
    """Where raw plans opened directly are cached after import."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def state_file() -> Path:
    """The reader's remembered state (position per plan, theme, language)."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP, appauthor=False)) / "state.json"


def library_dir() -> Path:
    """The default library of imported plans."""
    return user_data_dir() / "library"
