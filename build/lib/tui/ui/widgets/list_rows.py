"""Provides the option lines of the pickers: mentions, key terms, related measures."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from tui.document.model import Document
from tui.document.related import KeyTerm, Related
from tui.document.search import Hit, group_by_chapter, kwic, section_path_label
from tui.i18n import t

SNIPPET = 36  # characters of a related measure's text


def mention_options(doc: Document, hits: tuple[Hit, ...], traditional: bool) -> list[Option]:
    """Hits as keyword-in-context lines under a header per chapter, with counts."""
    options: list[Option] = []
    number = {hit: k for k, hit in enumerate(hits)}
    for chapter, group in group_by_chapter(doc, hits):
        header = Text(t("mentions.group", label=chapter.label(traditional), count=len(group)), style="bold")
        options.append(Option(header, disabled=True))
        for hit in group:
            left, match, right = kwic(doc, hit, traditional=traditional)
            where = [s.label(traditional) for s in doc.path(hit.section_id)[1:]]
            line = Text("  ")
            if where:
                line.append(where[-1][:14], style="dim")
                line.append("  ")
            line.append(left)
            line.append(match, style="bold reverse")
            line.append(right)
            options.append(Option(line, id=str(number[hit])))
    return options


def term_options(terms: list[KeyTerm]) -> list[Option]:
    """Key terms with how often each occurs in the plan; the id is the search text."""
    options = []
    for term in terms:
        line = Text(term.display, style="bold")
        line.append("  " + t("terms.count", count=term.count), style="dim")
        options.append(Option(line, id=term.text))
    return options


def related_options(doc: Document, related: list[Related], traditional: bool) -> list[Option]:
    """Related measures: where, the start of the text, and the shared terms."""
    options = []
    for item in related:
        measure = doc.measure_by_id[item.measure_id]
        text = measure.text_in(traditional)
        line = Text(section_path_label(doc, measure.section_id, traditional), style="bold")
        line.append("\n  " + (text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"))
        line.append("\n  " + t("related.shared", terms="、".join(item.shared)), style="dim")
        options.append(Option(line, id=item.measure_id))
    return options
