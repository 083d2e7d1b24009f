"""Provides the library of plans: a folder of processed plans, looked up by name and opened together."""

from tui.library.catalog import Added, Entry, Library, open_plan, open_plans, plan_name

__all__ = ["Added", "Entry", "Library", "open_plan", "open_plans", "plan_name"]
