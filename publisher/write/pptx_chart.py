"""Charts on slides: a native, editable chart for every kind PowerPoint has, else the rendered picture.

A native chart holds the outline's categories and values in its data sheet (the category order a kind shows, such
as largest first, as the picture does) and is styled like the picture: the theme's palette, the chart font for
Latin and East-Asian text (a:ea) in every text property, value labels written as the picture writes them, the unit
named over its value axis ("单位：亿元") or, on a pie, in a note at its top left that also names each slice of zero
(no application draws a slice without area), a combo chart's line series on a secondary axis with its own scale and
unit. A bar's value axis starts at zero.
Value labels and ticks take a number format when one writes every value as the picture does; otherwise each label
is written as text (it then no longer follows an edit of its value).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.chart.axis import ValueAxis
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_MARK
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Pt

from publisher.charts.style import DrawStyle, draw_style
from publisher.fonts.book import FontBook
from publisher.outline.model import Chart, Series
from publisher.plan.model import ChartShape, DeckPlan
from publisher.text import numbers
from publisher.text.written import WrittenNumber
from publisher.theme.styles import Theme
from publisher.write.pptx_shapes import Canvas, add_picture, drawer, place
from publisher.write.pptx_text import CENTIPOINTS, chart_languages

GAP_SINGLE = 67  # gap between bars, in % of a bar: the picture's bars take 0.6 of their slot …
GAP_GROUP = 25  # … and a group of bars 0.8
INSIDE_SHARE = 0.08  # stacked segments from this share of the tallest stack carry their value inside
COMBO_BARS = 0.55  # share of a combo chart's height its bars reach; its lines run above, as in the picture
INTERVALS = 5  # about this many intervals on a combo chart's value axes
LINE_INTERVALS = 2  # a combo chart's lines span about this many of them, at the top
LINE_WIDTH = 1 / 6  # line width and marker size of a line series, in chart font sizes
MARKER = 0.45
GRID_WIDTH = 0.6
DIGIT_WIDTH = 0.6  # average width of a digit, in font sizes (value labels are left out when they do not fit)
SHORT_LABEL = 4  # category labels of at most this many characters are kept whole (longer ones wrap)
LABEL_GAP = 0.5  # em kept free between neighbouring category labels
TICK_ROOM = 1.6  # a tick step across the plot is at least this many of its widest number's widths
ACROSS_SHARE = 0.9  # estimated share of a bar chart's width its plot and category labels take
PLOT_SHARE = 0.8  # estimated share of a chart's width its plot takes
FIRST_SLICE = 270  # degrees: the first slice starts at nine o'clock and runs clockwise, as in the picture
HOLE = 50  # a donut's hole, in % of its diameter


@dataclass(frozen=True)
class NativeKind:
    """How a chart kind is made natively: its PowerPoint chart type, its category order, where its values go."""

    chart_type: XL_CHART_TYPE
    largest_first: bool = False
    labels: str = "end"  # end (outside the bar), centre (inside a segment), above (a lone line), slice, none


NATIVE = {
    "bar": NativeKind(XL_CHART_TYPE.COLUMN_CLUSTERED),
    "hbar": NativeKind(XL_CHART_TYPE.BAR_CLUSTERED, largest_first=True),
    "ranking": NativeKind(XL_CHART_TYPE.BAR_CLUSTERED, largest_first=True),
    "stacked": NativeKind(XL_CHART_TYPE.COLUMN_STACKED, labels="centre"),
    "stacked100": NativeKind(XL_CHART_TYPE.COLUMN_STACKED_100, labels="centre"),
    "line": NativeKind(XL_CHART_TYPE.LINE_MARKERS, labels="above"),
    "area": NativeKind(XL_CHART_TYPE.AREA_STACKED, labels="none"),
    "pie": NativeKind(XL_CHART_TYPE.PIE, largest_first=True, labels="slice"),
    "donut": NativeKind(XL_CHART_TYPE.DOUGHNUT, largest_first=True, labels="slice"),
    "combo": NativeKind(XL_CHART_TYPE.COLUMN_CLUSTERED),
}
HORIZONTAL = ("hbar", "ranking")
SHARES = ("pie", "donut")
SHARE_FORMAT = "0.0%"
BARS = ("bar", "hbar", "ranking", "stacked", "stacked100", "area")  # kinds whose value axis starts at zero


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
    model = shown(plan.chart)
    kind = NATIVE[model.type]
    frame = canvas.slide.shapes.add_chart(kind.chart_type, *place(plan.box), chart_data(model))
    canvas.added(frame)
    frame.name = plan.name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", plan.description)
    Styler(frame.chart, model, canvas, plan.box.w).style(kind)


def shown(model: Chart) -> Chart:
    """Return the chart with its categories in the order its kind shows them (largest first for bars across and
    slices), every value kept with its category."""
    if not NATIVE[model.type].largest_first:
        return model
    first = model.series[0].values
    order = sorted(range(len(first)), key=lambda i: -first[i])
    series = [s.model_copy(update={"values": [s.values[i] for i in order]}) for s in model.series]
    return model.model_copy(update={"categories": [model.categories[i] for i in order], "series": series})


def chart_data(model: Chart) -> CategoryChartData:
    """Return the chart's data sheet: its categories and every series' values as the outline gives them (their
    number formats are set on the chart's caches afterwards: python-pptx writes a format into XML unescaped); each
    value cached with its written digits (2302.60, not 2302.6)."""
    data = CategoryChartData(number_format="General")
    data.categories = model.categories
    for series in model.series:
        data.add_series(series.name, [WrittenNumber(v, numbers.cache_number(v)) for v in series.values])
    return data


def is_line(series: Series, model: Chart) -> bool:
    """Return whether a series of a combo chart is drawn as a line on the secondary axis."""
    return model.type == "combo" and (series.kind == "line" or series.axis == "right")


def axis_unit(model: Chart, series: list[Series]) -> str:
    """Return the unit of an axis: its first series' own unit, else the chart's."""
    return (series[0].unit if series else "") or model.unit


def magnitude(model: Chart, series: list[Series], numerals: numbers.Numerals) -> numbers.Magnitude:
    """Return the magnitude (万, 亿, million …) the picture divides an axis's numbers by."""
    return numbers.axis_scale([v for s in series for v in s.values], axis_unit(model, series), model.scale, numerals)


def value_format(model: Chart, series: list[Series], numerals: numbers.Numerals) -> str | None:
    """Return the number format writing every value of the series as written (as the picture's labels do), or None
    when no one format can (numbers divided by 万 or 亿, or written with different decimals: then labels are text)."""
    if magnitude(model, series, numerals).power:
        return None
    values = [v for s in series for v in s.values]
    if model.decimals is not None:
        formats = {"0" + ("." + "0" * model.decimals if model.decimals else "")}
    else:
        formats = {numbers.excel_number_format(v) for v in values}
    if len(formats) != 1 or ";" in next(iter(formats)):
        return None
    return formats.pop() + ('"%"' if axis_unit(model, series) == "%" else "")


def label_text(model: Chart, series: list[Series], value: float, numerals: numbers.Numerals) -> str:
    """Return a value label as the picture writes it: the value as written, in the axis's magnitude, "%" for
    percents."""
    unit = axis_unit(model, series)
    return numbers.label_formatter(unit, magnitude(model, series, numerals), model.decimals)(value)


class Styler:
    """Styles one native chart like its picture."""

    def __init__(self, native, model: Chart, canvas: Canvas, width: float):
        self.native, self.model, self.canvas, self.width = native, model, canvas, width
        self.theme: Theme = canvas.theme
        self.look: DrawStyle = draw_style(self.theme, "deck")
        self.family = canvas.chart_family

    def style(self, kind: NativeKind) -> None:
        """Apply fonts, colours, labels, axes and legend."""
        native, model = self.native, self.model
        native.has_title = False
        self.text_props(native._chartSpace, self.look.font_size, self.look.text, insert_at=None)
        for series, cache in zip(model.series, native._chartSpace.iter(qn("c:numCache")), strict=True):
            cache.find(qn("c:formatCode")).text = value_format(model, [series], self.look.numerals) or "General"
        if model.type == "combo":
            Combo(self).split()
        self.colours()
        if self.theme.charts.value_labels and kind.labels != "none":
            for plot in native.plots:
                self.labels(plot, kind)
        if model.type in SHARES:
            self.slices(native.plots[0])
            self.slice_note()
        else:
            self.axes(native.plots[0])
        self.legend()

    # ------------------------------------------------------------ text

    def text_props(self, parent: etree._Element, size: float, color: str, bold: bool = False,
                   insert_at: Callable[[etree._Element, etree._Element], None] | None = None,
                   upright: bool = False) -> None:
        """Give an element a c:txPr (replacing its own) naming the chart font for every script, size, colour;
        upright: never rotated (axis labels wrap rather than turn)."""
        old = parent.find(qn("c:txPr"))
        body = '<a:bodyPr rot="0" vert="horz"/>' if upright else "<a:bodyPr/>"
        lang, alt = chart_languages(self.canvas.languages)
        props = parse_xml(
            f'<c:txPr {nsdecls("c", "a")}>{body}<a:lstStyle/><a:p><a:pPr>'
            f'<a:defRPr sz="{round(size * CENTIPOINTS)}" b="{int(bold)}" lang="{lang}" '
            f'altLang="{alt}"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill>'
            f'<a:latin typeface="{self.family}"/><a:ea typeface="{self.family}"/><a:cs typeface="{self.family}"/>'
            f'</a:defRPr></a:pPr><a:endParaRPr lang="{lang}"/></a:p></c:txPr>')
        if old is not None:
            old.addprevious(props)
            parent.remove(old)
        elif insert_at is not None:
            insert_at(parent, props)
        else:
            parent.append(props)

    # ------------------------------------------------------------ colours

    def colours(self) -> None:
        """Fill series (or slices) with the palette; lines get the picture's width and round markers."""
        look, model = self.look, self.model
        if model.type in SHARES:
            for index, point in enumerate(self.native.plots[0].series[0].points):
                _fill(point.format, look.color(index))
                point.format.line.color.rgb = _rgb(look.background)
            return
        index = 0
        for plot in self.native.plots:
            for series in plot.series:
                self.series_colour(series, look.color(index))
                index += 1
        if model.type == "ranking" and model.highlight in model.categories:
            point = self.native.plots[0].series[0].points[model.categories.index(model.highlight)]
            _fill(point.format, look.highlight)

    def series_colour(self, series, color: str) -> None:
        """Colour one series: a line and its markers, or a fill."""
        size = self.look.font_size
        if series._element.getparent().tag == qn("c:lineChart"):
            series.format.line.color.rgb = _rgb(color)
            series.format.line.width = Pt(size * LINE_WIDTH)
            series.smooth = False
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = max(2, round(size * MARKER))
            _fill(series.marker.format, color)
            series.marker.format.line.color.rgb = _rgb(self.look.background)
            return
        _fill(series.format, color)
        if self.model.type in ("stacked", "stacked100", "area"):
            series.format.line.color.rgb = _rgb(self.look.background)

    # ------------------------------------------------------------ value labels

    def labels(self, plot, kind: NativeKind) -> None:
        """Write each series' values as the picture does; left out where the picture leaves them out."""
        lines = plot._element.tag == qn("c:lineChart")
        where = "above" if lines else kind.labels
        if where == "above" and len(plot.series) > 1:
            return
        if where == "end" and not self.labels_fit(plot):
            return
        for series in plot.series:
            model_series = self.model_series(series)
            self.series_labels(series, model_series, where)

    def series_labels(self, series, model_series: Series, where: str) -> None:
        """Add one series' labels at their position, in a number format or, when none writes them, as text."""
        labels = series.data_labels
        self.text_props(labels._element, self.look.small_size, self.label_colour(series, where, 0),
                        insert_at=_before_label_flags)
        shares = self.model.labels == "share"  # a pie's or donut's shares, only when the author asks
        number_format = SHARE_FORMAT if shares else value_format(self.model, [model_series], self.look.numerals)
        labels.number_format = number_format or "General"
        labels.number_format_is_linked = False
        labels.show_value = not shares
        labels.show_percentage = shares
        labels.show_category_name = where == "slice"
        labels.show_legend_key = False
        labels.position = {"end": XL_LABEL_POSITION.OUTSIDE_END, "centre": XL_LABEL_POSITION.CENTER,
                           "above": XL_LABEL_POSITION.ABOVE, "slice": XL_LABEL_POSITION.OUTSIDE_END}[where]
        if self.model.type == "donut":  # a doughnut's labels sit on its ring: no position, ink readable on each slice
            labels._element.remove(labels._element.find(qn("c:dLblPos")))
        if where == "slice":
            _separator(labels._element, "\n")
        for index, value in enumerate(model_series.values):
            self.point_label(series, index, value, where, number_format)

    def point_label(self, series, index: int, value: float, where: str, number_format: str | None) -> None:
        """Finish one point's label: left out inside a thin segment, written as text when no format writes it,
        coloured for its slice on a ring."""
        if where == "centre" and abs(value) < INSIDE_SHARE * self.tallest():
            _delete_label(series.points[index].data_label)
            return
        label = series.points[index].data_label
        color = self.label_colour(series, where, index)
        if number_format is None:
            text = label_text(self.model, [self.model_series(series)], value, self.look.numerals)
            label.text_frame.text = f"{self.model.categories[index]}\n{text}" if where == "slice" else text
            for run in label._dLbl.iter(qn("a:r")):
                run.insert(0, _run_props(self, self.look.small_size, color))
            self.text_props(label._dLbl, self.look.small_size, color, insert_at=_before_label_flags)
        elif self.model.type == "donut":
            element = label._get_or_add_dLbl()
            self.text_props(element, self.look.small_size, color, insert_at=_before_label_flags)
            element.find(qn("c:showCatName")).set("val", "1")
            if self.model.labels == "share":
                element.find(qn("c:showVal")).set("val", "0")
                element.find(qn("c:showPercent")).set("val", "1")
            _separator(element, "\n")
            element.find(qn("c:idx")).addnext(parse_xml(
                f'<c:numFmt {nsdecls("c")} formatCode="{_escaped(number_format)}" sourceLinked="0"/>'))

    def label_colour(self, series, where: str, index: int) -> str:
        """Return the text colour of a label: readable on its segment's or ring slice's fill, else the text's."""
        if self.model.type == "donut":
            return self.look.ink_on(self.look.color(index))
        if where == "centre":
            return self.look.ink_on(str(series.format.fill.fore_color.rgb))
        return self.look.text

    def labels_fit(self, plot) -> bool:
        """Return whether value labels fit their bars' slots (the picture leaves them out otherwise)."""
        bars = len(self.model.categories) * len(plot.series)
        labels = [label_text(self.model, [self.model_series(s)], v, self.look.numerals) for s in plot.series
                  for v in self.model_series(s).values]
        if self.model.type in HORIZONTAL:
            return True
        widest = max(map(len, labels), default=0) * self.look.small_size * DIGIT_WIDTH
        return self.width * PLOT_SHARE / max(bars, 1) * (0.8 if len(plot.series) > 1 else 0.6) >= widest

    def tallest(self) -> float:
        """Return the height of the tallest stack."""
        columns = zip(*(s.values for s in self.model.series), strict=True)
        return max((sum(abs(v) for v in column) for column in columns), default=0.0)

    def model_series(self, series) -> Series:
        """Return the outline's series a native series shows."""
        return self.model.series[series.index]

    # ------------------------------------------------------------ pies, axes, legend

    def slices(self, plot) -> None:
        """Start the first slice at nine o'clock; a donut gets the picture's hole."""
        chart = plot._element
        angle = chart.find(qn("c:firstSliceAng"))
        if angle is None:  # a pie chart ends with it (a doughnut chart has one, then its hole size)
            angle = etree.SubElement(chart, qn("c:firstSliceAng"))
        angle.set("val", str(FIRST_SLICE))
        hole = chart.find(qn("c:holeSize"))
        if hole is not None:
            hole.set("val", str(HOLE))

    def slice_note(self) -> None:
        """Write a pie's note at its top left, as the picture does: its unit ("单位：亿元"), then each slice of zero
        with its value as written (no renderer draws a slice without area: LibreOffice draws neither it nor its
        label, so its chart label is left out and the note names it, in every application alike)."""
        model, look = self.model, self.look
        series = model.series[0]
        shares = model.labels == "share"
        unit = "" if shares else look.numerals.axis_unit(axis_unit(model, [series]),
                                                         magnitude(model, [series], look.numerals))
        zeros = [i for i, v in enumerate(series.values) if v == 0]
        value = (lambda v: f"{v:.1%}") if shares else (lambda v: label_text(model, [series], v, look.numerals))
        lines = ([look.unit_label.format(unit=unit)] if unit and unit != "%" else []) + [
            f"{model.categories[i]}　{value(series.values[i])}" for i in zeros]
        for index in zeros if self.theme.charts.value_labels else ():
            _delete_label(self.native.plots[0].series[0].points[index].data_label)
        if lines:
            self.note(lines)

    def note(self, lines: list[str]) -> None:
        """Write lines as the chart's title, small and muted, laid over the top left corner of the chart."""
        native = self.native
        native.has_title = True
        frame = native.chart_title.text_frame
        frame.text = "\n".join(lines)
        title = native.chart_title._title
        for paragraph in title.iter(qn("a:p")):
            props = paragraph.find(qn("a:pPr"))
            if props is None:
                props = etree.SubElement(paragraph, qn("a:pPr"))
                paragraph.insert(0, props)
            props.set("algn", "l")
            for run in paragraph.iter(qn("a:r")):
                run.insert(0, _run_props(self, self.look.small_size, self.look.muted))
        for old in title.findall(qn("c:layout")) + title.findall(qn("c:overlay")):
            title.remove(old)
        title.find(qn("c:tx")).addnext(parse_xml(
            f'<c:layout {nsdecls("c")}><c:manualLayout><c:xMode val="edge"/><c:yMode val="edge"/>'
            '<c:x val="0.0"/><c:y val="0.0"/></c:manualLayout></c:layout>'))
        title.find(qn("c:layout")).addnext(parse_xml(f'<c:overlay {nsdecls("c")} val="1"/>'))
        native._chartSpace.chart.find(qn("c:autoTitleDeleted")).set("val", "0")

    def axes(self, plot) -> None:
        """Style the category baseline and the value axis (grid, no line, ticks formatted, unit named)."""
        native, model = self.native, self.model
        shown = [s for s in model.series if not is_line(s, model)]
        gap = plot._element.find(qn("c:gapWidth"))
        if gap is not None:
            gap.set("val", str(GAP_GROUP if len(shown) > 1 and model.type in ("bar", "hbar", "combo") else GAP_SINGLE))
            if model.type in ("bar", "hbar", "combo") and len(shown) > 1:
                plot.overlap = -10
        category = native.category_axis
        self.category_axis(category)
        value = ValueAxis(native._chartSpace.valAx_lst[0])  # python-pptx's value_axis is the second of two
        if model.type in HORIZONTAL:
            value.major_unit = self.across_step(shown)
        self.value_axis(value, shown, grid=model.type != "ranking")
        if model.type in HORIZONTAL:
            category.reverse_order = True  # first category on top, as in the picture
            value._element.find(qn("c:crosses")).set("val", "max")  # and the value axis still at the bottom
        if model.type == "ranking":
            value._element.find(qn("c:delete")).set("val", "1")
        if model.type == "stacked100":
            value.maximum_scale = 1.0
            value.tick_labels.number_format = '0%'
        if model.type in BARS:
            _from_zero(value, [v for s in shown for v in s.values])

    def category_axis(self, axis) -> None:
        """Style the category baseline: upright labels (wrapped, never turned), every n-th one when they are crowded,
        as the picture thins them."""
        look = self.look
        axis.format.line.color.rgb = _rgb(look.rule)
        axis.major_tick_mark = axis.minor_tick_mark = XL_TICK_MARK.NONE
        self.text_props(axis._element, look.font_size, look.text, insert_at=_before_cross_axis, upright=True)
        if self.model.type in HORIZONTAL:
            return
        slot = self.width * PLOT_SHARE / max(1, len(self.model.categories))
        widest = max((_ems(c) for c in self.model.categories if len(c) <= SHORT_LABEL), default=0.0) * look.font_size
        if widest + look.font_size * LABEL_GAP > slot:
            skip = math.ceil((widest + look.font_size * LABEL_GAP) / slot)
            axis._element.find(qn("c:lblOffset")).addnext(parse_xml(
                f'<c:tickLblSkip {nsdecls("c")} val="{skip}"/>'))

    def value_axis(self, axis, series: list[Series], grid: bool) -> None:
        """Style a value axis: light grid lines, no line or ticks, tick labels as the picture writes them."""
        look = self.look
        axis.has_major_gridlines = grid and look.grid
        if axis.has_major_gridlines:
            axis.major_gridlines.format.line.color.rgb = _rgb(look.rule)
            axis.major_gridlines.format.line.width = Pt(GRID_WIDTH)
        axis.format.line.fill.background()
        axis.major_tick_mark = axis.minor_tick_mark = XL_TICK_MARK.NONE
        axis.tick_labels.number_format = self.tick_format(series, axis.major_unit)
        axis.tick_labels.number_format_is_linked = False
        self.text_props(axis._element, look.font_size, look.text, insert_at=_before_cross_axis, upright=True)
        unit = self.look.numerals.axis_unit(axis_unit(self.model, series),
                                            magnitude(self.model, series, self.look.numerals))
        if unit and unit != "%" and self.model.type != "ranking":
            self.unit_title(axis, self.look.unit_label.format(unit=unit))

    def tick_format(self, series: list[Series], step: float | None = None) -> str:
        """Return the format of an axis's ticks: the values' format, or the digits divided by the magnitude (万 and
        亿 with a literal point; thousand, million, billion with the decimals a tick step of the axis needs)."""
        scale = magnitude(self.model, series, self.look.numerals)
        unit = axis_unit(self.model, series)
        if not scale.power:
            return 'General"%"' if unit == "%" else "General"
        commas, places = divmod(scale.power, 3)
        if places:
            return "0\\." + "0" * places + "," * commas
        decimals = numbers.tick_decimals([step or self.tick_step(series)], scale)
        return "0" + ("." + "0" * decimals if decimals else "") + "," * commas

    def across_step(self, series: list[Series]) -> float:
        """Return the tick step of a value axis running across a bar chart: about INTERVALS of them, fewer when
        the plot beside the category labels is too narrow for their numbers side by side (LibreOffice would turn
        them, PowerPoint drop some)."""
        look = self.look
        names = max((_ems(c) for c in self.model.categories), default=0.0) * look.font_size
        plot = max(self.width * ACROSS_SHARE - min(names, self.width / 2), self.width / 4)
        step = self.tick_step(series)
        values = [v for s in series for v in s.values]
        span = max(max(values), 0.0) - min(min(values), 0.0) or 1.0
        while True:
            widest = max(len(label_text(self.model, series, round(t * step, 9), look.numerals)) for t in
                         range(0, math.ceil(span / step) + 1)) * DIGIT_WIDTH * look.font_size
            if plot / math.ceil(span / step) >= widest * TICK_ROOM or step >= span:
                return step
            step = _nice(step * 1.01)

    def tick_step(self, series: list[Series]) -> float:
        """Return about the step of the ticks PowerPoint chooses for an axis: a nice fifth of the values' span (from
        zero, except on a line chart)."""
        values = [v for s in series for v in s.values]
        low, high = min(values), max(values)
        span = high - low if self.model.type == "line" else max(high, 0.0) - min(low, 0.0)
        return _nice(span / INTERVALS) if span else _nice(abs(high) or 1.0)

    def unit_title(self, axis, text: str) -> None:
        """Name the axis's unit in a horizontal title at the top of the axis, as the picture's note does."""
        axis.has_title = True
        axis.axis_title.text_frame.text = text
        title = axis.axis_title._title
        body = title.find(qn("c:tx")).find(qn("c:rich")).find(qn("a:bodyPr"))
        body.set("rot", "0")
        body.set("vert", "horz")
        body.set("wrap", "none")  # one line, as the picture's note: "Unit: USD billion"
        for run in title.iter(qn("a:rPr")):
            run.getparent().remove(run)
        paragraph = title.find(f".//{qn('a:p')}")
        props = paragraph.find(qn("a:pPr"))
        if props is None:
            props = etree.SubElement(paragraph, qn("a:pPr"))
            paragraph.insert(0, props)
        run = paragraph.find(qn("a:r"))
        run.insert(0, _run_props(self, self.look.small_size, self.look.muted))
        right = axis._element.find(qn("c:axPos")).get("val") == "r"
        layout = title.find(qn("c:layout"))
        if layout is None:
            layout = etree.SubElement(title, qn("c:layout"))
            title.insert(1, layout)
        layout.append(parse_xml(
            f'<c:manualLayout {nsdecls("c")}><c:xMode val="edge"/><c:yMode val="edge"/>'
            f'<c:x val="{0.86 if right else 0.0}"/><c:y val="0.0"/></c:manualLayout>'))
        title.find(qn("c:overlay")).set("val", "0") if title.find(qn("c:overlay")) is not None else None

    def legend(self) -> None:
        """Put a legend under the plot when more than one series is drawn (slices are named on the pie)."""
        native = self.native
        native.has_legend = len(self.model.series) > 1 and self.model.type not in SHARES
        if native.has_legend:
            native.legend.position = XL_LEGEND_POSITION.BOTTOM
            native.legend.include_in_layout = False
            self.text_props(native.legend._element, self.look.small_size, self.look.text)


class Combo:
    """Moves a combo chart's line series from its bar chart onto a line chart with a secondary value axis."""

    SECONDARY = ("2094734552", "2094734553")  # ids of the secondary category and value axes

    def __init__(self, styler: Styler):
        self.styler = styler

    def split(self) -> None:
        """Move the line series onto a c:lineChart on secondary axes; scale both so the lines run above the bars."""
        native, model = self.styler.native, self.styler.model
        bars = native._chartSpace.find(f".//{qn('c:barChart')}")
        plot_area = bars.getparent()
        line_chart = parse_xml(f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/>'
                               '<c:varyColors val="0"/></c:lineChart>')
        for element, series in zip(bars.findall(qn("c:ser")), model.series, strict=True):
            if is_line(series, model):
                line_chart.append(_as_line_series(element))
        line_chart.append(parse_xml(f'<c:marker {nsdecls("c")} val="1"/>'))
        for axis_id in self.SECONDARY:
            line_chart.append(parse_xml(f'<c:axId {nsdecls("c")} val="{axis_id}"/>'))
        bars.addnext(line_chart)
        plot_area.append(self.category_axis())
        plot_area.append(self.value_axis())
        self.scale(native)

    def category_axis(self) -> etree._Element:
        category, value = self.SECONDARY
        return parse_xml(
            f'<c:catAx {nsdecls("c")}><c:axId val="{category}"/><c:scaling><c:orientation val="minMax"/>'
            '</c:scaling><c:delete val="1"/><c:axPos val="b"/><c:majorTickMark val="none"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'<c:crossAx val="{value}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>')

    def value_axis(self) -> etree._Element:
        category, value = self.SECONDARY
        return parse_xml(
            f'<c:valAx {nsdecls("c")}><c:axId val="{value}"/><c:scaling><c:orientation val="minMax"/>'
            '</c:scaling><c:delete val="0"/><c:axPos val="r"/><c:numFmt formatCode="General" sourceLinked="0"/>'
            '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'<c:crossAx val="{category}"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>')

    def scale(self, native) -> None:
        """Fix both value axes' ranges on the same number of intervals, so their ticks share the grid lines: the
        bars in the lower COMBO_BARS of the height, the lines in the top intervals; the secondary axis is styled
        like the primary one (its unit named at its top)."""
        styler, model = self.styler, self.styler.model
        bars = [v for s in model.series if not is_line(s, model) for v in s.values]
        lines = [s for s in model.series if is_line(s, model)]
        low, high = min(0.0, *bars), max(0.0, *bars)
        step = _nice((high / COMBO_BARS - low) / INTERVALS)
        low = step * math.floor(low / step + 1e-9)
        count = max(1, math.ceil((high / COMBO_BARS - low) / step - 1e-9))
        _range(ValueAxis(native._chartSpace.valAx_lst[0]), low, step, count)
        values = [v for s in lines for v in s.values]
        span = max(values) - min(values)
        step = _nice(span / LINE_INTERVALS if span else abs(max(values)) or 1.0)
        top = step * (math.floor(max(values) / step + 1e-9) + 1)
        secondary = ValueAxis(native._chartSpace.valAx_lst[-1])
        _range(secondary, top - count * step, step, count)
        styler.value_axis(secondary, lines, grid=False)


def _as_line_series(element: etree._Element) -> etree._Element:
    """Return a bar chart's c:ser as a line chart's (no invertIfNegative; a marker and smooth off)."""
    for tag in ("c:invertIfNegative", "c:shape"):
        found = element.find(qn(tag))
        if found is not None:
            element.remove(found)
    element.find(qn("c:cat")).addprevious(parse_xml(f'<c:marker {nsdecls("c")}><c:symbol val="circle"/></c:marker>'))
    element.append(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
    return element


def _nice(raw: float) -> float:
    """Return the smallest step of 1, 2, 2.5 or 5 times a power of ten not below raw."""
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))


def _range(axis: ValueAxis, low: float, step: float, count: int) -> None:
    """Set an axis to count intervals of step from low."""
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, low + count * step, step


def _from_zero(axis: ValueAxis, values: list[float]) -> None:
    """Start a bar's value axis at zero, as a bar's length means its value: the minimum when every value is at least
    zero, the maximum when none is above it (PowerPoint's automatic range would start near the smallest value)."""
    if values and min(values) >= 0:
        axis.minimum_scale = 0
    elif values and max(values) <= 0:
        axis.maximum_scale = 0


def _escaped(text: str) -> str:
    """Return text escaped for an XML attribute."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _ems(text: str) -> float:
    """Return the width of a label in ems: ideographs and full-width marks one, Latin letters and digits 0.55."""
    return sum(1.0 if ord(char) >= 0x2000 else 0.55 for char in text)


def _fill(fmt, color: str) -> None:
    fmt.fill.solid()
    fmt.fill.fore_color.rgb = _rgb(color)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#"))


def _run_props(styler: Styler, size: float, color: str) -> etree._Element:
    family = styler.family
    lang, alt = chart_languages(styler.canvas.languages)
    return parse_xml(
        f'<a:rPr {nsdecls("a")} lang="{lang}" altLang="{alt}" '
        f'sz="{round(size * CENTIPOINTS)}" b="0"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill>'
        f'<a:latin typeface="{family}"/><a:ea typeface="{family}"/><a:cs typeface="{family}"/></a:rPr>')


def _before_label_flags(parent: etree._Element, props: etree._Element) -> None:
    """Insert a c:txPr in a c:dLbls or c:dLbl where the schema wants it: before dLblPos and the show* flags."""
    for tag in ("c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName", "c:showPercent",
                "c:showBubbleSize", "c:separator", "c:showLeaderLines"):
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(props)
            return
    parent.append(props)


def _before_cross_axis(parent: etree._Element, props: etree._Element) -> None:
    """Insert a c:txPr in an axis before c:crossAx, where the schema wants it."""
    parent.find(qn("c:crossAx")).addprevious(props)


def _separator(labels: etree._Element, text: str) -> None:
    """Set the text between a label's category name and value (c:separator sits after c:showBubbleSize)."""
    separator = labels.find(qn("c:separator"))
    if separator is None:
        separator = etree.Element(qn("c:separator"))
        labels.find(qn("c:showBubbleSize")).addnext(separator)
    separator.text = text


def _delete_label(label) -> None:
    """Leave out one point's value label."""
    element = label._get_or_add_dLbl()
    for child in list(element)[1:]:
        element.remove(child)
    etree.SubElement(element, qn("c:delete")).set("val", "1")
