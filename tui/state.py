"""Provides the reader's remembered state: per plan where you were and what you saw; theme and language.

A small JSON file in the user's state folder (``locations.state_file()``),
written atomically.  Losing it loses nothing of value, so a damaged or
unreadable file is simply started afresh.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tui import locations

VERSION = 1
MAX_PLANS = 200  # the most recently read plans are remembered
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class PlanState:
    """Where the reader was in one plan."""

    measure: str = ""  # measure id under the cursor
    search: str = ""  # the open search
    tree: bool | None = None  # the user's f2 choice (None: by width)
    notes: bool | None = None  # the user's f3 choice
    traditional: bool = False
    seen: str = ""  # when, ISO 8601 (for forgetting the oldest)


@dataclass(frozen=True)
class State:
    theme: str = ""
    lang: str = ""
    plans: dict[str, PlanState] = field(default_factory=dict)

    def plan(self, doc_id: str) -> PlanState:
        return self.plans.get(doc_id, PlanState())

    def with_plan(self, doc_id: str, plan: PlanState) -> State:
        from datetime import UTC, datetime

        stamped = replace(plan, seen=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        plans = {**self.plans, doc_id: stamped}
        if len(plans) > MAX_PLANS:
            keep = sorted(plans.items(), key=lambda kv: kv[1].seen, reverse=True)[:MAX_PLANS]
            plans = dict(keep)
        return replace(self, plans=plans)


def _plan(raw: Any) -> PlanState | None:
    if not isinstance(raw, dict):
        return None
    known = {k: raw[k] for k in PlanState.__dataclass_fields__ if k in raw}
    types = {"measure": str, "search": str, "seen": str, "traditional": bool}
    if any(not isinstance(known[k], t) for k, t in types.items() if k in known):
        return None
    if any(known.get(k) not in (None, True, False) for k in ("tree", "notes")):
        return None
    return PlanState(**known)


def load(path: Path | None = None) -> State:
    """The remembered state; a fresh one if there is none or it cannot be read."""
    path = path or locations.state_file()
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return State()
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return State()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return State()
    raw_plans = data.get("plans")
    plans = {k: p for k, v in (raw_plans.items() if isinstance(raw_plans, dict) else ())
             if isinstance(k, str) and (p := _plan(v)) is not None}
    theme, lang = data.get("theme"), data.get("lang")
    return State(theme if isinstance(theme, str) else "", lang if lang in ("zh", "en") else "", plans)


def save(state: State, path: Path | None = None) -> None:
    """Write ``state`` atomically; a failure is silent (remembering is a convenience)."""
    from tui.files import atomic_write  # here: reading the state (every command) needs none of it

    path = path or locations.state_file()
    data = {"version": VERSION, "theme": state.theme, "lang": state.lang,
            "plans": {k: asdict(v) for k, v in state.plans.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    except OSError:
        pass
