"""Provides the Markdown export: YAML front matter, notes by chapter and section, a summary.

Layout (headings are the structure a reader or parser can rely on):
    # <title> — 批注                      one H1
    ## <chapter number + title>           chapters (and 前言 etc.) in document order
    ### <section number + title>          sections; annotations directly in a chapter come first
    #### <measure id>                     one heading per annotation, then:
        > quote (measure, or the annotated sub-span)  + "> — <measure id> · <item path>"
        note paragraphs (escaped, see mdtext), #tags line, *created · updated* line
    ## 孤立批注                            orphaned annotations, with their saved quote
    ## 汇总                                table: tags × chapters, counts
Every annotation block ends where the next heading starts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from tui.annotations.filters import Filters, apply, chapter_id_of, is_orphan, tag_key
from tui.annotations.model import Annotation
from tui.annotations.plans import PlanNotes
from tui.display import one_line
from tui.document.model import Document, Section
from tui.export.mdtext import (
    escape_block,
    escape_inline,
    guard_line_start,
    obsidian_tag,
    yaml_list,
    yaml_str,
)

LABELS = {
    "zh": {
        "heading": "{title} — 批注", "orphans": "孤立批注",
        "orphans_intro": "下列批注在当前文档中找不到原来的位置，按保存时的引文列出。",
        "summary": "汇总", "tag": "标签", "total": "合计", "notes_total": "批注数", "untagged": "（无标签）",
        "orphan_col": "孤立", "created": "创建", "updated": "更新",
        "empty": "没有符合条件的批注。", "was_at": "原位置", "sep": "：",
        "plans_heading": "批注 — {count} 份规划", "count": "{count} 条批注", "summary_plans": "汇总（各规划）",
    },
    "en": {
        "heading": "{title} — annotations", "orphans": "Orphaned annotations",
        "orphans_intro": "These annotations could not be placed in the current document; "
                         "they are listed with the quote saved with them.",
        "summary": "Summary", "tag": "Tag", "total": "Total", "notes_total": "Notes", "untagged": "(no tag)",
        "orphan_col": "orphaned", "created": "created", "updated": "updated",
        "empty": "No annotations match.", "was_at": "was at", "sep": ": ",
        "plans_heading": "Annotations — {count} plans", "count": "annotations: {count}",
        "summary_plans": "Summary by plan",
    },
}


def export_lang(lang: str | None = None) -> str:
    """``lang`` if given, else POLICY_TUI_LANG (zh unless it says en)."""
    lang = lang or os.environ.get("POLICY_TUI_LANG", "zh")
    return "en" if lang.lower().startswith("en") else "zh"


HEADING_CHARS = 24  # of the annotated text, as a note's heading


def iso_utc(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def short_label(section: Section) -> str:
    """A chapter's column name in the summary: ``五`` for 五、, else its title."""
    number = section.number.strip().strip("、.．").strip()
    return number or section.title_in()


def quote_of(doc: Document, annotation: Annotation) -> str:
    """The annotated text: the sub-span when set, the measure, or the saved quote."""
    anchor = annotation.anchor
    measure = None if is_orphan(doc, annotation) else doc.measure_by_id[anchor.measure_id]
    if measure is None:
        return anchor.exact
    start, end = anchor.sub_start, anchor.sub_end
    if start is not None and end is not None and 0 <= start < end <= len(measure.text):
        return measure.text[start:end]
    return measure.text


def _front_matter(doc: Document, items: list[Annotation], filters: Filters, now: datetime) -> list[str]:
    meta = doc.meta
    chapter = doc.section_by_id[filters.chapter].label() if filters.chapter else None
    placed = [a for a in items if not is_orphan(doc, a)]
    return [
        "---",
        f"title: {yaml_str(meta.title)}",
        f"doc_number: {yaml_str(meta.doc_number)}",
        f"issuer: {yaml_str(meta.issuer)}",
        f"date_signed: {yaml_str(meta.date_signed)}",
        f"date_posted: {yaml_str(meta.date_posted)}",
        f"source: {yaml_str(meta.source)}",
        f"doc_id: {yaml_str(doc.id)}",
        f"exported: {yaml_str(iso_utc(now))}",
        "filters:",
        f"  tags: {yaml_list(filters.tags)}",
        f"  county: {yaml_str(filters.county)}",
        f"  chapter: {yaml_str(chapter)}",
        f"annotations: {len(items)}",
        f"measures: {len({a.anchor.measure_id for a in placed})}",
        f"orphaned: {len(items) - len(placed)}",
        "---",
    ]


def _date(stamp: str) -> str:
    return stamp[:10] if stamp else "—"


def hit_in_context(doc: Document, annotation: Annotation) -> tuple[str, str, str] | None:
    """(before, span, after) of a note on a sub-span (a search hit), within its whole measure."""
    anchor = annotation.anchor
    start, end = anchor.sub_start, anchor.sub_end
    if start is None or end is None or is_orphan(doc, annotation):
        return None
    text = doc.measure_by_id[anchor.measure_id].text
    if not 0 <= start < end <= len(text):
        return None
    return text[:start], text[start:end], text[end:]


def _quote_lines(doc: Document, annotation: Annotation) -> list[str]:
    """The quoted measure; a note on a search hit quotes its whole sentence, the hit in bold."""
    hit = hit_in_context(doc, annotation)
    if hit is not None:
        before, span, after = hit
        marked = escape_inline(before) + "**" + escape_inline(span) + "**" + escape_inline(after)
        return [f"> {guard_line_start(marked)}"]
    return [f"> {part}" for line in escape_block(quote_of(doc, annotation)) or [[""]] for part in line]


def _block(doc: Document, annotation: Annotation, labels: dict[str, str], deeper: str = "") -> list[str]:
    anchor = annotation.anchor
    # The heading reads as the text it is about (an outline of the notes); the id is in the attribution.
    out = [f"{deeper}#### {escape_inline(one_line(quote_of(doc, annotation), HEADING_CHARS))}", ""]
    out += _quote_lines(doc, annotation)
    where = [escape_inline(anchor.measure_id)]
    if is_orphan(doc, annotation):
        path = [doc.section_by_id[s].label() if s in doc.section_by_id else s
                for s in anchor.section_path]
        where.append(labels["was_at"] + labels["sep"] + escape_inline(" › ".join(path)))
    else:
        measure = doc.measure_by_id[anchor.measure_id]
        items = doc.path(measure.section_id)[2:]  # items below the section heading
        where.extend(escape_inline(s.label()) for s in items)
    out += [">", "> — " + " · ".join(where), ""]
    for paragraph in escape_block(annotation.note):
        # A single line break in a note is meant: keep it as a hard break.
        out += [line + "\\" for line in paragraph[:-1]] + paragraph[-1:] + [""]
    hashtags = [t for t in (obsidian_tag(tag) for tag in annotation.tags) if t]
    if hashtags:
        out += [" ".join(hashtags), ""]
    dates = f"*{labels['created']} {_date(annotation.created)} · {labels['updated']} {_date(annotation.updated)}*"
    out += [dates, ""]
    return out


def _summary(doc: Document, items: Sequence[Annotation], labels: dict[str, str]) -> list[str]:
    columns: list[str | None] = []  # chapter ids in order; None is the orphan column
    for a in items:
        key = None if is_orphan(doc, a) else chapter_id_of(doc, a)
        if key not in columns:
            columns.append(key)
    counts: dict[str, dict[str | None, int]] = {}
    names: dict[str, str] = {}
    totals: dict[str | None, int] = {}
    for a in items:
        col = None if is_orphan(doc, a) else chapter_id_of(doc, a)
        totals[col] = totals.get(col, 0) + 1
        keys = dict.fromkeys(tag_key(t) for t in a.tags) or {"": None}
        for key in keys:
            names.setdefault(key, next((t for t in a.tags if tag_key(t) == key), ""))
            row = counts.setdefault(key, {})
            row[col] = row.get(col, 0) + 1
    heads = [labels["orphan_col"] if c is None else short_label(doc.section_by_id[c]) for c in columns]
    out = [
        "| " + " | ".join([labels["tag"], *map(escape_inline, heads), labels["total"]]) + " |",
        "| --- |" + " ---: |" * (len(columns) + 1),
    ]
    order = sorted(counts, key=lambda k: (k == "", -sum(counts[k].values()), k))
    for key in order:
        name = escape_inline(names[key]) if key else labels["untagged"]
        cells = [str(counts[key].get(c, 0)) for c in columns]
        out.append(f"| {name} | " + " | ".join(cells) + f" | {sum(counts[key].values())} |")
    cells = [str(totals.get(c, 0)) for c in columns]
    # Notes, not tags: a note with two tags is in two rows above but counts once here.
    out.append(f"| **{labels['notes_total']}** | " + " | ".join(cells) + f" | {len(items)} |")
    return out


def _body(doc: Document, items: Sequence[Annotation], labels: dict[str, str], depth: int = 0) -> list[str]:
    """Chapters, sections, one block per annotation, the orphans and the summary.

    ``depth`` pushes every heading down a level (several plans: each plan is a level-2 heading).
    """
    h = "#" * depth
    out: list[str] = []
    chapter_id = section_id = None
    for a in items:
        if is_orphan(doc, a):
            continue
        path = doc.path(doc.measure_by_id[a.anchor.measure_id].section_id)
        if path[0].id != chapter_id:
            chapter_id, section_id = path[0].id, None
            out += [f"{h}## {escape_inline(path[0].label())}", ""]
        if len(path) > 1 and path[1].id != section_id:
            section_id = path[1].id
            out += [f"{h}### {escape_inline(path[1].label())}", ""]
        out += _block(doc, a, labels, h)
    orphans = [a for a in items if is_orphan(doc, a)]
    if orphans:
        out += [f"{h}## {labels['orphans']}", "", labels["orphans_intro"], ""]
        for a in orphans:
            out += _block(doc, a, labels, h)
    out += [f"{h}## {labels['summary']}", ""] + _summary(doc, items, labels) + [""]
    return out


def to_markdown(doc: Document, annotations: Iterable[Annotation], filters: Filters,
                now: datetime, lang: str | None = None) -> str:
    """The Markdown export of the annotations that match ``filters``."""
    labels = LABELS[export_lang(lang)]
    items = apply(doc, annotations, filters)
    out = _front_matter(doc, items, filters, now)
    out += ["", "# " + escape_inline(labels["heading"].format(title=doc.display_title)), ""]
    if not items:
        return "\n".join(out + [labels["empty"], ""])
    return "\n".join(out + _body(doc, items, labels))


def to_markdown_plans(plans: Sequence[PlanNotes], filters: Filters,
                      now: datetime, lang: str | None = None) -> str:
    """Several plans' notes in one file, grouped by plan first (``plans``: already filtered).

    Layout: one H1; per plan an H2 (title), a line with its 文号 and counts, then
    the single-plan body one level down; last, a table of tags by plan.
    """
    labels = LABELS[export_lang(lang)]
    total = sum(len(plan.annotations) for plan in plans)
    out = [
        "---",
        f"title: {yaml_str(labels['plans_heading'].format(count=len(plans)))}",
        f"exported: {yaml_str(iso_utc(now))}",
        "filters:",
        f"  tags: {yaml_list(filters.tags)}",
        f"  county: {yaml_str(filters.county)}",
        "plans:",
    ]
    for p in plans:
        out += [f"  - title: {yaml_str(p.doc.display_title)}",
                f"    doc_number: {yaml_str(p.doc.meta.doc_number)}",
                f"    doc_id: {yaml_str(p.doc.id)}",
                f"    annotations: {len(p.annotations)}"]
    out += [f"annotations: {total}", "---", "",
            "# " + escape_inline(labels["plans_heading"].format(count=len(plans))), ""]
    if not total:
        return "\n".join(out + [labels["empty"], ""])
    for plan in plans:
        doc, items = plan.doc, plan.annotations
        if not items:
            continue
        facts = [x for x in (doc.meta.doc_number, doc.meta.issuer) if x]
        facts.append(labels["count"].format(count=len(items)))
        out += [f"## {escape_inline(doc.display_title)}", "", escape_inline(" · ".join(facts)), ""]
        out += _body(doc, items, labels, depth=1)
    out += [f"## {labels['summary_plans']}", ""] + _plans_summary(plans, labels) + [""]
    return "\n".join(out)


def _plans_summary(plans: Sequence[PlanNotes], labels: dict[str, str]) -> list[str]:
    """Tags by plan: one column per plan (its title, cut short), counts."""
    shown = [(p.doc, p.annotations) for p in plans if p.annotations]
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for column, (_doc, items) in enumerate(shown):
        for a in items:
            for key in dict.fromkeys(tag_key(t) for t in a.tags) or {"": None}:
                names.setdefault(key, next((t for t in a.tags if tag_key(t) == key), ""))
                counts.setdefault(key, [0] * len(shown))[column] += 1
    heads = [escape_inline(_short_title(doc.display_title)) for doc, _ in shown]
    out = ["| " + " | ".join([labels["tag"], *heads, labels["total"]]) + " |",
           "| --- |" + " ---: |" * (len(shown) + 1)]
    for key in sorted(counts, key=lambda k: (k == "", -sum(counts[k]), k)):
        name = escape_inline(names[key]) if key else labels["untagged"]
        out.append(f"| {name} | " + " | ".join(map(str, counts[key])) + f" | {sum(counts[key])} |")
    totals = [len(items) for _, items in shown]
    out.append(f"| **{labels['notes_total']}** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    return out


def _short_title(title: str, limit: int = 16) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
