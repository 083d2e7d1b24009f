"""Tests of the message catalogue: complete in both languages, and the only home of UI text."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import tui
from tui.i18n import PARTS, lang, messages, t

MESSAGES = messages()

UI_FILES = sorted(Path(tui.__file__).parent.joinpath("ui").rglob("*.py")) + [
    Path(tui.__file__).parent / "cli" / "reader.py"
]
HAN = re.compile(r"[\u3400-\u9fff]")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en)
    assert not HAN.search(en), f"{key}: Chinese in the English text"


def test_language_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    assert lang() == "zh" and t("key.quit") == "退出"
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    assert lang() == "en" and t("key.quit") == "Quit"
    assert t("search.state", query="x", current=2, total=4) == "x 2/4"
    monkeypatch.setenv("POLICY_TUI_LANG", "fr")
    assert lang() == "zh"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_ui_modules_hold_no_chinese_string_literals(path: Path) -> None:
    """Every user-facing string comes from the catalogue (docstrings and comments aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert not HAN.search(node.value), f"{path.name}:{node.lineno}: {node.value!r}"


def test_every_key_is_defined_in_one_area_only() -> None:
    """The catalogue's areas are merged into one table: a key defined twice would hide one of them."""
    from importlib import import_module

    import tui.catalogue

    areas = sorted(p.stem for p in Path(tui.catalogue.__file__).parent.glob("*.py") if p.stem != "__init__")
    assert sorted(PARTS) == areas  # every area is read
    assert sum(len(import_module(f"tui.catalogue.{part}").MESSAGES) for part in PARTS) == len(MESSAGES)


def test_a_search_reads_only_the_areas_it_uses() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom tui.cli import main\nmain(['search', '集团化办学'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('tui.catalogue.')), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "['tui.catalogue.cli', 'tui.catalogue.library', 'tui.catalogue.reader']"
