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
from tui.files import atomic_write

FORMAT = "policy-tui/document"


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "id": doc.id,
        "content_hash": doc.content_hash,
        "meta": doc.meta.__dict__,
        "stats": doc.stats,
        "sections": [
            [s.id, s.kind, s.level, s.number, s.title, s.title_trad, s.parent_id, list(s.child_ids)]
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
            meta=Metadata(**data["meta"]),
            sections=tuple(
                Section(sid, kind, level, number, title, title_trad, parent, tuple(children))
                for sid, kind, level, number, title, title_trad, parent, children in data["sections"]
            ),
            measures=tuple(Measure(*row) for row in data["measures"]),
            blocks=tuple(Block(kind, sid, tuple(ids)) for kind, sid, ids in data["blocks"]),
            spots=tuple(_spot(dict(s)) for s in data["spots"]),
            stats=dict(data.get("stats", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"{name}: damaged document file ({type(exc).__name__}: {exc})") from None


def load_json(path: Path) -> Document:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        raise UserError(f"{path}: not valid JSON") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return from_dict(data, str(path))


def write_json(doc: Document, path: Path) -> None:
    """Write atomically, so a crash never leaves half a document."""
    atomic_write(path, dumps(doc))
