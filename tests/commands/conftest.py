"""Fixtures of the command tests: the Wuchang example, and a fresh starter project made by `publisher new`."""
from __future__ import annotations

from pathlib import Path

import pytest

from publisher.authoring.starter import scaffold

EXAMPLE = Path(__file__).parents[2] / "examples" / "wuchang-2024" / "outline.yaml"


@pytest.fixture()
def example() -> Path:
    """Return the Wuchang example outline."""
    return EXAMPLE


@pytest.fixture()
def starter(tmp_path) -> Path:
    """Return the outline of a starter project scaffolded with the default theme."""
    scaffold(tmp_path / "starter", "default")
    return tmp_path / "starter" / "outline.yaml"
