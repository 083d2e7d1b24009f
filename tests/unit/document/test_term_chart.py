"""Bar charts of hits per chapter, drawn with block characters and aligned by terminal cells."""

from __future__ import annotations

from tui.display import cells
from tui.document.corpus import Corpus
from tui.document.model import Document
from tui.document.term_chart import ChartRow, bar, chart_lines, cut, term_chart


def test_bars_are_drawn_in_eighths() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 2, 1) == "▌"
    assert bar(1, 16, 1) == "▏"  # half an eighth rounds up to one: any hit shows
    assert bar(1, 1000, 10) == "▏"
    assert bar(0, 10, 4) == "" and bar(3, 0, 4) == ""


def test_labels_are_cut_and_padded_by_cells() -> None:
    assert cut("一二三四五", 6) == "一二…"
    assert cells(cut("一二三四五", 6)) <= 6
    rows = [ChartRow("一、总体要求", 4), ("二、" + "很长的章节标题" * 5, 2), ChartRow("abc", 0)]
    rows = [r if isinstance(r, ChartRow) else ChartRow(*r) for r in rows]
    lines = chart_lines(rows, width=50)
    assert {cells(line) for line in lines} == {50}  # every line the same width, CJK included
    assert lines[0].endswith(" 4") and "████" in lines[0]
    assert lines[2].rstrip().endswith("0")


def test_term_chart_of_several_plans_shares_one_scale(small_doc: Document, bundled_doc: Document) -> None:
    lines = term_chart(Corpus([small_doc, bundled_doc]), "集团化办学", width=60)
    assert lines[0].startswith(small_doc.meta.title) and lines[0].endswith("3")
    title_line = next(k for k, line in enumerate(lines) if line.startswith(bundled_doc.meta.title))
    assert lines[title_line - 1] == ""
    ones = [line for line in lines if line.endswith(" 1")]
    twos = [line for line in lines if line.endswith(" 2")]
    assert ones and twos
    assert all(line.count("█") * 2 in range(twos[0].count("█") - 1, twos[0].count("█") + 2) for line in ones)
    single = term_chart(Corpus([bundled_doc]), "集团化办学", width=60)
    assert len(single) == len(bundled_doc.chapters)  # no title line for one plan


def test_a_plan_with_hundreds_of_chapters_is_charted_in_runs(bundled_doc: Document) -> None:
    """Hundreds of one-line bars say nothing: at most MAX_ROWS rows, each a run of neighbouring chapters."""
    import dataclasses

    from tui.document.model import Section
    from tui.document.term_chart import MAX_ROWS

    class Many(Corpus):
        def chapter_counts(self, query: str) -> list[tuple[Document, list[tuple[Section, int]]]]:
            chapter = bundled_doc.chapters[0]
            rows = [(dataclasses.replace(chapter, number=f"第{k}章", title=""), 1 if k % 100 == 0 else 0)
                    for k in range(1, 651)]
            return [(bundled_doc, rows)]

    lines = term_chart(Many([bundled_doc]), "x", width=60)
    assert len(lines) == MAX_ROWS - 1  # 650 chapters in runs of 17
    assert lines[0].startswith("第1章–第17章")
    assert sum(int(line.split()[-1]) for line in lines) == 6  # every hit is still counted
