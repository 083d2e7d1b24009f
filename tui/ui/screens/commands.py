"""Provides command palette providers: go to a section, search the typed text, go to another plan."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import t

if TYPE_CHECKING:
    from tui.ui.screens.reader_screen import ReaderScreen


def _reader_screen(provider: Provider) -> ReaderScreen | None:
    from tui.ui.screens.reader_screen import ReaderScreen

    screen: Any = provider.screen
    return screen if isinstance(screen, ReaderScreen) else None


class SectionCommands(Provider):
    """Go to a chapter, section or item, fuzzy by its number or title."""

    def _entries(self) -> list[tuple[str, str, str]]:
        """(label, extra text matched too, section id) of every section."""
        screen = _reader_screen(self)
        if screen is None:
            return []
        doc, trad = screen.document, screen.traditional
        entries = []
        for section in doc.sections:
            numbers = "".join(s.number for s in doc.path(section.id))
            title = section.title_in(trad)
            label = f"{numbers} {title}".strip()
            entries.append((label, section.id, section.id))
        return entries

    async def discover(self) -> Hits:
        screen = _reader_screen(self)
        if screen is None:
            return
        for label, _, sid in self._entries():
            if screen.document.section_by_id[sid].level <= 1:
                yield DiscoveryHit(label, partial(screen.go_to_section, sid), help=t("cmd.goto"))

    async def search(self, query: str) -> Hits:
        screen = _reader_screen(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        for label, extra, sid in self._entries():
            score = matcher.match(label)
            # "5.2" finds 五、(二) too: the section id is matched as well.
            by_id = matcher.match(extra) * 0.9
            if max(score, by_id) > 0:
                text = matcher.highlight(label) if score >= by_id else label
                yield Hit(max(score, by_id), text, partial(screen.go_to_section, sid), help=t("cmd.goto"))


class SearchCommands(Provider):
    """Offers to search the plan for whatever was typed."""

    async def search(self, query: str) -> Hits:
        screen = _reader_screen(self)
        text = query.strip()
        if screen is None or not text:
            return
        # Low score: a section that matches ranks above the plain search.
        yield Hit(0.01, t("cmd.search_for", query=text), partial(screen.run_search, text), help=t("cmd.search.help"))


class PlanCommands(Provider):
    """With several plans open: go to another plan."""

    def _plans(self) -> list[tuple[str, str]]:
        screen = _reader_screen(self)
        if screen is None or not screen.plans.several:
            return []
        return [(t("cmd.switch_plan", title=d.display_title), d.id)
                for d in screen.plans.docs if d.id != screen.document.id]

    async def discover(self) -> Hits:
        screen = _reader_screen(self)
        for label, doc_id in self._plans():
            if screen is not None:
                yield DiscoveryHit(label, partial(screen.show_plan, doc_id), help=t("cmd.switch_plan.help"))

    async def search(self, query: str) -> Hits:
        screen = _reader_screen(self)
        matcher = self.matcher(query)
        for label, doc_id in self._plans():
            score = matcher.match(label)
            if score > 0 and screen is not None:
                yield Hit(score, matcher.highlight(label), partial(screen.show_plan, doc_id),
                          help=t("cmd.switch_plan.help"))
