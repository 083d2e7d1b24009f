"""Provides the merge of annotations from elsewhere (``import-annotations``): the newer edit wins.

Equal timestamps keep the local copy, so merging twice changes nothing.
Timestamps are kept as they come (a merge is not an edit), except that a
stamp beyond the clock skew is not believed: such an annotation is added
with its time set to now, and never replaces a local one; a local stamp from
the future does not win either. A local record this version cannot read
(newer schema, unknown fields, damaged) is never replaced.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.annotations.journal import Change
from tui.annotations.model import ANNOTATION_SCHEMA, Annotation
from tui.annotations.record import has_unknown_fields, record_for, to_record, trusted_when, when
from tui.annotations.table import Table
from tui.annotations.tags import normalize_tags

_EPOCH = when("")


@dataclass(frozen=True)
class MergeReport:
    """What a merge did, by annotation count.

    ``kept``: local records this version cannot read, left untouched.
    ``deleted``: incoming annotations deleted here after their last edit: not brought back.
    ``future``: incoming annotations whose ``updated`` lay beyond the clock
    skew: added with the time set to now, or (if we have them) not allowed to
    replace the local copy.
    """

    added: int = 0
    updated: int = 0
    skipped: int = 0
    kept: int = 0
    future: int = 0
    deleted: int = 0


def newest_of(incoming: Iterable[Annotation], now: datetime) -> dict[str, Annotation]:
    """One annotation per uuid: the newest believable one (tags normalised)."""
    newest: dict[str, Annotation] = {}
    for item in incoming:
        a = dataclasses.replace(item, tags=normalize_tags(item.tags))
        seen = newest.get(a.uuid)
        if seen is None or (trusted_when(a.updated, now) or _EPOCH) > (trusted_when(seen.updated, now) or _EPOCH):
            newest[a.uuid] = a
    return newest


def plan_merge(records: Table, newest: dict[str, Annotation], now: datetime,
               readable: Callable[[str], Annotation | None],
               deleted: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[Change, MergeReport]:
    """The change merging ``newest`` into the current ``records``; ``readable`` reads a local one;
    ``deleted``: when each annotation deleted here was deleted."""
    counts: Counter[str] = Counter()
    puts: dict[str, dict[str, Any]] = {}
    for u, a in newest.items():
        rec = records.get(u)
        stamp = trusted_when(a.updated, now)
        if rec is None and _deleted_since(u, stamp, deleted or {}):
            counts["deleted"] += 1
            continue
        if rec is None:
            if stamp is None or trusted_when(a.created, now) is None:
                counts["future"] += 1
            counts["added"] += 1
            puts[u] = to_record(clamped(a, now))
            continue
        local = readable(u)
        if local is None or local.schema > ANNOTATION_SCHEMA or has_unknown_fields(rec):
            counts["kept"] += 1
        elif stamp is None:
            counts["future"] += 1
        elif stamp > (trusted_when(local.updated, now) or _EPOCH) and a != local:
            counts["updated"] += 1
            puts[u] = record_for(a, rec)
        else:
            counts["skipped"] += 1
    report = MergeReport(counts["added"], counts["updated"], counts["skipped"], counts["kept"], counts["future"],
                         counts["deleted"])
    return Change(put=puts), report


def _deleted_since(uuid: str, stamp: datetime | None, deleted: Mapping[str, Mapping[str, Any]]) -> bool:
    """True if ``uuid`` was deleted here no earlier than its incoming edit (an unbelievable stamp loses)."""
    tomb = deleted.get(uuid)
    if tomb is None:
        return False
    gone = when(str(tomb.get("deleted", "")))
    return stamp is None or stamp <= gone


def clamped(a: Annotation, now: datetime) -> Annotation:
    """``a`` with stamps from beyond the clock skew set to now."""
    if trusted_when(a.created, now) is not None and trusted_when(a.updated, now) is not None:
        return a
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    created = a.created if trusted_when(a.created, now) is not None else stamp
    updated = a.updated if trusted_when(a.updated, now) is not None else stamp
    return dataclasses.replace(a, created=created, updated=max(updated, created, key=when))
