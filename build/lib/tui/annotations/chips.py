"""Provides Chip: how a measure's annotations are summed up in one row (tags, note snippets)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tui.annotations.model import Annotation
from tui.annotations.tags import is_county
from tui.display import clean, one_line

SNIPPET_CHARS = 12  # of a note without tags, in the reader's chips row

ChipKind = Literal["tag", "county", "note"]


@dataclass(frozen=True)
class Chip:
    text: str
    kind: ChipKind


def tag_chip(tag: str) -> Chip:
    return Chip(clean(tag), "county" if is_county(tag) else "tag")


def chips_of(annotations: Iterable[Annotation]) -> list[Chip]:
    """Chips for a measure: each tag once (county tags marked), and a short
    snippet for each note that has no tags."""
    seen: set[str] = set()
    chips: list[Chip] = []
    for a in annotations:
        for tag in a.tags:
            if tag not in seen:
                seen.add(tag)
                chips.append(tag_chip(tag))
        if not a.tags:
            chips.append(Chip("✎ " + one_line(a.note, SNIPPET_CHARS) if a.note.strip() else "✎", "note"))
    return chips
