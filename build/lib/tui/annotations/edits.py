"""Provides field-level edits: a change names its fields and is applied to the current record.

Two instances that edit one note (one its text, the other its tags) both
keep their change, because neither writes back a copy of the fields it did
not touch. An edit of a record deleted meanwhile is refused (RecordGoneError),
never written back to life.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.annotations.dbfiles import StoreWriteError
from tui.annotations.journal import Change
from tui.annotations.model import Anchor, Annotation
from tui.annotations.record import anchor_record, from_record, now_iso, text
from tui.annotations.tags import normalize_tags


class RecordGoneError(StoreWriteError):
    """The annotation was deleted (by another instance) before this change reached it."""


class ChangedElsewhereError(StoreWriteError):
    """Another instance changed the annotation since; it was left as it is."""


@dataclass(frozen=True)
class Edit:
    """What an edit did: the annotation before and after it (None: deleted), and the fields it changed."""

    before: Annotation
    after: Annotation | None
    fields: tuple[str, ...]


def named_fields(note: str | None, tags: Iterable[str] | None, anchor: Anchor | None) -> dict[str, Any]:
    """The stored form of the fields an edit names (None: not named)."""
    fields: dict[str, Any] = {}
    if note is not None:
        fields["note"] = text(note)
    if tags is not None:
        fields["tags"] = [text(tag) for tag in normalize_tags(tags)]
    if anchor is not None:
        fields["anchor"] = anchor_record(anchor)
    return fields


def plan_edit(uuid: str, rec: Mapping[str, Any], before: Annotation, fields: Mapping[str, Any], *,
              expect: Mapping[str, Any] | None = None, drop_if_empty: bool = False) -> tuple[Change, Edit]:
    """The change that sets ``fields`` on the current record ``rec`` (read as ``before``).

    Only fields whose value differs are written (and only those still equal
    to ``expect``, when given), with a fresh ``updated``. ``drop_if_empty``:
    delete the annotation instead if it is left with neither note nor tags.
    """
    wanted = {k: v for k, v in fields.items() if rec.get(k) != v and (expect is None or rec.get(k) == expect[k])}
    if not wanted:
        return Change(), Edit(before, before, ())
    names = tuple(wanted)
    wanted["updated"] = now_iso()
    if not rec.get("created"):
        wanted["created"] = wanted["updated"]
    after = from_record({**rec, **wanted})
    if drop_if_empty and not after.note.strip() and not after.tags:
        return Change(delete=(uuid,)), Edit(before, None, names)
    return Change(patch={uuid: wanted}), Edit(before, after, names)
