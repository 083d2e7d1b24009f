"""Provides the rich.Text pieces that show annotations: tag chips, note previews, dates.

Plain rich (no Textual): user text is only ever put into ``Text`` objects, so
markup such as ``[bold]`` shows literally, and control characters are shown
as symbols rather than sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from tui.annotations.chips import Chip, tag_chip
from tui.annotations.model import Annotation
from tui.display import clean, date_of, one_line
from tui.i18n import t

PREVIEW_CHARS = 600  # of a note in the notes pane; longer notes are cut


@dataclass(frozen=True)
class ChipStyles:
    """How tags are drawn; county tags have their own colour everywhere."""

    # rich Styles are immutable: one shared default is safe.
    tag: Style = Style(bold=True)  # noqa: RUF009
    county: Style = Style(bold=True, underline=True)  # noqa: RUF009
    note: Style = Style(dim=True)  # noqa: RUF009


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
    return chip_text([tag_chip(tag) for tag in tags], styles)


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
