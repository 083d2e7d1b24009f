"""Crafted processed documents: every defect is a one-line error (exit 2), never a crash or a hang.

Issue 13, defect 8: ``dump`` exited 70 on crafted files, the app showed a
traceback, and a section that is its own parent made ``search`` and the app
hang.  Each case below changes one thing in a good document.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.plans import fixture_doc
from tui.cli import main
from tui.document.serialize import from_dict, to_dict
from tui.errors import UserError


def good() -> dict[str, Any]:
    return orjson.loads(orjson.dumps(to_dict(fixture_doc("plan_damaged.txt"))))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "crafted.json"
    path.write_bytes(orjson.dumps(data))
    return str(path)


def _self_parent(d: dict[str, Any]) -> None:
    d["sections"][3][6] = d["sections"][3][0]


def _two_cycle(d: dict[str, Any]) -> None:
    a, b = d["sections"][2], d["sections"][3]
    a[6], b[6] = b[0], a[0]


def _unknown_parent(d: dict[str, Any]) -> None:
    d["sections"][2][6] = "no-such-section"


def _children_mismatch(d: dict[str, Any]) -> None:
    d["sections"][1][7] = ["no-such-child"]


def _level_string(d: dict[str, Any]) -> None:
    d["sections"][1][2] = "1"


def _huge_level(d: dict[str, Any]) -> None:
    d["sections"][1][2] = 10**12


def _unknown_kind(d: dict[str, Any]) -> None:
    d["sections"][1][1] = ["chapter"]


def _measure_text_number(d: dict[str, Any]) -> None:
    d["measures"][0][3] = 7


def _measure_unknown_section(d: dict[str, Any]) -> None:
    d["measures"][4][1] = "nowhere"


def _trad_shorter(d: dict[str, Any]) -> None:
    d["measures"][4][4] = d["measures"][4][4][:-1]


def _duplicate_measure(d: dict[str, Any]) -> None:
    d["measures"][5][0] = d["measures"][4][0]


def _block_unknown_measure(d: dict[str, Any]) -> None:
    d["blocks"][2][2] = ["ghost"]


def _block_empty(d: dict[str, Any]) -> None:
    d["blocks"][2][2] = []


def _blocks_reordered(d: dict[str, Any]) -> None:
    d["blocks"][1], d["blocks"][2] = d["blocks"][2], d["blocks"][1]


def _block_missing(d: dict[str, Any]) -> None:
    del d["blocks"][-1]


def _no_measures(d: dict[str, Any]) -> None:
    d["measures"], d["blocks"], d["spots"] = [], [], []


def _spot_past_end(d: dict[str, Any]) -> None:
    d["spots"][0]["end"] = 10**6


def _spot_unknown_measure(d: dict[str, Any]) -> None:
    d["spots"][0]["measure_id"] = "ghost"


def _meta_toc_string(d: dict[str, Any]) -> None:
    d["meta"]["toc"] = "一、二、"


def _meta_unknown_field(d: dict[str, Any]) -> None:
    d["meta"]["evil"] = 1


def _stats_not_numbers(d: dict[str, Any]) -> None:
    d["stats"] = {"measures": "many"}


def _sections_object(d: dict[str, Any]) -> None:
    d["sections"] = {"1": []}


def _missing_key(d: dict[str, Any]) -> None:
    del d["blocks"]


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    f.__name__.lstrip("_"): f
    for f in (_self_parent, _two_cycle, _unknown_parent, _children_mismatch, _level_string, _huge_level,
              _unknown_kind, _measure_text_number, _measure_unknown_section, _trad_shorter, _duplicate_measure,
              _block_unknown_measure, _block_empty, _blocks_reordered, _block_missing, _no_measures,
              _spot_past_end, _spot_unknown_measure, _meta_toc_string, _meta_unknown_field, _stats_not_numbers,
              _sections_object, _missing_key)
}


def test_the_good_document_loads() -> None:
    doc = from_dict(good())
    assert doc == fixture_doc("plan_damaged.txt")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_is_refused(name: str) -> None:
    data = good()
    CASES[name](data)
    with pytest.raises(UserError) as caught:
        from_dict(data, "crafted.json")
    message = str(caught.value)
    assert message.startswith("crafted.json") and "\n" not in message


@pytest.mark.parametrize("name", ["self_parent", "two_cycle", "measure_text_number", "spot_past_end"])
@pytest.mark.parametrize("command", ["dump", "search 教育"])
def test_cli_exits_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, command: str) -> None:
    """Before: a self-parent hung search; a number for a text made dump exit 70."""
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    data = good()
    CASES[name](data)
    word, *rest = command.split()
    code, out, err = run(word, *rest, write(tmp_path, data))
    assert code == 2
    assert err.count("\n") == 1 and "damaged document file" in err
    assert out == ""


def test_the_reader_refuses_before_the_ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app path (``policy-tui DOC``) fails with the same line, before Textual starts."""
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    data = good()
    _self_parent(data)
    code, _, err = run(write(tmp_path, data))
    assert code == 2 and "damaged document file" in err and err.count("\n") == 1


def test_the_message_names_the_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    data = good()
    sid = data["sections"][3][0]
    _self_parent(data)
    with pytest.raises(UserError, match=re.escape(f"sections[3][6] has its parent '{sid}' after itself")):
        from_dict(data, "x.json")


def test_a_copy_is_not_changed_by_loading() -> None:
    data = good()
    before = copy.deepcopy(data)
    from_dict(data)
    assert data == before


def _text_with(escape: str) -> bytes:
    """The good document with ``escape`` (JSON source) put inside a measure's text, both scripts."""
    data = good()
    measure = next(m for m in data["measures"] if m[3] == m[4])  # one text, the same in both scripts
    measure[3] = measure[4] = "@@"
    return orjson.dumps(data).replace(b'"@@"', f'"@@{escape}"'.encode())


@pytest.mark.parametrize("source", [
    pytest.param(b'{"format": "policy-tui/document", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", id="nested"),
    pytest.param(orjson.dumps(good()).replace(b'"stats":{', b'"stats":{"n":NaN,', 1), id="nan"),
    pytest.param(_text_with("\\ud800"), id="lone-high-surrogate"),
    pytest.param(_text_with("\\\\\\udc00"), id="lone-low-surrogate-after-a-backslash"),
])
def test_json_no_strict_reader_takes_is_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           source: bytes) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    path = tmp_path / "crafted.json"
    path.write_bytes(source)
    code, out, err = run("search", "教育", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not valid JSON" in err


@pytest.mark.parametrize("escape", ["\\ud83d\\ude00", "\\\\ud800", "\\u00e9"])
def test_escapes_that_are_text_still_load(tmp_path: Path, escape: str) -> None:
    path = tmp_path / "escaped.json"
    path.write_bytes(_text_with(escape))
    from tui.document.serialize import load_json

    assert any(m.text == "@@" + orjson.loads(f'"{escape}"') for m in load_json(path).measures)


def test_a_document_reading_would_refuse_is_never_written(tmp_path: Path) -> None:
    """What an importer's bug would make (here: a section id twice) is refused on writing,
    with nothing written, instead of by every command that opens the file later."""
    import dataclasses

    from tui.document.serialize import load_json, write_json

    doc = fixture_doc("plan_damaged.txt")
    write_json(doc, tmp_path / "good.json")
    assert load_json(tmp_path / "good.json") == doc
    twice = dataclasses.replace(doc, sections=(*doc.sections, doc.sections[0]))
    with pytest.raises(UserError, match=r"没有写出.*重复的 id"):
        write_json(twice, tmp_path / "bad.json")
    assert not (tmp_path / "bad.json").exists()
