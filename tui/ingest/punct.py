"""Provides restoring full-width punctuation that a site folded to ASCII."""

from __future__ import annotations

import re

FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》]")
# A web address or mail address keeps its ASCII marks (https://…/a?b=1, zhengce@gov.cn).
_ADDRESS = re.compile(r"(?:https?|ftp)://[!-~]+?(?=[.,;:!?)]*(?:[^!-~]|$))|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def restore_punctuation(text: str, keep: list[tuple[int, int]] | None = None) -> str:
    """Turn ASCII , : ; ! ? ( ) into full-width forms in Chinese running text.

    The result has the same length as ``text``.  ASCII is kept where it sits
    between ASCII letters or digits (``1,000``, ``21:48``, ``a;b``) and for
    brackets whose pair neither touches nor contains Chinese text (``(GDP)``
    after Latin text), and inside web and mail addresses.  Offsets in ``keep``
    (e.g. flagged damage) are left untouched so the raw damage stays visible as it was.
    """
    chars = list(text)
    frozen: set[int] = set()
    for start, end in [*(keep or ()), *(m.span() for m in _ADDRESS.finditer(text))]:
        frozen.update(range(start, end))
    n = len(chars)

    def ascii_word(i: int) -> bool:
        return 0 <= i < n and chars[i].isascii() and chars[i].isalnum()

    # Pair brackets within a line; convert a pair if Chinese is inside or beside it.
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "\n":
            stack.clear()
        elif ch in "(（" and i not in frozen:
            stack.append(i)
        elif ch in ")）" and i not in frozen and stack:
            pairs.append((stack.pop(), i))
    paired: set[int] = set()
    for open_i, close_i in pairs:
        paired.update((open_i, close_i))
        inner = text[open_i + 1 : close_i]
        before = text[open_i - 1] if open_i else ""
        if any(_is_cjk(c) for c in inner) or _is_cjk(before):
            chars[open_i], chars[close_i] = "（", "）"
    for i, ch in enumerate(chars):
        if i in frozen or ch not in FULL or i in paired:
            continue
        if ch in "()":
            # An unpaired bracket in Chinese text is still Chinese punctuation.
            if _is_cjk(text[i - 1] if i else "") or _is_cjk(text[i + 1] if i + 1 < n else ""):
                chars[i] = FULL[ch]
            continue
        if ascii_word(i - 1) and ascii_word(i + 1):
            continue  # 1,000 / 21:48 / a;b
        if ch == "?" and not (_is_cjk(text[i - 1] if i else "") or (i + 1 < n and _is_cjk(text[i + 1]))):
            continue
        chars[i] = FULL[ch]
    return "".join(chars)
