"""Where the test data lives."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
PLANS = TESTS / "plans"
GOLDEN = TESTS / "golden"
