"""Provides the GBK byte model of lost-byte mojibake: the readings a damaged span can have (beam scores them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tui.document.chars import halfwidth, is_han
from tui.ingest.pinyin import SYLLABLE

LEADS = tuple(range(0x81, 0xFF))
TRAILS = tuple(range(0x40, 0x7F)) + tuple(range(0x80, 0xFF))
# A byte at a lead position that pairs with an invalid trail: the decoder
# printed one "?" for both bytes, so the trail (an ASCII byte) is lost.
HIGH_TRAILS = tuple(range(0x81, 0xFF))
# ASCII bytes a damaged pair may have swallowed (invalid trails < 0x40 that
# occur in plans).  A "(" followed by "syllable)" is glued pinyin, read apart.
SWALLOWED = tuple(",.;:!?%()0123456789 -/+\n")

ANY = None  # a slot that may be any character (a whole lost character)

# Glued pinyin whose "(" was swallowed, and the noise label some spots show
# right after a lost-byte "?" (e.g. "?xún)"): a syllable and ")".
_TAIL_SYLLABLE = re.compile(rf"{SYLLABLE} ?\)")
_GLUED = re.compile(rf"\({SYLLABLE} ?\)")


# Characters other than Han and ASCII a plan may contain.  A reading that
# needs anything else (box drawing, kana, Greek, pinyin letters, private use)
# is not a reading of a plan.
_MARKS_OK = (
    "、。·—～…‘’“”〔〕〈〉《》「」『』【】〖〗±×÷°‰℃§№※→←↑↓≤≥≠≈○●□■△▲☆★◎◇◆"
    + "".join(map(chr, range(0x2460, 0x2474)))  # ①-⑳
    + "".join(map(chr, range(0x2474, 0x249C)))  # ⑴-⒇, ⒈-⒛
    + "".join(map(chr, range(0x2160, 0x217A)))  # Ⅰ-Ⅻ, ⅰ-ⅹ
)


@cache
def plausible(ch: str) -> bool:
    """Whether ``ch`` can occur in a plan: Han, printable ASCII and its full-width forms, common marks."""
    return " " <= ch <= "~" or "\uff01" <= ch <= "\uff5e" or is_han(ch) or ch in _MARKS_OK


@cache
def pair_table() -> dict[int, str]:
    """Folded character of every two-byte code ``lead << 8 | trail``."""
    codes = [lead << 8 | trail for lead in LEADS for trail in TRAILS]
    # Every code is a valid two-byte GB18030 character: decode them all at once.
    chars = b"".join(code.to_bytes(2, "big") for code in codes).decode("gb18030")
    assert len(chars) == len(codes)
    # Full-width ASCII folded to ASCII, as the site did.
    return {code: halfwidth(ch) for code, ch in zip(codes, chars, strict=True)}


@cache
def char_bytes(ch: str) -> bytes | None:
    """The two GBK bytes a non-ASCII character came from, or None."""
    if ord(ch) < 0x80:
        return None
    try:
        data = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


@cache
def unfold_bytes(ch: str) -> bytes | None:
    """The full-width GBK bytes an ASCII character may have been folded from."""
    if ch == " ":
        return b"\xa1\xa1"
    if "!" <= ch <= "~":
        return char_bytes(chr(ord(ch) + 0xFEE0))
    return None


def _is_trail(b: int) -> bool:
    return 0x40 <= b <= 0x7E or 0x80 <= b <= 0xFE


def label_end(text: str, i: int) -> int:
    """Index after a "syllable)" noise label at ``i``, or ``i`` if none."""
    m = _TAIL_SYLLABLE.match(text, i)
    return m.end() if m else i


@dataclass(frozen=True)
class Hypothesis:
    """One way a damaged span could have come about.

    ``slots`` is the original text as a lattice: each slot is a tuple of
    candidate characters, or ANY for a character of which no byte survived.
    """

    end: int  # input index after the span
    slots: tuple[tuple[str, ...] | None, ...]
    prior: float  # structural log-prior (extra damage events cost)
    kind: str
    glued: int = -1  # index of the slot glued pinyin followed, if any


@cache
def _lead_slot(trail: int) -> tuple[str, ...]:
    """Characters whose lead byte was lost and whose trail is ``trail``."""
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | trail] for lead in LEADS) if plausible(c))


@cache
def _trail_slot(lead: int, trails: tuple[int, ...]) -> tuple[str, ...]:
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | t] for t in trails) if plausible(c))


@cache
def high_trail_chars() -> tuple[str, ...]:
    """Every character whose trail byte is >= 0x81 (any lead)."""
    table = pair_table()
    return tuple(c for c in dict.fromkeys(table[lead << 8 | t] for lead in LEADS for t in HIGH_TRAILS) if plausible(c))


def _first(pending: int | None, trail: int) -> tuple[str, ...]:
    if pending is None:
        return _lead_slot(trail)
    ch = pair_table()[pending << 8 | trail]
    return (ch,) if plausible(ch) else ()


# What each kind of reading means, for the spot's reason.
READINGS = {
    "shift": "lost lead byte; pairs out of step until a trail byte printed as ASCII",
    "swallowed": "lost lead byte; out of step until a pair with an ASCII byte printed as one '?'",
    "swallowed-pinyin": "lost lead byte; the '(' of glued pinyin swallowed into a '?'",
    "two-lost": "two lost bytes: a whole character",
    "replaced": "a character the site could not encode or decode, written as '?' or U+FFFD",
    "shift-again": "two lost lead bytes close together; out of step until a trail byte printed as ASCII",
}

# Log-priors of damage events beyond the one lost byte every spot has.
SECOND_LOSS = -9.0
REPLACED = -10.0  # a whole character written as "?" in step (not a lost byte)
LETTER_FOLD = -1.0


def hypotheses(text: str, marker: int, max_chars: int = 48) -> list[Hypothesis]:
    """Every byte-consistent reading of a lost lead byte shown as "?" at ``marker``.

    After the loss the decoder paired (trail_k, lead_k+1) until an ASCII byte
    fell on a lead position; each raw character is re-encoded (with the
    ASCII/full-width ambiguity) and the bytes are decoded in step again.
    """
    out: list[Hypothesis] = []
    # The site could not encode (or decode) a character and wrote "?" (or
    # U+FFFD) for it, in step; glued pinyin after it says which kind it was.
    m = _GLUED.match(text, marker + 1)
    out.append(Hypothesis(m.end() if m else marker + 1, (ANY,), REPLACED, "replaced", 0 if m else -1))
    if text[marker] != "?":
        return out
    start = label_end(text, marker + 1)
    n = len(text)

    def walk(j: int, pending: int | None, slots: tuple[tuple[str, ...] | None, ...], prior: float,
             again: bool = False) -> None:
        if j >= n or j - start > max_chars:
            return
        c = text[j]
        encodings: list[tuple[bytes, float]] = []
        if ord(c) >= 0x80:
            raw = char_bytes(c)
            if raw is not None:
                encodings.append((raw, 0.0))
        else:
            full = unfold_bytes(c)
            if full is not None:
                encodings.append((full, LETTER_FOLD if c.isalpha() else 0.0))
        for (b1, b2), cost in encodings:
            if not _is_trail(b1):
                continue
            slot = _first(pending, b1)
            if b2 >= 0x81 and b2 != 0xFF:
                walk(j + 1, b2, slots + (slot,), prior + cost, again)
            elif b2 < 0x80:  # an ASCII letter of the original, back in step
                out.append(Hypothesis(j + 1, slots + (slot, (chr(b2),)), prior + cost, "shift-again" if again else "shift"))
        single = ord(c) if 0x40 <= ord(c) <= 0x7E else 0x80 if c == "€" else None
        if single is not None:
            # A trail byte on a lead position prints by itself (0x80 as the
            # euro sign, as cp936 does) and the stream is in step again.
            m = _GLUED.match(text, j + 1)
            end, glued = (m.end(), len(slots)) if m else (j + 1, -1)
            out.append(Hypothesis(end, slots + (_first(pending, single),), prior, "shift-again" if again else "shift", glued))
        if c == "?":
            after = j + 1
            if pending is None:
                # The character's lead byte is the lost one; its trail (>= 0x81,
                # or it would not have paired) went into the "?" with the ASCII byte.
                unknown: tuple[str, ...] | None = high_trail_chars()
                second: tuple[str, ...] | None = ANY
            else:
                unknown = _trail_slot(pending, HIGH_TRAILS)
                second = _trail_slot(pending, TRAILS)
            # (trail, ASCII) printed as one "?": the trail and the ASCII byte are lost.
            tail = _TAIL_SYLLABLE.match(text, after)
            if tail:
                out.append(Hypothesis(tail.end(), slots + (unknown,), prior, "swallowed-pinyin", len(slots)))
            out.append(Hypothesis(after, slots + (unknown, SWALLOWED), prior, "swallowed"))
            # A second lost byte puts the stream back in step.
            out.append(Hypothesis(label_end(text, after), slots + (second,), prior + SECOND_LOSS, "two-lost"))
            if not again:
                # The ASCII byte was the next character's lead, lost too: out of step again.
                walk(after, None, slots + (unknown,), prior + SECOND_LOSS, True)

    walk(start, None, (), 0.0)
    return out
