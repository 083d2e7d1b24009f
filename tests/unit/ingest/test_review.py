"""Review of flagged spots: readings kept in the document, accepting in place, sidecar errata, the CLI."""

from __future__ import annotations

import json
import re

import orjson
import pytest

from tui import locations
from tui.cli import main
from tui.document.chars import is_han
from tui.document.serialize import dumps, from_dict, load_json, to_dict
from tui.ingest import repair
from tui.ingest.decode import decode_bytes, read_bytes
from tui.ingest.errata import fold, load_errata, occurrences, place
from tui.ingest.pipeline import import_text
from tui.ingest.review import Ambiguous, accept, accept_best, pending, save_review
from tui.ingest.wordlm import jieba_words
from tui.locations import errata_for


@pytest.fixture(scope="module")
def raw_text() -> str:
    return decode_bytes(read_bytes(locations.BUNDLED_RAW))


@pytest.fixture(scope="module")
def plain(raw_text):
    """The bundled plan imported without its errata."""
    return import_text(raw_text, source="xuchang-2022-raw.txt")


def test_flagged_spots_keep_their_best_readings(plain):
    flagged = [plain.spots[i] for i in pending(plain)]
    assert flagged and all(s.status == "flagged" for s in flagged)
    for s in flagged:
        assert 1 <= len(s.readings) <= 5
        probs = [p for _, p in s.readings]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0001
        assert s.confidence < 0.9


def test_readings_survive_json_and_old_documents_still_load(plain):
    again = from_dict(orjson.loads(dumps(plain)))
    assert again.spots == plain.spots
    old = to_dict(plain)
    for spot in old["spots"]:
        spot.pop("readings", None)
        spot.pop("confidence", None)
    assert all(s.readings == () for s in from_dict(old).spots)
    # The bundled document (all spots settled by errata) has no new fields at all.
    assert b'"readings"' not in locations.BUNDLED_DOC.read_bytes()


def test_accepting_the_reviewed_fixes_in_place_gives_the_errata_text(raw_text, plain):
    reviewed = {e.raw: e.fixed for e in load_errata(locations.BUNDLED_ERRATA)}
    doc, entries = plain, []
    for i in pending(plain):
        doc, entry = accept(doc, i, reviewed[doc.spots[i].raw], "reviewer")
        entries.append(entry)
    assert not pending(doc) and doc.stats["spots_flagged"] == 0
    assert [m.id for m in doc.measures] == [m.id for m in plain.measures]  # annotations keep their measures
    with_errata = import_text(raw_text, source="x", errata=load_errata(locations.BUNDLED_ERRATA))
    assert "".join(m.text for m in doc.measures) == "".join(m.text for m in with_errata.measures)
    assert "".join(m.text_trad for m in doc.measures) == "".join(m.text_trad for m in with_errata.measures)
    # The sidecar entries alone make a re-import read the same.
    again = import_text(raw_text, source="x", errata=entries)
    assert again.stats["spots_flagged"] == 0
    assert "".join(m.text for m in again.measures) == "".join(m.text for m in doc.measures)


def test_an_entry_carries_context_so_a_bare_question_mark_is_not_applied_everywhere(raw_text, plain, monkeypatch):
    entries, contexts = [], []
    for i in pending(plain):
        spot = plain.spots[i]
        doc, entry = accept(plain, i, spot.readings[0][0], "reviewer")
        left, _, right = entry.raw.partition(spot.raw)
        assert left + right and entry.fixed == left + spot.readings[0][0] + right
        assert doc.spots[i].status == "errata" and doc.spots[i].reason == "reviewer"
        entries.append(entry)
        contexts.append(left + right)
    # Each entry occurs once in the text the errata are applied to (context taken
    # over punctuation and digits too: a "，" there may be "," in the raw text).
    seen = []
    monkeypatch.setattr(repair, "place", lambda text, spans, errata: seen.append(text) or place(text, spans, errata))
    import_text(raw_text, source="x", errata=entries)
    assert any(not is_han(ch) for context in contexts for ch in context)
    for e in entries:
        assert len(occurrences(fold(seen[0]), fold(e.raw))) == 1, e


def test_accept_best_takes_only_readings_above_the_threshold(plain):
    doc, entries = accept_best(plain, 0.6, "bulk")
    taken = [plain.spots[i] for i in pending(plain) if plain.spots[i].readings[0][1] >= 0.6]
    assert len(entries) == len(taken) > 0
    assert len(pending(doc)) == len(pending(plain)) - len(taken)
    assert accept_best(plain, 1.0, "bulk")[1] == []


def test_review_cli_lists_accepts_and_reimport_applies_the_sidecar(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    raw = tmp_path / "plan-raw.txt"
    raw.write_bytes(locations.BUNDLED_RAW.read_bytes())
    assert main(["import", str(raw)]) == 0
    doc_path = tmp_path / "plan.json"
    capsys.readouterr()
    assert main(["review", str(doc_path)]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"Spot 1 .*\n.*【.*】", listing) and "damaged spots to review" in listing
    assert main(["review", str(doc_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows["flagged"] == len(rows["spots"]) > 0 and rows["spots"][0]["readings"]
    assert main(["review", str(doc_path), "--accept-best", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "Accepted" in out and errata_for(doc_path).exists()
    reviewed = load_json(doc_path)
    assert reviewed.stats["spots_errata"] > 0
    # A re-import of the raw text picks the sidecar up (same name stem).
    assert main(["import", str(raw)]) == 0
    reimported = load_json(doc_path)
    assert reimported.stats["spots_errata"] == reviewed.stats["spots_errata"]


@pytest.mark.parametrize("value", ["1.5", "abc"])
def test_review_cli_bad_threshold_is_one_line(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert main(["review", str(locations.BUNDLED_DOC), "--accept-best", value]) == 2
    err = capsys.readouterr().err
    assert f"between 0 and 1: {value}" in err and err.count("\n") == 1 and "float" not in err


def test_word_model_prefers_real_words():
    words = jieba_words()
    assert words.score("第一粒扣子") > words.score("第一粒扣孑")
    assert words.score("聯席會議") > words.score("職席會議")  # traditional text is scored after t2s
    best, chars = words.scores("公示校外培訓機構")
    assert best > chars


def test_the_word_model_learns_the_documents_own_words():
    words = jieba_words()
    # The dictionary finds 學生考試 likelier; a document that keeps saying
    # 學校考試 turns that round, and leaves words it never uses as they were.
    plan = ["高中階段學校考試招生制度改革,", "學校考試招生錄取模式。", "推進學校考試改革。"]
    local = words.adapted(plan, 1.0)
    assert words.score("學生考試") > words.score("學校考試")
    assert local.score("學校考試") > local.score("學生考試")
    assert local.score("聯席會議") == words.score("聯席會議")
    assert words.adapted(plan, 0.0) is words


# A small plan as a site shows it (ASCII commas): the same damaged character
# ("?", a character the site could not encode) in two sentences, the second
# bordered by "1%" on its left, so that Han context alone cannot tell them apart.
TWO_SPOTS = """某縣職業教育發展規劃

一、發展目標

全縣建成?合實訓基地12個,覆蓋全部中等職業學校。到2025年,實訓基地由企業投資建設的比例達到1%?合實訓基地的三成。
"""


def test_an_accepted_fix_bordered_by_non_han_text_is_reapplied_only_at_its_own_spot(tmp_path):
    from tui.ingest.load import import_file
    from tui.ingest.review import save_review

    raw = tmp_path / "plan-raw.txt"
    raw.write_text(TWO_SPOTS, encoding="utf-8")
    doc = import_file(raw)
    first, second = (i for i, s in enumerate(doc.spots) if s.raw == "?")
    assert doc.measure_by_id[doc.spots[second].measure_id].text_trad[doc.spots[second].start - 2 :].startswith("1%?")
    reviewed, entry = accept(doc, second, "綜", "reviewer")
    save_review(reviewed, [entry], raw)
    again = import_file(raw)  # the sidecar beside the raw plan is re-applied
    assert again.spots[first] == doc.spots[first]  # still flagged, as the reviewer left it
    assert again.spots[second].status == "errata" and again.stats["spots_flagged"] == 1
    assert [m.text_trad for m in again.measures] == [m.text_trad for m in reviewed.measures]
    assert [m.text for m in again.measures] == [m.text for m in reviewed.measures]


def test_a_spot_no_context_tells_apart_is_refused_and_left_for_review(monkeypatch):
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    same = "實訓基地達到1%?合格。"
    doc = import_text(f"某縣職業教育發展規劃\n\n一、發展目標\n\n{same}\n\n二、保障措施\n\n{same}\n", source="t")
    _, second = pending(doc)
    with pytest.raises(Ambiguous) as err:
        accept(doc, second, "綜", "reviewer")
    assert "occurs more than once" in str(err.value) and "\n" not in str(err.value)
    assert accept_best(doc, 0.0, "bulk") == (doc, [])  # both stay for review


def test_fixes_reviewed_in_the_library_copy_survive_a_reimport_of_the_raw_file(tmp_path, capsys, monkeypatch):
    """The reader keeps a review beside the plan it opened: by library name, that is the library's
    copy.  Importing the raw file again must apply those fixes, not write the plan back unreviewed."""
    from tui.library import Library

    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    raw = tmp_path / "plan-raw.txt"
    raw.write_bytes(locations.BUNDLED_RAW.read_bytes())
    assert main(["import", str(raw)]) == 0
    library = Library()
    entry = library.entries()[0]
    copy = load_json(entry.path)
    k = pending(copy)[0]
    reviewed, fix = accept(copy, k, copy.spots[k].readings[0][0], "reviewed in policy-tui: reading 1 of 5")
    save_review(reviewed, [fix], entry.path)  # what the reader does on enter
    assert errata_for(entry.path).exists() and errata_for(entry.path) != errata_for(raw)
    capsys.readouterr()
    assert main(["import", str(raw)]) == 0
    out = capsys.readouterr().out
    assert load_json(entry.path).spots[k].status == "errata"
    assert load_json(tmp_path / "plan.json").spots[k].status == "errata"
    assert "unchanged" in out.splitlines()[-1]  # the library's reviewed copy was not written back


def test_a_fix_restores_the_punctuation_around_it_in_both_scripts():
    """(??) read as 九: its brackets become full-width in the simplified text too, not only in the traditional."""
    from tui.ingest.pipeline import import_text

    doc = import_text("某县文化企业支持办法\n一、关于投资\n(??)對投資興辦文化企業的，給予支持。\n", source="x.txt")
    [k] = pending(doc)
    fixed, _ = accept(doc, k, "九", "typed")
    measure = fixed.measure_by_id[fixed.spots[k].measure_id]
    assert measure.text.startswith("（九）对投资兴办") and measure.text_trad.startswith("（九）對投資興辦")
