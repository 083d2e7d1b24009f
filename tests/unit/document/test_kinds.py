"""The model's kinds exist twice: as values (checked on load) and as Literal types for the
type checker only (typing stays off the search path). Here the two must agree."""

from __future__ import annotations

import ast
import inspect

from tui.document import model

PAIRS = {"SectionKind": "SECTION_KINDS", "MeasureKind": "MEASURE_KINDS", "BlockKind": "BLOCK_KINDS",
         "SpotStatus": "SPOT_STATUSES"}


def _literals() -> dict[str, tuple[str, ...]]:
    """Each ``Name = Literal[...]`` of the model's source, as the tuple of its strings."""
    found: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(ast.parse(inspect.getsource(model))):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "Literal"):
            items = node.value.slice.elts if isinstance(node.value.slice, ast.Tuple) else [node.value.slice]
            found[node.targets[0].id] = tuple(ast.literal_eval(item) for item in items)  # type: ignore[attr-defined]
    return found


def test_every_kind_type_lists_exactly_the_kind_values() -> None:
    literals = _literals()
    assert set(literals) == set(PAIRS)
    for type_name, values_name in PAIRS.items():
        assert literals[type_name] == getattr(model, values_name), type_name
