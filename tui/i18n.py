"""Provides the message catalogue: every user-facing UI string, zh and en.

The language is ``POLICY_TUI_LANG`` (``zh`` by default, ``en``), read when a
string is looked up.  Key bindings take their descriptions when the UI
modules are imported, so the CLI sets the variable before importing them.

The strings live in ``tui.catalogue``, one module per area; a key is defined
once (a test checks that no two areas define the same key). The areas are read
as keys are asked for, in ``PARTS`` order, so that a short command such as
``search`` reads the three it uses, not all seven.
"""

from __future__ import annotations

import _thread
import os
from importlib import import_module

LANGS = ("zh", "en")
PARTS = ("cli", "library", "reader", "notes", "export", "store", "ingest")

# key -> (zh, en), of the areas read so far.  Placeholders use str.format names and must match.
_MESSAGES: dict[str, tuple[str, str]] = {}
_unread = iter(PARTS)
_reading = _thread.allocate_lock()  # the reader's worker threads look strings up too


def _read(until: str | None = None) -> dict[str, tuple[str, str]]:
    """The areas read so far, after reading on until ``until`` is among them (None: all)."""
    with _reading:
        for part in _unread:
            _MESSAGES.update(import_module(f"tui.catalogue.{part}").MESSAGES)
            if until is not None and until in _MESSAGES:
                break
    return _MESSAGES


def _entry(key: str) -> tuple[str, str]:
    entry = _MESSAGES.get(key)
    return entry if entry is not None else _read(key)[key]  # KeyError: a key no area defines


def messages() -> dict[str, tuple[str, str]]:
    """The whole catalogue, key -> (zh, en)."""
    return _read()


def lang() -> str:
    """The interface language: ``en`` if POLICY_TUI_LANG says so, else ``zh``."""
    value = os.environ.get("POLICY_TUI_LANG", "").strip().lower()
    return "en" if value.startswith("en") else "zh"


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    zh, en = _entry(key)
    text = en if lang() == "en" else zh
    return text.format(**values) if values else text
