"""Provides ``policy-tui review``: list the damaged spots left for a person, accept readings in bulk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from tui.errors import UserError
from tui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("review", help=t("cli.h.review"))
    p.add_argument("doc", help=t("cli.h.review.doc"))
    p.add_argument("--accept-best", type=_probability, metavar="P", help=t("cli.h.review.accept_best"))
    p.add_argument("-o", "--output", help=t("cli.h.review.output"))
    p.add_argument("--json", action="store_true", help=t("cli.h.review.json"))
    p.set_defaults(func=cmd_review)


def _output_path(doc_arg: Path, output: str | None) -> Path:
    if output:
        return Path(output)
    if doc_arg.suffix.lower() == ".json":
        return doc_arg
    stem = doc_arg.name.removesuffix(".txt").removesuffix("-raw")
    return doc_arg.with_name(f"{stem}.json")


def _probability(text: str) -> float:
    """``--accept-best``'s value: a number from 0 to 1 (argparse reports the error in one line)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(t("review.error.threshold", value=text))
    return value


def cmd_review(args: argparse.Namespace) -> int:
    from tui.document.serialize import write_json
    from tui.i18n import t
    from tui.ingest.errata import load_errata, merged, write_errata
    from tui.ingest.load import load_document
    from tui.ingest.review import accept_best, pending, reason_best
    from tui.locations import errata_for

    threshold = args.accept_best
    from tui.library.names import names_a_file

    if names_a_file(args.doc):
        source = Path(args.doc)
        doc = load_document(source)
    else:  # a library name (fixes are kept beside the library's copy), or the bundled plan's
        from tui import locations
        from tui.library import Library
        from tui.library.catalog import named_plan

        doc, source = named_plan(args.doc, Library())
        if source == locations.BUNDLED_DOC and threshold is not None and not args.output:
            raise UserError(t("review.error.bundled"))  # never write into the installed package
    if threshold is None:
        return _list(doc, args.json)
    out = _output_path(source, args.output)
    if out.resolve() == source.resolve() and source.suffix.lower() != ".json":
        raise UserError(t("review.error.overwrite_raw", path=out))
    new, entries = accept_best(doc, threshold, reason_best(threshold))
    sidecar = errata_for(out)
    if entries:
        old = load_errata(sidecar) if sidecar.exists() else ()
        try:
            write_errata(sidecar, merged(old, entries))
            write_json(new, out)
        except OSError as exc:
            raise UserError(t("review.error.write", path=out, error=exc.strerror or exc)) from None
    print(t("review.accepted", count=len(entries), threshold=threshold, left=len(pending(new))))
    if entries:
        print(t("review.written", doc=out, errata=sidecar))
    return 0


def _list(doc: object, as_json: bool) -> int:
    from tui.display import one_line
    from tui.document.model import Document
    from tui.document.search import section_path_label
    from tui.i18n import t
    from tui.ingest.review import pending

    assert isinstance(doc, Document)
    indexes = pending(doc)
    if as_json:
        rows = []
        for n, i in enumerate(indexes, 1):
            s = doc.spots[i]
            rows.append({"spot": n, "measure_id": s.measure_id, "start": s.start, "end": s.end, "raw": s.raw,
                         "shown": s.fixed, "confidence": s.confidence, "reason": s.reason,
                         "readings": [{"text": r, "p": p} for r, p in s.readings]})
        sys.stdout.write(orjson.dumps({"flagged": len(rows), "spots": rows}, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not indexes:
        print(t("review.none"))
        return 0
    from tui.ingest.convert import to_simplified

    # Shown in simplified Chinese, as the reader shows the plan (the readings are kept traditional).
    for n, i in enumerate(indexes, 1):
        s = doc.spots[i]
        m = doc.measure_by_id[s.measure_id]
        text = m.text
        context = one_line(text[max(0, s.start - 20) : s.start], 20) + "【" + one_line(s.fixed, 40) + "】" + one_line(
            text[s.end : s.end + 20], 20)
        print(t("review.spot", n=n, path=section_path_label(doc, m.section_id), measure=m.id))
        print(f"    {context}")
        if not s.readings:
            print("    " + t("review.no_readings"))
        for k, (reading, p) in enumerate(s.readings, 1):
            print(f"    {k}. {p:5.2f}  " + one_line(to_simplified(reading), 40))
    print()
    print(t("review.count", count=len(indexes)))
    return 0
