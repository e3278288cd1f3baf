"""Watch mode: one edit gives exactly one rebuild, which re-renders no chart and rewrites both outputs."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from publisher.authoring.watch import BuildReport, watch, watched_files
from publisher.charts import render
from publisher.fonts.families import cache_dir

BULLET = "深入践行全过程人民民主，以高水平监督助力高质量发展"
EDITED = "深入践行全过程人民民主，以高水平监督推动高质量发展"
SETTLE = 2.0  # seconds to wait for a rebuild that should not happen


def wait_for(reports: list[BuildReport], count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(reports) < count:
        assert time.monotonic() < deadline, f"only {len(reports)} builds after {timeout} s"
        time.sleep(0.02)


def chart_cache() -> dict[str, int]:
    folder = cache_dir() / "charts"
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.is_dir() else {}


@pytest.fixture()
def project(tmp_path, example) -> Path:
    shutil.copytree(example.parent, tmp_path / "wuchang")
    return tmp_path / "wuchang" / "outline.yaml"


def test_editing_a_bullet_rebuilds_once_and_renders_no_chart(project, monkeypatch):
    out = project.parent / "out"  # inside the watched folder: writing the outputs must not trigger a build
    reports: list[BuildReport] = []
    stop = threading.Event()
    loop = threading.Thread(target=watch, args=(project, out, ("pptx", "pdf"), None, False, stop, reports.append))
    loop.start()
    try:
        wait_for(reports, 1)
        drawn: list[Path] = []
        store = render._store
        monkeypatch.setattr(render, "_store", lambda path, job: drawn.append(path) or store(path, job))
        charts, written = chart_cache(), {p: p.stat().st_mtime_ns for p in reports[0].outputs}
        project.write_text(project.read_text(encoding="utf-8").replace(BULLET, EDITED), encoding="utf-8")
        wait_for(reports, 2)
        time.sleep(SETTLE)
    finally:
        stop.set()
        loop.join(timeout=30)
    assert len(reports) == 2 and not reports[1].errors
    assert drawn == [] and chart_cache() == charts
    assert all(p.stat().st_mtime_ns > mtime for p, mtime in written.items())
    assert EDITED in deck_text(out / "outline.pptx")


def test_a_bad_edit_is_reported_and_the_loop_goes_on(project):
    reports: list[BuildReport] = []
    stop = threading.Event()
    loop = threading.Thread(target=watch, args=(project, project.parent / "out", ("pdf",), None, False, stop,
                                                reports.append), kwargs={"max_builds": 3})
    loop.start()
    try:
        wait_for(reports, 1)
        good = project.read_text(encoding="utf-8")
        project.write_text(good.replace("type: bar", "type: barr", 1), encoding="utf-8")
        wait_for(reports, 2)
        project.write_text(good, encoding="utf-8")
        wait_for(reports, 3)
    finally:
        stop.set()
        loop.join(timeout=30)
    assert "did you mean 'bar'" in reports[1].errors[0] and "build 2 failed" in reports[1].lines()[0]
    assert not reports[2].errors and reports[2].outputs


def test_watched_files_are_the_outline_and_the_files_it_names(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x,y\n甲,1\n", encoding="utf-8")
    (tmp_path / "look.yaml").write_text("extends: default\n", encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text("theme: look.yaml\nsections:\n  - blocks:\n      - chart: {data: data/a.csv}\n"
                       "      - image: {path: data/missing.png}\n", encoding="utf-8")
    assert watched_files(outline) == {outline.resolve(), tmp_path / "data" / "a.csv", tmp_path / "look.yaml"}


def test_a_workbook_is_watched_when_data_names_one_of_its_sheets(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "指标.xlsx").write_bytes(b"PK")
    outline = tmp_path / "outline.yaml"
    outline.write_text("sections:\n  - blocks:\n      - chart: {data: data/指标.xlsx#2024}\n", encoding="utf-8")
    assert watched_files(outline) == {outline.resolve(), tmp_path / "data" / "指标.xlsx"}


def test_watched_files_include_the_template_and_logo_the_theme_names(tmp_path):
    brand = tmp_path / "brand"
    brand.mkdir()
    for name in ("corp.pptx", "logo.png"):
        (brand / name).write_bytes(b"not read when watching")
    (brand / "theme.yaml").write_text("extends: default\ndeck: {template: corp.pptx, footer: {logo: logo.png}}\n",
                                      encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text("theme: brand/theme.yaml\nsections: []\n", encoding="utf-8")
    assert watched_files(outline) == {outline, brand / "theme.yaml", brand / "corp.pptx", brand / "logo.png"}
    outline.write_text("theme: {extends: default, deck: {template: brand/corp.pptx}}\nsections: []\n",
                       encoding="utf-8")
    assert watched_files(outline) == {outline, brand / "corp.pptx"}


def test_watched_files_include_the_theme_files_a_theme_extends(tmp_path):
    (tmp_path / "base.yaml").write_text("extends: default\ncolors: {primary: 8B0000}\n", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text("theme: brand.yaml\nsections: []\n", encoding="utf-8")
    assert watched_files(outline) == {outline, tmp_path / "brand.yaml", tmp_path / "base.yaml"}


def test_watched_files_include_the_layouts_of_the_themes_own_folders(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "wide.yaml").write_text("extends: bullets\n", encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text("theme: {extends: default, deck: {layouts_dirs: [mine]}}\nsections: []\n", encoding="utf-8")
    assert watched_files(outline) == {outline, tmp_path / "mine" / "wide.yaml"}


def deck_text(path: Path) -> str:
    from pptx import Presentation

    return "".join(s.text_frame.text for slide in Presentation(path).slides for s in slide.shapes if s.has_text_frame)
