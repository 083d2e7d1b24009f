"""Provides the versioned JSON form of a Document (write and read)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tui.document.model import SCHEMA_VERSION, Document, Spot
from tui.errors import UserError
from tui.files import MAX_DOCUMENT_BYTES, atomic_write, read_user_file

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from typing import Any

FORMAT = "policy-tui/document"


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "id": doc.id,
        "content_hash": doc.content_hash,
        "meta": {**doc.meta.__dict__, "toc": list(doc.meta.toc)},
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


def dumps(doc: Document) -> bytes:
    return _dumps(to_dict(doc))


def _dumps(data: dict[str, Any]) -> bytes:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def from_dict(data: Any, name: str = "document") -> Document:
    """The Document in ``data``, after every check of ``validate`` (a one-line UserError if one fails)."""
    from tui.document import validate
    from tui.i18n import t

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(t("scale.doc.not_document", name=name))
    if data.get("version") != SCHEMA_VERSION:
        raise UserError(t("scale.doc.version", name=name, version=_shown(data.get("version"))))
    try:
        for key in ("id", "content_hash", "meta", "sections", "measures", "blocks", "spots"):
            if key not in data:
                raise validate.Damaged(key, "missing")
        doc = Document(
            id=validate.text(data["id"], "id"),
            content_hash=validate.text(data["content_hash"], "content_hash"),
            meta=validate.metadata(data["meta"]),
            sections=validate.sections(data["sections"]),
            measures=validate.measures(data["measures"]),
            blocks=validate.blocks(data["blocks"]),
            spots=validate.spots(data["spots"]),
            stats=validate.stats(data.get("stats")),
        )
        validate.links(doc)
    except validate.Damaged as bad:
        problem = t(f"scale.doc.p.{bad.problem}", value=_shown(bad.value))
        raise UserError(t("scale.doc.damaged", name=name, where=bad.where, problem=problem)) from None
    return doc


def _shown(value: object) -> str:
    """A value from the file, short enough for a one-line message."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def load_json(path: Path) -> Document:
    """A processed document, read up to the limit every document import writes stays under."""
    from tui.i18n import t

    raw = read_user_file(path, "file.what.document", MAX_DOCUMENT_BYTES)
    try:
        data = parse(raw)
    except (ValueError, RecursionError):
        raise UserError(t("scale.doc.not_json", name=path)) from None
    return from_dict(data, str(path))


# Maybe an escape in \uD800-\uDFFF (or an escaped backslash before "ud800": the check after tells).
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def parse(raw: bytes) -> Any:
    """Strict JSON, as orjson reads it: no NaN or Infinity, no lone surrogate.

    The standard ``json`` rather than orjson, whose import (uuid, platform,
    datetime) costs a search 4 ms, more than reading a plan with ``json``.
    """
    data = json.loads(raw, parse_constant=_no_constant)
    # Our writer never escapes a character, so an escaped surrogate comes from
    # elsewhere; one without its pair is text no UTF-8 file or terminal can take.
    if _ESCAPED_SURROGATE.search(raw) and not _pairs_ok(data):
        raise ValueError("lone surrogate")
    return data


def _pairs_ok(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def write_json(doc: Document, path: Path) -> None:
    """Write atomically, so a crash never leaves half a document; and only a document
    reading takes back: one the loader would refuse is an importer's bug, said here
    (nothing written) rather than by every command that opens the file later."""
    from tui.i18n import t

    data = to_dict(doc)
    try:
        from_dict(data, str(path))
    except UserError as exc:
        raise UserError(t("scale.doc.unwritable", name=path, error=exc)) from None
    atomic_write(path, _dumps(data))
