"""Provides the stored form of an annotation: record <-> dataclass, timestamps, cheap facts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from tui.annotations.model import Anchor, Annotation

# How far ahead of this machine's clock an ``updated`` stamp may be and still
# be believed (other machines' clocks drift); beyond it the stamp is ignored.
CLOCK_SKEW = timedelta(minutes=10)
_EPOCH = datetime.min.replace(tzinfo=UTC)

# The fields an edit may name: what a user (or re-anchoring) changes.
EDITABLE = ("note", "tags", "anchor", "orphaned", "content_hash")


def now_iso() -> str:
    """Current UTC time, ISO 8601 with seconds precision: ``2024-05-01T08:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(stamp: str) -> datetime:
    """A timestamp for comparison; unreadable ones count as oldest."""
    try:
        value = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return _EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def trusted_when(stamp: str, now: datetime) -> datetime | None:
    """``when(stamp)``, or None if it claims a time beyond ``now`` plus the clock skew."""
    value = when(stamp)
    return None if value > now + CLOCK_SKEW else value


def text(value: str) -> str:
    """``value`` as valid UTF-8: lone surrogates (from odd terminals) become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def anchor_record(an: Anchor) -> dict[str, Any]:
    return {
        "measure_id": an.measure_id,
        "section_path": list(an.section_path),
        "exact": text(an.exact),
        "prefix": text(an.prefix),
        "suffix": text(an.suffix),
        "start": an.start,
        "end": an.end,
        "sub_start": an.sub_start,
        "sub_end": an.sub_end,
    }


def to_record(a: Annotation) -> dict[str, Any]:
    """The stored form of an annotation (field order fixed for stable files)."""
    return {
        "uuid": a.uuid,
        "doc_id": a.doc_id,
        "content_hash": a.content_hash,
        "anchor": anchor_record(a.anchor),
        "note": text(a.note),
        "tags": [text(tag) for tag in a.tags],
        "created": a.created,
        "updated": a.updated,
        "orphaned": a.orphaned,
        "schema": a.schema,
    }


class BadRecord(ValueError):
    """A stored record that does not describe an annotation; the message says why."""


def _str(d: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be a string")
    return value


def _int(d: Mapping[str, Any], key: str, optional: bool = False) -> Any:
    value = d.get(key, None if optional else 0)
    if value is None and optional:
        return None
    if type(value) is not int:
        raise BadRecord(f"{key} must be an integer")
    return value


def from_record(rec: Mapping[str, Any]) -> Annotation:
    """The annotation a stored record describes; ValueError says what is wrong."""
    an = rec.get("anchor")
    if not isinstance(an, Mapping):
        raise BadRecord("anchor must be an object")
    path = an.get("section_path", [])
    tags = rec.get("tags", [])
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        raise BadRecord("anchor.section_path must be a list of strings")
    if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
        raise BadRecord("tags must be a list of strings")
    orphaned = rec.get("orphaned", False)
    if type(orphaned) is not bool:
        raise BadRecord("orphaned must be true or false")
    anchor = Anchor(
        measure_id=_str(an, "measure_id"),
        section_path=tuple(path),
        exact=_str(an, "exact", ""),
        prefix=_str(an, "prefix", ""),
        suffix=_str(an, "suffix", ""),
        start=_int(an, "start"),
        end=_int(an, "end"),
        sub_start=_int(an, "sub_start", optional=True),
        sub_end=_int(an, "sub_end", optional=True),
    )
    schema = rec.get("schema", 1)
    if type(schema) is not int:
        raise BadRecord("schema must be an integer")
    return Annotation(
        uuid=_str(rec, "uuid"),
        doc_id=_str(rec, "doc_id", ""),
        content_hash=_str(rec, "content_hash", ""),
        anchor=anchor,
        note=_str(rec, "note", ""),
        tags=tuple(tags),
        created=_str(rec, "created", ""),
        updated=_str(rec, "updated", ""),
        orphaned=orphaned,
        schema=schema,
    )


KNOWN_FIELDS = frozenset(to_record(Annotation("", "", "", Anchor("", (), ""))))


def has_unknown_fields(rec: Mapping[str, Any]) -> bool:
    """True if a newer version added fields this one does not know."""
    return not KNOWN_FIELDS.issuperset(rec)


def record_for(a: Annotation, old: Mapping[str, Any] | None) -> dict[str, Any]:
    """``to_record(a)``, carrying over fields a newer version wrote into ``old``."""
    rec = to_record(a)
    if old is not None and has_unknown_fields(old):
        rec.update({k: v for k, v in old.items() if k not in KNOWN_FIELDS})
    return rec


class Facts(NamedTuple):
    """What counting needs of a record, read without making an Annotation."""

    doc_id: str | None
    content_hash: str | None
    measure_id: str | None  # None when orphaned or unreadable
    tags: tuple[str, ...]
    schema: int


def facts_of(rec: Mapping[str, Any]) -> Facts:
    """The facts of a stored record; tolerant of any shape (unreadable parts count as absent)."""
    doc, digest, anchor, tags, schema = (rec.get(k) for k in ("doc_id", "content_hash", "anchor", "tags", "schema"))
    mid = anchor.get("measure_id") if isinstance(anchor, dict) else None
    if not isinstance(mid, str) or rec.get("orphaned") is True:
        mid = None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        tags = []
    return Facts(
        doc if isinstance(doc, str) else None,
        digest if isinstance(digest, str) else None,
        mid,
        tuple(tags),
        schema if type(schema) is int else 1,
    )
