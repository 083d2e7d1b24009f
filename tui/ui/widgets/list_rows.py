"""Provides the option lines of the pickers: mentions, key terms, related measures.

Every piece of plan text in a line goes through ``clean_row`` (nothing in it
can drive the terminal) and labels are cut at ``LABEL_CHARS``.  The
mentions of a common term in a big plan run to thousands of lines, so
``MentionOptions`` makes each line only when the list asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from rich.text import Text
from textual.widgets.option_list import Option

from tui.display import clean_row, one_line
from tui.document.corpus import Corpus, CorpusHits
from tui.document.model import Document, Section
from tui.document.related import KeyTerm, Related
from tui.document.search import LABEL_CHARS, Hit, group_by_chapter, kwic, section_path_label
from tui.i18n import t
from tui.ui.script import plan_title

SNIPPET = 36  # characters of a related measure's text
WHERE_CHARS = 14  # characters of the section title beside a mention, at 80 columns


def where_chars(width: int) -> int:
    """How much of a section's title fits beside a mention on a ``width``-column terminal."""
    return max(WHERE_CHARS, min(60, (width - 60) // 2))


class MentionOptions(Sequence[Option]):
    """Hits as keyword-in-context lines under a header per chapter, with counts.

    Only the order (headers and hits) is worked out at once; each line is
    made, and kept, the first time it is read.
    """

    def __init__(self, doc: Document, hits: tuple[Hit, ...], traditional: bool, where: int = WHERE_CHARS,
                 first: int = 0, chart: Sequence[str] = ()) -> None:
        self._doc, self._traditional, self._where, self._first = doc, traditional, where, first
        self._entries: list[tuple[Section, int] | tuple[Hit, int]] = []  # (chapter, count) or (hit, number)
        number = {hit: k for k, hit in enumerate(hits)}
        for chapter, group in group_by_chapter(doc, hits):
            self._entries.append((chapter, len(group)))
            self._entries.extend((hit, number[hit]) for hit in group)
        self._chart = chart_options(chart)
        self._made: list[Option | None] = [None] * len(self._entries)

    def __len__(self) -> int:
        return len(self._chart) + len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Option: ...

    @overload
    def __getitem__(self, index: slice) -> list[Option]: ...

    def __getitem__(self, index: int | slice) -> Option | list[Option]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < len(self._chart):
            return self._chart[index]
        k = index - len(self._chart)
        option = self._made[k]
        if option is None:
            option = self._made[k] = self._make(*self._entries[k])
        return option

    def _make(self, what: Section | Hit, value: int) -> Option:
        """A chapter header (``value``: its count of hits) or a hit's line (``value``: its number)."""
        doc, traditional = self._doc, self._traditional
        if isinstance(what, Section):
            label = one_line(what.label(traditional), LABEL_CHARS)
            return Option(Text(t("mentions.group", label=label, count=value), style="bold"), disabled=True)
        left, match, right = kwic(doc, what, traditional=traditional)
        where = [s.label(traditional) for s in doc.path(what.section_id)[1:]]
        line = Text("  ")
        if where:
            line.append(one_line(where[-1], self._where), style="dim")
            line.append("  ")
        line.append(clean_row(left))
        line.append(clean_row(match), style="bold reverse")
        line.append(clean_row(right))
        return Option(line, id=str(self._first + value))


def mention_options(doc: Document, hits: tuple[Hit, ...], traditional: bool, width: int = 80,
                    first: int = 0, chart: Sequence[str] = ()) -> MentionOptions:
    """The mentions list of ``hits`` (lines made as they are read) for a ``width``-column terminal;
    option ids count from ``first`` (the plan's first hit among every open plan's)."""
    return MentionOptions(doc, hits, traditional, where_chars(width), first, chart)


def chart_options(chart: Sequence[str]) -> list[Option]:
    """The chart of hits per chapter, first in a mentions list, as plain (unpickable) lines."""
    return [Option(Text(clean_row(line), style="dim"), id=f"chart-{k}", disabled=True)
            for k, line in enumerate(chart)]


def corpus_mention_options(corpus: Corpus, hits: CorpusHits, traditional: bool, width: int = 80,
                           chart: Sequence[str] = ()) -> list[Option]:
    """The mentions list over several plans: the chart (a block per plan), then a header per plan,
    then per chapter, with counts; option ids are hit numbers among every plan's hits."""
    where = where_chars(width)
    options: list[Option] = chart_options(chart)
    for row in corpus.mention_rows(hits):
        if row.kind == "plan":
            title = one_line(plan_title(row.doc, traditional), LABEL_CHARS)
            options.append(Option(Text(t("mentions.plan", title=title, count=row.count), style="bold reverse"),
                                  disabled=True))
        elif row.kind == "chapter" and row.chapter is not None:
            label = one_line(row.chapter.label(traditional), LABEL_CHARS)
            options.append(Option(Text(t("mentions.group", label=label, count=row.count), style="bold"),
                                  disabled=True))
        elif row.kind == "more":
            options.append(Option(Text(t("mentions.more", count=row.count), style="dim"), disabled=True))
        else:
            hit = hits[row.index].hit
            one = MentionOptions(row.doc, (hit,), traditional, where, row.index)
            options.append(one[1])  # [0] is the chapter header
    return options


def term_options(terms: list[KeyTerm], several: bool = False) -> list[Option]:
    """Key terms with how often each occurs in the plan (``several``: in the plans open,
    which a search runs over); the id is the search text."""
    options = []
    for term in terms:
        line = Text(clean_row(term.display), style="bold")
        line.append("  " + t("terms.count_open" if several else "terms.count", count=term.count), style="dim")
        options.append(Option(line, id=term.text))
    return options


def related_options(doc: Document, related: list[Related], traditional: bool,
                    elsewhere: Sequence[tuple[Document, list[Related]]] = ()) -> list[Option]:
    """Related measures: where, the start of the text, and the shared terms; with other plans
    open (``elsewhere``), a group per plan, whose options' ids are ``plan id<TAB>measure id``."""
    several = any(found for _, found in elsewhere)
    options: list[Option] = []
    for plan, found in ((doc, related), *elsewhere):
        if several and found:
            title = one_line(plan_title(plan, traditional), LABEL_CHARS)
            options.append(Option(Text(title, style="bold"), disabled=True))
        for item in found:
            measure = plan.measure_by_id[item.measure_id]
            text = clean_row(measure.text_in(traditional))
            line = Text(section_path_label(plan, measure.section_id, traditional), style="bold")
            line.append("\n  " + (text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"))
            line.append("\n  " + t("related.shared", terms=clean_row("、".join(item.shared))), style="dim")
            options.append(Option(line, id=item.measure_id if plan is doc else f"{plan.id}\t{item.measure_id}"))
    return options
