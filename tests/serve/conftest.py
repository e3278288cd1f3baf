"""Fixtures of the serve tests: a fresh starter project, a copy of the Wuchang example."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.authoring.starter import scaffold

EXAMPLE = Path(__file__).parents[2] / "examples" / "wuchang-2024"


@pytest.fixture()
def starter(tmp_path) -> Path:
    """Return the outline of a fresh starter project (its chart's data in data/quarterly.csv)."""
    scaffold(tmp_path / "starter", "default")
    return tmp_path / "starter" / "outline.yaml"


@pytest.fixture()
def example(tmp_path) -> Path:
    """Return the outline of a copy of the Wuchang example."""
    shutil.copytree(EXAMPLE, tmp_path / "wuchang")
    return tmp_path / "wuchang" / "outline.yaml"
