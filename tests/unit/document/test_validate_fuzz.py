"""Fuzz test (hypothesis) over processed-document JSON: any mutation gives exit 0 or 2.

Issue 13: a crafted ``.json`` made ``dump`` exit 70 (an internal error) and
``search`` hang.  Mutations of a good document (a value replaced by any JSON
value or by another id of the document, an item deleted, duplicated or
swapped) are run through ``dump`` and ``search``: the exit is 0 (or 1, no
hits) or 2 with one line on stderr, never 70, and each run is quick.
"""

from __future__ import annotations

import io
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.plans import fixture_doc
from tui.cli import main
from tui.document.serialize import to_dict

SECONDS = 5  # "never longer than a few seconds"
BASE = orjson.loads(orjson.dumps(to_dict(fixture_doc("plan_damaged.txt"))))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _paths(value, (*path, k))


PATHS = [p for p in _paths(BASE) if p]
IDS = sorted({row[0] for row in BASE["sections"]} | {row[0] for row in BASE["measures"]})

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.sampled_from(IDS) | st.sampled_from(["chapter", "heading", "flagged", "paragraph"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=8,
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, tuple[Any, ...], Any]:
    kind = draw(st.sampled_from(["replace", "replace", "id", "delete", "duplicate", "swap"]))
    path = draw(st.sampled_from(PATHS))
    value = draw(json_values) if kind == "replace" else draw(st.sampled_from(IDS)) if kind == "id" else None
    return kind, path, value


def apply(doc: Any, kind: str, path: tuple[Any, ...], value: Any) -> None:
    parent = doc
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed or replaced this place
    key = path[-1]
    if not isinstance(parent, (dict, list)) or (isinstance(parent, list) and not (isinstance(key, int)
                                                                                  and key < len(parent))):
        return
    if isinstance(parent, dict) and key not in parent:
        return
    if kind in ("replace", "id"):
        parent[key] = value
    elif kind == "delete":
        del parent[key]
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(key, orjson.loads(orjson.dumps(parent[key])))
    elif kind == "swap" and isinstance(parent, list) and len(parent) > 1:
        other = (key + 1) % len(parent)
        parent[key], parent[other] = parent[other], parent[key]


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block runs too long."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mutation(), min_size=1, max_size=4))
def test_any_mutation_exits_0_or_2(tmp_path_factory: pytest.TempPathFactory,
                                   mutations: list[tuple[str, tuple[Any, ...], Any]]) -> None:
    doc = orjson.loads(orjson.dumps(BASE))
    for kind, path, value in mutations:
        apply(doc, kind, path, value)
    target = tmp_path_factory.mktemp("fuzz") / "doc.json"
    target.write_bytes(orjson.dumps(doc))
    for argv, allowed in ((("dump", str(target)), {0, 2}), (("search", "教育", str(target)), {0, 1, 2})):
        started = time.monotonic()
        with time_limit(SECONDS):
            code, err = run(*argv)
        assert code in allowed, (argv[0], code, err)
        assert time.monotonic() - started < SECONDS
        if code == 2:
            assert err.count("\n") == 1, err


def test_the_unmutated_document_passes(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    target.write_bytes(orjson.dumps(BASE))
    assert run("dump", str(target))[0] == 0
