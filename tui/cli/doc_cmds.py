"""Provides the document commands: import, dump and search."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import t

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from tui.document.model import Document
    from tui.ingest.pipeline import Imported


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help=t("lib.h.import"), description=t("lib.h.import.description"))
    p.add_argument("raw", metavar="FILE", help=t("lib.h.import.raw"))
    p.add_argument("-o", "--output", help=t("lib.h.import.output"))
    p.add_argument("--show-removed", action="store_true", help=t("lib.h.import.show_removed"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--no-library", action="store_true", help=t("lib.h.no_library"))
    p.add_argument("--replace", action="store_true", help=t("lib.h.replace"))
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("dump", help=t("cli.h.dump"))
    p.add_argument("doc", nargs="?", help=t("cli.h.plan_doc"))
    p.add_argument("--traditional", action="store_true", help=t("cli.h.dump.traditional"))
    p.add_argument("--json", action="store_true", help=t("cli.h.dump.json"))
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("search", help=t("lib.h.search"), description=t("lib.h.search.description"))
    p.add_argument("term", metavar="TERM", help=t("lib.h.search.term"))
    p.add_argument("docs", nargs="*", default=[], metavar="DOC", help=t("lib.h.search.docs"))
    p.add_argument("--all", action="store_true", help=t("lib.h.all"))
    p.add_argument("--by-chapter", action="store_true", help=t("lib.h.by_chapter"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--json", action="store_true", help=t("lib.h.search.json"))
    p.set_defaults(func=cmd_search)


def _default_output(raw: Path) -> Path:
    stem = raw.stem if raw.suffix.lower() in (".txt", ".html", ".htm", ".docx", ".pdf") else raw.name
    return raw.with_name(f"{stem.removesuffix('-raw')}.json")


def cmd_import(args: argparse.Namespace) -> int:
    from tui.document.serialize import dumps
    from tui.errors import UserError
    from tui.files import MAX_DOCUMENT_BYTES, atomic_write
    from tui.i18n import t
    from tui.ingest.load import run_file

    raw = Path(args.raw)
    out = Path(args.output) if args.output else _default_output(raw)
    if out.resolve() == raw.resolve():
        raise UserError(t("ingest.error.overwrite_raw", path=out))
    if sys.stderr.isatty():  # the first import loads the repair models: a few seconds
        from tui.display import clean

        print(clean(t("ingest.progress", name=raw.name)), end="", file=sys.stderr, flush=True)
    other = None
    try:
        imported = run_file(raw, copies=[out])
        library = None
        if not getattr(args, "no_library", False):
            import dataclasses

            from tui.library import Library
            from tui.locations import errata_for

            library = Library(getattr(args, "library", None))
            # Another plan with the same title keeps its entry and notes: this one gets its own id.
            doc, other = library.distinct(imported.doc)
            same = library.entry_for(doc.id)
            if same is not None and errata_for(same.path).exists() and errata_for(same.path) != errata_for(out):
                # Fixes reviewed in the library's copy are part of the plan: a re-import keeps them.
                imported = run_file(raw, copies=[out, same.path])
                doc, other = library.distinct(imported.doc)
            imported = dataclasses.replace(imported, doc=doc)
            # Before anything is written: another file never silently replaces the library's copy.
            library.check_replace(doc, getattr(args, "replace", False))
    finally:
        if sys.stderr.isatty():
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    if other is not None:
        print(t("lib.import.same_title", name=other.name, source=other.source or other.path.name))
    data = dumps(imported.doc)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UserError(t("ingest.error.document_too_large", path=out, limit=MAX_DOCUMENT_BYTES // 1024 // 1024))
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise UserError(t("ingest.error.cannot_write", path=out, error=exc.strerror or exc)) from None
    print_import_summary(imported, out, show_removed=args.show_removed)
    if library is not None:
        before = library.entry_for(imported.doc.id)
        earlier = _readable(before.path) if before is not None else None
        added = library.add(imported.doc, raw.name, replace=getattr(args, "replace", False))
        print(t(f"lib.import.{added.status}", name=added.entry.name, path=added.entry.path))
        if added.status == "updated" and earlier is not None:
            lost, changed = _reimport_effect(earlier, imported.doc)
            if lost > 0:
                print(t("lib.import.unplaced", count=lost, name=added.entry.name))
            if changed > 0:
                print(t("lib.import.requoted", count=changed, name=added.entry.name))
    return 0


def _readable(path: Path) -> Document | None:
    from tui.document.serialize import load_json
    from tui.errors import UserError

    try:
        return load_json(path)
    except UserError:
        return None


def _reimport_effect(old: Document, new: Document) -> tuple[int, int]:
    """What the new text does to the plan's annotations in the default database (see reimport_effect)."""
    from tui import locations
    from tui.annotations.plans import reimport_effect
    from tui.annotations.store import AnnotationStore

    path = locations.default_db()
    if not path.is_file():
        return 0, 0
    with AnnotationStore.open(path, read_only=True) as store:
        notes = [] if store.damaged else list(store.all(new.id))
    return reimport_effect(old, new, notes) if notes else (0, 0)


def print_import_summary(imported: Imported, out: Path, show_removed: bool = False) -> None:
    """What import found, kept and removed; every removed line with ``show_removed``."""
    from collections import Counter

    from tui.display import clean
    from tui.i18n import t
    from tui.ingest.pipeline import REMOVED_WARN_SHARE

    doc, s = imported.doc, imported.doc.stats
    m = doc.meta
    print(clean(t("ingest.summary.wrote", path=out, fmt=imported.fmt)))
    print(t("ingest.summary.title", title=clean(m.title) or t("ingest.summary.none")))
    print(t("ingest.summary.doc_number", doc_number=clean(m.doc_number) or t("ingest.summary.none")))
    print(t("ingest.summary.structure", chapters=s["chapters"], sections=s["sections"], articles=s["articles"],
            items=s["items"], measures=s["measures"], tables=s["tables"]))
    attachments = [a.label() for a in doc.children(None) if a.kind == "attachment"]
    if attachments:
        print(clean(t("ingest.summary.attachments", count=len(attachments), labels=" / ".join(attachments))))
    if s["uncertain"]:
        print(t("ingest.summary.uncertain", count=s["uncertain"]))
    if s["toc_entries"]:
        print(t("ingest.summary.toc", entries=s["toc_entries"], found=s["toc_entries_found"]))
    share = imported.removed_share
    # A repaired spot gives back characters the damage hid: kept can exceed what came in.
    restored = s["han_out"] - (s["han_in"] - s["han_removed"])
    print(t("ingest.summary.han", han_in=s["han_in"], removed=s["han_removed"], share=f"{share:.1%}", kept=s["han_out"])
          + (t("ingest.summary.han_repaired", count=restored) if restored > 0 else ""))
    reasons = Counter(r.reason for r in imported.removed)
    print(t("ingest.summary.removed", count=len(imported.removed),
            reasons=", ".join(f"{t('ingest.reason.' + k)} {n}" for k, n in reasons.most_common()) or "-"))
    if show_removed:
        for r in imported.removed:
            print(f"    {r.line + 1:6d}  [{t('ingest.reason.' + r.reason)}]  {clean(r.text)}")
    print(t("ingest.summary.pinyin", count=s["pinyin_removed"]))
    print(t("ingest.summary.spots", spots=s["spots"], auto=s["spots_auto"], errata=s["spots_errata"],
            flagged=s["spots_flagged"]))
    print(t("ingest.summary.auto_alone", confident=s["spots_auto_alone"], spots=s["spots"])
          + (t("ingest.summary.auto_confirmed", count=s["spots_auto_alone_agrees_with_errata"]) if s["spots_errata"] else ""))
    if imported.unexplained_share > REMOVED_WARN_SHARE:
        print(t("ingest.summary.warn_removed", share=f"{share:.1%}"), file=sys.stderr)


def cmd_dump(args: argparse.Namespace) -> int:
    from tui.display import clean, json_safe
    from tui.document.serialize import to_dict
    from tui.library import load_plan

    doc = load_plan(args.doc)
    if args.json:
        import orjson

        sys.stdout.write(json_safe(orjson.dumps(to_dict(doc), option=orjson.OPT_INDENT_2).decode()) + "\n")
        return 0
    from tui.i18n import t

    trad = args.traditional
    out: list[str] = []  # the plan's text, shown through the terminal sanitiser
    title = doc.meta.title_trad if trad and doc.meta.title_trad else doc.meta.title
    if title:
        out += [title, ""]
    if doc.meta.toc:
        out += [t("ingest.dump.toc", entries=" / ".join(doc.meta.toc)), ""]
    signature = doc.meta.signature
    for block in doc.blocks:
        if signature and doc.section_by_id[block.section_id].kind == "attachment":
            out += [signature, ""]  # the signature closes the text before the attachments
            signature = ""
        texts = [doc.measure_by_id[m].text_in(trad) for m in block.measure_ids]
        if block.kind == "heading":
            section = doc.section_by_id[block.section_id]
            mark = t("ingest.dump.uncertain") if section.uncertain else ""
            out.append(("#" * max(1, section.level + 1)) + " " + "".join(texts) + mark)
        elif block.kind == "table":
            out.append("\n".join(texts))  # one row a line
        else:
            out.append("".join(texts))
        out.append("")
    if signature:
        out.append(signature)
    if out:
        sys.stdout.write(clean("\n".join(out)) + "\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from tui.display import clean, json_safe
    from tui.document.search import group_by_chapter, kwic, search, section_path_label
    from tui.ingest.load import load_document
    from tui.library.names import names_a_file

    docs = getattr(args, "docs", None) or []
    if len(docs) > 1 or getattr(args, "all", False) or getattr(args, "by_chapter", False) or (
            docs and not names_a_file(docs[0])):
        from tui.cli.library_cmds import search_plans

        return search_plans(args)
    doc = load_document(docs[0] if docs else getattr(args, "doc", None))
    hits = search(doc, args.term)
    if args.json:
        import orjson

        rows = [
            {
                "measure_id": h.measure_id,
                "section_id": h.section_id,
                "section_path": [s.label() for s in doc.path(h.section_id)],
                "start": h.start,
                "end": h.end,
                "context": "".join(kwic(doc, h)),
            }
            for h in hits
        ]
        sys.stdout.write(json_safe(orjson.dumps({"term": args.term, "count": len(hits), "hits": rows},
                                                option=orjson.OPT_INDENT_2).decode()) + "\n")
        return 0
    term = clean(args.term)
    if not hits:
        print(t("search.no_hits", query=term))
        return 1
    out: list[str] = []
    for h in hits:
        left, match, right = kwic(doc, h)
        out.append(f"{section_path_label(doc, h.section_id)}  [{clean(h.measure_id)}:{h.start}-{h.end}]")
        out.append(clean(f"    {left}【{match}】{right}"))
    out += ["", t("search.found", query=term, total=len(hits))]
    out += [f"  {len(group):4d}  {clean(chapter.label())}" for chapter, group in group_by_chapter(doc, hits)]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
