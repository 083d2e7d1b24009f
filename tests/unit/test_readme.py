"""README's two commands and .ci/run must stay in step."""

from tests.support.paths import REPO

ROOT = REPO


def test_ci_runs_the_readme_commands():
    readme = ROOT / "README.md"
    blocks = readme.read_text(encoding="utf-8").split("```sh\n")
    setup = blocks[1].split("\n```")[0].strip()
    test = blocks[2].split("\n```")[0].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = setup.removesuffix(" && .venv/bin/policy-tui")
    assert install != setup, "README's first command must end by launching the app"
    assert f'INSTALL="{install}"' in ci
    assert f'TEST="{test}"' in ci
