"""Provides the library of plans: a folder of processed plans, looked up by name and opened together.

The catalogue is imported on first use, so that ``tui.library.names`` (asked
by every command that takes a plan) does not load it.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from typing import Any

    from tui.library.catalog import Added, Entry, Library, every_plan, load_plan, open_plan, open_plans, plan_name

__all__ = ["Added", "Entry", "Library", "every_plan", "load_plan", "open_plan", "open_plans", "plan_name"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("tui.library.catalog"), name)
    try:  # a submodule: from tui.library import targets_report
        return import_module(f"tui.library.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'tui.library' has no attribute {name!r}") from None
