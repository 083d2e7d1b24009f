"""Chinese line-breaking rules hold in dialogs and lists, not only in the reader."""

from __future__ import annotations

import itertools

import rich.console
import rich.text
import textual.content
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tui.ui import kinsoku
from tui.ui.widgets.line_breaks import NO_END, NO_START

CJK = st.text(alphabet=st.sampled_from(list("教育集团化办学规划“”《》（），。、；：？！ab12")), min_size=1, max_size=120)


def test_install_replaces_the_wrap_textual_and_rich_call() -> None:
    kinsoku.install()
    assert textual.content.divide_line is kinsoku.divide_line
    assert rich.text.divide_line is kinsoku.divide_line


@settings(max_examples=200, deadline=None)
@given(text=CJK, width=st.integers(min_value=6, max_value=40))
def test_no_line_starts_with_closing_punctuation(text: str, width: int) -> None:
    offsets = kinsoku.divide_line(text, width)
    bounds = [0, *offsets, len(text)]
    for a, z in itertools.pairwise(bounds):
        line = text[a:z]
        assert line, (text, offsets)
        assert cell_len(line.rstrip()) <= width
        if a > 0 and not text[a - 1].isspace():  # a fold of one long word may break anywhere
            folded = not any(kinsoku._can_break(text, b) for b in range(bounds[bounds.index(a) - 1] + 1, a + 1))
            assert folded or (line[0] not in NO_START and text[a - 1] not in NO_END), (text, offsets)


def test_spaces_are_break_points_and_dates_stay_whole() -> None:
    text = "创建 2024-05-01 · 修改 2024-05-09"
    lines = [text[a:z] for a, z in zip([0, *kinsoku.divide_line(text, 22)], [*kinsoku.divide_line(text, 22), len(text)],
                                        strict=True)]
    assert [line.strip() for line in lines] == ["创建 2024-05-01 · 修改", "2024-05-09"]


def test_a_dialog_line_never_starts_with_a_comma() -> None:
    kinsoku.install()
    lines = Text("本条共有三条批注，请选择其中一条进行编辑。").wrap(rich.console.Console(), 8)
    assert [line.plain[0] for line in lines if line.plain][1:] and all(
        line.plain[0] not in "，。" for line in lines if line.plain
    )
