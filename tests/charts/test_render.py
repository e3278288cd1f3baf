"""Chart images are exact in size, deterministic, cached by content, and vector with live text in the PDF."""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from publisher.charts import render as render_module
from publisher.charts.recorded import RecordedChart
from publisher.charts.render import RenderJob, describe, render, render_many
from publisher.charts.style import draw_style
from publisher.fonts.families import Face, coverage, reportlab_name

ROOT = Path(__file__).resolve().parents[2]


def png_chunks(path: Path) -> list[bytes]:
    data, chunks, at = path.read_bytes(), [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind)
        at += 12 + length
    return chunks


def test_deck_png_is_sized_in_points_at_the_theme_dpi_with_no_text_chunks(sample, theme, chart_fonts, cache):
    path = render(sample("bar"), theme, "deck", 432, 216, *chart_fonts)
    chunks = png_chunks(path)
    assert path.suffix == ".png" and path.parent == cache / "charts"
    assert struct.unpack(">II", path.read_bytes()[16:24]) == (1200, 600)  # 6 × 3 in at 200 dpi
    assert b"pHYs" in chunks and not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(chunks)


def test_deck_png_decodes_to_exactly_the_drawn_pixels(sample, theme, chart_fonts, cache):
    import numpy as np
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from publisher.charts import render as render_module

    job = render_module.RenderJob(sample("combo"), theme, "deck", 432, 216, *chart_fonts)
    path = render_module.render_many([job])[0]
    with rc_context(render_module._rc_params(render_module.draw_style(theme, "deck"))):
        canvas = FigureCanvasAgg(render_module._figure(job))
        canvas.draw()
    with Image.open(path) as image:
        image.load()  # checks every chunk's CRC and the zlib stream
        assert image.mode == "RGB" and image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
        assert np.array_equal(np.asarray(image), np.asarray(canvas.buffer_rgba())[:, :, :3])


def test_report_record_keeps_text_as_text_and_names_no_font_file(sample, theme, chart_fonts, cache):
    path = render(sample("bar"), theme, "report", 453.5, 236, *chart_fonts)
    record = json.loads(path.read_bytes())
    texts = [op["text"] for op in record["ops"] if "text" in op]
    assert path.suffix == ".json" and "数字经济核心企业" in texts and "单位：家" in texts
    assert str(chart_fonts[0].parent) not in path.read_text(encoding="utf-8")  # serves any document's fonts
    assert (record["width"], record["height"]) == (453.5, 236)


def test_second_render_is_a_cache_hit(sample, theme, chart_fonts, cache, monkeypatch):
    first = render(sample("line"), theme, "deck", 432, 216, *chart_fonts)
    stamp = first.stat().st_mtime_ns
    monkeypatch.setattr(render_module, "_draw", lambda job: pytest.fail("drew a cached chart again"))
    assert render(sample("line"), theme, "deck", 432, 216, *chart_fonts) == first
    assert first.stat().st_mtime_ns == stamp


def test_key_changes_with_every_input(sample, theme, chart_fonts):
    regular, bold = chart_fonts
    job = RenderJob(sample("bar"), theme, "deck", 432, 216, regular, bold)
    darker = theme.model_copy(update={"colors": theme.colors.model_copy(update={"text": "000000"})})
    variants = [
        RenderJob(sample("bar", unit="万元"), theme, "deck", 432, 216, regular, bold),
        RenderJob(job.chart, darker, "deck", 432, 216, regular, bold),
        RenderJob(job.chart, theme, "report", 432, 216, regular, bold),
        RenderJob(job.chart, theme, "deck", 432, 217, regular, bold),
        RenderJob(job.chart, theme, "deck", 432, 216, bold, bold),
        RenderJob(job.chart, theme, "deck", 432, 216, regular, None),
    ]
    keys = {job.key(), *(v.key() for v in variants)}
    assert len(keys) == 1 + len(variants)
    assert job.key() == RenderJob(sample("bar"), theme, "deck", 432.0, 216.0, regular, bold).key()


@pytest.mark.parametrize("target", ["deck", "report"])
def test_same_inputs_give_the_same_bytes(target, sample, theme, chart_fonts, tmp_path, monkeypatch):
    outputs = []
    for folder in ("one", "two"):
        monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / folder))
        outputs.append(render(sample("combo"), theme, target, 453.5, 236, *chart_fonts))
    assert outputs[0] != outputs[1] and outputs[0].read_bytes() == outputs[1].read_bytes()


def test_render_many_draws_misses_with_workers_and_keeps_order(sample, theme, chart_fonts, cache):
    kinds = ["bar", "hbar", "line", "pie", "ranking", "bar"]
    jobs = [RenderJob(sample(k), theme, "deck", 300, 200, *chart_fonts) for k in kinds]
    paths = render_many(jobs)
    assert [p.stem for p in paths] == [j.key() for j in jobs]
    assert paths[0] == paths[-1] and all(p.is_file() for p in paths)
    assert len(list((cache / "charts").iterdir())) == 5


def test_importing_render_and_a_cache_hit_do_not_import_matplotlib(sample, theme, chart_fonts, cache):
    render(sample("bar"), theme, "deck", 432, 216, *chart_fonts)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from publisher.charts.render import render\n"
        "from publisher.outline.model import Chart\n"
        "from publisher.theme.styles import load_theme\n"
        "assert 'matplotlib' not in sys.modules\n"
        f"chart = Chart.model_validate_json({sample('bar').model_dump_json()!r})\n"
        "fonts = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "path = render(chart, load_theme('default', Path('.')), 'deck', 432, 216, *fonts)\n"
        "assert path.is_file() and 'matplotlib' not in sys.modules, sorted(sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script, *map(str, chart_fonts)], check=True, cwd=ROOT, env=env)


def test_a_warm_build_of_every_format_imports_no_matplotlib(tmp_path):
    """Charts cached, a build in a new process draws the deck and the report without loading matplotlib."""
    import shutil

    shutil.copytree(ROOT / "examples" / "wuchang-2024", tmp_path / "example")
    outline, out = tmp_path / "example" / "outline.yaml", tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PUBLISHER_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from publisher.api import build_result\n"
        "build_result(Path(sys.argv[1]), Path(sys.argv[2]), ('pptx', 'pdf', 'deck-pdf'), parallel=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script, str(outline), str(out)], capture_output=True, text=True,
                           cwd=ROOT, env=env, check=True) for _ in range(2)]
    assert any((tmp_path / "cache" / "charts").iterdir()), "the first build drew its charts"
    assert runs[1].stdout.strip() == "[]", runs[1].stdout


def test_a_record_names_its_path_operations_by_matplotlib_codes():
    from matplotlib.path import Path as MplPath

    from publisher.charts import recorded

    assert (recorded.MOVETO, recorded.LINETO, recorded.CURVE3, recorded.CURVE4, recorded.CLOSEPOLY) == (
        MplPath.MOVETO, MplPath.LINETO, MplPath.CURVE3, MplPath.CURVE4, MplPath.CLOSEPOLY)


def chart_pdf(record_path: Path, fonts: tuple[Path, Path], pdf: Path, width: float = 300) -> RecordedChart:
    """Draw a recorded chart alone on a page of its size; return the flowable."""
    from reportlab.pdfgen.canvas import Canvas

    names = (reportlab_name(fonts[0]), reportlab_name(fonts[1]))
    chart = RecordedChart(json.loads(record_path.read_bytes()), names, width)
    canvas = Canvas(str(pdf), pagesize=(chart.width, chart.height), initialFontName=names[0])
    chart.drawOn(canvas, 0, 0)
    canvas.save()
    return chart


@pytest.mark.parametrize("kind", ["ranking", "combo", "pie", "hbar"])
def test_a_recorded_chart_is_vector_with_searchable_text_in_the_embedded_chart_fonts(kind, sample, theme, chart_fonts,
                                                                                   cache, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    regular, bold = chart_fonts
    path = render(sample(kind), theme, "report", 453.5, 236, regular, bold)
    texts = [op for op in json.loads(path.read_bytes())["ops"] if "text" in op]
    held = {True: coverage(Face("", True, bold)), False: coverage(Face("", False, regular))}
    assert all(ord(c) in held[op["bold"]] for op in texts for c in op["text"] if not c.isspace())  # no glyph missing
    chart = chart_pdf(path, chart_fonts, tmp_path / "chart.pdf")
    assert (chart.width, round(chart.height, 3)) == (300, round(236 * 300 / 453.5, 3))
    with pdfplumber.open(tmp_path / "chart.pdf") as pdf:
        page = pdf.pages[0]
        assert not page.images and page.rects + page.curves + page.lines  # shapes, no picture
        drawn = Counter(c for op in texts for c in op["text"] if not c.isspace())
        assert Counter(char["text"] for char in page.chars if not char["text"].isspace()) == drawn  # all, as text
        fonts = {char["fontname"].split("+")[-1] for char in page.chars}
        assert fonts <= {"NotoSansSC-Regular", "NotoSansSC-Bold"} and "NotoSansSC-Regular" in fonts
        assert all(len(char["fontname"].split("+")[0]) == 6 for char in page.chars)  # embedded subsets
    if kind == "ranking":
        assert "NotoSansSC-Bold" in fonts


def test_a_recorded_chart_draws_like_matplotlib(sample, theme, chart_fonts, cache, tmp_path):
    import numpy as np
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    job = RenderJob(sample("combo"), theme, "report", 453.5, 236, *chart_fonts)
    chart_pdf(render_many([job])[0], chart_fonts, tmp_path / "chart.pdf", width=453.5)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(tmp_path / "chart.pdf"),
                    str(tmp_path / "ours")], check=True)
    with rc_context(render_module._rc_params(render_module.draw_style(theme, "report"))):
        figure = render_module._figure(job)
        figure.set_dpi(72)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
    theirs = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(int)
    with Image.open(tmp_path / "ours.png") as image:
        ours = np.asarray(image.convert("RGB")).astype(int)
    height, width = min(ours.shape[0], theirs.shape[0]), min(ours.shape[1], theirs.shape[1])  # 453.5 pt: ±1 px
    ours, theirs = ours[:height, :width], theirs[:height, :width]
    ink = lambda pixels: pixels.sum(axis=2) < 600  # noqa: E731 - what is not near white
    assert abs(ink(ours).mean() - ink(theirs).mean()) < 0.01  # the same amount of ink
    assert (ink(ours) & ink(theirs)).sum() / max(ink(theirs).sum(), 1) > 0.7  # mostly in the same places


def test_describe_writes_kind_title_values_and_units(sample, theme):
    words = theme.locale
    chart = sample("bar", title="新增市场主体", series=[{"name": "企业", "values": [210, 52, 14500]}])
    assert describe(chart, words) == ("柱状图：新增市场主体（家）。企业："
                                      "数字经济核心企业 210家；高新技术企业 52家；专精特新企业 14500家。")  # as written
    assert describe(sample("combo"), words).startswith("柱线组合图（亿元）。地区生产总值：2021年 1650亿元；")
    assert "增速：2021年 12.4%；" in describe(sample("combo"), words)
    assert describe(sample("bar", alt="作者写的说明"), words) == "作者写的说明"


def test_describe_speaks_the_document_language(theme):
    from publisher.outline.model import Chart

    chart = Chart.model_validate({"type": "line", "title": "Growth", "unit": "%", "categories": ["2023", "2024"],
                                  "series": [{"name": "GDP", "values": [5.2, 5.8]}]})
    assert describe(chart, theme.localized("en-GB").locale) == "Line chart: Growth (%). GDP: 2023 5.2%; 2024 5.8%."
    assert describe(chart, theme.localized("zh-TW").locale) == "折線圖：Growth（%）。GDP：2023 5.2%；2024 5.8%。"


def test_chart_words_follow_the_locale_and_key_the_cache(sample, theme, chart_fonts):
    regular, bold = chart_fonts
    english = theme.localized("en-US")
    assert draw_style(english, "deck").unit_label == "Unit: {unit}" and draw_style(english, "deck").others == "Other"
    assert RenderJob(sample("bar"), english, "deck", 432, 216, regular, bold).key() != RenderJob(
        sample("bar"), theme, "deck", 432, 216, regular, bold).key()
