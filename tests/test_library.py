"""The Python library: publisher.build and publisher.validate from a file or a mapping, bytes in memory, a
Presentation to edit, located errors, limits per call (threads keep their own), a light `import publisher`."""
from __future__ import annotations

import datetime
import io
import json
import os
import re
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

import publisher
from publisher.outline import checks as outline_limits

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "wuchang-2024" / "outline.yaml"
OUTLINE = {"report": {"title": "区县经济简报", "organisation": "统计局"}, "sections": [
    {"title": "经济运行", "lead": "全年地区生产总值突破2300亿元。", "blocks": [
        {"kpis": [{"label": "地区生产总值", "value": "2302.60", "unit": "亿元"}]},
        {"chart": {"type": "bar", "unit": "家", "categories": ["四上企业", "高新技术企业"],
                   "series": [{"name": "新增", "values": [210, 52]}]}},
        "数字经济核心企业总计达9500余家。"]}]}


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_mapping_builds_into_bytes_with_every_number_as_written():
    result = publisher.build(OUTLINE)
    assert set(result.outputs) == {"pptx", "pdf"} and result.warnings == []
    deck = Presentation(io.BytesIO(result.pptx))
    texts = "".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    for written in ("区县经济简报", "2302.60", "9500余家"):
        assert written in texts
        assert written in pdf_text(result.pdf).replace("\n", "")
    assert result.name == "outline"


def test_python_numbers_show_as_python_writes_them_and_decimals_keep_their_digits():
    kpis = [{"label": "增速", "value": Decimal("14.0"), "unit": "%"}, {"label": "人口", "value": 96.5, "unit": "万人"},
            {"label": "企业", "value": 9500, "unit": "家"}]
    data = {"report": {"title": "题", "date": datetime.date(2024, 5, 1)}, "sections": [{"title": "一", "blocks": [
        {"kpis": kpis}]}]}
    text = pdf_text(publisher.build(data, formats="pdf").pdf).replace("\n", "")
    for written in ("14.0%", "96.5万人", "9500家", "2024-05-01"):
        assert written in text


def test_a_file_builds_the_formats_asked_and_saves_them_named(tmp_path):
    result = publisher.build(EXAMPLE, formats=["pdf", "deck-pdf"])
    assert set(result.outputs) == {"pdf", "deck-pdf"}
    assert result.deck_pdf.startswith(b"%PDF") and result.pdf.startswith(b"%PDF")
    with pytest.raises(AttributeError, match="no pptx in this result"):
        result.pptx  # noqa: B018
    assert [p.name for p in result.save(tmp_path / "out")] == ["outline.pdf", "outline.slides.pdf"]
    assert [p.name for p in result.save(tmp_path / "out", name="简报")] == ["简报.pdf", "简报.slides.pdf"]
    assert (tmp_path / "out" / "简报.pdf").read_bytes() == result.pdf
    assert not list((tmp_path / "out").glob(".*part"))


def test_building_from_a_mapping_touches_no_disk_but_the_cache(tmp_path):
    """Every file opened for writing, created, renamed or removed during the build (in this process and in the
    processes it forks) is recorded by an audit hook: all of them are in the cache folder."""
    cache, work, log = tmp_path / "cache", tmp_path / "work", tmp_path / "writes.log"
    work.mkdir()
    script = f"""
import json, os, sys
log = os.open({str(log)!r}, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)) and args[2] & WRITE or event == "open" and args[1] \
            and any(c in str(args[1]) for c in "wax+"):
        path = args[0]
    elif event in ("os.rename", "os.replace", "os.remove", "os.unlink", "os.mkdir", "os.rmdir", "tempfile.mkstemp",
                   "os.link", "os.symlink", "os.chmod", "os.truncate"):
        path = args[0]
    else:
        return
    if isinstance(path, int):
        return
    os.write(log, (os.fsdecode(path) + "\\n").encode())
import publisher
sys.addaudithook(hook)
result = publisher.build(json.loads({json.dumps(OUTLINE)!r}), formats="pptx,pdf,handout")
print(json.dumps({{fmt: len(data) for fmt, data in result.outputs.items()}}))
"""
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(cache), "MPLCONFIGDIR": str(cache / "matplotlib")}
    run = subprocess.run([sys.executable, "-B", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    assert all(size > 1000 for size in json.loads(run.stdout).values())
    written = {Path(p).resolve() for p in log.read_text().split()} if log.exists() else set()
    outside = sorted(str(p) for p in written if cache.resolve() not in (p, *p.parents) and p != Path(os.devnull))
    assert outside == [] and list(work.iterdir()) == []


def test_the_presentation_can_be_edited_and_saved(tmp_path):
    result = publisher.build(OUTLINE, formats="pptx")
    deck = result.presentation
    assert deck is result.presentation and len(deck.slides) >= 3
    box = deck.slides[0].shapes.add_textbox(0, 0, 914400, 914400)
    box.text_frame.text = "内部资料"
    saved = result.save(tmp_path)[0]
    for data in (result.pptx, saved.read_bytes()):
        shapes = Presentation(io.BytesIO(data)).slides[0].shapes
        assert "内部资料" in [s.text_frame.text for s in shapes if s.has_text_frame]


def test_bad_input_raises_located_diagnostics(tmp_path):
    bad = {**OUTLINE, "sections": [{"title": "一", "blocks": [{"chart": {"type": "pie3d", "categories": ["甲"],
                                                                         "series": [{"name": "值", "values": [1]}]}}]}]}
    with pytest.raises(publisher.PublisherError) as caught:
        publisher.build(bad)
    [diagnostic] = caught.value.diagnostics
    assert isinstance(diagnostic, publisher.Diagnostic)
    assert (diagnostic.span.file, diagnostic.span.line, diagnostic.path) == ("<mapping>", 0,
                                                                            "sections[0].blocks[0].chart.type")
    assert "did you mean 'pie'" in diagnostic.message
    path = tmp_path / "outline.yaml"
    path.write_text("report:\n  title: 题\nsections:\n  - title: 一\n    blocks:\n      - {chart: {type: pie3d}}\n",
                    encoding="utf-8")
    with pytest.raises(publisher.PublisherError) as caught:
        publisher.validate(path)
    assert [(d.span.line, d.span.column) for d in caught.value.diagnostics][0] == (6, 24)


@pytest.mark.parametrize(("data", "message"), [
    ({"report": {"title": object()}, "sections": []}, "report.title: a Python object; expected text"),
    ({"report": {1.5: "x"}}, "keys must be text"),
])
def test_python_values_a_yaml_file_could_not_hold_are_refused(data, message):
    with pytest.raises(publisher.PublisherError, match=re.escape(message)):
        publisher.validate(data)


def test_a_source_neither_a_path_nor_a_mapping_is_a_type_error():
    with pytest.raises(TypeError, match="expected a path or a mapping; got list"):
        publisher.validate(["report"])


def test_a_mapping_that_contains_itself_is_refused():
    data = {"report": {"title": "题"}, "sections": []}
    data["sections"].append(data)
    with pytest.raises(publisher.PublisherError, match="contains itself"):
        publisher.validate(data)


def test_unknown_formats_and_variants_are_named():
    with pytest.raises(publisher.PublisherError, match="did you mean 'handout'"):
        publisher.build(OUTLINE, formats="handot")
    batch = {**OUTLINE, "report": {"title": "{{ 区 }}经济简报"}, "variants": [{"区": "武昌"}, {"区": "洪山"}]}
    with pytest.raises(publisher.PublisherError, match="expected one of 武昌, 洪山"):
        publisher.build(batch)
    assert "洪山经济简报" in pdf_text(publisher.build(batch, variant="洪山", formats="pdf").pdf)


def test_a_theme_mapping_overrides_the_outline_theme():
    result = publisher.build(OUTLINE, formats="pptx", theme={"extends": "default", "colors": {"primary": "8B0000"}})
    assert b"8B0000" in b"".join(part.blob for part in result.presentation.part.package.iter_parts()
                                 if part.partname.startswith("/ppt/slides/"))


def test_limits_hold_for_their_call_only_even_in_threads(monkeypatch):
    """Two validations in two threads meet at their first limit check (a barrier): each sees its own limits. With
    one process-wide setting the later call's limits would be the only ones."""
    long_title = {**OUTLINE, "report": {"title": "题" * 300}}
    meet, met = threading.Barrier(2, timeout=120), threading.local()
    check = outline_limits.check

    def meeting_check(*args, **kwargs):
        if not getattr(met, "done", False):
            met.done = True
            meet.wait()
        return check(*args, **kwargs)

    monkeypatch.setattr(outline_limits, "check", meeting_check)
    found: dict[str, object] = {}

    def run(key: str, limits: dict) -> None:
        try:
            found[key] = publisher.validate(long_title, limits=limits)
        except publisher.PublisherError as exc:
            found[key] = exc

    threads = [threading.Thread(target=run, args=("strict", {"title_chars": 250})),
               threading.Thread(target=run, args=("loose", {"title_chars": 400}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found["loose"] == []
    assert "300 characters; the limit is 250" in str(found["strict"])
    monkeypatch.undo()
    with pytest.raises(publisher.PublisherError, match="the limit is 200"):  # the defaults again, outside the calls
        publisher.validate(long_title)


def test_builds_in_threads_make_what_builds_one_after_the_other_make():
    second = {**OUTLINE, "report": {"title": "第二份简报"}, "sections": [{**OUTLINE["sections"][0], "title": "民生"}]}
    alone = [pdf_text(publisher.build(data, formats="pdf").pdf) for data in (OUTLINE, second)]
    together: dict[int, str] = {}
    threads = [threading.Thread(target=lambda i=i, d=d: together.update({i: pdf_text(publisher.build(
        d, formats="pdf").pdf)})) for i, d in enumerate((OUTLINE, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [together[0], together[1]] == alone and "民生" in alone[1] and "民生" not in alone[0]


def test_import_publisher_loads_nothing_until_asked():
    script = ("import sys, publisher; heavy = ('pptx', 'reportlab', 'matplotlib', 'pydantic', 'yaml', 'PIL'); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith('publisher.')))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
    assert {"build", "validate", "Result", "PublisherError", "__version__"} <= set(dir(publisher))


def test_the_version_is_the_one_in_the_package_metadata():
    from importlib.metadata import version

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and 'path = "publisher/version.py"' in text  # hatch reads it from there
    assert publisher.__version__ == version("publisher") and re.fullmatch(r"\d+\.\d+\.\d+\S*", publisher.__version__)


def test_the_examples_of_docs_api_run(tmp_path, monkeypatch):
    """Every ```python block of docs/api.md runs, in order, in one namespace, in a folder holding the example."""
    import shutil

    shutil.copytree(EXAMPLE.parent, tmp_path / "wuchang-2024")
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)  # noqa: S102 - the documentation's own examples
