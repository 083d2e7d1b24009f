"""Provides Library: a folder of processed plans, listed, looked up by name, opened together.

Each plan is one processed document ``<name>.json`` in the folder; the name is
what the user types (``policy-tui search 教育 xuchang-2022``).  A small
catalogue file (``.catalog.json``) remembers each plan's title, 文号, date and
size, keyed by file size and modification time, so that listing a large
library does not parse every plan; it is only an optimisation, rebuilt when
missing or damaged.  Plans dropped into the folder by hand are listed too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import orjson

from tui import locations
from tui.document.model import Document
from tui.document.search import fold
from tui.document.serialize import load_json, write_json
from tui.errors import UserError
from tui.files import atomic_write
from tui.i18n import t
from tui.library.names import PLAN_SUFFIXES, names_a_file

CATALOG = ".catalog.json"
CATALOG_VERSION = 1
_UNSAFE = re.compile(r"[^\w\-.\u3400-\u9fff]+")  # what a plan's file name may hold, besides Han
AddStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True)
class Entry:
    """One plan of the library, as listed."""

    name: str  # the file stem: what the user types
    path: Path
    doc_id: str
    title: str
    doc_number: str
    date: str  # as written: the signing date, else the posting date
    chars: int  # characters of the plan's text
    measures: int
    source: str  # the raw file it was imported from


@dataclass(frozen=True)
class Added:
    """What ``Library.add`` did."""

    entry: Entry
    status: AddStatus


class NotInLibrary(UserError):
    """No plan of the library answers to a name (an ambiguous name is another error)."""


SAME_PLAN_SHARE = 0.6  # of sentences shared word for word: a new version of a plan, not another plan


def plan_name(hint: str) -> str:
    """A file-safe plan name from a file name or title: ``xuchang-2022-raw.txt`` -> ``xuchang-2022``."""
    stem = Path(hint).name
    for suffix in PLAN_SUFFIXES:
        stem = stem.removesuffix(suffix).removesuffix(suffix.upper())
    stem = stem.removesuffix("-raw")
    return _UNSAFE.sub("-", stem).strip("-.") or "plan"


def _shared(a: Document, b: Document) -> float:
    """The share of the smaller plan's sentences that the other has word for word."""
    texts_a = {m.text for m in a.measures if m.kind != "heading"}
    texts_b = {m.text for m in b.measures if m.kind != "heading"}
    smaller = min(len(texts_a), len(texts_b))
    return len(texts_a & texts_b) / smaller if smaller else 0.0


def _entry(path: Path, doc: Document) -> Entry:
    m = doc.meta
    return Entry(name=path.stem, path=path, doc_id=doc.id, title=m.title, doc_number=m.doc_number,
                 date=m.date_signed or m.date_posted, chars=sum(len(x.text) for x in doc.measures),
                 measures=sum(1 for x in doc.measures if x.kind != "heading"), source=m.source)


class Library:
    """The plans in ``folder`` (which need not exist yet)."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder).expanduser() if folder else locations.library_dir()

    # -- listing -------------------------------------------------------------
    def _files(self) -> list[Path]:
        try:
            # A plan's reviewed fixes sit beside it (NAME.errata.json): they are not plans.
            return sorted(p for p in self.folder.glob("*.json")
                          if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".errata.json"))
        except OSError:
            return []

    def _read_catalog(self) -> dict[str, dict[str, object]]:
        try:
            data = orjson.loads((self.folder / CATALOG).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CATALOG_VERSION:
            return {}
        plans = data.get("plans")
        return plans if isinstance(plans, dict) else {}

    def entries(self, problems: list[str] | None = None) -> list[Entry]:
        """Every readable plan, by name; a file that is not a plan is skipped (and named in ``problems``)."""
        known = self._read_catalog()
        fresh: dict[str, dict[str, object]] = {}
        out: list[Entry] = []
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = [stat.st_size, stat.st_mtime_ns]
            row = known.get(path.name)
            entry = None
            if isinstance(row, dict) and row.get("stamp") == stamp:
                with contextlib.suppress(TypeError, KeyError):
                    fields = {k: v for k, v in row.items() if k != "stamp"}
                    entry = Entry(**{**fields, "path": path, "name": path.stem})  # type: ignore[arg-type]
            if entry is None:
                try:
                    entry = _entry(path, load_json(path))
                except UserError as exc:
                    if problems is not None:
                        problems.append(str(exc))
                    continue
            fresh[path.name] = {**asdict(entry), "path": "", "stamp": stamp}
            out.append(entry)
        if fresh != known and self.folder.is_dir():
            # Only an optimisation: a read-only library still lists.
            with contextlib.suppress(OSError):
                atomic_write(self.folder / CATALOG, orjson.dumps({"version": CATALOG_VERSION, "plans": fresh}))
        return out

    # -- adding --------------------------------------------------------------
    def entry_for(self, doc_id: str, entries: Sequence[Entry] | None = None) -> Entry | None:
        """The entry of the plan with ``doc_id``, if the library holds it."""
        return next((e for e in (self.entries() if entries is None else entries) if e.doc_id == doc_id), None)

    def distinct(self, doc: Document) -> tuple[Document, Entry | None]:
        """``doc``, under an id of its own if the library holds another plan with its id; and that plan.

        An id comes from the title and 文号, so that a re-import (repaired or
        revised text) stays the same plan and keeps its notes.  Two counties'
        plans may share a title, though: a plan from another file whose text
        shares less than SAME_PLAN_SHARE of its sentences is another plan, and
        must not take over the first one's entry and notes.
        """
        same = self.entry_for(doc.id)
        if same is None or Path(same.source).name == Path(doc.meta.source).name:
            return doc, None
        try:
            known = load_json(same.path)
        except UserError:
            return doc, None
        if known.content_hash == doc.content_hash or _shared(known, doc) >= SAME_PLAN_SHARE:
            return doc, None
        own = hashlib.sha256(f"{doc.id}|{Path(doc.meta.source).name}".encode()).hexdigest()[:16]
        return dataclasses.replace(doc, id=own), same

    def check_replace(self, doc: Document, replace: bool = False) -> None:
        """Refuse (UserError) to replace the library's copy of ``doc``'s plan with other text
        from another file, unless ``replace``: a re-import of the same file updates it, but a
        different file with the same title and 文号 (a truncated copy, another version) is
        never taken for it without being asked."""
        same = self.entry_for(doc.id)
        if replace or same is None or Path(same.source).name == Path(doc.meta.source).name:
            return
        try:
            if load_json(same.path).content_hash == doc.content_hash:
                return
        except UserError:
            return  # an unreadable copy holds nothing to lose
        raise UserError(t("lib.error.other_source", name=same.name, old=Path(same.source).name or same.path.name,
                          new=Path(doc.meta.source).name))

    def add(self, doc: Document, name_hint: str = "", replace: bool = False) -> Added:
        """Store ``doc`` under a name from ``name_hint`` (a file name or title).

        The same plan (same id) already here is replaced in place under its
        name (a re-import of its file, or any file with ``replace``; see
        ``check_replace``), or left alone if its text is unchanged; another
        plan never replaces one: the name gets a number (``name-2``).
        """
        entries = self.entries()
        same = self.entry_for(doc.id, entries)
        if same is not None:
            try:
                unchanged = load_json(same.path).content_hash == doc.content_hash
            except UserError:
                unchanged = False
            if unchanged:
                return Added(same, "unchanged")
            self.check_replace(doc, replace)
            path, status = same.path, "updated"
        else:
            base = plan_name(name_hint or doc.meta.source or doc.display_title)
            taken = {e.path.name.lower() for e in entries} | {p.name.lower() for p in self._files()}
            path = self.folder / f"{base}.json"
            k = 2
            while path.name.lower() in taken:
                path = self.folder / f"{base}-{k}.json"
                k += 1
            status = "added"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_json(doc, path)
        except OSError as exc:
            raise UserError(t("lib.error.write", path=path, error=exc.strerror or exc)) from None
        return Added(_entry(path, doc), status)  # type: ignore[arg-type]

    # -- finding and opening -------------------------------------------------
    def find(self, ref: str) -> Entry:
        """The plan ``ref`` names: its name, id (or a prefix of 6+), title, or a unique part of a name or title."""
        entries = self.entries()
        key = fold(ref.strip())
        if not key:
            raise UserError(t("lib.error.no_name"))
        for test in (
            lambda e: fold(e.name) == key,
            lambda e: e.doc_id == key or (len(key) >= 6 and e.doc_id.startswith(key)),
            lambda e: fold(e.title) == key,
            lambda e: key in fold(e.name) or key in fold(e.title) or key in fold(e.doc_number),
        ):
            found = [e for e in entries if test(e)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                names = ", ".join(e.name for e in found[:6]) + (" …" if len(found) > 6 else "")
                raise UserError(t("lib.error.ambiguous", ref=ref, names=names))
        raise NotInLibrary(t("lib.error.not_found", ref=ref, folder=self.folder))

    def load(self, entry: Entry) -> Document:
        return load_json(entry.path)


def open_plan(ref: str, library: Library) -> Document:
    """A plan named on the command line: a file (any format the importer reads), a library name,
    or the bundled plan's name (its file's stem, or part of its title)."""
    from tui.ingest.load import load_document

    if names_a_file(ref):
        return load_document(ref)  # a missing file gets the importer's one-line error
    return named_plan(ref, library)[0]


def named_plan(ref: str, library: Library) -> tuple[Document, Path]:
    """The plan a name means, and its file: in the library, else the bundled plan (UserError if neither)."""
    try:
        entry = library.find(ref)
        return library.load(entry), entry.path
    except NotInLibrary:  # an ambiguous name is said as such, never taken for the bundled plan
        bundled = _bundled_named(ref)
        if bundled is None:
            raise
        return bundled, locations.BUNDLED_DOC


def _bundled_named(ref: str) -> Document | None:
    """The bundled plan, if ``ref`` names it."""
    key = fold(ref.strip())
    if not key or not locations.BUNDLED_DOC.exists():
        return None
    if fold(locations.BUNDLED_DOC.stem).startswith(key):  # xuchang, xuchang-20: a library name would have won
        return load_json(locations.BUNDLED_DOC)
    doc = load_json(locations.BUNDLED_DOC)
    return doc if key in fold(doc.meta.title) else None


def load_plan(ref: str | None, library: Library | None = None) -> Document:
    """The plan a command names (see ``open_plan``); None: the bundled plan."""
    from tui.ingest.load import load_document

    return load_document(None) if not ref else open_plan(ref, library or Library())


def every_plan(library: Library) -> list[tuple[Document, Path]]:
    """What ``--all`` means to every command: each plan of the library, then the bundled plan
    unless the library holds it (same id); each with its file."""
    from tui.ingest.load import load_document

    entries = library.entries()
    plans = [(library.load(e), e.path) for e in entries]
    bundled = load_document(None)
    if all(e.doc_id != bundled.id for e in entries):
        plans.append((bundled, locations.BUNDLED_DOC))
    return plans


def open_plans(refs: Iterable[str], library: Library, every: bool = False) -> list[Document]:
    """The plans ``refs`` name, then (with ``every``) the rest of ``every_plan``; each plan once."""
    docs = [open_plan(ref, library) for ref in refs]
    if every:
        docs.extend(doc for doc, _ in every_plan(library))
    seen: set[str] = set()
    unique = []
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            unique.append(doc)
    return unique
