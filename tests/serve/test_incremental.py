"""Incremental builds: with the stores of a resident server on (publisher.runtime.reuse), every build over a
sequence of random edits (text, numbers, blocks added and removed, a picture replaced on disk, the theme changed)
writes the deck, the report and the deck PDF byte for byte as a clean build of the same outline does; the stores
were used; and the check fails when a slide's key leaves out what the slide shows."""
from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from publisher.api import build_result
from publisher.runtime import reuse
from publisher.write import pptx_reuse

FORMATS = ("pptx", "pdf", "deck-pdf")
EPOCH = "1700000000"


@pytest.fixture()
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture()
def stores():
    reuse.hold()
    try:
        yield
    finally:
        reuse.release()


def test_incremental_builds_write_the_bytes_of_clean_builds_over_random_edits(example, tmp_path, epoch, stores):
    outline = _with_picture(example)
    edits = Edits(outline, random.Random(14))
    incremental = _incremental(outline, tmp_path / "incremental")
    assert incremental == _clean(outline, tmp_path / "clean")
    for step in range(9):
        what = edits.apply(step)
        assert _incremental(outline, tmp_path / "incremental") == _clean(outline, tmp_path / "clean"), what
    # what the forked writers added came back: a build in this process finds it
    before = reuse.statistics()
    last = _outputs(build_result(outline, tmp_path / "incremental", FORMATS, parallel=False))
    after = reuse.statistics()
    for name in ("pptx-slides", "zip-records", "deck-lines", "pptx-fonts", "pdf-font-subsets", "pdf-streams"):
        assert after[name]["hits"] > before[name]["hits"], name
    assert last == _fresh_process(outline, tmp_path / "fresh"), "a build in a new process with empty caches"


def test_an_edit_of_one_bullet_draws_that_slide_only(example, tmp_path, stores):
    _incremental(example, tmp_path / "out")
    before = reuse.statistics()["pptx-slides"]
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("发挥人大代表“代言人”“连心桥”作用", "发挥人大代表“代言人”“连心桥”纽带作用"),
                       encoding="utf-8")
    _incremental(example, tmp_path / "out")
    after = reuse.statistics()["pptx-slides"]
    assert after["misses"] - before["misses"] == 1, "only the edited slide is drawn again"
    assert after["hits"] - before["hits"] >= 15


def test_the_check_fails_when_a_slide_key_leaves_out_its_plan(example, tmp_path, epoch, stores, monkeypatch):
    monkeypatch.setattr(pptx_reuse, "slide_key", lambda deck, plan, number, images: reuse.key(deck, number))
    outline = _with_picture(example)
    _incremental(outline, tmp_path / "incremental")
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("发挥人大代表“代言人”“连心桥”作用", "发挥人大代表“代言人”“连心桥”功能"),
                       encoding="utf-8")
    assert _incremental(outline, tmp_path / "incremental")["outline.pptx"] != _clean(
        outline, tmp_path / "clean")["outline.pptx"]


class Edits:
    """Random edits of an outline's data: each step picks one kind in turn, at a random place."""

    KINDS = ("text", "number", "add", "remove", "picture", "theme", "chart", "notes", "theme back")

    def __init__(self, outline: Path, rng: random.Random):
        self.outline, self.rng = outline, rng

    def apply(self, step: int) -> str:
        kind = self.KINDS[step % len(self.KINDS)]
        data = yaml.safe_load(self.outline.read_text(encoding="utf-8"))
        what = getattr(self, "_" + kind.replace(" ", "_"))(data)
        self.outline.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return f"step {step}: {kind}: {what}"

    def _section(self, data: dict) -> dict:
        return self.rng.choice(data["sections"])

    def _text(self, data: dict) -> str:
        section = self._section(data)
        section["title"] = section["title"][:-2] + self.rng.choice("新进好强优")
        return section["title"]

    def _number(self, data: dict) -> str:
        kpis = [k for s in data["sections"] for b in s["blocks"] if isinstance(b, dict) and "kpis" in b
                for k in b["kpis"]]
        kpi = self.rng.choice(kpis)
        kpi["value"] = round(float(str(kpi["value"]).rstrip("%")) * 1.5 + 1, 1)
        return f"{kpi['label']} = {kpi['value']}"

    def _add(self, data: dict) -> str:
        section = self._section(data)
        text = f"新增段落{self.rng.randint(1, 999)}：全年完成投资120.5亿元，同比增长7.3%。"
        section["blocks"].insert(self.rng.randrange(len(section["blocks"]) + 1), text)
        return f"{section['title']}: {text}"

    def _remove(self, data: dict) -> str:
        section = max(data["sections"], key=lambda s: len(s["blocks"]))
        removed = section["blocks"].pop(self.rng.randrange(len(section["blocks"])))
        return f"{section['title']}: {str(removed)[:30]}"

    def _picture(self, data: dict) -> str:
        _picture(self.outline.parent / "images" / "map.png", self.rng.randrange(256))
        return "images/map.png redrawn"

    def _theme(self, data: dict) -> str:
        data["theme"] = {"extends": "default", "colors": {"primary": "8B0000"}, "charts": {"native": False}}
        return str(data["theme"])

    def _chart(self, data: dict) -> str:
        charts = [b["chart"] for s in data["sections"] for b in s["blocks"] if isinstance(b, dict) and "chart" in b]
        chart = self.rng.choice(charts)
        series = chart["series"][0]
        series["values"][0] = round(series["values"][0] * 1.1 + 3, 1)
        return f"{chart.get('title')}: {series['values'][0]}"

    def _notes(self, data: dict) -> str:
        section = self._section(data)
        section["notes"] = f"讲稿{self.rng.randint(1, 99)}：{section.get('notes', '')}"
        return section["notes"][:20]

    def _theme_back(self, data: dict) -> str:
        data["theme"] = "default"
        return "default"


def _with_picture(outline: Path) -> Path:
    """Add a picture block to the example's second section, drawn into images/map.png."""
    _picture(outline.parent / "images" / "map.png", 40)
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    picture = {"image": {"path": "images/map.png", "caption": "区位图", "alt": "区位示意图"}}
    data["sections"][1]["blocks"].append(picture)
    outline.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return outline


def _picture(path: Path, shade: int) -> None:
    from PIL import Image

    path.parent.mkdir(exist_ok=True)
    Image.new("RGB", (320, 200), (shade, 120, 255 - shade)).save(path)


def _outputs(result) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in result.outputs}


def _incremental(outline: Path, out: Path) -> dict[str, bytes]:
    """Build as the server does after its first build: the stores on, every format but the first forked."""
    return _outputs(build_result(outline, out, FORMATS, parallel=True))


def _clean(outline: Path, out: Path) -> dict[str, bytes]:
    """Build in a forked child whose stores are off and empty."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_clean_child, args=(send, outline, out))
    child.start()
    send.close()
    try:
        return receive.recv()
    finally:
        child.join()


def _clean_child(send, outline: Path, out: Path) -> None:
    reuse.release()
    assert not reuse.enabled()
    send.send(_outputs(build_result(outline, out, FORMATS, parallel=False)))
    send.close()


def _fresh_process(outline: Path, out: Path) -> dict[str, bytes]:
    """Build in a new process with empty caches."""
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(out.parent / "fresh-cache"), "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, "-m", "publisher", "build", str(outline), "-o", str(out), "--format",
                    ",".join(FORMATS), "--no-server"], check=True, env=env, capture_output=True)
    return {path.name: path.read_bytes() for path in out.iterdir() if path.name.startswith("outline.")}
