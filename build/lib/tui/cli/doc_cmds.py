"""Provides the document commands: import, dump and search."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="clean and structure a raw scraped plan into JSON")
    p.add_argument("raw", help="raw plan text (.txt; UTF-8, GB18030/GBK or UTF-16)")
    p.add_argument("-o", "--output", help="output JSON (default: RAW with .json suffix)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("dump", help="print the clean text in reading order, or the structure as JSON")
    p.add_argument("doc", nargs="?", help="processed .json or raw .txt (default: bundled plan)")
    p.add_argument("--traditional", action="store_true", help="print the traditional text")
    p.add_argument("--json", action="store_true", help="print the structure as JSON")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("search", help="find a term; prints every hit in context and counts per chapter")
    p.add_argument("term")
    p.add_argument("doc", nargs="?", help="processed .json or raw .txt (default: bundled plan)")
    p.add_argument("--json", action="store_true", help="print hits as JSON")
    p.set_defaults(func=cmd_search)


def _default_output(raw: Path) -> Path:
    stem = raw.name.removesuffix(".txt").removesuffix("-raw")
    return raw.with_name(f"{stem}.json")


def cmd_import(args: argparse.Namespace) -> int:
    from tui.document.serialize import write_json
    from tui.errors import UserError
    from tui.ingest.load import import_file

    raw = Path(args.raw)
    out = Path(args.output) if args.output else _default_output(raw)
    if out.resolve() == raw.resolve():
        raise UserError(f"{out}: output would overwrite the raw input; pass -o")
    doc = import_file(raw)
    try:
        write_json(doc, out)
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror or exc})") from None
    s = doc.stats
    print(f"wrote {out}")
    print(f"  title     {doc.meta.title}")
    print(f"  chapters  {s['chapters']}   sections {s['sections']}   items {s['items']}   measures {s['measures']}")
    print(f"  pinyin removed   {s['pinyin_removed']}")
    print(f"  chrome lines removed {s['chrome_lines_removed']}")
    print(
        f"  damaged spots    {s['spots']}: repaired automatically {s['spots_auto']}, "
        f"by errata {s['spots_errata']}, left flagged {s['spots_flagged']}"
    )
    print(
        f"  automatic pass alone: confident on {s['spots_auto_alone']} of {s['spots']}"
        + (f", {s['spots_auto_alone_agrees_with_errata']} of them confirmed by errata" if s["spots_errata"] else "")
    )
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from tui.document.serialize import to_dict
    from tui.ingest.load import load_document

    doc = load_document(args.doc)
    if args.json:
        sys.stdout.write(orjson.dumps(to_dict(doc), option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    trad = args.traditional
    title = doc.meta.title
    if title:
        print(title)
        print()
    for block in doc.blocks:
        text = "".join(doc.measure_by_id[m].text_in(trad) for m in block.measure_ids)
        if block.kind == "heading":
            level = doc.section_by_id[block.section_id].level
            print(("#" * max(1, level + 1)) + " " + text)
        else:
            print(text)
        print()
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from tui.document.search import group_by_chapter, kwic, search, section_path_label
    from tui.ingest.load import load_document

    doc = load_document(args.doc)
    hits = search(doc, args.term)
    if args.json:
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
        sys.stdout.write(orjson.dumps({"term": args.term, "count": len(hits), "hits": rows},
                                      option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not hits:
        print(f"no hits for {args.term!r}")
        return 1
    for h in hits:
        left, match, right = kwic(doc, h)
        print(f"{section_path_label(doc, h.section_id)}  [{h.measure_id}:{h.start}-{h.end}]")
        print(f"    {left}【{match}】{right}")
    print()
    print(f"{len(hits)} hits for {args.term!r}")
    for chapter, group in group_by_chapter(doc, hits):
        print(f"  {len(group):4d}  {chapter.label()}")
    return 0
