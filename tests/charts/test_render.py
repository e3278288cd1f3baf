"""Chart images are exact in size, deterministic, cached by content, and vector with live text in the PDF."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.charts import render as render_module
from publisher.charts.render import RenderJob, describe, render, render_many
from publisher.charts.style import draw_style
from publisher.charts.vector import drawing
from publisher.fonts import reportlab_name

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


def test_report_svg_keeps_text_as_text_and_has_no_date(sample, theme, chart_fonts, cache):
    text = render(sample("bar"), theme, "report", 453.5, 236, *chart_fonts).read_text(encoding="utf-8")
    assert "<text" in text and "数字经济" in text
    assert "<dc:date>" not in text and "Matplotlib v" not in text


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
        "from publisher.model import Chart\n"
        "from publisher.theme import load_theme\n"
        "assert 'matplotlib' not in sys.modules\n"
        f"chart = Chart.model_validate_json({sample('bar').model_dump_json()!r})\n"
        "fonts = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "path = render(chart, load_theme('default', Path('.')), 'deck', 432, 216, *fonts)\n"
        "assert path.is_file() and 'matplotlib' not in sys.modules, sorted(sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script, *map(str, chart_fonts)], check=True, cwd=ROOT, env=env)


def test_vector_drawing_is_shapes_and_text_in_the_chart_fonts(sample, theme, chart_fonts, cache):
    from reportlab.graphics.shapes import Group, Image, String

    regular, bold = chart_fonts
    svg = render(sample("ranking"), theme, "report", 453.5, 236, regular, bold)
    result = drawing(svg, regular, bold, width_pt=300)

    def leaves(node):
        for child in getattr(node, "contents", []):
            yield from leaves(child) if isinstance(child, Group) else [child]

    shapes = list(leaves(result))
    strings = [s for s in shapes if isinstance(s, String)]
    assert not any(isinstance(s, Image) for s in shapes)
    assert {s.fontName for s in strings} == {reportlab_name(regular), reportlab_name(bold)}
    assert {"江岸区", "武昌区", "单位：亿元"} <= {s.text for s in strings}
    assert (result.width, round(result.height, 3)) == (300, round(236 * 300 / 453.5, 3))


def test_vector_pdf_text_is_extractable(sample, theme, chart_fonts, cache, tmp_path):
    from reportlab.graphics import renderPDF

    regular, bold = chart_fonts
    svg = render(sample("bar"), theme, "report", 453.5, 236, regular, bold)
    pdf = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing(svg, regular, bold), str(pdf))
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "高新技术企业" in text and "单位：家" in text


def test_describe_writes_kind_title_values_and_units(sample, theme):
    words = theme.locale
    chart = sample("bar", title="新增市场主体", series=[{"name": "企业", "values": [210, 52, 14500]}])
    assert describe(chart, words) == ("柱状图：新增市场主体（家）。企业："
                                      "数字经济核心企业 210家；高新技术企业 52家；专精特新企业 14500家。")  # as written
    assert describe(sample("combo"), words).startswith("柱线组合图（亿元）。地区生产总值：2021年 1650亿元；")
    assert "增速：2021年 12.4%；" in describe(sample("combo"), words)
    assert describe(sample("bar", alt="作者写的说明"), words) == "作者写的说明"


def test_describe_speaks_the_document_language(theme):
    from publisher.model import Chart

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


def test_a_converted_drawing_is_kept_beside_its_svg_and_reused(sample, theme, chart_fonts, cache, monkeypatch):
    from publisher.charts import vector

    regular, bold = chart_fonts
    svg = render(sample("bar"), theme, "report", 453.5, 236, regular, bold)
    first = drawing(svg, regular, bold, width_pt=300)
    assert len(list(svg.parent.glob(f"{svg.stem}-*.drawing"))) == 1
    monkeypatch.setattr(vector, "_converted", lambda *args: pytest.fail("converted again"))
    again = drawing(svg, regular, bold, width_pt=300)
    assert (again.width, again.height, len(again.contents)) == (first.width, first.height, len(first.contents))
