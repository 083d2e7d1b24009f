"""Provides re-joining paragraphs that a page hard-wrapped across lines."""

from __future__ import annotations

from tui.ingest.frontmatter import normalise_date
from tui.ingest.structure import find_marker, is_preface_heading

# A line ending in one of these closes its paragraph (or introduces a list).
_CLOSERS = set("。！？；：!?;:")
_MIN_WRAPPED = 20  # shorter lines are titles, dates or signatures, not wrapped text


def _starts_block(line: str) -> bool:
    s = line.strip()
    return bool(find_marker(s)) or is_preface_heading(s) or bool(normalise_date(s))


def reflow(text: str) -> str:
    """Join a line to the next when it is body text that stops mid-sentence.

    Only adjacent non-blank lines are joined, and never into a heading, so a
    page that already has one paragraph per line is returned unchanged.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        p, s = prev.strip(), line.strip()
        if (
            p and s
            and len(p) >= _MIN_WRAPPED
            and p[-1] not in _CLOSERS
            # Body text has inner punctuation; titles and headings mostly do not.
            and any(c in p for c in "，,、")
            and not (find_marker(p) and len(p) < 40)
            and not _starts_block(s)
        ):
            out[-1] = prev.rstrip() + s
        else:
            out.append(line)
    return "\n".join(out)
