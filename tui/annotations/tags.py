"""Provides tag normalisation, parsing of typed tag lists, the county list and suggestions.

The normalisation rule, applied to every tag before it is stored:

1. Full-width ASCII forms (U+FF01..U+FF5E, e.g. ``ＧＤＰ``, ``＃``) and the
   ideographic space become their half-width ASCII equivalents (NFKC, but only
   for those characters: Chinese and other characters are kept as they are).
2. Control characters are removed.
3. Surrounding whitespace and leading ``#`` marks are dropped (``# 禹州市``,
   ``##禹州市`` -> ``禹州市``); a ``#`` elsewhere is kept (``C#``).
4. Each run of internal whitespace becomes one ``_`` (``green  city`` ->
   ``green_city``), as in Obsidian tags.
5. Letter case is kept. A tag that ends up empty is dropped.

Typed input is split on commas (``,`` ``，`` ``、``), semicolons and whitespace before
normalising, so ``禹州市，#产业 长葛市`` gives three tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from tui import locations
from tui.document.chars import halfwidth

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[,，、;；\s]+")  # ; too: Chinese users type ；, and CSV joins tags with it
_LEADING = re.compile(r"^[#\s]+")


def normalize_tag(tag: str) -> str:
    """One tag in canonical form ("" if nothing is left); see the module docstring."""
    text = halfwidth(tag)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        # Keep whitespace controls (tab, newline) for step 4; drop the rest.
        text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    text = _LEADING.sub("", text).strip()
    return _SPACES.sub("_", text)


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Normalised tags without empties and duplicates, first occurrence kept."""
    seen: dict[str, None] = {}
    for tag in tags:
        norm = normalize_tag(tag)
        if norm:
            seen.setdefault(norm, None)
    return tuple(seen)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed by the user: separated by ``,`` ``，`` ``、`` ``;`` ``；`` or spaces."""
    # Full-width space and comma are separators too; split before normalising
    # so that "#a #b" gives two tags rather than "a_#b".
    return normalize_tags(_SEPARATORS.split(text))


@lru_cache(maxsize=1)
def counties() -> tuple[str, ...]:
    """The county-level divisions shipped in data/counties.txt, in file order."""
    try:
        lines = locations.COUNTIES_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    return normalize_tags(line for line in lines if not line.lstrip().startswith("#"))


def is_county(tag: str) -> bool:
    """True if ``tag`` (normalised first) names a county in the shipped list."""
    return normalize_tag(tag) in _county_set()


@lru_cache(maxsize=1)
def _county_set() -> frozenset[str]:
    return frozenset(counties())


def suggest(prefix: str, counts: Mapping[str, int], limit: int | None = None) -> list[str]:
    """Autocomplete candidates for ``prefix``: counties first, then known tags by frequency.

    Matching is a case-insensitive prefix match on normalised text; a leading
    ``#`` in ``prefix`` is ignored. Counties keep their file order; other tags
    are ordered by count (highest first), then alphabetically.
    """
    want = normalize_tag(prefix).casefold()
    out = [c for c in counties() if c.casefold().startswith(want)]
    county_set = _county_set()
    others = sorted(
        (tag for tag, n in counts.items() if n > 0 and tag not in county_set and tag.casefold().startswith(want)),
        key=lambda tag: (-counts[tag], tag),
    )
    out.extend(others)
    return out if limit is None else out[:limit]
