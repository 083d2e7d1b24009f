"""Nothing injected into the terminal (issue 13, defect 7): one sanitiser for every CLI output.

Before: OSC 52 (clipboard write), OSC 0 (window title) and ED (clear screen)
passed through ``dump`` and ``search`` from the plan text, through
``annotations`` from an imported ``measure_id``, through the duplicate-uuid
error from a uuid, and through ``export --format csv -o -``; C1 controls
(U+009B, the 8-bit CSI) passed everywhere.  Files written with ``-o FILE``
keep the text exact, and ``--raw`` keeps it on stdout.
"""

from __future__ import annotations

import dataclasses
import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import orjson
import pytest

from tests.support.plans import fixture_doc
from tui.annotations.store import AnnotationStore, new_annotation, to_record
from tui.cli import main
from tui.display import clean, clean_lines, clean_row, json_safe, one_line
from tui.document.model import Document
from tui.document.serialize import write_json

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # write "pwned" to the clipboard
OSC0 = "\x1b]0;owned title\x1b\\"  # set the window title, ST-terminated
ED = "\x1b[2J"  # clear the screen
C1_CSI = "\x9b31m"  # the 8-bit CSI
DCS = "\x90qpayload\x9c"
BIDI = "\u202eevil\u202c\u2066x\u2069"
HOSTILE = f"前{OSC52}中{OSC0}后{ED}{C1_CSI}{DCS}{BIDI}尾"
# What no output may hold: ESC, BEL, the other C0 controls but tab/LF, DEL, C1, bidi controls.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    monkeypatch.chdir(tmp_path)


def hostile_doc() -> Document:
    """The fixture plan with escape sequences in a heading, a sentence, the title and the toc."""
    doc = fixture_doc("plan_small.txt")
    measures = list(doc.measures)
    for k in (0, 5):
        m = measures[k]
        measures[k] = dataclasses.replace(m, text=m.text + "教育" + HOSTILE, text_trad=m.text_trad + "教育" + HOSTILE)
    sections = list(doc.sections)
    sections[1] = dataclasses.replace(sections[1], title=sections[1].title + HOSTILE)
    meta = dataclasses.replace(doc.meta, title=doc.meta.title + HOSTILE, toc=("一" + HOSTILE,))
    return dataclasses.replace(doc, measures=tuple(measures), sections=tuple(sections), meta=meta)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def assert_inert(text: str) -> None:
    text = text.replace("\r\n", "\n")  # CSV line ends are no injection
    found = FORBIDDEN.search(text)
    assert found is None, f"{found.group()!r} reached the terminal in {text[max(0, found.start() - 20):][:60]!r}"


# --- the sanitiser itself -----------------------------------------------------------------


def test_clean_makes_every_sequence_inert_and_keeps_offsets() -> None:
    shown = clean(HOSTILE)
    assert_inert(shown)
    assert len(shown) == len(HOSTILE)
    assert "␛]52;c;cHduZWQ=␇" in shown and "␛]0;owned title␛\\" in shown and "␛[2J" in shown
    assert clean("第一章\t教育\n") == "第一章\t教育\n"  # tab and newline kept
    assert clean("ok") == "ok"


def test_clean_row_is_one_line() -> None:
    assert clean_row("a\tb\nc\x1b") == "a b␤c␛"


def test_lone_surrogates_become_printable() -> None:
    shown = clean("x\ud800y")
    shown.encode("utf-8")  # a lone surrogate would make print() fail (exit 70)
    assert shown == "x\ufffdy"


def test_json_safe_keeps_the_data() -> None:
    data = {"note": HOSTILE, "id": "\u009b"}
    text = json_safe(orjson.dumps(data).decode())
    assert_inert(text)
    assert orjson.loads(text) == data


def test_csv_line_ends_survive() -> None:
    assert clean_lines("a,b\r\nc\rd,e\r\n") == "a,b\r\nc␍d,e\r\n"


def test_one_line_previews_are_clean() -> None:
    assert_inert(one_line(HOSTILE * 3, 30))


# --- dump and search --------------------------------------------------------------------------


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    write_json(hostile_doc(), path)
    return path


def test_dump_shows_the_plan_inert(plan: Path) -> None:
    code, out, _ = run("dump", str(plan))
    assert code == 0
    assert_inert(out)
    assert "教育前␛]52;c;cHduZWQ=␇中" in out  # shown, not dropped


def test_dump_json_is_inert_and_exact(plan: Path) -> None:
    code, out, _ = run("dump", "--json", str(plan))
    assert code == 0
    assert_inert(out)
    assert orjson.loads(out)["meta"]["title"].endswith(HOSTILE)


def test_search_shows_hits_and_paths_inert(plan: Path) -> None:
    code, out, _ = run("search", "教育", str(plan))
    assert code == 0
    assert_inert(out)
    code, out, _ = run("search", "--json", "教育", str(plan))
    assert code == 0
    assert_inert(out)


def test_search_term_echo_is_inert(plan: Path) -> None:
    code, out, _ = run("search", "无此词" + ED, str(plan))
    assert code == 1
    assert_inert(out)


# --- notes: annotations, tags, errors ---------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Notes with hostile tags and text, and one whose measure id came from a crafted import."""
    doc = fixture_doc("plan_small.txt")
    path = tmp_path / "notes.json"
    sentence = next(m.id for m in doc.measures if m.kind == "sentence")
    with AnnotationStore.open(path) as store:
        store.add(new_annotation(doc, sentence, note="注" + HOSTILE, tags="禹州市"))
        crafted = to_record(new_annotation(doc, sentence, note="x", tags="t"))
        crafted["anchor"]["measure_id"] = "1.1" + OSC0
        crafted["uuid"] = "00000000-0000-4000-8000-00000000000a"
        incoming = tmp_path / "incoming.json"
        incoming.write_bytes(orjson.dumps({"format": "policy-tui-annotations", "version": 1,
                                           "annotations": [crafted]}))
    assert run("import-annotations", str(incoming), "--db", str(path))[0] == 0
    return path


def test_annotations_listing_is_inert(db: Path) -> None:
    code, out, _ = run("annotations", "--db", str(db))
    assert code == 0
    assert_inert(out)
    assert "1.1␛]0;owned title␛\\" in out


def test_annotations_json_is_inert(db: Path) -> None:
    code, out, _ = run("annotations", "--json", "--db", str(db))
    assert code == 0
    assert_inert(out)


def test_tags_listing_is_inert(db: Path, tmp_path: Path) -> None:
    doc = fixture_doc("plan_small.txt")
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(doc, doc.measures[3].id, tags="x" + C1_CSI))
    code, out, _ = run("tags", "--db", str(db))
    assert code == 0
    assert_inert(out)


def test_duplicate_uuid_error_is_one_inert_line(tmp_path: Path) -> None:
    doc = fixture_doc("plan_small.txt")
    record = to_record(new_annotation(doc, doc.measures[2].id, note="n"))
    record["uuid"] = "dup" + OSC52 + "\nsecond line"
    path = tmp_path / "dups.json"
    path.write_bytes(orjson.dumps({"format": "policy-tui-annotations", "version": 1,
                                   "annotations": [record, record]}))
    code, _, err = run("import-annotations", str(path), "--db", str(tmp_path / "db.json"))
    assert code == 2
    assert_inert(err)
    assert err.count("\n") == 1 and "duplicate uuid" in err


# --- export: stdout sanitised, files and --raw exact -------------------------------------------------


@pytest.fixture
def export_env(tmp_path: Path) -> tuple[Path, Path]:
    doc = fixture_doc("plan_small.txt")
    plan_path = tmp_path / "plan.json"
    write_json(doc, plan_path)
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(doc, doc.measures[2].id, note="注" + HOSTILE, tags="禹州市"))
    return plan_path, db


@pytest.mark.parametrize("fmt", ["csv", "md", "json"])
def test_export_to_stdout_is_inert(export_env: tuple[Path, Path], fmt: str,
                                   capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    plan_path, db = export_env
    code = main(["export", str(plan_path), "--db", str(db), "--format", fmt, "-o", "-"])
    out = capfdbinary.readouterr().out.decode("utf-8")
    assert code == 0
    assert_inert(out)
    if fmt == "csv":
        assert out.count("\r\n") >= 2  # CSV keeps its line ends
    if fmt == "json":
        assert orjson.loads(out)["annotations"][0]["note"] == "注" + HOSTILE  # same data


def test_export_raw_and_files_keep_the_text(export_env: tuple[Path, Path], tmp_path: Path,
                                            capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    plan_path, db = export_env
    assert main(["export", str(plan_path), "--db", str(db), "--format", "csv", "-o", "-", "--raw"]) == 0
    assert HOSTILE.encode() in capfdbinary.readouterr().out
    target = tmp_path / "notes.csv"
    assert main(["export", str(plan_path), "--db", str(db), "-o", str(target)]) == 0
    assert HOSTILE in target.read_text(encoding="utf-8")
