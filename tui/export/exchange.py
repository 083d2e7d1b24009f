"""Provides the JSON exchange format (version 1): export, and validated import.

The format is documented in tui/export/exchange-format.md.  Output is a pure
function of the document, the annotations and the filters (no export time),
so exporting the same data twice gives identical bytes.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.annotations.filters import Filters, apply
from tui.annotations.model import ANNOTATION_SCHEMA, Anchor, Annotation
from tui.annotations.plans import PlanNotes
from tui.annotations.store import to_record
from tui.document.model import Document
from tui.errors import UserError
from tui.files import read_user_file
from tui.i18n import t

FORMAT = "policy-tui-annotations"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024  # refuse absurd files before reading them
MAX_INT = 2**63 - 1  # what the database (orjson) stores


def annotation_to_dict(a: Annotation) -> dict[str, Any]:
    """Exchange form of one annotation: the same record the store keeps."""
    return to_record(a)


def to_json(doc: Document, annotations: Iterable[Annotation], filters: Filters | None = None) -> str:
    """The exchange file for the annotations that match ``filters``."""
    filters = filters or Filters()
    items = apply(doc, annotations, filters)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "document": _document(doc),
        "filters": {"tags": list(filters.tags), "county": filters.county, "chapter": filters.chapter},
        "count": len(items),
        "annotations": [annotation_to_dict(a) for a in items],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_json_plans(plans: Sequence[PlanNotes], filters: Filters) -> str:
    """One exchange file for several plans' (already filtered) annotations, plan by plan."""
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "documents": [_document(p.doc) | {"count": len(p.annotations)} for p in plans],
        "filters": {"tags": list(filters.tags), "county": filters.county, "chapter": None},
        "count": sum(len(p.annotations) for p in plans),
        "annotations": [annotation_to_dict(a) for p in plans for a in p.annotations],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _document(doc: Document) -> dict[str, str | int]:
    return {"id": doc.id, "content_hash": doc.content_hash, "title": doc.meta.title,
            "doc_number": doc.meta.doc_number, "source": doc.meta.source}


_KIND_NAMES = {str: "a string", int: "an integer", list: "a list", bool: "true or false", dict: "an object"}


class _Bad(Exception):
    """A validation failure; the message names the field."""


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
    if key not in obj:
        if default is ...:
            raise _Bad(f"{key} is missing")
        return default
    value = obj[key]
    if value is None and default is None:
        return None
    # bool is an int in Python; a JSON true is never a valid offset.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        raise _Bad(f"{key} must be " + " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds))
    _storable(key, value)
    return value


def _storable(key: str, value: Any) -> None:
    """Refuse what the database cannot hold, before anything is written: integers beyond
    64 bits, and strings with lone surrogates (``"\\ud800"`` is valid JSON, not valid UTF-8)."""
    if type(value) is int and not 0 <= value <= MAX_INT:
        raise _Bad(f"{key} must be between 0 and {MAX_INT}")
    for item in value if isinstance(value, list) else (value,):
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _Bad(f"{key} contains a lone surrogate (U+{ord(item[exc.start]):04X})") from None


def _str_list(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    values = _get(obj, key, list, [])
    if not all(isinstance(v, str) for v in values):
        raise _Bad(f"{key} must be a list of strings")
    return tuple(values)


def _stamp(obj: dict[str, Any], key: str) -> str:
    value: str = _get(obj, key, str)
    if value:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{key} is not an ISO 8601 time: {value[:40]!r}") from None
    return value


def _anchor(obj: Any) -> Anchor:
    if not isinstance(obj, dict):
        raise _Bad("anchor must be an object")
    sub_start = _get(obj, "sub_start", int, None)
    sub_end = _get(obj, "sub_end", int, None)
    if (sub_start is None) != (sub_end is None) or (
            sub_start is not None and not 0 <= sub_start < sub_end):
        raise _Bad("anchor.sub_start/sub_end must both be null or 0 <= sub_start < sub_end")
    try:
        return Anchor(
            measure_id=_get(obj, "measure_id", str),
            section_path=_str_list(obj, "section_path"),
            exact=_get(obj, "exact", str),
            prefix=_get(obj, "prefix", str, ""),
            suffix=_get(obj, "suffix", str, ""),
            start=_get(obj, "start", int, 0),
            end=_get(obj, "end", int, 0),
            sub_start=sub_start,
            sub_end=sub_end,
        )
    except _Bad as exc:
        raise _Bad(f"anchor.{exc}") from None


def annotation_from_dict(obj: Any) -> Annotation:
    """One validated annotation; raises _Bad naming the first bad field."""
    if not isinstance(obj, dict):
        raise _Bad("must be an object")
    uuid = _get(obj, "uuid", str)
    if not uuid.strip():
        raise _Bad("uuid is empty")
    schema = _get(obj, "schema", int, ANNOTATION_SCHEMA)
    if schema > ANNOTATION_SCHEMA:
        shown = schema if schema < 10**9 else "> 10^9"
        raise _Bad(f"schema {shown} is newer than this policy-tui understands")
    return Annotation(
        uuid=uuid,
        doc_id=_get(obj, "doc_id", str),
        content_hash=_get(obj, "content_hash", str, ""),
        anchor=_anchor(obj.get("anchor")),
        note=_get(obj, "note", str, ""),
        tags=_str_list(obj, "tags"),
        created=_stamp(obj, "created"),
        updated=_stamp(obj, "updated"),
        orphaned=_get(obj, "orphaned", bool, False),
        schema=schema,
    )


def parse_json(text: str, source: str = "input") -> list[Annotation]:
    """Annotations from an exchange file's text; any problem -> UserError (one line)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(t("exchange.error.json", source=source, detail=f"{exc.lineno}:{exc.colno} {exc.msg}")) from None
    except RecursionError:
        raise UserError(t("exchange.error.json", source=source, detail="nested too deeply")) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise UserError(t("exchange.error.json", source=source, detail=exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(t("exchange.error.format", source=source, format=FORMAT))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError(f"{source}: \"version\" must be a positive integer")
    if version > VERSION:
        shown = version if version < 10**9 else "> 10^9"
        raise UserError(t("exchange.error.newer", source=source, version=shown, known=VERSION))
    records = data.get("annotations")
    if not isinstance(records, list):
        raise UserError(f"{source}: \"annotations\" must be a list")
    out: list[Annotation] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        try:
            annotation = annotation_from_dict(record)
        except _Bad as exc:
            raise UserError(f"{source}: annotation {number}: {exc}") from None
        if annotation.uuid in seen:
            raise UserError(f"{source}: annotation {number}: duplicate uuid {annotation.uuid}")
        seen.add(annotation.uuid)
        out.append(annotation)
    return out


def read_json_file(path: Path) -> list[Annotation]:
    """Annotations from an exchange file on disk; unreadable or invalid -> UserError."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        kind = stat.S_IFREG  # missing or unreadable: read_user_file says which
    if not (stat.S_ISREG(kind) or stat.S_ISDIR(kind)):  # a FIFO would block, /dev/zero never end
        raise UserError(t("scale.file.not_regular", path=path))
    raw = read_user_file(path, "file.what.export", MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(t("exchange.error.utf8", path=path, byte=exc.start)) from None
    return parse_json(text, str(path))
