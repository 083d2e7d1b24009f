"""Provides the damage no reading explains: stray "?", U+FFFD, private-use and ASCII marks between Han text.

The repair flags these spans (it never guesses them away): the raw text stays,
shown in the reader, kept out of punctuation restoration, and open to review.
"""

from __future__ import annotations

import re

from tui.document.chars import HAN_CLASS
from tui.ingest.pinyin import SYLLABLE
from tui.ingest.spans import SpanSet

# Damage markers the decoder expands: a lost byte ("?") or a character the
# site could not decode at all (U+FFFD).
MARKERS = "?\ufffd"
PUA = re.compile(r"[\ue000-\uf8ff]+")
_HAN = f"[{HAN_CLASS}]"
# One or two ASCII letters or symbols with Han text on both sides.  An upper
# case letter before a measure word or a grade (A级, B类, X型) is ordinary text,
# and so is an operator of a formula (结余=收入-支出): "=", like "+-/", is no mark
# this damage leaves.
_STRAY = re.compile(rf"(?<={_HAN})(?:[A-Za-z@#$^&*\\~`<>{{}}\[\]]{{1,2}})(?={_HAN})")
# Two capitals are an abbreviation (VR产业, AI技术): a lost character leaves one byte.
_ORDINARY_LETTER = re.compile(r"[A-Z](?=[级級类類型股区區档檔端证證超轮輪])|[A-Z]{2}|(?<=素)[A-Z]")
# A name in quotes (“纳税e贷”, “i深圳”): a product's or a service's, letters and all.
_QUOTED_NAME = 10  # at most this many characters from either quote to the letters
# A genuine question: a question word or particle earlier in the same sentence.
_QUESTION = re.compile(r"吗|嗎|呢|什么|什麼|怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为何|為何|是否|哪|谁|誰|多少|几|幾|难道|難道|岂|豈|何")
_SENTENCE_END = re.compile(r"[。！？；!;\n]")
# Glued pinyin left inside a damaged span: "(syllable)" or, where the "(" was
# swallowed into a "?", "syllable)" right after it.
_GLUED_ANY = re.compile(rf"[(（]{SYLLABLE} ?[)）]")
_LABEL_AFTER_MARK = re.compile(rf"(?<=[?\ufffd]){SYLLABLE} ?[)）]")


# Why a span no reading explains is flagged.
REASONS = {
    "private-use": "private-use characters with no lost byte",
    "stray-ascii": "ASCII letters or symbols between Han characters",
    "replacement": "characters the site could not decode (U+FFFD)",
}


def is_question(text: str, mark: int) -> bool:
    """Whether the "?" at ``mark`` ends a question (a question word before it in its sentence)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, mark - 80), mark)), default=max(0, mark - 80))
    return bool(_QUESTION.search(text, start, mark))


def stray_marks(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of private-use runs and ASCII marks between Han text outside ``covered``."""
    spans = SpanSet(covered)

    def free(start: int) -> bool:
        return not spans.covers(start)

    out = [(m.start(), m.end(), "private-use") for m in PUA.finditer(text) if free(m.start())]
    for m in _STRAY.finditer(text):
        if free(m.start()) and not _ORDINARY_LETTER.match(text, m.start()) and not _in_quoted_name(text, m):
            out.append((m.start(), m.end(), "stray-ascii"))
    for m in re.finditer("\ufffd+", text):
        if free(m.start()):
            out.append((m.start(), m.end(), "replacement"))
    return sorted(out)


def _in_quoted_name(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - _QUOTED_NAME) : m.start()]
    after = text[m.end() : m.end() + _QUOTED_NAME]
    opened = before.rfind("“")
    return opened >= 0 and "”" not in before[opened:] and "”" in after and "“" not in after[: after.find("”")]


def display_text(raw: str) -> str:
    """A flagged span as the reader shows it: the damage, without glued pinyin."""
    return _LABEL_AFTER_MARK.sub("", _GLUED_ANY.sub("", raw))
