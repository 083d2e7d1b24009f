"""Provides the versioned JSON form of a Document (write and read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from tui.document.model import (
    SCHEMA_VERSION,
    Block,
    Document,
    Measure,
    Metadata,
    Section,
    Spot,
)
from tui.errors import UserError
from tui.files import MAX_DOCUMENT_BYTES, atomic_write, read_user_file

FORMAT = "policy-tui/document"


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "id": doc.id,
        "content_hash": doc.content_hash,
        "meta": doc.meta.__dict__,
        "stats": doc.stats,
        # A ninth column, true, marks a section whose place was guessed; older
        # files have eight columns and load as certain.
        "sections": [
            [s.id, s.kind, s.level, s.number, s.title, s.title_trad, s.parent_id, list(s.child_ids)]
            + ([True] if s.uncertain else [])
            for s in doc.sections
        ],
        # Columns: id, section_id, kind, simplified text, traditional text.
        "measures": [[m.id, m.section_id, m.kind, m.text, m.text_trad] for m in doc.measures],
        "blocks": [[b.kind, b.section_id, list(b.measure_ids)] for b in doc.blocks],
        "spots": [_spot_dict(s) for s in doc.spots],
    }


def _spot_dict(s: Spot) -> dict[str, Any]:
    out: dict[str, Any] = {"measure_id": s.measure_id, "start": s.start, "end": s.end, "raw": s.raw,
                           "fixed": s.fixed, "status": s.status, "reason": s.reason}
    # Added later: written only when set, so older documents read and write the same.
    if s.readings:
        out["readings"] = [[text, p] for text, p in s.readings]
    if s.confidence:
        out["confidence"] = s.confidence
    return out


def _spot(data: dict[str, Any]) -> Spot:
    readings = tuple((str(text), float(p)) for text, p in data.pop("readings", ()))
    return Spot(**data, readings=readings)


def dumps(doc: Document) -> bytes:
    return orjson.dumps(to_dict(doc), option=orjson.OPT_INDENT_2) + b"\n"


def from_dict(data: dict[str, Any], name: str = "document") -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f"{name}: not a policy-tui document (run `policy-tui import` on the raw text)")
    if data.get("version") != SCHEMA_VERSION:
        raise UserError(f"{name}: document format version {data.get('version')} is not supported; re-import it")
    try:
        return Document(
            id=data["id"],
            content_hash=data["content_hash"],
            meta=_metadata(data["meta"]),
            sections=tuple(_section(row) for row in data["sections"]),
            measures=tuple(Measure(*row) for row in data["measures"]),
            blocks=tuple(Block(kind, sid, tuple(ids)) for kind, sid, ids in data["blocks"]),
            spots=tuple(_spot(dict(s)) for s in data["spots"]),
            stats=dict(data.get("stats", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"{name}: damaged document file ({type(exc).__name__}: {exc})") from None


def _metadata(meta: dict[str, Any]) -> Metadata:
    fields = dict(meta)
    fields["toc"] = tuple(fields.get("toc", ()))
    return Metadata(**fields)


def _section(row: list[Any]) -> Section:
    sid, kind, level, number, title, title_trad, parent, children, *rest = row
    if len(rest) > 1:
        raise ValueError(f"section row {sid!r} has {len(row)} columns")
    return Section(sid, kind, level, number, title, title_trad, parent, tuple(children), bool(rest and rest[0]))


def load_json(path: Path) -> Document:
    """A processed document, read up to the limit every document import writes stays under."""
    raw = read_user_file(path, "a policy-tui document", MAX_DOCUMENT_BYTES)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise UserError(f"{path}: not valid JSON") from None
    return from_dict(data, str(path))


def write_json(doc: Document, path: Path) -> None:
    """Write atomically, so a crash never leaves half a document."""
    atomic_write(path, dumps(doc))
