"""Chart images: PNG for the deck, a vector record with live text for the report (see record), drawn by matplotlib
and cached by content.

Importing this module does not import matplotlib; a cache hit never does. The cache key covers what a chart draws:
the chart (its data and its own text), the theme's charts/colors/fonts, the output, the size, the identity of the
source font files, the chart engine's source and the matplotlib version, so a changed input never returns a stale
image. It never covers which prepared font file holds the glyphs: any prepared font of a face draws a chart's text
with the same outlines, so a document that needs a new character keeps every chart it had. The same inputs give the
same bytes.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import struct
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.charts.registry import kinds
from publisher.charts.style import DrawStyle, Target, draw_style
from publisher.fonts.families import cache_dir, source_identity
from publisher.outline.model import Chart, Series
from publisher.runtime import atomic
from publisher.text.numbers import format_number
from publisher.theme.locales import Locale
from publisher.theme.styles import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS: dict[str, str] = {"deck": "png", "report": "json"}
PNG_COMPRESSION = 1  # zlib level: higher levels save a few per cent of the bytes for much more time
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SEQUENTIAL_MAX = 4  # more cache misses than this are drawn by a process pool
WORKERS = 2  # the pool's processes, unless the writers already run side by side (set_workers)
LOCALE_KEYS = {"unit", "others", "grouped", "right_axis", "magnitudes", "auto_magnitudes", "unit_space", "tight_units",
               "scaled_unit", "scaled_currency"}  # the words of a locale a chart draws (charts.style.draw_style)
ENGINE_MODULES = ("publisher.text.numbers", "publisher.charts.style", "publisher.charts.kinds",
                  "publisher.charts.registry", __name__)


@dataclass(frozen=True)
class RenderJob:
    """One chart image to produce: what to draw, for which output, at which size (pt), with which font files."""

    chart: Chart
    theme: Theme
    target: Target
    width_pt: float
    height_pt: float
    font_path: Path
    bold_font_path: Path | None = None
    vector: bool = False  # a vector record even for the deck (the deck PDF draws charts as vectors)

    def key(self) -> str:
        """Return the SHA-256 of everything the image depends on."""
        parts = [
            self.chart.model_dump_json(),
            self.theme.model_dump_json(include={"charts", "colors", "fonts"}),
            self.theme.locale.model_dump_json(include=LOCALE_KEYS),
            self.target,
            f"{float(self.width_pt)!r}x{float(self.height_pt)!r}",
            _font_identity(self.font_path),
            _font_identity(self.bold_font_path) if self.bold_font_path else "",
            _engine_digest(self.chart.type),
            _matplotlib_version(),
        ] + (["vector"] if self.vector else [])
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def cache_path(self) -> Path:
        """Return where the image lives in the cache: <cache_dir>/charts/<key>.png, or .json for a vector record."""
        return cache_dir() / "charts" / f"{self.key()}.{'json' if self.vector else FORMATS[self.target]}"


def render(chart: Chart, theme: Theme, target: Target, width_pt: float, height_pt: float, font_path: Path,
           bold_font_path: Path | None = None) -> Path:
    """Return the cached image of a chart: a PNG at the theme's dpi (deck) or a vector record whose texts stay text
    (report, drawn into the PDF by record.RecordedChart).

    The image measures width_pt × height_pt points (a PNG has that size × dpi / 72 pixels, rounded down).
    Every text is drawn with the given font files, never with a font found on the system.
    """
    return render_many([RenderJob(chart, theme, target, width_pt, height_pt, font_path, bold_font_path)])[0]


_workers = WORKERS


def set_workers(count: int) -> None:
    """Set how many processes draw the cache misses of one call of render_many (1: this process alone)."""
    global _workers
    _workers = count


def render_many(jobs: Sequence[RenderJob]) -> list[Path]:
    """Return the cached image of each job, drawing the misses: in this process when few, else in a pool (only
    from a main process: a batch worker's variants already keep every core busy)."""
    paths = [job.cache_path() for job in jobs]
    misses = {path: job for path, job in zip(paths, jobs, strict=True) if not path.is_file()}
    if len(misses) > SEQUENTIAL_MAX and _workers > 1 and multiprocessing.parent_process() is None:
        from publisher.runtime.processes import pool

        with pool(_workers) as workers:
            list(workers.map(_store, misses, misses.values()))
    else:
        for path, job in misses.items():
            _store(path, job)
    return paths


def describe(chart: Chart, words: Locale) -> str:
    """Return short alt text in the locale's words: the author's `alt`, else kind, title, unit and every value
    as written, with its unit, every series named (even a lone one, which the picture names nowhere). For example
    "柱状图：新增市场主体（家）。新增：四上企业 210家；高新技术企业 52家。", or "Bar chart: New businesses (firms).
    New: Industry 210 firms; …" in English."""
    if chart.alt:
        return chart.alt
    head = words.chart_name(chart.type) + (f"{words.colon}{chart.title}" if chart.title else "")
    head += words.unit_brackets.format(unit=chart.unit) if chart.unit else ""
    sentences = [head, *(_describe_series(chart, s, words) for s in chart.series)]
    return "".join(sentence.rstrip() + words.sentence for sentence in sentences).rstrip()


def _describe_series(chart: Chart, series: Series, words: Locale) -> str:
    unit = series.unit or chart.unit
    values = words.list.join(f"{category} {format_number(value, unit, 'none', chart.decimals, words.numerals())}"
                             for category, value in zip(chart.categories, series.values, strict=False))
    return f"{series.name}{words.colon}{values}"


# ---------------------------------------------------------------- drawing


def _store(path: Path, job: RenderJob) -> None:
    """Draw a job and write the image to path atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic.staged(path) as temp:
        temp.write_bytes(_draw(job))
    atomic.commit({temp: path})


def _draw(job: RenderJob) -> bytes:
    """Return the image bytes of one job: drawn with matplotlib's Agg backend, or recorded for the report."""
    from matplotlib import rc_context

    with rc_context(_rc_params(draw_style(job.theme, job.target))):
        figure = _figure(job)
        if job.target == "deck" and not job.vector:
            return _png(figure)
        from publisher.charts.record import record

        return record(figure)


def _figure(job: RenderJob) -> Figure:
    """Return the job's chart drawn on a figure, in the chart fonts, its category labels fitted to the laid-out plot.

    Call it inside the rc_context of the job's style (see _rc_params), which drawing and saving both read.
    """
    from matplotlib.figure import Figure

    from publisher.charts.kinds import fit_category_labels

    style = draw_style(job.theme, job.target)
    dpi = (job.theme.charts.deck if job.target == "deck" else job.theme.charts.report).dpi
    figure = Figure(figsize=(job.width_pt / 72, job.height_pt / 72), dpi=dpi, layout="constrained")
    kinds()[job.chart.type].draw(figure.add_subplot(), job.chart, style)
    _title(figure, job.chart, style)
    _use_font_files(figure, job.font_path, job.bold_font_path)
    fit_category_labels(figure)
    return figure


def _png(figure: Figure) -> bytes:
    """Return the figure as an opaque PNG at its dpi, laid out and drawn once, with no time or software chunk.

    The rows are stored unfiltered: Pillow filters every row adaptively (it has no option not to), which takes more
    than half of its encoding time and, on flat chart colours, makes the file larger, not smaller.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + width * 3), np.uint8)  # each row: filter type 0, then RGB
    rows[:, 1:] = pixels[:, :, :3].reshape(height, -1)
    per_metre = round(figure.dpi / 0.0254)
    return b"".join([PNG_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
                     _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESSION)), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, data: bytes) -> bytes:
    """Return one PNG chunk: length, type, data, CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _rc_params(style: DrawStyle) -> dict[str, Any]:
    """Return the matplotlib settings of one drawing (applied inside an rc_context, never globally)."""
    return {
        "axes.unicode_minus": False,
        "text.hinting": "no_hinting",  # unhinted glyphs look right at >= 200 dpi and draw faster
        "font.size": style.font_size,
        "xtick.labelsize": style.font_size,
        "ytick.labelsize": style.font_size,
        "text.color": style.text,
        "axes.labelcolor": style.text,
        "axes.edgecolor": style.rule,
        "axes.facecolor": style.background,
        "figure.facecolor": style.background,
        "figure.constrained_layout.w_pad": style.font_size / 4 / 72,
        "figure.constrained_layout.h_pad": style.font_size / 4 / 72,
    }


def _title(figure: Figure, chart: Chart, style: DrawStyle) -> None:
    """Put the chart title above the plot only when the theme gives it a size (the writers title charts)."""
    if style.title_size and chart.title:
        figure.suptitle(chart.title, fontsize=style.title_size, fontweight="bold", color=style.text)


def _use_font_files(figure: Figure, regular: Path, bold: Path | None) -> None:
    """Give every text of the figure the regular or bold font file, keeping its size (tick labels created later
    copy the first tick's font)."""
    from matplotlib.font_manager import FontProperties, weight_dict
    from matplotlib.text import Text

    files = {False: str(regular), True: str(bold or regular)}
    families = {heavy: FontProperties(fname=path).get_name() for heavy, path in files.items()}
    for text in figure.findobj(Text):
        weight = text.get_fontweight()
        heavy = bold is not None and weight_dict.get(weight, weight) >= 600
        text.set_fontproperties(FontProperties(family=families[heavy], fname=files[heavy], size=text.get_fontsize(),
                                               weight="bold" if heavy else "normal"))
        text.set_parse_math(False)  # "$5 $6" is text as written, not mathematics


# ---------------------------------------------------------------- cache key


def _font_identity(path: Path) -> str:
    """Return the identity of the source file of a prepared font, or the digest of another font file's bytes."""
    return source_identity(path) or _file_digest(path)


def _file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, computed once per (path, size, mtime) in this process."""
    stat = path.stat()
    return _bytes_digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@cache
def _bytes_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def _engine_digest(kind_name: str) -> str:
    """Return the SHA-256 of the chart engine's source and of the module drawing this kind."""
    modules = {*ENGINE_MODULES, kinds()[kind_name].draw.__module__}
    digest = hashlib.sha256()
    for file in sorted(str(sys.modules[name].__file__) for name in modules):
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


@cache
def _matplotlib_version() -> str:
    from importlib.metadata import version

    return version("matplotlib")
