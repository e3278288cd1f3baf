"""An installed wheel (not the source tree) carries the layouts and fonts and builds an outline."""
from __future__ import annotations

import json
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
    assert "publisher/_data/fonts/facts.json" in names  # a first build reads no big font cmap
    assert sum(n.startswith("publisher/_data/fonts/Noto") for n in names) == 8
    assert {f"publisher/authoring/serve/page/page.{kind}" for kind in ("html", "css", "js")} <= set(names)  # its page


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
    assert not list((tmp_path / "cache").rglob("coverage-*.json"))  # the installed facts.json served every font


def test_the_command_prints_everything_and_keeps_its_exit_code_when_piped(tmp_path):
    """`python -m publisher` leaves with os._exit: its piped (so buffered) output must still arrive whole."""
    (tmp_path / "o.yaml").write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(OUTLINE.replace("title: 第一部分", "titel: 第一部分"), encoding="utf-8")
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "publisher", "build", "-o", "out"]
    done = subprocess.run([*command, "o.yaml", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True, done.stderr
    bad = subprocess.run([*command, "bad.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("bad.yaml:3:5: error: sections[0]: missing required key 'title'\n")
    assert bad.stderr.endswith("(did you mean 'title'?)\npublisher: 2 errors; nothing was written\n")
