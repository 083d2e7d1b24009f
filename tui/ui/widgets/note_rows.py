"""Provides the option lines of the notes list and of the "which note?" chooser."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from tui.annotations.model import Annotation
from tui.annotations.query import Entry
from tui.display import date_of, one_line
from tui.document.model import Document
from tui.i18n import t
from tui.ui.widgets.ann_text import ChipStyles, quote_text, tags_text

LIST_LIMIT = 300  # entries shown at once; the filter narrows the rest
NOTE_LINE = 60
TITLE_CHARS = 24  # of the section's title
UNNUMBERED_CHARS = 8  # of an ancestor's title where it has no number
QUOTE_CHARS = 40  # of the quoted measure (or the annotated hit)
NEW = "new"  # the chooser's id for "a new note"


def _where(doc: Document, a: Annotation) -> str:
    """``五 › （二）促进义务教育…``: the numbers of the path (a title's start where there is no
    number, as for an attachment printed without one), then the section's own title."""
    section = doc.measure_by_id[a.anchor.measure_id].section_id
    path = [s for s in doc.path(section) if s.level >= 1] or list(doc.path(section))
    numbers = [s.number.rstrip("、.． ") or one_line(s.title_in(), UNNUMBERED_CHARS) for s in path[:-1]]
    numbers = [n for n in numbers if n]
    return " › ".join([*numbers, one_line(path[-1].label(), TITLE_CHARS)])


def entry_text(doc: Document, a: Annotation, styles: ChipStyles, orphan: bool = False) -> Text:
    """An annotation as list lines: where, the quoted text, tags, the start of the note."""
    text = Text()
    if orphan:
        text.append_text(quote_text(a, 40))
    else:
        text.append(_where(doc, a), style="bold")
        text.append(f"  {a.anchor.measure_id}", style="dim")
        text.append("\n")
        text.append_text(quote_text(a, QUOTE_CHARS))
    if a.tags:
        text.append("\n")
        text.append_text(tags_text(a.tags, styles))
    if a.note.strip():
        text.append("\n" + one_line(a.note, NOTE_LINE))
    text.append(f"  {date_of(a.updated)}", style="dim")
    return text


def note_options(doc: Document, entries: Sequence[Entry], styles: ChipStyles,
                 limit: int = LIST_LIMIT) -> list[Option]:
    """Placed annotations in document order, then a group of orphans (never left out)."""
    placed = [e for e in entries if not e.orphan]
    orphans = [e for e in entries if e.orphan]
    options = [Option(entry_text(doc, e.annotation, styles), id=e.annotation.uuid) for e in placed[:limit]]
    if len(placed) > limit:
        options.append(Option(Text(t("ann.list.more", count=len(placed) - limit), style="dim"), disabled=True))
    if orphans:
        # The orphans' group has its own header and limit: they are never crowded out.
        options.append(Option(Text(t("ann.list.orphans", count=len(orphans)), style="bold"), disabled=True))
        options += [Option(entry_text(doc, e.annotation, styles, orphan=True), id=e.annotation.uuid)
                    for e in orphans[:limit]]
        if len(orphans) > limit:
            options.append(Option(Text(t("ann.list.more", count=len(orphans) - limit), style="dim"), disabled=True))
    if not entries:
        options.append(Option(Text(t("ann.list.none"), style="dim"), disabled=True))
    return options


def choice_options(doc: Document, annotations: Sequence[Annotation], styles: ChipStyles,
                   with_new: bool) -> list[Option]:
    """The notes of one measure to choose from (and "new note")."""
    options = [Option(entry_text(doc, a, styles), id=a.uuid) for a in annotations]
    if with_new:
        options.append(Option(Text(t("ann.choose.new"), style="bold"), id=NEW))
    return options
