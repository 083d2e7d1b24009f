"""Provides the one reader of written numbers: ``五``, ``十三``, ``两``, ``二〇二二``, ``12``."""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_DIGITS = "〇零一二三四五六七八九"  # for regular expressions (the common spellings)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"  # ① is 1


def cn_to_int(text: str) -> int | None:
    """The integer ``text`` writes, or None if it is not a numeral.

    Arabic digits (half- or full-width): ``12`` -> 12.  Chinese with units:
    ``十三`` -> 13, ``二十`` -> 20, ``一百零五`` -> 105, ``两千`` -> 2000.
    Chinese digit by digit, as years are written: ``二〇二二`` -> 2022.
    """
    if not text:
        return None
    if text.isdecimal():
        return int(text)  # int() reads full-width digits too
    if any(c not in DIGITS and c not in UNITS for c in text):
        return None
    if not any(c in UNITS for c in text):
        value = 0
        for c in text:  # digit by digit
            value = value * 10 + DIGITS[c]
        return value
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row inside a unit numeral: 二三十
            digit = DIGITS[c]
        else:
            unit = UNITS[c]
            if unit >= last_unit:
                return None  # units must fall: 十百 is not a number
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


_CN = "〇一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 20 -> 二十, 105 -> 一百零五 (the inverse of ``cn_to_int``, below 1,000)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + int_to_cn(rest) if rest < 10 else (_CN[1] if rest < 20 else "") + int_to_cn(rest))
    return _CN[n // 100] + "百" + tail
