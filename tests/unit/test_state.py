"""The remembered reader state: round trip, damage-proof, bounded."""

from __future__ import annotations

from pathlib import Path

from tui import state
from tui.state import PlanState, State


def test_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert state.load(path) == State()
    s = State(theme="gruvbox", lang="en").with_plan("doc1", PlanState(measure="5.2.p1.m3", search="集团化办学",
                                                                       tree=False, traditional=True))
    state.save(s, path)
    back = state.load(path)
    assert back.theme == "gruvbox" and back.lang == "en"
    assert back.plan("doc1").measure == "5.2.p1.m3" and back.plan("doc1").search == "集团化办学"
    assert back.plan("doc1").tree is False and back.plan("doc1").notes is None and back.plan("doc1").traditional
    assert back.plan("other") == PlanState()
    for junk in ("{", "[]", '{"version": 1, "plans": {"d": {"tree": 5}}}', "\x00" * 10):
        path.write_text(junk, encoding="utf-8")
        assert state.load(path).plans == {}


def test_only_the_most_recent_plans_are_kept(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(state, "MAX_PLANS", 3)
    s = State()
    for k in range(5):
        s = s.with_plan(f"d{k}", PlanState(measure=str(k), seen=""))
    assert len(s.plans) == 3
