"""Provides the message catalogue: every user-facing UI string, zh and en.

The language is ``POLICY_TUI_LANG`` (``zh`` by default, ``en``), read when a
string is looked up.  Key bindings take their descriptions when the UI
modules are imported, so the CLI sets the variable before importing them.

The strings live in ``tui.catalogue``, one module per area; a key is defined
once (a test checks that no two areas define the same key).
"""

from __future__ import annotations

import os

from tui.catalogue import cli, export, ingest, library, notes, reader, store

LANGS = ("zh", "en")

# key -> (zh, en).  Placeholders use str.format names and must match.
MESSAGES: dict[str, tuple[str, str]] = {}
for _part in (reader, notes, export, store, ingest, cli, library):
    MESSAGES.update(_part.MESSAGES)


def lang() -> str:
    """The interface language: ``en`` if POLICY_TUI_LANG says so, else ``zh``."""
    value = os.environ.get("POLICY_TUI_LANG", "").strip().lower()
    return "en" if value.startswith("en") else "zh"


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    zh, en = MESSAGES[key]
    text = en if lang() == "en" else zh
    return text.format(**values) if values else text
