"""Charts on slides: the rendered PNG at the planned size, or a native editable chart in the theme's palette."""
from __future__ import annotations

from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from publisher.fontbook import FontBook
from publisher.model import Chart
from publisher.plan.model import ChartShape, DeckPlan
from publisher.theme import Theme
from publisher.write.pptx_shapes import Canvas, add_picture, drawer, place
from publisher.write.pptx_text import east_asian_defaults

NATIVE_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
                "stacked": XL_CHART_TYPE.COLUMN_STACKED, "line": XL_CHART_TYPE.LINE_MARKERS,
                "pie": XL_CHART_TYPE.PIE, "donut": XL_CHART_TYPE.DOUGHNUT}
SHARES = ("pie", "donut")
NUMBER_FORMAT = "General"  # 2302.6 and 12, never "12." as Excel shows "0.##"


def render_pictures(plan: DeckPlan, theme: Theme, fonts: FontBook) -> dict[int, Path]:
    """Return the PNG of every pictured chart of the plan, keyed by id() of its planned shape (one batch)."""
    from publisher.charts.render import RenderJob, render_many

    shapes = [s for slide in plan.slides for s in slide.shapes if isinstance(s, ChartShape) and not s.native]
    jobs = [RenderJob(s.chart, theme, "deck", s.box.w, s.box.h, fonts.file("chart"), fonts.file("chart", True))
            for s in shapes]
    return {id(shape): path for shape, path in zip(shapes, render_many(jobs), strict=True)}


@drawer(ChartShape)
def chart(plan: ChartShape, canvas: Canvas) -> None:
    """Draw a chart: its picture, or a native chart when the plan says so."""
    if not plan.native:
        add_picture(canvas, canvas.images[id(plan)], plan.box, plan.name, plan.description)
        return
    frame = canvas.slide.shapes.add_chart(NATIVE_TYPES[plan.chart.type], *place(plan.box), _data(plan.chart))
    canvas.added(frame)
    frame.name = plan.name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", plan.description)
    _style(frame.chart, plan.chart, canvas)


def _data(model: Chart) -> CategoryChartData:
    data = CategoryChartData(number_format=NUMBER_FORMAT)
    data.categories = model.categories
    for series in model.series:
        data.add_series(series.name, series.values)
    return data


def _style(native, model: Chart, canvas: Canvas) -> None:
    theme: Theme = canvas.theme
    native.has_title = False
    native.font.size = Pt(theme.charts.deck.font_size)
    defaults = native._chartSpace.find(qn("c:txPr")).find(f".//{qn('a:defRPr')}")
    east_asian_defaults(defaults, canvas.chart_family, canvas.language)
    native.has_legend = len(model.series) > 1 or model.type in SHARES
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
    _colors(native, model, theme.charts.palette)
    if theme.charts.value_labels:
        _labels(native.plots[0], model, theme)
    if model.type not in SHARES:
        _axes(native, theme)


def _labels(plot, model: Chart, theme: Theme) -> None:
    """Show values (percentages on pies and donuts), white inside stacked bars."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "0.0%" if model.type in SHARES else NUMBER_FORMAT
    labels.number_format_is_linked = False
    labels.show_percentage = model.type in SHARES
    labels.show_value = model.type not in SHARES
    if model.type == "stacked":
        labels.font.color.rgb = RGBColor.from_string(theme.colors.background)


def _colors(native, model: Chart, palette: list[str]) -> None:
    plot = native.plots[0]
    if model.type in SHARES:
        for index, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(palette[index % len(palette)])
        return
    for index, series in enumerate(plot.series):
        color = RGBColor.from_string(palette[index % len(palette)])
        if model.type == "line":
            series.format.line.color.rgb = color
            series.smooth = False
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color


def _axes(native, theme: Theme) -> None:
    values = native.value_axis
    values.has_major_gridlines = theme.charts.grid
    if theme.charts.grid:
        values.major_gridlines.format.line.color.rgb = RGBColor.from_string(theme.colors.rule)
    values.format.line.fill.background()
    values.tick_labels.number_format = NUMBER_FORMAT
    values.tick_labels.number_format_is_linked = False
    if native.chart_type == XL_CHART_TYPE.BAR_CLUSTERED:
        native.category_axis.reverse_order = True  # first category on top, as in the picture
        values._element.find(qn("c:crosses")).set("val", "max")  # and the value axis still at the bottom
