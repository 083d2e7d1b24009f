"""CSV and JSON exports: golden files, BOM, exact round trip, validated import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.support.fixture_docs import (
    BREAKER_NOTE,
    check_golden,
    fixture_annotations,
    fixture_document,
    make_annotation,
)
from tui.errors import UserError
from tui.export import (
    FORMAT,
    Filters,
    make_filters,
    parse_json,
    read_json_file,
    to_csv,
    to_json,
)
from tui.export.exchange import annotation_to_dict

DOC = fixture_document()
ANNS = fixture_annotations(DOC)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_golden() -> None:
    check_golden("export-all.csv", to_csv(DOC, ANNS, Filters()))


def test_csv_has_bom_and_chinese_survives_excel_style_decoding(tmp_path: Path) -> None:
    raw = to_csv(DOC, ANNS).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    # What a spreadsheet does: sniff the BOM, decode as UTF-8.
    with open(tmp_path / "x.csv", "wb") as fh:
        fh.write(raw)
    with open(tmp_path / "x.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["chapter", "section", "measure_id", "quote", "note", "tags",
                       "created", "updated", "orphaned", "uuid"]
    assert len(rows) == 1 + len(ANNS)
    by_uuid = {r[-1]: r for r in rows[1:]}
    row = by_uuid["00000000-0000-4000-8000-000000000003"]
    assert row[:4] == ["三、推进义务教育优质均衡发展", "（一）优化学校布局", "3.1.1.p1.m2",
                       "禹州市、长葛市各建成2个以上教育集团。"]
    assert row[4] == "集团化办学要落到实处。\n\n第二段：跟进进度。"
    assert row[5] == "禹州市;长葛市;重点"
    assert by_uuid["00000000-0000-4000-8000-000000000004"][4] == BREAKER_NOTE
    assert by_uuid["00000000-0000-4000-8000-000000000002"][3] == "学前教育毛入园率达到92%以上"
    orphan = by_uuid["00000000-0000-4000-8000-000000000007"]
    assert orphan[3] == "已删除的旧措施原文。" and orphan[8] == "yes"


def test_csv_guards_formulas() -> None:
    notes = ["=1+1", "+A1", "-2", "@SUM(A1)", "ok = fine"]
    anns = [make_annotation(DOC, f"u{i}", "1.1.p1.m1", n, created=f"2024-01-0{i + 1}T00:00:00Z")
            for i, n in enumerate(notes)]
    got = [r[4] for r in csv_rows(to_csv(DOC, anns))[1:]]
    assert got == ["'=1+1", "'+A1", "'-2", "'@SUM(A1)", "ok = fine"]


def test_csv_filters() -> None:
    rows = csv_rows(to_csv(DOC, ANNS, make_filters(DOC, county="禹州市")))
    assert [r[2] for r in rows[1:]] == ["2.p1.m1", "3.1.1.p1.m2", "3.3.p1.m1"]


def test_json_golden() -> None:
    check_golden("export-all.json", to_json(DOC, ANNS, Filters()))


def test_json_round_trip_is_exact() -> None:
    text = to_json(DOC, ANNS)
    back = parse_json(text)
    assert sorted(back, key=lambda a: a.uuid) == sorted(ANNS, key=lambda a: a.uuid)
    assert to_json(DOC, back) == text


def test_json_header_and_filters() -> None:
    data = json.loads(to_json(DOC, ANNS, make_filters(DOC, chapter="三", tags=["重点"])))
    assert data["format"] == FORMAT and data["version"] == 1
    assert data["document"]["id"] == DOC.id
    assert data["filters"] == {"tags": ["重点"], "county": None, "chapter": "3"}
    assert data["count"] == 1 and len(data["annotations"]) == 1


def _file(**changes: object) -> str:
    data = json.loads(to_json(DOC, ANNS[:2]))
    record = data["annotations"][0]
    for key, value in changes.items():
        target, _, field = key.rpartition("__")
        where = {"": data, "rec": record, "anchor": record["anchor"]}[target]
        if value is KeyError:
            del where[field]
        else:
            where[field] = value
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(("text", "message"), [
    ("{", "不是有效的 JSON（1:"),
    ("[]", "不是 policy-tui 批注文件"),
    (_file(format="other"), "不是 policy-tui 批注文件"),
    (_file(version=2), "格式版本 2 比本程序"),
    (_file(version="1"), "version"),
    (_file(annotations={}), '"annotations" must be a list'),
    (_file(rec__uuid=KeyError), "annotation 1: uuid is missing"),
    (_file(rec__uuid=" "), "annotation 1: uuid is empty"),
    (_file(rec__tags="a;b"), "annotation 1: tags must be a list"),
    (_file(rec__tags=[1]), "annotation 1: tags must be a list of strings"),
    (_file(rec__note=None), "annotation 1: note must be a string"),
    (_file(rec__orphaned="no"), "annotation 1: orphaned must be true or false"),
    (_file(rec__updated="yesterday"), "annotation 1: updated is not an ISO 8601 time"),
    (_file(rec__schema=99), "annotation 1: schema 99 is newer"),
    (_file(rec__anchor=[]), "annotation 1: anchor must be an object"),
    (_file(anchor__start=True), "annotation 1: anchor.start must be an integer"),
    (_file(anchor__measure_id=KeyError), "annotation 1: anchor.measure_id is missing"),
    (_file(anchor__sub_start=3), "annotation 1: anchor.sub_start/sub_end"),
    (_file(anchor__sub_start=5, anchor__sub_end=2), "annotation 1: anchor.sub_start/sub_end"),
])
def test_bad_json_is_one_line_user_error(text: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        parse_json(text, "f.json")
    assert str(info.value).startswith(("f.json: ", "f.json："))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_duplicate_uuid_is_rejected() -> None:
    data = json.loads(to_json(DOC, ANNS[:1]))
    data["annotations"].append(data["annotations"][0])
    with pytest.raises(UserError, match="annotation 2: duplicate uuid"):
        parse_json(json.dumps(data))


def test_optional_fields_take_defaults() -> None:
    record = annotation_to_dict(ANNS[0])
    for key in ("orphaned", "schema", "note", "content_hash"):
        del record[key]
    for key in ("prefix", "suffix", "start", "end", "sub_start", "sub_end", "section_path"):
        del record["anchor"][key]
    [a] = parse_json(json.dumps({"format": FORMAT, "version": 1, "annotations": [record]}))
    assert a.note == "" and not a.orphaned and a.anchor.sub_start is None and a.anchor.section_path == ()


def test_read_json_file_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="文件不存在"):
        read_json_file(tmp_path / "missing.json")
    with pytest.raises(UserError, match="这是目录"):
        read_json_file(tmp_path)
    (tmp_path / "latin.json").write_bytes(b'{"format": "\xff"}')
    with pytest.raises(UserError, match="不是 UTF-8"):
        read_json_file(tmp_path / "latin.json")
    (tmp_path / "deep.json").write_text("[" * 100000)
    with pytest.raises(UserError, match="不是有效的 JSON"):
        read_json_file(tmp_path / "deep.json")
    good = tmp_path / "good.json"
    good.write_bytes(("\ufeff" + to_json(DOC, ANNS)).encode())  # a BOM is tolerated
    assert len(read_json_file(good)) == len(ANNS)
