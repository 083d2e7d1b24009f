"""Tests of the reader's CJK line wrapping and row layout (plain Python, no Textual app)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.document.model import Document
from tui.ui.widgets.wrap import (
    NO_END,
    NO_START,
    BlockTexts,
    Layout,
    cumulative_widths,
    wrap_offsets,
)

CHARS = st.sampled_from(list("教育集团化办学，。、“”《》（）ab12 Xyz%…") + ["𪾢", "é"])


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    return [text[s:e] for s, e in wrap_offsets(text, cumulative_widths(text), width, indent)]


def test_cjk_lines_fill_whole_characters_only() -> None:
    lines = wrap("积极推进集团化办学组建教育集团", 9)
    assert lines == ["积极推进", "集团化办", "学组建教", "育集团"]  # 8 of 9 cells: never half a char
    assert all(cell_len(line) <= 9 for line in lines)


def test_closing_punctuation_never_starts_a_line() -> None:
    lines = wrap("教育是国之大计，党之大计。", 14)
    assert lines[0] == "教育是国之大"  # "计" moves down with the comma after it
    assert lines[1].startswith("计，")


def test_opening_punctuation_never_ends_a_line() -> None:
    lines = wrap("根据国家《教育规划》执行", 10)
    assert not lines[0].endswith("《")


def test_ascii_words_stay_whole() -> None:
    lines = wrap("新增学位2025个hello", 14)
    assert "2025" in lines[0] + lines[1] and all(line[-3:] != "202" for line in lines)


def test_options_ranges_and_names_stay_whole() -> None:
    # A break after their hyphen read as two words: "--" / "force", "policy-" / "tui".
    for word in ("--force", "policy-tui", "2021-2025", "plan.pdf"):
        lines = wrap(f"已有的文件只有加{word}才会被覆盖", 12)
        assert any(word in line for line in lines), (word, lines)
    # Pulling a closing bracket down (it may not start a line) must not split the word before it
    # (below 28 cells, "UTF-16）、.html/.htm、" has no break the rules allow: they give way).
    for width in range(28, 60):
        lines = wrap("规划文件：.txt（UTF-8、GB18030/GBK 或 UTF-16）、.html/.htm、.docx 或 .pdf", width)
        assert not any(line.rstrip().endswith("UTF-1") for line in lines), (width, lines)


def test_first_line_indent_narrows_the_first_line() -> None:
    lines = wrap("一二三四五六七八九十", 10, indent=4)
    assert lines[0] == "一二三" and lines[1] == "四五六七八"


@settings(max_examples=300, deadline=None)
@given(st.text(CHARS, min_size=0, max_size=80), st.integers(min_value=2, max_value=40), st.integers(0, 6))
def test_wrap_properties(text: str, width: int, indent: int) -> None:
    lines = wrap(text, width, indent)
    assert "".join(lines) == text  # nothing lost, nothing repeated
    for k, line in enumerate(lines):
        room = max(2, width - indent) if k == 0 else width
        # A line is over-full only when it holds a single character wider than the room.
        assert cell_len(line) <= room or len(line) == 1
        if text and line == "":
            raise AssertionError("empty line inside a text")
    for prev, line in itertools.pairwise(lines):
        # The rules give way only when a line would otherwise be a lone character.
        if line[:1] in NO_START:
            assert len(prev) <= 1 or all(c in NO_START for c in prev[1:]) or prev[-1:] in NO_END
        if prev[-1:] in NO_END:
            assert len(prev) <= 1 or all(c in NO_END for c in prev)


def test_layout_rows_cover_every_measure(small_doc: Document) -> None:
    texts = BlockTexts(small_doc, traditional=False)
    for width in (24, 40, 77, 120):
        layout = Layout(texts, width)
        for i, measure in enumerate(small_doc.measures):
            first, last = layout.measure_first_row[i], layout.measure_last_row[i]
            assert first <= last
            block = texts.measure_block[i]
            shown = "".join(
                texts.texts[block][layout.row_start[r] : layout.row_end[r]] for r in range(first, last + 1)
            )
            assert measure.text in shown
            assert layout.measure_at_row(first, layout.row_indent[first] if first == layout.block_first_row[block] else 0) is not None
        for r in range(layout.height):
            b = layout.row_block[r]
            if b >= 0:
                text = texts.texts[b][layout.row_start[r] : layout.row_end[r]]
                assert cell_len(text) + layout.row_indent[r] <= layout.text_width


def test_traditional_layout_has_the_same_offsets(small_doc: Document) -> None:
    simp, trad = BlockTexts(small_doc, False), BlockTexts(small_doc, True)
    assert simp.measure_offset == trad.measure_offset
    assert [len(t) for t in simp.texts] == [len(t) for t in trad.texts]
    assert simp.texts != trad.texts


def test_each_row_of_a_table_starts_a_line() -> None:
    """A table block was drawn as one paragraph, its rows run together."""
    from tests.support.paths import PLANS
    from tui.ingest.pipeline import run_import

    doc = run_import((PLANS / "plan_toc_table.txt").read_text(encoding="utf-8"), source="plan_toc_table.txt").doc
    texts = BlockTexts(doc, traditional=False)
    b = next(k for k, block in enumerate(doc.blocks) if block.kind == "table")
    rows = [doc.measure_by_id[m].text for m in doc.blocks[b].measure_ids]
    for width in (24, 40, 120):
        layout = Layout(texts, width)
        starts = [layout.row_start[r] for r in range(layout.height) if layout.row_block[r] == b]
        assert set(texts.block_bounds[b][:-1]) <= set(starts)  # every table row begins a screen row
        shown = [(layout.row_indent[r], texts.texts[b][layout.row_start[r]:layout.row_end[r]])
                 for r in range(layout.height) if layout.row_block[r] == b]
        assert "".join(text for _, text in shown) == "".join(rows)
        assert all(cell_len(text) + indent <= layout.text_width for indent, text in shown)
        if width == 120:
            assert [text for _, text in shown] == rows
