"""Markdown export: golden files, CommonMark structure, escaping, Obsidian tags."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.support.fixture_docs import (
    BREAKER_NOTE,
    NOW,
    check_golden,
    fixture_annotations,
    fixture_document,
    make_annotation,
)
from tui.export import Filters, to_markdown
from tui.export.mdtext import escape_block, obsidian_tag, yaml_str

DOC = fixture_document()
ANNS = fixture_annotations(DOC)
BY_UUID = {a.uuid: a for a in ANNS}


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Front matter as a dict (values are JSON-compatible YAML), and the body."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    data: dict[str, object] = {}
    parent: dict[str, object] = data
    for line in text[4:end].split("\n"):
        key, _, value = line.strip().partition(": ")
        if line.endswith(":"):
            parent = {}
            data[line[:-1]] = parent
            continue
        target = parent if line.startswith("  ") else data
        if not line.startswith("  "):
            parent = data
        target[key] = json.loads(value)
    return data, text[end + 5:]


def parse(body: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(body)


def inline_text(token: Token, allowed: tuple[str, ...] = ("text", "softbreak", "hardbreak")) -> str:
    out = []
    for child in token.children or []:
        assert child.type in allowed, f"markup leaked: {child.type} in {token.content!r}"
        out.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(out)


def blocks(tokens: list[Token]) -> list[tuple[tuple[int, str], list[Token]]]:
    """(heading level, heading text) with the tokens up to the next heading."""
    out: list[tuple[tuple[int, str], list[Token]]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            out.append(((int(tok.tag[1]), inline_text(tokens[i + 1])), []))
        elif out and tok.type not in ("heading_close",) and not (
                tok.type == "inline" and tokens[i - 1].type == "heading_open"):
            out[-1][1].append(tok)
    return out


def expected_paragraphs(note: str) -> list[str]:
    paras: list[list[str]] = [[]]
    for line in note.replace("\r\n", "\n").split("\n"):
        body = line.strip(" \t")
        if not body:
            if paras[-1]:
                paras.append([])
            continue
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        paras[-1].append("\xa0" * sum(4 if c == "\t" else 1 for c in indent) + body.rstrip())
    return ["\n".join(p) for p in paras if p]


def annotation_parts(toks: list[Token]) -> tuple[str, list[str], str, str]:
    """quote, note paragraphs, tags line, dates line of one annotation block."""
    kinds = [t.type for t in toks if t.level == 0]
    assert kinds[:1] == ["blockquote_open"], kinds
    close = next(i for i, t in enumerate(toks) if t.type == "blockquote_close" and t.level == 0)
    quote_inlines = [t for t in toks[:close] if t.type == "inline"]
    paras = [toks[i + 1] for i, t in enumerate(toks[close:], start=close)
             if t.type == "paragraph_open" and t.level == 0]
    assert set(kinds[close + 1:]) <= {"paragraph_open", "paragraph_close", "inline"}, kinds
    dates = inline_text(paras[-1], ("text", "em_open", "em_close"))
    tags = ""
    if len(paras) >= 2 and paras[-2].content.startswith("#"):
        tags = inline_text(paras[-2], ("text",))
        paras = paras[:-1]
    # The quote is text; a note on a search hit bolds the hit inside its whole measure.
    quote = inline_text(quote_inlines[0], ("text", "strong_open", "strong_close"))
    return (quote, [inline_text(p) for p in paras[:-1]], tags, dates)


def test_markdown_golden_all() -> None:
    check_golden("export-all.md", to_markdown(DOC, ANNS, Filters(), NOW, lang="zh"))


def test_markdown_golden_county_en() -> None:
    text = to_markdown(DOC, ANNS, Filters(county="禹州市"), NOW, lang="en")
    check_golden("export-county-en.md", text)


def test_front_matter_fields() -> None:
    text = to_markdown(DOC, ANNS, Filters(tags=("重点",), chapter="3"), NOW, lang="zh")
    meta, _body = split_front_matter(text)
    assert meta["title"] == DOC.meta.title
    assert meta["doc_number"] == "许政〔2022〕17号"
    assert meta["source"] == 'fixture: "quoted" name.txt'
    assert meta["exported"] == "2024-05-01T12:00:00Z"
    assert meta["filters"] == {"tags": ["重点"], "county": None, "chapter": "三、推进义务教育优质均衡发展"}
    assert (meta["annotations"], meta["measures"], meta["orphaned"]) == (1, 1, 0)


LONG = "扩大普惠性学前教育资源，每个乡镇至少办好1所公…"  # a note's heading: the start of its text


def test_heading_structure() -> None:
    _meta, body = split_front_matter(to_markdown(DOC, ANNS, Filters(), NOW, lang="zh"))
    heads = [head for head, _ in blocks(parse(body))]
    assert heads == [
        (1, f"{DOC.meta.title} — 批注"),
        (2, "前言"), (4, "为加快建设教育强市，制定本规划。"),
        (2, "一、总体要求"), (3, "（一）指导思想"), (4, "坚持立德树人根本任务。"),
        (3, "（二）主要目标"), (4, "学前教育毛入园率达到92%以上"),  # a note on a hit: its words
        (2, "二、加快发展学前教育"), (4, LONG), (4, LONG),
        (2, "三、推进义务教育优质均衡发展"), (3, "（一）优化学校布局"), (4, "禹州市、长葛市各建成2个以上教育集团。"),
        (2, "孤立批注"), (4, "已删除的旧措施原文。"),  # an orphan: its saved quote
        (2, "汇总"),
    ]


def test_every_note_sits_inside_its_block() -> None:
    _meta, body = split_front_matter(to_markdown(DOC, ANNS, Filters(), NOW, lang="zh"))
    tokens = parse(body)
    kinds = {t.type for t in tokens}
    assert not kinds & {"hr", "html_block", "fence", "code_block", "bullet_list_open", "ordered_list_open"}
    annotation_blocks = [toks for (level, _), toks in blocks(tokens) if level == 4]
    order = ["6", "1", "2", "4", "5", "3", "7"]
    assert len(annotation_blocks) == len(order)
    for suffix, toks in zip(order, annotation_blocks, strict=False):
        a = BY_UUID[f"00000000-0000-4000-8000-00000000000{suffix}"]
        quote, notes, tags, dates = annotation_parts(toks)
        assert notes == expected_paragraphs(a.note)
        assert tags.split() == [t for t in (obsidian_tag(x) for x in a.tags) if t]
        assert a.created[:10] in dates and a.updated[:10] in dates
        if not a.orphaned:
            measure = DOC.measure_by_id[a.anchor.measure_id]
            assert quote == measure.text  # the whole measure, also for a note on a hit
        else:
            assert quote == a.anchor.exact


def test_breaker_note_renders_literally() -> None:
    _meta, body = split_front_matter(to_markdown(DOC, ANNS, Filters(tags=("禹州市",)), NOW))
    block = next(toks for (level, text), toks in blocks(parse(body)) if text == LONG)
    _quote, notes, _tags, _dates = annotation_parts(block)
    assert "\n\n".join(notes).replace("\xa0", " ") == BREAKER_NOTE


def test_sub_span_quote_and_item_path() -> None:
    """A note on a search hit quotes the whole sentence, the hit marked in bold."""
    text = to_markdown(DOC, ANNS, Filters(), NOW, lang="zh")
    assert "> 到2025年，**学前教育毛入园率达到92\\%以上**。\n" in text
    assert "> — 3.1.1.p1.m2 · 1.推进集团化办学" in text


def test_summary_table_counts() -> None:
    _meta, body = split_front_matter(to_markdown(DOC, ANNS, Filters(), NOW, lang="zh"))
    tokens = parse(body)
    rows: list[list[str]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "tr_open":
            rows.append([])
        elif tok.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            rows[-1].append(inline_text(tok, ("text", "strong_open", "strong_close")))
    assert rows[0] == ["标签", "前言", "一", "二", "三", "孤立", "合计"]
    table = {r[0]: r[1:] for r in rows[1:]}
    assert table["禹州市"] == ["0", "0", "1", "1", "1", "3"]
    assert table["重点"] == ["0", "1", "0", "1", "0", "2"]
    assert table["（无标签）"] == ["0", "0", "1", "0", "0", "1"]
    assert table["批注数"] == ["1", "2", "2", "1", "1", "7"]  # notes, not tags: the tag rows add up to more


def test_pipes_and_markup_in_tags_stay_in_their_cell() -> None:
    a = make_annotation(DOC, "u-pipe", "1.1.p1.m1", "x", ("a|b", "<i>", "[[x]]"))
    _meta, body = split_front_matter(to_markdown(DOC, [a], Filters(), NOW, lang="en"))
    tokens = parse(body)
    cells = [inline_text(t, ("text", "strong_open", "strong_close")) for i, t in enumerate(tokens) if t.type == "inline"
             and tokens[i - 1].type == "td_open"]
    assert {"a|b", "<i>", "[[x]]"} <= set(cells)


def test_empty_selection() -> None:
    text = to_markdown(DOC, ANNS, Filters(tags=("没有这个标签",)), NOW, lang="zh")
    meta, body = split_front_matter(text)
    assert meta["annotations"] == 0
    assert "没有符合条件的批注" in body and "汇总" not in body


def test_language_follows_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert "## Orphaned annotations" in to_markdown(DOC, ANNS, Filters(), NOW)
    monkeypatch.setenv("POLICY_TUI_LANG", "zh")
    assert "## 孤立批注" in to_markdown(DOC, ANNS, Filters(), NOW)


@pytest.mark.parametrize(("tag", "expected"), [
    ("重点", "#重点"), ("教育 公平", "#教育_公平"), ("2025", "#_2025"), ("#禹州市", "#禹州市"),
    ("a/b", "#a/b"), ("  x  y ", "#x_y"), ("C++", "#C"), ("！？", ""), ("十四五-规划", "#十四五-规划"),
    ("a _ / b", "#a/b"),
])
def test_obsidian_tags(tag: str, expected: str) -> None:
    assert obsidian_tag(tag) == expected


def test_tag_line_has_no_emphasis() -> None:
    tags = ("_a", "b_", "2025", "x_/y", "1_", "c d")
    a = make_annotation(DOC, "u-tags", "1.1.p1.m1", "n", tags)
    _meta, body = split_front_matter(to_markdown(DOC, [a], Filters(), NOW))
    line = next(line for line in body.split("\n") if re.match(r"#[^#\s]", line))
    [inline] = [t for t in parse(line) if t.type == "inline"]
    assert inline_text(inline, ("text",)).split() == [obsidian_tag(t) for t in tags]
    assert all(re.fullmatch(r"#[\w/-]*[^\d\W][\w/-]*", t) for t in line.split()), line


def test_yaml_strings_are_single_line_json() -> None:
    for value in ['a "b" \\ c', "line\nbreak", "\u2028sep\u0085", "日本", "x: y # z", ""]:
        quoted = yaml_str(value)
        assert "\n" not in quoted and "\u2028" not in quoted and "\x85" not in quoted
        assert json.loads(quoted) == value


def test_escape_block_neutralises_line_starts() -> None:
    paras = escape_block("---\n===\n+ a\n1) b\n  # c\n\t> d")
    assert paras == [["\\---", "\\=\\=\\=", "\\+ a", "1\\) b", "&nbsp;&nbsp;\\# c", "&nbsp;" * 4 + "\\> d"]]


@pytest.mark.parametrize("note", [
    "````\ncode\n````", "<!-- comment", "<div>\nx\n</div>", "* * *", "___", "[a]: http://x",
    "    four spaces", "a  \nb", "line\\", "Setext\n---", "| x |\n| - |\n| y |", "~~~\nfence",
    "&copy; &#x41;", "<http://a.b>", "![img](x.png)", "foo\n\n\n\nbar", "\r\nwin\r\nlines\r",
    "a | b\n:--", "a | b\n:-:|--", "x\n+ y", "[^1]\n\n[^1]: note", "term\n: definition",
])
def test_hostile_notes_stay_literal(note: str) -> None:
    a = make_annotation(DOC, "u-hostile", "1.1.p1.m1", note, ("t",))
    _meta, body = split_front_matter(to_markdown(DOC, [a], Filters(), NOW))
    tokens = parse(body)
    assert not {t.type for t in tokens} & {"hr", "html_block", "fence", "code_block",
                                            "bullet_list_open", "ordered_list_open"}
    assert [t.type for t in tokens].count("table_open") == 1  # the summary
    [(_, toks)] = [b for b in blocks(tokens) if b[0][0] == 4]
    _quote, notes, tags, _dates = annotation_parts(toks)
    assert notes == expected_paragraphs(note.replace("\r\n", "\n").replace("\r", "\n"))
    assert tags == "#t"


NOTE_TEXT = st.text(alphabet=st.sampled_from(list("#>|-=+*_`~[]()<>!&;:\\.$%^1 \t\naz禹州")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(note=NOTE_TEXT, quote_sub=st.booleans())
def test_any_note_stays_inside_its_block(note: str, quote_sub: bool) -> None:
    a = make_annotation(DOC, "u-prop", "1.2.p1.m1", note, ("t", "2025"), sub=(7, 22) if quote_sub else None)
    _meta, body = split_front_matter(to_markdown(DOC, [a], Filters(), NOW))
    tokens = parse(body)
    assert not {t.type for t in tokens} & {"hr", "html_block", "fence", "code_block",
                                            "bullet_list_open", "ordered_list_open"}
    assert [t.type for t in tokens].count("table_open") == 1
    heading = "学前教育毛入园率达到92%以上" if quote_sub else "到2025年，学前教育毛入园率达到92%以上。"
    assert [h for h, _ in blocks(tokens)][1:] == [(2, "一、总体要求"), (3, "（二）主要目标"),
                                                  (4, heading), (2, "汇总")]
    [(_, toks)] = [b for b in blocks(tokens) if b[0][0] == 4]
    _quote, notes, tags, _dates = annotation_parts(toks)
    assert notes == expected_paragraphs(note)
    assert tags == "#t #_2025"
