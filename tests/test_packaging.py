"""An installed wheel (not the source tree) carries the layouts and fonts and builds an outline."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
OUTLINE = "report: {title: 包装测试}\nsections:\n  - title: 第一部分\n    blocks: [正文。]\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(ROOT),
                    "-w", str(folder)], check=True, capture_output=True)
    return next(folder.glob("publisher-*.whl"))


def test_wheel_holds_layouts_and_fonts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "publisher/_data/layouts/themes/default.yaml" in names
    assert "publisher/_data/fonts/fonts.yaml" in names
    assert "publisher/_data/fonts/LICENSE-OFL.txt" in names
    assert sum(n.startswith("publisher/_data/fonts/Noto") for n in names) == 8


def test_installed_wheel_builds_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    (tmp_path / "o.yaml").write_text(OUTLINE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target), "PUBLISHER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", "import publisher.resources as r, publisher.cli as c, sys;"
                           "print(r.data_dir('fonts')); sys.exit(c.main(['build', 'o.yaml', '-o', 'out']))"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == str(target / "publisher" / "_data" / "fonts")
    assert (tmp_path / "out" / "o.pdf").stat().st_size > 1000
    assert (tmp_path / "out" / "o.pptx").stat().st_size > 1000
