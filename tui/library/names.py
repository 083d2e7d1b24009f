"""Provides how a plan named on the command line is told apart: a file, or a name in the library.

Kept apart from the catalogue, so that a command given a file never loads it.
"""

from __future__ import annotations

from pathlib import Path

PLAN_SUFFIXES = (".json", ".txt", ".html", ".htm", ".docx", ".pdf")  # what the importer and reader open


def names_a_file(ref: str) -> bool:
    """Whether a plan named on the command line is a file (else a name in the library)."""
    path = Path(ref).expanduser()
    return path.exists() or path.suffix.lower() in PLAN_SUFFIXES or "/" in ref
