"""Provides a small hand-built Document and annotations for export tests.

Stable API (other tests may import it):
    fixture_document() -> Document
    fixture_annotations(doc=None) -> list[Annotation]   (placed ones, then one orphan)
    anchor_for(doc, measure_id, sub=None) -> Anchor
    make_annotation(doc, uuid, measure_id, note="", tags=(), sub=None,
                    created=..., updated=None) -> Annotation
    BREAKER_NOTE   a note written to break Markdown structure
    NOW, GOLDEN_DIR, check_golden(name, text)   for golden-file tests
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache

from tests.support.paths import GOLDEN
from tui.annotations.model import Anchor, Annotation
from tui.document.model import Block, Document, Measure, Metadata, Section

# (id, kind, level, number, title, parent, paragraphs-of-sentences)
_TREE: tuple[tuple[str, str, int, str, str, str | None, tuple[tuple[str, ...], ...]], ...] = (
    ("preface", "preface", 0, "", "前言", None, (("为加快建设教育强市，制定本规划。",),)),
    ("1", "chapter", 1, "一、", "总体要求", None, ()),
    ("1.1", "section", 2, "（一）", "指导思想", "1", (
        ("坚持立德树人根本任务。", "办好人民满意的教育。"),
    )),
    ("1.2", "section", 2, "（二）", "主要目标", "1", (
        ("到2025年，学前教育毛入园率达到92%以上。", "义务教育巩固率保持在97%以上。"),
        ("高中阶段教育毛入学率达到93%。",),
    )),
    ("2", "chapter", 1, "二、", "加快发展学前教育", None, (
        ("扩大普惠性学前教育资源，每个乡镇至少办好1所公办中心园。", "规范民办幼儿园管理。"),
    )),
    ("3", "chapter", 1, "三、", "推进义务教育优质均衡发展", None, ()),
    ("3.1", "section", 2, "（一）", "优化学校布局", "3", (("统筹城乡学校布局规划。",),)),
    ("3.1.1", "item", 3, "1.", "推进集团化办学", "3.1", (
        ("以优质均衡为着力点，推行“名校+”集团化办学模式。", "禹州市、长葛市各建成2个以上教育集团。"),
    )),
    ("3.2", "section", 2, "（二）", "加强教师队伍建设", "3", (("落实教师减负措施。",),)),
)


def _build() -> Document:
    sections: list[Section] = []
    measures: list[Measure] = []
    blocks: list[Block] = []
    children: dict[str, list[str]] = {}
    for sid, _kind, _level, _num, _title, parent, _paras in _TREE:
        if parent is not None:
            children.setdefault(parent, []).append(sid)
    for sid, kind, level, number, title, parent, paras in _TREE:
        sections.append(Section(sid, kind, level, number, title, title, parent,  # type: ignore[arg-type]
                                tuple(children.get(sid, ()))))
        heading = Measure(f"{sid}.h", sid, "heading", f"{number}{title}", f"{number}{title}")
        measures.append(heading)
        blocks.append(Block("heading", sid, (heading.id,)))
        for p, sentences in enumerate(paras, start=1):
            ids = []
            for m, text in enumerate(sentences, start=1):
                measure = Measure(f"{sid}.p{p}.m{m}", sid, "sentence", text, text)
                measures.append(measure)
                ids.append(measure.id)
            blocks.append(Block("paragraph", sid, tuple(ids)))
    by_id = {m.id: m for m in measures}
    text = "\n".join("".join(by_id[m].text for m in b.measure_ids) for b in blocks)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = Metadata(
        title="许昌市“十四五”教育事业发展规划（测试版）",
        doc_number="许政〔2022〕17号",
        issuer="许昌市人民政府",
        addressees="各县（市、区）人民政府",
        date_signed="2022年7月1日",
        date_posted="2022/7/27",
        source="fixture: \"quoted\" name.txt",
    )
    return Document(id=f"fixture-{digest[:12]}", content_hash=digest, meta=meta,
                    sections=tuple(sections), measures=tuple(measures), blocks=tuple(blocks))


@cache
def fixture_document() -> Document:
    """The fixture plan: preface, chapters 一 (two sections), 二 (none), 三 (sections, an item)."""
    return _build()


def anchor_for(doc: Document, measure_id: str, sub: tuple[int, int] | None = None) -> Anchor:
    """A W3C-style anchor on a measure (or a sub-span of it), as the store builds them."""
    measure = doc.measure_by_id[measure_id]
    start, end = doc.measure_spans[measure_id]
    if sub is not None:
        start, end = start + sub[0], start + sub[1]
    full = doc.full_text()
    return Anchor(
        measure_id=measure_id,
        section_path=tuple(s.id for s in doc.path(measure.section_id)),
        exact=full[start:end],
        prefix=full[max(0, start - 16):start],
        suffix=full[end:end + 16],
        start=start,
        end=end,
        sub_start=sub[0] if sub else None,
        sub_end=sub[1] if sub else None,
    )


def make_annotation(doc: Document, uuid: str, measure_id: str, note: str = "",
                    tags: Sequence[str] = (), sub: tuple[int, int] | None = None,
                    created: str = "2024-03-01T08:00:00Z", updated: str | None = None) -> Annotation:
    return Annotation(uuid=uuid, doc_id=doc.id, content_hash=doc.content_hash,
                      anchor=anchor_for(doc, measure_id, sub), note=note, tags=tuple(tags),
                      created=created, updated=updated or created)


BREAKER_NOTE = (
    "# heading\n"
    "> quote\n"
    "| a | b |\n"
    "|---|---|\n"
    "---\n"
    "<script>alert(1)</script>\n"
    "```\n"
    "fenced ``` and `code` ~~~\n"
    "```\n"
    "[link](x) **bold** _em_ #tag ==hl== $x$ %%c%% \\ back\n"
    "\n"
    "1. list\n"
    "- item\n"
    "    indented code\n"
    "===\n"
    "&amp; &lt;b&gt;"
)


def fixture_annotations(doc: Document | None = None) -> list[Annotation]:
    """Annotations on the fixture, deliberately not in document order; the last is orphaned."""
    doc = doc or fixture_document()
    placed = [
        make_annotation(doc, "00000000-0000-4000-8000-000000000003", "3.1.1.p1.m2",
                        "集团化办学要落到实处。\n\n第二段：跟进进度。", ("禹州市", "长葛市", "重点"),
                        created="2024-03-03T09:30:00Z", updated="2024-03-05T10:00:00Z"),
        make_annotation(doc, "00000000-0000-4000-8000-000000000001", "1.1.p1.m1",
                        "总要求，记住。", ("重点",), created="2024-03-01T08:00:00Z"),
        make_annotation(doc, "00000000-0000-4000-8000-000000000002", "1.2.p1.m1",
                        "只看指标：92%。", ("教育_公平", "2025"), sub=(7, 22),
                        created="2024-03-02T08:00:00Z"),
        make_annotation(doc, "00000000-0000-4000-8000-000000000004", "2.p1.m1",
                        BREAKER_NOTE, ("禹州市",), created="2024-03-04T08:00:00Z"),
        make_annotation(doc, "00000000-0000-4000-8000-000000000005", "2.p1.m1",
                        "同一措施的第二条批注。", (), created="2024-03-04T09:00:00Z"),
        make_annotation(doc, "00000000-0000-4000-8000-000000000006", "preface.p1.m1",
                        "前言里的批注。", ("背景",), created="2024-03-06T08:00:00Z"),
    ]
    orphan = Annotation(
        uuid="00000000-0000-4000-8000-000000000007", doc_id=doc.id, content_hash="0" * 64,
        anchor=Anchor(measure_id="3.3.p1.m1", section_path=("3", "3.3"), exact="已删除的旧措施原文。",
                      prefix="落实教师减负措施。", suffix="", start=999, end=1009),
        note="原文已被删除。", tags=("禹州市",), created="2024-02-01T08:00:00Z",
        updated="2024-02-02T08:00:00Z", orphaned=True)
    return placed + [orphan]


GOLDEN_DIR = GOLDEN
NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)  # export time used by the goldens


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` byte for byte with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN_DIR / name
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert data.decode("utf-8") == path.read_bytes().decode("utf-8"), f"differs from {path}"
