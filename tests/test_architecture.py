"""The import contract of pyproject.toml ([tool.importlinter]) holds: every layer imports only the layers below it,
and no package has an import cycle among its modules. It is checked on the real package, and shown to fail on copies
of it with a cycle or an upward import added."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    """Return the run of lint-imports on the package under root, with its contract (no cache written)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache", "pyproject.toml"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_package_keeps_its_import_contract():
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "9 kept, 0 broken" in run.stdout


@pytest.mark.parametrize(("module", "added", "broken"), [
    ("plan/model.py", "from publisher.plan import deck", ["No cycles are allowed in publisher.plan", ".model"]),
    ("write/pptx_text.py", "from publisher.write import pptx", ["No cycles are allowed in publisher.write"]),
    ("outline/model.py", "from publisher.theme.styles import Theme", [
        "No cycles are allowed in publisher.", "publisher.outline is not allowed to import publisher.theme"]),
    ("outline/source.py", "from publisher.outline import validation", [
        "publisher.outline.source is not allowed to import publisher.outline.validation"]),
    ("fonts/cff.py", "from publisher.write import pdf", ["publisher.fonts is not allowed to import publisher.write"]),
    ("errors.py", "import publisher.cli", ["publisher.errors is not allowed to import publisher.cli"]),
])
def test_the_contract_fails_on_an_added_cycle_or_upward_import(tmp_path, module, added, broken):
    shutil.copytree(ROOT / "publisher", tmp_path / "publisher", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert lint(tmp_path).returncode == 0  # the copy keeps the contract …
    path = tmp_path / "publisher" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{added}  # deliberately breaks the contract\n",
                    encoding="utf-8")
    run = lint(tmp_path)  # … until the import is added
    assert run.returncode == 1, run.stdout
    for text in broken:
        assert text in run.stdout, run.stdout
