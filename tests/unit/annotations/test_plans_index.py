"""The notes list's filter over several plans (plain Python): groups in plan order, chapters per plan."""

from __future__ import annotations

from tests.support.fixture_docs import fixture_annotations, fixture_document
from tests.support.plans import fixture_doc
from tui.annotations.plans import PlanNotes, placed
from tui.annotations.query import PlansIndex
from tui.annotations.store import new_annotation

CITY = fixture_document()
SMALL = fixture_doc("plan_small.txt")


def _index() -> PlansIndex:
    fifth = next(m for m in SMALL.measures if m.section_id.startswith("5") and m.kind == "sentence")
    small_notes = (new_annotation(SMALL, SMALL.measures[3].id, note="县里一", tags=["禹州市"]),
                   new_annotation(SMALL, fifth.id, note="第五章的", tags=["经费"]))
    return PlansIndex([placed(CITY, fixture_annotations(CITY)), PlanNotes(SMALL, small_notes)])


def test_groups_follow_the_plans_and_count_everything() -> None:
    index = _index()
    groups, problem = index.select("")
    assert [g.doc.id for g in groups] == [CITY.id, SMALL.id] and not problem
    assert [len(g.entries) for g in groups] == [7, 2] and len(index) == 9


def test_tags_and_words_filter_in_every_plan() -> None:
    groups, _ = _index().select("#禹州市")
    assert all(all("禹州市" in e.annotation.tags for e in g.entries) for g in groups)
    assert [len(g.entries) for g in groups][1] == 1 and len(groups[0].entries) >= 1


def test_a_chapter_is_read_in_each_plans_numbering() -> None:
    groups, problem = _index().select("章:5")
    assert not problem  # the small plan has a fifth chapter; the city fixture may not
    assert [e.annotation.note for e in groups[1].entries] == ["第五章的"]
    groups, problem = _index().select("章:99")
    assert problem and not any(g.entries for g in groups)  # no plan has it: say why
