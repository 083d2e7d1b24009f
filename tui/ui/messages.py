"""Provides the Textual messages the reader's widgets send up to the screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.message import Message

from tui.annotations.chips import Chip

ChipSource = Callable[[str], Sequence[Chip]]
SpanSource = Callable[[str], Sequence[tuple[int, int]]]  # measure id -> annotated sub-spans


@dataclass
class CursorMoved(Message):
    """The measure under the reader's cursor changed."""

    index: int
    measure_id: str


@dataclass
class NotesChanged(Message):
    """The notes changed (here or in another instance): marks, chips and counts to show."""

    marks: dict[str, str]  # gutter mark by measure id
    chips: ChipSource
    counts: dict[str, int]  # annotations per section id
    spans: SpanSource | None = None  # the words a note on a search hit is about


@dataclass
class JumpTo(Message):
    """Move the reader to a measure (a note picked in the list, ``[`` / ``]``).

    ``doc_id`` names the plan when it may not be the one shown (the notes list spans plans).
    """

    index: int
    doc_id: str = ""


@dataclass
class ShowNotesPane(Message):
    """The notes pane wants to be seen (the notes list opened while it was hidden)."""
