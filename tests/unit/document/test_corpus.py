"""Search over several plans: hits tagged with their plan, groups, counts, stepping across plans."""

from __future__ import annotations

import dataclasses

from tui.document.corpus import Corpus, CorpusSearch
from tui.document.model import Document
from tui.document.search import search


def test_hits_are_tagged_and_grouped_by_plan_then_chapter(small_doc: Document, bundled_doc: Document) -> None:
    corpus = Corpus([small_doc, bundled_doc])
    hits = corpus.search("集团化办学")
    assert [h.doc_id for h in hits] == [small_doc.id] * 3 + [bundled_doc.id] * 4
    assert [h.hit for h in hits[3:]] == list(search(bundled_doc, "集团化办学"))
    groups = corpus.counts(hits)
    assert [(g.doc.id, g.count) for g in groups] == [(small_doc.id, 3), (bundled_doc.id, 4)]
    assert [(c.chapter.number, c.count, c.first) for c in groups[1].chapters] == [("一、", 1, 3), ("五、", 2, 4),
                                                                                  ("六、", 1, 6)]
    assert hits[-1] == hits[6] and hits[6].hit == search(bundled_doc, "集团化办学")[-1]
    assert list(hits) == hits[:]


def test_chapter_counts_include_chapters_without_hits(bundled_doc: Document) -> None:
    [(doc, rows)] = Corpus([bundled_doc]).chapter_counts("集团化办学")
    assert doc is bundled_doc
    assert len(rows) == len(bundled_doc.chapters)  # the notice and preface have no hits: left out
    assert sum(n for _, n in rows) == 4 and rows[4][1] == 2


def test_mention_rows_have_plan_and_chapter_headers_and_a_limit(small_doc: Document, bundled_doc: Document) -> None:
    corpus = Corpus([small_doc, bundled_doc])
    hits = corpus.search("集团化办学")
    rows = corpus.mention_rows(hits)
    assert [r.kind for r in rows[:3]] == ["plan", "chapter", "hit"]
    assert [r.index for r in rows if r.kind == "hit"] == list(range(7))
    assert sum(r.count for r in rows if r.kind == "plan") == 7
    short = corpus.mention_rows(hits, limit=2)
    assert [r.kind for r in short].count("hit") == 2
    assert sum(r.count for r in short if r.kind == "more") == 5
    single = Corpus([bundled_doc])
    assert "plan" not in {r.kind for r in single.mention_rows(single.search("集团化办学"))}  # one plan: no plan header
    assert single.mention_rows(single.search("火星")) == []


def test_stepping_walks_across_plans_and_wraps(small_doc: Document, bundled_doc: Document) -> None:
    corpus = Corpus([small_doc, bundled_doc])
    session = CorpusSearch(corpus)
    last_small = len(small_doc.measures) - 1
    step = session.run("集团化办学", small_doc.id, last_small)
    assert step is not None and not step.wrapped
    assert session.go(step.index).doc_id == bundled_doc.id  # past the end of the first plan: the next plan
    assert step.index == 3
    order, wraps = [], []
    for _ in range(len(session.hits)):
        cur = session.current
        assert cur is not None
        step = session.step(cur.doc_id, corpus.by_id[cur.doc_id].measure_index[cur.hit.measure_id], True)
        assert step is not None
        session.go(step.index)
        order.append(step.index)
        wraps.append(step.wrapped)
    assert order == [4, 5, 6, 0, 1, 2, 3]  # two hits in one measure included; back to the first plan
    assert wraps == [False, False, False, True, False, False, False]
    back = session.step(bundled_doc.id, bundled_doc.measure_index[session.hits[3].hit.measure_id], False)
    assert back is not None and back.index == 2 and session.hits[2].doc_id == small_doc.id


def test_same_measure_ids_in_two_plans_stay_apart(small_doc: Document) -> None:
    twin = dataclasses.replace(small_doc, id="twin")
    corpus = Corpus([small_doc, twin])
    hits = corpus.search("集团化办学")
    assert len(hits) == 6 and {h.doc_id for h in hits} == {small_doc.id, "twin"}
