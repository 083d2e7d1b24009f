"""Provides SpotsScreen: the damaged spans of one measure, and their review.

Each span shows its raw text, what became of it and why, in the interface
language; a span still flagged (or repaired automatically) lists its likeliest
readings, each in its sentence.  Enter on a reading accepts it; a fix can also
be typed.  The screen dismisses with the choice; the reader applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual.widgets.option_list import Option

from tui.display import clean
from tui.document.model import AUTO_CONFIDENCE, Document, Measure, Spot
from tui.i18n import t
from tui.ingest.review import REASON_TYPED, reason_key, reason_reading
from tui.ui import actions
from tui.ui.widgets.key_list import KeyList

CONTEXT = 12  # characters of the sentence shown on each side of a reading
_P = re.compile(r"(?:, not confident)? ?\(?p=([0-9.]+)\)?$")
# The repair's explanations (English, from tui.ingest.gbk_readings.READINGS) by their start.
KINDS = {
    "lost lead byte; pairs out of step": "spot.kind.shift",
    "lost lead byte; out of step until a pair": "spot.kind.swallowed",
    "lost lead byte; the '(' of glued pinyin": "spot.kind.swallowed_pinyin",
    "two lost bytes": "spot.kind.two_lost",
    "a character the site could not": "spot.kind.replaced",
    "two lost lead bytes": "spot.kind.shift_again",
}


@dataclass(frozen=True)
class ReviewChoice:
    """A reading accepted for spot ``index`` (of ``doc.spots``), in the raw script."""

    index: int
    fixed: str
    reason: str  # for the errata: review.reason_reading() or REASON_TYPED


def explain(spot: Spot) -> str:
    """Why the span looks as it does, in the interface language."""
    if spot.status == "errata":
        said = reason_key(spot.reason)
        return t(said[0], **said[1]) if said else t("spot.errata", reason=clean(spot.reason))
    match = _P.search(spot.reason)
    p = float(match.group(1)) if match else spot.confidence
    kind = next((key for start, key in KINDS.items() if spot.reason.startswith(start)), "spot.kind.other")
    if spot.status == "flagged" and p >= AUTO_CONFIDENCE:  # sure enough, yet held: the two models disagree
        return t("spot.flagged_disagree", what=t(kind), p=round(p * 100))
    return t(f"spot.{spot.status}", what=t(kind), p=round(p * 100))


def _one_line(text: str) -> str:
    """Text for one list line: a line break in a reading shows as ↵."""
    return clean(text.replace("\n", "↵"))


def in_sentence(measure: Measure, spot: Spot, reading: str, traditional: bool) -> Text:
    """The measure around the spot, with ``reading`` in its place (shown in the reader's script)."""
    text = measure.text_trad
    shown = reading
    if not traditional:
        from tui.ingest.convert import to_simplified

        shown = to_simplified(reading)
        text = measure.text
    before = text[max(0, spot.start - CONTEXT):spot.start]
    after = text[spot.end:spot.end + CONTEXT]
    line = Text("…" if spot.start > CONTEXT else "")
    line.append(_one_line(before))
    line.append(_one_line(shown) or "∅", style="bold reverse")  # ∅: the reading drops the span
    line.append(_one_line(after))
    if spot.end + CONTEXT < len(text):
        line.append("…")
    return line


def spot_options(doc: Document, measure: Measure, traditional: bool) -> list[Option]:
    """Per span: a header (raw text, status, why), then its readings to choose from."""
    options: list[Option] = []
    indexes = [k for k, s in enumerate(doc.spots) if s.measure_id == measure.id]
    for n, k in enumerate(indexes, start=1):
        spot = doc.spots[k]
        head = Text(f"{n}. ", style="bold")
        head.append(t("spots.raw") + " ", style="dim")
        head.append(clean(spot.raw), style="bold red" if spot.status == "flagged" else "bold")
        head.append("  " + t(f"spots.status.{spot.status}"), style="bold red" if spot.status == "flagged" else "")
        if spot.status != "flagged":
            head.append(" " + clean(spot.fixed))
        head.append("\n   " + explain(spot), style="dim")
        options.append(Option(head, id=f"spot:{k}", disabled=True))
        if spot.status == "errata":
            continue
        for r, (reading, p) in enumerate(spot.readings, start=1):
            line = Text(f"   {round(p * 100):>3}%  ", style="bold")
            line.append_text(in_sentence(measure, spot, reading, traditional))
            options.append(Option(line, id=f"{k}:{r}"))
    return options


class SpotsScreen(ModalScreen[ReviewChoice | None]):
    """Raw text, readings and review for the measure under the cursor."""

    BINDINGS = actions.bindings("spots")

    def __init__(self, doc: Document, measure: Measure, traditional: bool) -> None:
        super().__init__(classes="picker")
        self._doc, self._measure, self._traditional = doc, measure, traditional
        self._spots = [k for k, s in enumerate(doc.spots) if s.measure_id == measure.id]

    def compose(self) -> ComposeResult:
        options = spot_options(self._doc, self._measure, self._traditional)
        reviewable = any(not o.disabled for o in options)
        with Vertical(id="picker-box"):
            yield Label(Text(f"{t('spots.title')} · {self._measure.id}"), id="picker-title")
            yield KeyList(*options, id="spots-list")
            if reviewable:
                yield Input(placeholder=t("review.type_fix"), id="review-fix")
            yield Label(Text(t("review.hint") if reviewable else t("spots.hint")), id="picker-hint")

    def on_mount(self) -> None:
        self.query_one(KeyList).focus()

    def _chosen_spot(self) -> int | None:
        """The span the highlighted reading belongs to, else the first one still flagged."""
        option = self.query_one(KeyList).highlighted_option
        if option is not None and option.id and ":" in option.id and not option.id.startswith("spot:"):
            return int(option.id.split(":")[0])
        flagged = [k for k in self._spots if self._doc.spots[k].status == "flagged"]
        return flagged[0] if flagged else (self._spots[0] if self._spots else None)

    def on_option_list_option_selected(self, event: KeyList.OptionSelected) -> None:
        event.stop()
        spot_id, _, rank = (event.option.id or "").partition(":")
        if not rank.isdigit():
            return
        k, r = int(spot_id), int(rank)
        spot = self._doc.spots[k]
        reading, p = spot.readings[r - 1]
        self.dismiss(ReviewChoice(k, reading, reason_reading(r, len(spot.readings), p)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        k = self._chosen_spot()
        if typed and k is not None:
            self.dismiss(ReviewChoice(k, typed, REASON_TYPED))
