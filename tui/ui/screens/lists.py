"""Provides the lists opened over the reader: mentions, key terms, related measures, damaged spots.

Each gathers its rows from the core, opens the list, and moves the reader
(or, for a reviewed damaged spot, replaces the plan's text) when one is picked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets.option_list import Option

from tui.document.corpus import HitStep
from tui.errors import UserError
from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.corpus import Corpus, CorpusHits
    from tui.document.model import Document
    from tui.document.related import Related
    from tui.ui.dialogs.spots import ReviewChoice
    from tui.ui.screens.reader_screen import ReaderScreen


@dataclass(frozen=True)
class Mentions:
    """A mentions list as built for one search, plan, script and width (kept by the screen)."""

    hits: CorpusHits  # compared by identity: a new search makes new hits
    corpus: Corpus
    document: Document
    traditional: bool
    width: int
    options: Sequence[Option]

    def fits(self, screen: ReaderScreen, width: int) -> bool:
        return (self.hits is screen.search.hits and self.corpus is screen.plans.corpus
                and self.document is screen.document
                and self.traditional == screen.traditional and self.width == width)


def open_mentions(screen: ReaderScreen) -> None:
    """``m``: every hit in context, by plan and chapter, under a chart of hits per chapter.

    The list is built once per search (and plan, script and width) and kept:
    opened again, the picker shows the same lines without building them anew.
    """
    s = screen.search
    if not s.hits:
        screen.action_next_hit()  # says why there is nothing to list
        return
    width = screen.app.size.width
    mentions = screen.mentions
    if mentions is None or not mentions.fits(screen, width):
        mentions = screen.mentions = Mentions(s.hits, screen.plans.corpus, screen.document, screen.traditional, width,
                                              mention_lines(screen, width))
    title = t("mentions.title", query=s.query, total=len(s.hits))
    screen.open_list(title, mentions.options, "", lambda choice: screen.go_hit(HitStep(int(choice), False)),
                     start=str(s.index))


def mention_lines(screen: ReaderScreen, width: int) -> Sequence[Option]:
    """The chart of hits per chapter, then the hits by plan and chapter, for a ``width``-column terminal."""
    from tui.document.term_chart import term_chart
    from tui.ui.widgets.list_rows import corpus_mention_options, mention_options

    s = screen.search
    # As wide as the list's box (90% of the screen, at most 110), less its border, padding and bar.
    room = min(width * 9 // 10, 110) - 8
    chart = term_chart(screen.plans.corpus, s.query, max(30, room), screen.traditional)
    if screen.plans.several:  # one block of bars per plan, on one scale
        return corpus_mention_options(screen.plans.corpus, s.hits, screen.traditional, width, chart)
    hits, _current = screen.plans.hits_shown()
    return mention_options(screen.document, hits, screen.traditional, width, chart=chart)


def open_key_terms(screen: ReaderScreen) -> None:
    """``*``: the key terms of the measure; picking one searches it."""
    from tui.document.related import key_terms
    from tui.ui.widgets.list_rows import term_options

    several = screen.plans.several
    found = key_terms(screen.document, screen.measure.id, counted_in=screen.plans.docs if several else ())
    options = term_options(found, several)
    screen.open_list(t("terms.title"), options, t("terms.none"), screen.run_search, hint=t("list.hint_search"))


def open_related(screen: ReaderScreen) -> None:
    """``r``: measures sharing the most distinctive words with this one, and with other
    plans open, the closest measures of each.

    The first time, the word segmenter loads its dictionary (about a second),
    and another plan is cut into words once: that happens in a thread, so the
    reader keeps answering, and the list opens when it is ready.
    """
    from tui.document import words
    from tui.document.related import related_elsewhere, related_measures

    doc, measure_id = screen.document, screen.measure.id
    others = [d for d in screen.plans.docs if d is not doc]
    if words.loaded() and not others:
        show_related(screen, doc, related_measures(doc, measure_id))
        return
    if not words.loaded():
        screen.notify(t("related.loading"))

    def work() -> None:
        found = related_measures(doc, measure_id)
        elsewhere = related_elsewhere(doc, measure_id, others)
        screen.app.call_from_thread(show_related, screen, doc, found, elsewhere)

    screen.run_worker(work, name="related", thread=True, exclusive=True, exit_on_error=False)


def show_related(screen: ReaderScreen, doc: Document, related: list[Related],
                 elsewhere: Sequence[tuple[Document, list[Related]]] = ()) -> None:
    from tui.ui.widgets.list_rows import related_options

    def picked(choice: str) -> None:
        plan_id, _, measure_id = choice.rpartition("\t")
        other = screen.plans.get(plan_id) if plan_id else None
        if other is not None:  # a measure of another open plan: show that plan there
            screen.show_plan(plan_id, other.measure_index[measure_id])
        elif screen.document is doc:
            screen.reader.move_to(doc.measure_index[measure_id], center=True)

    options = related_options(doc, related, screen.traditional, elsewhere)
    screen.open_list(t("related.title"), options, t("related.none"), picked)


def open_spots(screen: ReaderScreen) -> None:
    """``o``: the measure's damaged spans, their readings, and review."""
    from tui.ui.dialogs.spots import SpotsScreen

    if not screen.document.spots_by_measure.get(screen.measure.id, ()):
        screen.notify(t("spots.none"))
        return
    screen.app.push_screen(SpotsScreen(screen.document, screen.measure, screen.traditional),
                           lambda choice: accept_review(screen, choice))


def next_spot(screen: ReaderScreen) -> None:
    """``!``: the next damaged spot still to review, after the cursor (wrapping)."""
    from tui.ingest.review import pending

    doc = screen.document
    waiting = [doc.measure_index[doc.spots[k].measure_id] for k in pending(doc)]
    if not waiting:
        screen.notify(t("review.none_left") if doc.spots else t("review.no_spots"))
        return
    after = [i for i in waiting if i > screen.reader.cursor]
    screen.reader.move_to((after or waiting)[0], center=True)
    if not after:
        screen.notify(t("search.wrapped_first"))


def accept_review(screen: ReaderScreen, choice: ReviewChoice | None) -> None:
    """Apply a reading chosen in the spots screen, and keep it beside the plan's file."""
    if choice is None:
        return
    from tui.ingest.review import accept, save_review

    cursor = screen.reader.cursor
    try:
        doc, entry = accept(screen.document, choice.index, choice.fixed, choice.reason)
    except UserError as exc:  # e.g. no context tells the spot apart: a saved fix could land elsewhere
        screen.notify(str(exc), severity="error", timeout=10)
        return
    # The reading as the text now shows it (its script, restored punctuation), not as the model spelt it.
    spot = doc.spots[choice.index]
    shown = doc.measure_by_id[spot.measure_id].text_in(screen.traditional)[spot.start : spot.end]
    source = screen.sources.get(doc.id)
    if source is None:
        notice = t("review.session_only", fixed=shown)
    else:
        try:
            saved = save_review(doc, [entry], source)
            notice = t("review.accepted_one", fixed=shown, errata=saved.errata)
        except OSError as exc:
            notice = t("review.save_failed", fixed=shown, error=exc.strerror or exc)
    screen.replace_document(doc, cursor)
    screen.notify(notice, timeout=8)
