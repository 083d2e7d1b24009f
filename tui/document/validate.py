"""Provides the checked reading of a processed document's JSON rows, and its link checks.

A processed ``.json`` may have been edited, damaged or crafted.  Nothing
reads a Document before these checks pass: every field has its type and
range, every id it names exists, sections come after their parents (so the
tree has no cycle), and the blocks hold every measure once, in reading
order.  A failure is a ``Damaged`` naming the place (``sections[3][6]``) and
the problem; ``serialize`` turns it into a one-line error.

The checks of each row are one boolean expression; the place and the
problem are worked out only for a row that fails, so that checking a large
plan costs little.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.document import model
from tui.document.model import Block, Document, Measure, Metadata, Section, Spot

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from typing import Any, TypeGuard

    from tui.document.model import MeasureKind

SECTION_KINDS = frozenset(model.SECTION_KINDS)
MEASURE_KINDS = frozenset(model.MEASURE_KINDS)
BLOCK_KINDS = frozenset(model.BLOCK_KINDS)
SPOT_STATUSES = frozenset(model.SPOT_STATUSES)
MAX_LEVEL = 16  # deeper than any plan's numbering; a huge level would only cost memory in `dump`
META_FIELDS = frozenset(Metadata.__dataclass_fields__)
SPOT_FIELDS = frozenset(Spot.__dataclass_fields__)


class Damaged(Exception):
    """What is wrong, and where: ``problem`` is a catalogue key under ``scale.doc.p.``."""

    def __init__(self, where: str, problem: str, value: object = "") -> None:
        super().__init__(f"{where}: {problem} {value!r}")
        self.where, self.problem, self.value = where, problem, value


def _is_str(v: object) -> bool:
    return type(v) is str


def _is_int(v: object, lo: int, hi: int) -> bool:
    return type(v) is int and lo <= v <= hi


def _measure_kind(v: object) -> TypeGuard[MeasureKind]:
    return type(v) is str and v in MEASURE_KINDS


def _explain(where: str, row: object, columns: tuple[tuple[str, Callable[[Any], bool]], ...]) -> Damaged:
    """The first column of ``row`` that fails its check (only called for a bad row)."""
    if type(row) is not list:
        return Damaged(where, "type", "array")
    if len(row) != len(columns):
        return Damaged(where, "columns", len(row))
    for k, (what, ok) in enumerate(columns):
        if not ok(row[k]):
            return Damaged(f"{where}[{k}]", what, _short(row[k]))
    return Damaged(where, "type", "array")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _one_of(choices: frozenset[str]) -> Callable[[object], bool]:
    return lambda v: type(v) is str and v in choices


def _str_list(v: object) -> bool:
    return type(v) is list and all(type(x) is str for x in v)


# --- the tables ---------------------------------------------------------------------


def sections(rows: object) -> tuple[Section, ...]:
    """Section rows: id, kind, level, number, title, title_trad, parent, children[, uncertain]."""
    if type(rows) is not list:
        raise Damaged("sections", "type", "array")
    out = []
    for i, row in enumerate(rows):
        if not (type(row) is list and len(row) in (8, 9) and _is_str(row[0]) and row[0]
                and _is_str(row[1]) and row[1] in SECTION_KINDS and _is_int(row[2], 0, MAX_LEVEL)
                and _is_str(row[3]) and _is_str(row[4]) and _is_str(row[5])
                and (row[6] is None or _is_str(row[6])) and _str_list(row[7])
                and (len(row) == 8 or type(row[8]) is bool)):
            columns: tuple[tuple[str, Callable[[Any], bool]], ...] = (
                ("id", lambda v: _is_str(v) and bool(v)), ("choice", _one_of(SECTION_KINDS)),
                ("range", lambda v: _is_int(v, 0, MAX_LEVEL)), ("type", _is_str), ("type", _is_str),
                ("type", _is_str), ("type", lambda v: v is None or _is_str(v)), ("type", _str_list),
                ("type", lambda v: type(v) is bool))
            if type(row) is list and len(row) == 8:
                columns = columns[:8]
            raise _explain(f"sections[{i}]", row, columns)
        out.append(Section(row[0], row[1], row[2], row[3], row[4], row[5], row[6], tuple(row[7]),
                           len(row) == 9 and row[8]))
    return tuple(out)


def measures(rows: object) -> tuple[Measure, ...]:
    """Measure rows: id, section_id, kind, text, text_trad (as long as text)."""
    if type(rows) is not list:
        raise Damaged("measures", "type", "array")
    if not rows:
        raise Damaged("measures", "empty")
    out = []
    for i, row in enumerate(rows):
        # Unpacked and checked inline: this loop runs for every sentence of the plan.
        if type(row) is list and len(row) == 5:
            mid, sid, kind, text_, trad = row
            if (type(mid) is str and mid and type(sid) is str and _measure_kind(kind)
                    and type(text_) is str and type(trad) is str):
                if len(text_) != len(trad):
                    raise Damaged(f"measures[{i}][4]", "trad_length", len(trad))
                out.append(Measure(mid, sid, kind, text_, trad))
                continue
        raise _explain(f"measures[{i}]", row, (
            ("id", lambda v: _is_str(v) and bool(v)), ("type", _is_str), ("choice", _one_of(MEASURE_KINDS)),
            ("type", _is_str), ("type", _is_str)))
    return tuple(out)


def blocks(rows: object) -> tuple[Block, ...]:
    """Block rows: kind, section_id, measure ids (at least one)."""
    if type(rows) is not list:
        raise Damaged("blocks", "type", "array")
    out = []
    for i, row in enumerate(rows):
        if not (type(row) is list and len(row) == 3 and _is_str(row[0]) and row[0] in BLOCK_KINDS and _is_str(row[1])
                and _str_list(row[2]) and row[2]):
            raise _explain(f"blocks[{i}]", row, (
                ("choice", _one_of(BLOCK_KINDS)), ("type", _is_str),
                ("empty", lambda v: _str_list(v) and bool(v))))
        out.append(Block(row[0], row[1], tuple(row[2])))
    return tuple(out)


def spots(items: object) -> tuple[Spot, ...]:
    """Damaged spans: objects with the fields of ``Spot`` (reason optional)."""
    if type(items) is not list:
        raise Damaged("spots", "type", "array")
    out = []
    for i, item in enumerate(items):
        where = f"spots[{i}]"
        if type(item) is not dict:
            raise Damaged(where, "type", "object")
        unknown = set(item) - SPOT_FIELDS
        if unknown:
            raise Damaged(where, "keys", _short(sorted(unknown)))
        for name in ("measure_id", "raw", "fixed", "reason"):
            if name in item and not _is_str(item[name]):
                raise Damaged(f"{where}.{name}", "type", _short(item[name]))
        for name in ("measure_id", "start", "end", "raw", "fixed", "status"):
            if name not in item:
                raise Damaged(f"{where}.{name}", "missing")
        for name in ("start", "end"):
            if not _is_int(item[name], 0, 1 << 62):
                raise Damaged(f"{where}.{name}", "range", _short(item[name]))
        if not _one_of(SPOT_STATUSES)(item["status"]):
            raise Damaged(f"{where}.status", "choice", _short(item["status"]))
        fields = dict(item)
        fields["readings"] = _readings(item.get("readings", []), f"{where}.readings")
        confidence = item.get("confidence", 0.0)
        if type(confidence) not in (int, float) or not 0 <= confidence <= 1:
            raise Damaged(f"{where}.confidence", "range", _short(confidence))
        out.append(Spot(**fields))
    return tuple(out)


def _readings(value: object, where: str) -> tuple[tuple[str, float], ...]:
    """A spot's likeliest readings: [text, probability] pairs."""
    if type(value) is not list:
        raise Damaged(where, "type", "array")
    out = []
    for k, pair in enumerate(value):
        if not (type(pair) is list and len(pair) == 2 and _is_str(pair[0])
                and type(pair[1]) in (int, float) and 0 <= pair[1] <= 1):
            raise Damaged(f"{where}[{k}]", "type", _short(pair))
        out.append((pair[0], float(pair[1])))
    return tuple(out)


def metadata(meta: object) -> Metadata:
    """The ``meta`` object: known fields only, strings (``toc`` a list of strings)."""
    if type(meta) is not dict:
        raise Damaged("meta", "type", "object")
    unknown = set(meta) - META_FIELDS
    if unknown:
        raise Damaged("meta", "keys", _short(sorted(unknown)))
    for name, value in meta.items():
        if not (_str_list(value) if name == "toc" else _is_str(value)):
            raise Damaged(f"meta.{name}", "type", _short(value))
    fields = dict(meta)
    fields["toc"] = tuple(fields.get("toc", ()))
    return Metadata(**fields)


def stats(value: object) -> dict[str, int]:
    """The import's counts (optional): names to integers."""
    if value is None:
        return {}
    if not (type(value) is dict and all(type(v) is int for v in value.values())):
        raise Damaged("stats", "type", "object")
    return dict(value)


def text(value: object, where: str) -> str:
    if not _is_str(value):
        raise Damaged(where, "type", _short(value))
    return str(value)


# --- the links between them ---------------------------------------------------------------


def links(doc: Document) -> None:
    """Ids are unique and exist, the tree is in pre-order without cycles, blocks hold the measures in order."""
    position: dict[str, int] = {}
    for i, s in enumerate(doc.sections):
        if s.id in position:
            raise Damaged(f"sections[{i}][0]", "duplicate", _short(s.id))
        position[s.id] = i
    children: dict[str, list[str]] = {s.id: [] for s in doc.sections}
    for i, s in enumerate(doc.sections):
        if s.parent_id is not None:
            parent = position.get(s.parent_id)
            if parent is None:
                raise Damaged(f"sections[{i}][6]", "unknown", _short(s.parent_id))
            # Parents before children: the tree is built in one pass, and a
            # section that is its own ancestor would loop every walk up.
            if parent >= i:
                raise Damaged(f"sections[{i}][6]", "cycle", _short(s.parent_id))
            children[s.parent_id].append(s.id)
    for i, s in enumerate(doc.sections):
        if list(s.child_ids) != children[s.id]:
            raise Damaged(f"sections[{i}][7]", "children", _short(list(s.child_ids)))
    by_id = doc.measure_by_id  # built here once, kept by the Document for its readers
    if len(by_id) != len(doc.measures):
        seen: set[str] = set()
        for i, m in enumerate(doc.measures):
            if m.id in seen:
                raise Damaged(f"measures[{i}][0]", "duplicate", _short(m.id))
            seen.add(m.id)
    for i, m in enumerate(doc.measures):
        if m.section_id not in position:
            raise Damaged(f"measures[{i}][1]", "unknown", _short(m.section_id))
    k = 0
    measures_ = doc.measures
    for i, b in enumerate(doc.blocks):
        if b.section_id not in position:
            raise Damaged(f"blocks[{i}][1]", "unknown", _short(b.section_id))
        for mid in b.measure_ids:
            if k >= len(measures_) or measures_[k].id != mid:
                problem = "order" if mid in by_id else "unknown"
                raise Damaged(f"blocks[{i}][2]", problem, _short(mid))
            k += 1
    if k != len(measures_):
        raise Damaged("blocks", "order", _short(measures_[k].id))
    for i, spot in enumerate(doc.spots):
        measure = by_id.get(spot.measure_id)
        if measure is None:
            raise Damaged(f"spots[{i}].measure_id", "unknown", _short(spot.measure_id))
        if not spot.start <= spot.end <= len(measure.text):
            raise Damaged(f"spots[{i}]", "range", f"{spot.start}-{spot.end}")
