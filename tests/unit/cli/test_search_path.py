"""``policy-tui search`` on one plan loads only what a search needs (issue 14: a search in ≤ 40 ms).

Each module named here once cost the command milliseconds; a change that
brings one back on the path fails here, not only in the bench.
"""

from __future__ import annotations

import os
import subprocess
import sys

# opencc means the fold table was rebuilt, not read from the package; orjson costs 4 ms (uuid,
# platform, datetime) where json reads a plan as fast; platformdirs (3 ms) finds user folders,
# which a search of the bundled plan never needs; the library catalogue,
# the importer, hashlib and importlib.metadata serve other commands; textual and rich only the reader;
# typing (2 ms) only the type checker; shutil (2 ms: bz2, lzma) only argparse's help, to ask the terminal's width.
NOT_ON_THE_SEARCH_PATH = ("opencc", "jieba", "tinydb", "orjson", "platformdirs", "hashlib", "importlib.metadata",
                          "tui.library.catalog", "tui.ingest.pipeline", "tui.annotations", "textual", "rich",
                          "typing", "shutil")
SEARCH = "import sys\nsys.argv = ['policy-tui', 'search', '集团化办学']\nfrom tui.cli import run\ncode = run()\n"


def _search(extra: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_TUI_LANG": "zh"}
    return subprocess.run([sys.executable, "-c", SEARCH + extra], capture_output=True, text=True, check=True, env=env)


def test_a_search_of_the_bundled_plan_loads_none_of_the_modules_it_does_not_use() -> None:
    out = _search(f"print(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_ON_THE_SEARCH_PATH!r}"
                  f" or m in {NOT_ON_THE_SEARCH_PATH!r}), file=sys.stderr)\n")
    assert "“集团化办学”共 4 处" in out.stdout
    assert out.stderr.strip() == "[]"


def test_the_script_freezes_what_it_built_so_that_the_exit_skips_collecting_it() -> None:
    out = _search("import gc\nprint(code, gc.get_freeze_count() > 0, file=sys.stderr)\n")
    assert out.stderr.split() == ["0", "True"]


def test_the_script_and_python_m_tui_print_what_main_prints() -> None:
    direct = subprocess.run([sys.executable, "-c", "import sys\nfrom tui.cli import main\nsys.exit(main(['search', '集团化办学']))"],
                            capture_output=True, text=True)
    module = subprocess.run([sys.executable, "-m", "tui", "search", "集团化办学"], capture_output=True, text=True)
    assert (module.returncode, module.stdout, module.stderr) == (direct.returncode, direct.stdout, direct.stderr)
    assert direct.returncode == 0 and direct.stdout


def test_help_still_fits_the_terminal_it_is_written_to() -> None:
    """The parser asks shutil for the width only when it writes help; the help still follows COLUMNS."""
    for columns in (50, 100):
        env = {**os.environ, "COLUMNS": str(columns)}
        out = subprocess.run([sys.executable, "-m", "tui", "--lang", "en", "search", "-h"], capture_output=True,
                             text=True, check=True, env=env).stdout
        widths = [len(line) for line in out.splitlines()]
        assert max(widths) <= columns
        assert max(widths) > columns - 15  # the text is wrapped at the width, not at a fixed one


def test_chinese_help_is_wrapped_by_cells_to_the_terminal() -> None:
    """argparse counts characters and breaks at spaces only; the help is wrapped by cells,
    between Chinese characters, so every line fits and none is cut short at a lone space."""
    from tui.display import cells

    env = {**os.environ, "COLUMNS": "60", "POLICY_TUI_LANG": "zh"}
    out = subprocess.run([sys.executable, "-m", "tui", "search", "-h"], capture_output=True, text=True,
                         check=True, env=env).stdout
    lines = out.splitlines()
    assert max(cells(line) for line in lines) <= 60
    description = lines[lines.index("") + 1: lines.index("", lines.index("") + 1)]
    assert len(description) >= 3 and all(cells(line) >= 50 for line in description[:-1])
    assert not any(line.lstrip().startswith(("，", "。", "）")) for line in lines)
