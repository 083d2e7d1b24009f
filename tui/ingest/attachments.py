"""Provides finding the attachments (附件) a notice or plan carries after its own text.

An attachment starts at a label (``附件1``, ``附件2：某某办法``, ``附表1``,
``附：主要指标``) with its title on the same line or on the lines below it.
A label that only lists or cites an attachment is not one: the notice's
``附件：1.某某规定`` list, a label its signature follows at once, or one whose
title a later label repeats.  Without labels, a notice that issues several
documents (``…两个规定的通知``) is followed by their titles: two or more
title lines, after its date, that name documents the notice cites in 《》.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.document.chars import squash
from tui.ingest.frontmatter import ends_with_doc_kind, normalise_date, signature_block, title_like

_LABEL = re.compile(
    r"^(?P<label>附\s*[件表录]\s*(?P<no>[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})?|附)\s*(?P<colon>[:：])?\s*(?P<rest>.*)$"
)
_CITED = re.compile(r"《([^《》]{2,100})》")
_TITLE_LINES = 3  # a title set over at most this many lines


@dataclass(frozen=True)
class Attachment:
    """Where an attachment starts: its label line (if any) and its title lines (indexes into the lines)."""

    label: int | None
    number: str  # the label as printed (``附件1``, ``附件2：``), '' without a label
    title: tuple[int, ...]  # the lines of its title; the label line itself when the title is on it
    title_text: str  # the title, lines joined

    @property
    def start(self) -> int:
        return self.label if self.label is not None else self.title[0]

    @property
    def lines(self) -> tuple[int, ...]:
        """Every line the attachment's heading takes."""
        return tuple(dict.fromkeys(((self.label,) if self.label is not None else ()) + self.title))


def _title_run(texts: list[str], i: int, skip: frozenset[int], titles: dict[int, bool]) -> tuple[int, ...]:
    """The title lines from ``i``: up to three title-like lines, ending at the first that ends
    with a kind of document (…规定, …办法); a single line if none does.  ``titles`` caches title_like."""
    run: list[int] = []
    for k in range(i, min(len(texts), i + _TITLE_LINES)):
        if k not in titles:
            titles[k] = title_like(texts[k])
        if k in skip or not titles[k]:
            break
        run.append(k)
        if ends_with_doc_kind(texts[k]):
            return tuple(run)
    return tuple(run[:1])


def _cited_run(texts: list[str], i: int, skip: frozenset[int], cited: set[str]) -> tuple[int, ...]:
    """The title lines from ``i`` that spell a title the text cited before (附件：某某任务 …
    附件 / 某某 / 任务): a title set over two or three lines needs no kind of document."""
    for n in range(min(_TITLE_LINES, len(texts) - i), 1, -1):
        run = tuple(range(i, i + n))
        if not skip.intersection(run) and squash("".join(texts[k] for k in run)) in cited:
            return run
    return ()


def _labelled(texts: list[str], skip: frozenset[int]) -> list[Attachment]:
    found: list[Attachment] = []
    cited: set[str] = set()  # titles given after a label (附件：某某), cited or not
    for i, line in enumerate(texts):
        m = _LABEL.match(line)
        if i in skip or not m or (m.group("label") == "附" and not m.group("colon")):
            continue
        rest = m.group("rest").strip()
        if rest and not (m.group("colon") or m.group("no")):
            continue  # 附件材料…: a sentence, not a label
        if rest:
            if not title_like(rest):
                continue  # 附件：1.某某规定 (a list), or a sentence after the label
            cited.add(squash(rest))
            att = Attachment(i, line[: len(line) - len(rest)].strip(), (i,), rest)
        else:
            title = _cited_run(texts, i + 1, skip, cited) or _title_run(texts, i + 1, skip, {})
            if not title and not m.group("no"):
                continue  # a bare 附件： above a numbered list of them
            att = Attachment(i, line.rstrip(":：").strip(), title, "".join(texts[k] for k in title))
        after = [texts[k] for k in range(att.lines[-1] + 1, min(len(texts), att.lines[-1] + 4))]
        if any(signature_block(after[:k]) == k for k in range(1, len(after) + 1)):
            continue  # cited in the notice, right above its signature
        found.append(att)
    # A title a later label repeats was only cited (附件：某某方案 … 附件 / 某某方案).
    return [a for k, a in enumerate(found)
            if not (a.title_text and any(squash(b.title_text) == squash(a.title_text) for b in found[k + 1 :]))]


def _unlabelled(texts: list[str], skip: frozenset[int]) -> list[Attachment]:
    """Titles of documents the text cited in 《》 earlier, standing on their own lines after a date."""
    cited: dict[str, int] = {}
    dated = -1  # the last line that is a date (a signature's)
    found: list[Attachment] = []
    titles: dict[int, bool] = {}
    i = 0
    while i < len(texts):
        if i not in skip:
            if normalise_date(texts[i]):
                dated = i
            # A title ends with a kind of document within three lines: checked first, as it is cheap.
            kind_ends = cited and dated >= 0 and any(ends_with_doc_kind(t) for t in texts[i : i + _TITLE_LINES])
            title = _title_run(texts, i, skip, titles) if kind_ends else ()
            name = squash("".join(texts[k] for k in title))
            if title and ends_with_doc_kind(texts[title[-1]]) and cited.get(name, len(texts)) < dated:
                found.append(Attachment(None, "", title, "".join(texts[k] for k in title)))
                i = title[-1] + 1
                continue
            for m in _CITED.finditer(texts[i]):
                cited.setdefault(squash(m.group(1)), i)
        i += 1
    names = {squash(a.title_text) for a in found}
    return found if len(names) >= 2 else []


def find_attachments(texts: list[str], skip: frozenset[int], body_start: int) -> list[Attachment]:
    """The attachments among ``texts`` (stripped lines), in order.

    ``body_start`` is where the plan's own numbered text begins: a lone
    labelled attachment before it is the plan itself, which the notice issues.
    A text with no numbered part (``body_start`` past its end) is a notice, and
    its attachment one (a table of tasks).
    """
    labelled = _labelled(texts, skip)
    found = labelled if labelled else _unlabelled(texts, skip)
    if len(found) == 1 and found[0].start < body_start < len(texts):
        return []
    return found
