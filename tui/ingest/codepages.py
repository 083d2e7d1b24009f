"""Provides detection and repair of whole-file mojibake: Chinese text decoded with the wrong code page.

UTF-8 shown as Latin-1, Windows-1252, Mac Roman, Mac Cyrillic, Windows-1251,
CP437…, GBK shown as Latin-1, or UTF-8 shown as GBK.  ftfy undoes several of
these; the rest are tried by re-encoding with the code page the text was
shown in and decoding with the one it was written in.  The winner must read
as Chinese: most of its characters among the commonest (GB2312 level 1 or
Big5 level 1), where the input's are not.
"""

from __future__ import annotations

import re
from functools import cache

# (shown as, written in) pairs tried besides ftfy, in order.
_PAIRS = (
    ("mac_cyrillic", "utf-8"), ("sloppy-windows-1251", "utf-8"), ("koi8_r", "utf-8"), ("cp866", "utf-8"),
    ("sloppy-windows-1252", "utf-8"), ("latin-1", "utf-8"), ("mac_roman", "utf-8"), ("cp437", "utf-8"),
    ("latin-1", "gb18030"), ("sloppy-windows-1252", "gb18030"), ("mac_roman", "gb18030"),
    ("gb18030", "utf-8"),
)
# Every repair this module can report, for the import's stats (1-based index).
FIXES = ("ftfy",) + tuple(f"{written} shown as {shown}" for shown, written in _PAIRS)
MIN_CHARS = 20  # fewer non-ASCII characters than this: too little to judge
GOOD = 0.8  # share of common characters a repaired text must reach
GAIN = 0.3  # and by how much it must beat the input
MAX_LOST = 0.25  # most U+FFFD per readable character a repair may leave
_PUNCT = set("，。、；：？！“”‘’（）《》【】〔〕—…·")
_UNCOUNTED = re.compile(r"[\x00-\x7f\ufffd\s]+")  # ASCII, U+FFFD and spaces: not judged


@cache
def common_chars() -> frozenset[str]:
    """The commonest Han characters: GB2312 level 1 (simplified) and Big5 level 1 (traditional)."""
    gb = bytes(b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
    big5 = bytes(b for lead in range(0xA4, 0xC7) for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
                 for b in (lead, trail))
    return frozenset(gb.decode("gb2312", errors="ignore") + big5.decode("big5", errors="ignore")) | _PUNCT


def chinese_share(text: str) -> tuple[float, int]:
    """Share of the non-ASCII characters (but spaces and U+FFFD) that are common Chinese, and their count."""
    chars = _UNCOUNTED.sub("", text)
    if not chars:
        return 0.0, 0
    rare = chars.translate(_drop_common())  # in C: a plan may have millions of characters
    return (len(chars) - len(rare)) / len(chars), len(chars)


@cache
def _drop_common() -> dict[int, None]:
    """A str.translate table that deletes the common characters."""
    return dict.fromkeys(map(ord, common_chars()))


def _recode(text: str, shown: str, written: str) -> str | None:
    """``text`` encoded as ``shown`` and decoded as ``written``, line by line:
    a line that cannot be encoded stays as it is; undecodable bytes become U+FFFD."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

    out = []
    changed = False
    for line in text.split("\n"):
        try:
            # U+FFFD stands for bytes the wrong decoding already lost: "?" keeps their place.
            data = line.replace("\ufffd", "?").encode(shown)
        except UnicodeEncodeError:
            out.append(line)
            continue
        new = data.decode(written, errors="replace")
        changed = changed or new != line
        out.append(new)
    return "\n".join(out) if changed else None


def fix_codepage(text: str) -> tuple[str, int]:
    """``text`` with whole-file mojibake undone, and the 1-based index into FIXES
    of what was done (0: nothing)."""
    share, count = chinese_share(text)
    if count < MIN_CHARS or share >= GOOD:
        return text, 0
    import ftfy

    best, best_share, best_fix = text, share, 0
    candidates: list[tuple[str | None, int]] = [(ftfy.fix_encoding(text), 1)]
    candidates += [(_recode(text, shown, written), i) for i, (shown, written) in enumerate(_PAIRS, 2)]
    for new, fix in candidates:
        if new is None or new == text:
            continue
        new_share, new_count = chinese_share(new)
        # Characters the wrong decoding lost (U+FFFD) stay flagged damage; too many: a wrong guess.
        if new.count("\ufffd") > MAX_LOST * new_count:
            continue
        if new_share > best_share:
            best, best_share, best_fix = new, new_share, fix
    if best_fix and best_share >= GOOD and best_share >= share + GAIN:
        return best, best_fix
    return text, 0


def describe(fix: int) -> str:
    """What ``fix_codepage`` did, from the index it returned ("" for nothing)."""
    return FIXES[fix - 1] if 0 < fix <= len(FIXES) else ""
