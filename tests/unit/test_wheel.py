"""A wheel built from the project works outside the checkout: it opens its own plan."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import REPO


def build_wheel(into: Path) -> Path:
    """The wheel, built from a copy of the checkout (a build leaves build/ behind)."""
    source = into / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", ".hypothesis", ".mypy_cache", ".ruff_cache", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(into), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = into.glob("policy_tui-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; the dependencies come from this venv's
    site-packages through a .pth line (which does not bring the editable checkout)."""
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install",
                    "--no-deps", "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICY_TUI_DB")}
    return subprocess.run([str(env_dir / "bin" / "policy-tui"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=env, check=False)


def test_the_wheel_holds_the_data_and_the_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("tui/data/xuchang-2022.json", "tui/data/counties.txt", "tui/data/terms.txt",
                 "tui/data/xuchang-2022-raw.txt", "tui/ui/app.tcss"):
        assert name in names
    assert not [n for n in names if n.startswith("tests/")]


def test_installed_wheel_opens_its_plan_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import tui; from tui.annotations.tags import counties; print(tui.__file__, len(counties()))"
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    package, county_count = out.stdout.split()
    assert package.startswith(str(installed)) and not package.startswith(str(REPO))
    assert int(county_count) > 0  # the county list ships too

    version = run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("policy-tui ")

    dump = run(installed, "dump", cwd=tmp_path)
    assert dump.returncode == 0, dump.stderr
    assert dump.stdout.startswith("许昌市“十四五”教育事业发展规划") and "集团化办学" in dump.stdout

    search = run(installed, "search", "集团化办学", cwd=tmp_path)
    assert search.returncode == 0, search.stderr
    assert search.stdout.count("【集团化办学】") == 4

    bench = run(installed, "bench", "--quick", cwd=tmp_path)
    assert bench.returncode == 2 and bench.stderr.count("\n") == 1  # needs a checkout, and says so


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject lists the packages one by one (data/ is installed as tui.data): a new one must be added."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "tui").rglob("__init__.py")}
    assert found - listed == set()
