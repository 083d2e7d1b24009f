"""Provides traditional -> simplified conversion that keeps offsets aligned."""

from __future__ import annotations

import re
from functools import lru_cache

# t2s keeps 著 everywhere.  In modern simplified text 著 survives only in the
# "notable / author" words below; elsewhere it is the particle or verb 着
# (着力, 承担着, 为着, 着眼, 着重).
_ZHU_KEEP = ["显著", "著名", "著作", "著称", "著述", "著者", "著书", "著录", "名著", "专著", "论著", "卓著", "昭著", "编著", "原著", "巨著", "遗著", "译著", "合著", "土著", "著作权", "昭然若著"]
_ZHU_KEEP_RE = re.compile("|".join(sorted(_ZHU_KEEP, key=len, reverse=True)))

# Further words t2s gets wrong in this register (simplified target form).
_WORD_FIXES = {"甚么": "什么"}


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _fix_zhu(text: str) -> str:
    if "著" not in text:
        return text
    keep = {i for m in _ZHU_KEEP_RE.finditer(text) for i in range(m.start(), m.end())}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


def to_simplified(text: str) -> str:
    """Simplified text with exactly the same length as ``text``.

    Lines are converted with t2s phrase rules; a line whose length would change
    (rare phrase mappings) is converted char by char instead, so that offsets
    into the traditional text hold for the simplified one.
    """
    converter = _t2s()
    out_lines = []
    for line in text.split("\n"):
        converted = converter.convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, converter.convert(ch)) for ch in line))
        for wrong, right in _WORD_FIXES.items():
            if len(wrong) == len(right):
                converted = converted.replace(wrong, right)
        out_lines.append(_fix_zhu(converted))
    return "\n".join(out_lines)
