"""Provides the rich.Text pieces that show annotations: tag chips, note previews, dates.

Plain rich (no Textual): user text is only ever put into ``Text`` objects, so
markup such as ``[bold]`` shows literally, and control characters are shown
as symbols rather than sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.style import Style
from rich.text import Text

from tui.annotations.model import Annotation
from tui.annotations.tags import is_county
from tui.i18n import t

PREVIEW_CHARS = 600  # of a note in the notes pane; longer notes are cut
SNIPPET_CHARS = 12  # of a note without tags, in the reader's chips row

# C0 controls (but tab and newline) and DEL as their "control pictures" (␛, ␡).
_CONTROLS = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {127: 0x2421}


def clean(text: str) -> str:
    """``text`` safe to show: control characters become visible symbols."""
    return text.translate(_CONTROLS)


def one_line(text: str, limit: int) -> str:
    """The start of ``text`` on one line (newlines as spaces), at most ``limit`` chars."""
    head = " ".join(clean(text[: limit * 4]).split())
    return head if len(head) <= limit and len(text) <= limit * 4 else head[: max(1, limit - 1)] + "…"


def date_of(stamp: str) -> str:
    """``2024-05-01`` from an ISO timestamp (as stored)."""
    return stamp[:10]


@dataclass(frozen=True)
class ChipStyles:
    """How tags are drawn; county tags have their own colour everywhere."""

    tag: Style = Style(bold=True)
    county: Style = Style(bold=True, underline=True)
    note: Style = Style(dim=True)


ChipKind = Literal["tag", "county", "note"]


@dataclass(frozen=True)
class Chip:
    text: str
    kind: ChipKind


def chips_of(annotations: Iterable[Annotation]) -> list[Chip]:
    """Chips for a measure: each tag once (county tags marked), and a short
    snippet for each note that has no tags."""
    seen: set[str] = set()
    chips: list[Chip] = []
    for a in annotations:
        for tag in a.tags:
            if tag not in seen:
                seen.add(tag)
                chips.append(Chip(clean(tag), "county" if is_county(tag) else "tag"))
        if not a.tags:
            chips.append(Chip("✎ " + one_line(a.note, SNIPPET_CHARS) if a.note.strip() else "✎", "note"))
    return chips


def chip_text(chips: Sequence[Chip], styles: ChipStyles) -> Text:
    """Chips as one line: ``#禹州市 #产业 ✎ 需要…``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for k, chip in enumerate(chips):
        if k:
            text.append(" ")
        if chip.kind == "note":
            text.append(chip.text, styles.note)
        else:
            text.append(f"#{chip.text}", styles.county if chip.kind == "county" else styles.tag)
    return text


def tags_text(tags: Sequence[str], styles: ChipStyles) -> Text:
    return chip_text([Chip(clean(tag), "county" if is_county(tag) else "tag") for tag in tags], styles)


def note_preview(note: str, limit: int = PREVIEW_CHARS) -> Text:
    """A note as shown in a pane: at most ``limit`` characters, then how long it is."""
    if len(note) <= limit:
        return Text(clean(note))
    text = Text(clean(note[:limit]) + "…")
    text.append("\n" + t("ann.note.truncated", count=len(note)), style="dim italic")
    return text


def quote_text(a: Annotation, limit: int = 60) -> Text:
    """The annotated span, for sub-span and orphaned annotations: ``「…」``."""
    return Text("「" + one_line(a.anchor.exact, limit) + "」", style="italic")


def annotation_text(a: Annotation, styles: ChipStyles, limit: int = PREVIEW_CHARS) -> Text:
    """One annotation in the notes pane: tags, quoted span, note, dates."""
    text = Text()
    if a.tags:
        text.append_text(tags_text(a.tags, styles))
        text.append("\n")
    if a.anchor.sub_start is not None or a.orphaned:
        text.append_text(quote_text(a))
        text.append("\n")
    if a.note:
        text.append_text(note_preview(a.note, limit))
        text.append("\n")
    dates = t("ann.dates", created=date_of(a.created), updated=date_of(a.updated))
    if date_of(a.created) == date_of(a.updated):
        dates = t("ann.date", created=date_of(a.created))
    text.append(dates, style="dim")
    return text
