"""Provides removal of pinyin glued after Han characters, e.g. 學(xué)."""

from __future__ import annotations

import re

from tui.document.chars import HAN_CLASS

# Tone-marked vowels and ü as they occur in Hanyu Pinyin.
TONE_LETTERS = "āáǎàēéěèêīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
SYLLABLE = rf"[a-z{TONE_LETTERS}]{{1,7}}"
HAN = f"[{HAN_CLASS}]"

# A syllable in ASCII or full-width parentheses right after a Han character,
# optionally with the stray space some sites put before ")".  At least one
# letter must carry a tone mark or the syllable must be a plausible toneless
# one (neutral tone such as "de"), so real brackets like (a) in a list of
# options are not taken: a bracketed single ASCII letter is never pinyin here.
_GLUED = re.compile(rf"(?<={HAN})[(（]({SYLLABLE}) ?[)）]")
_TONED = re.compile(rf"[{TONE_LETTERS}]")


def _is_pinyin(syllable: str) -> bool:
    if _TONED.search(syllable):
        return True
    # Neutral-tone syllables carry no mark; accept the common ones only.
    return syllable in {"de", "le", "me", "ne", "zi", "men", "ma", "ba", "zhe", "guo"}


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove glued pinyin; returns the text and how many were removed."""
    count = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        if _is_pinyin(match.group(1)):
            count += 1
            return ""
        return match.group(0)

    return _GLUED.sub(drop, text), count
