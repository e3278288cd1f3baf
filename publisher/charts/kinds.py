"""Built-in chart kinds: one small draw function per kind, and the data checks the model cannot express.

A draw function gets a matplotlib Axes, the Chart and a DrawStyle; it never names a font (render does) and never
draws the chart title (the writers put it beside the image). This module imports matplotlib only inside draw
helpers, so model validation can list the kinds without loading it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from publisher.charts.kind import kind
from publisher.charts.style import DrawStyle
from publisher.errors import did_you_mean
from publisher.outline.model import Chart, Series
from publisher.text import numbers
from publisher.text.written import WrittenNumber, exact

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

GROUP_WIDTH = 0.8  # share of a category slot taken by its bars
SINGLE_WIDTH = 0.6
COMBO_BARS = 0.55  # share of a combo chart's height its bars may reach; the lines run above
COMBO_LINE_DROP = 2.4  # empty space under a combo chart's lines, in multiples of their value span
INSIDE_SHARE = 0.08  # slices from this share carry their percentage inside
PIE_HEIGHT_SHARE = 0.75  # estimated share of the image height a pie (±1.25) takes once laid out
LABEL_HEIGHT = 1.4  # a label line's height, in font sizes
DIGIT_WIDTH = 0.6  # average width of a digit, in font sizes
LEGEND_COLUMNS = 6  # a legend holds up to this many series in one row
HALF_WIDTH = 0.55  # width of a Latin letter or digit, in ideographs
FULL_FROM = 0x2000  # characters from here on (general punctuation “”—…, CJK) are about one ideograph wide
MAX_LABEL_LINES = 4
SHORT_LABEL = 4  # category labels of at most this many characters are never wrapped
LABEL_GAP = 0.5  # em kept free between neighbouring category labels
DIGITS = "0123456789０１２３４５６７８９"  # no wrapped label line ends with one: a number keeps its unit
NUMBER_WITH_UNIT = re.compile(r"[0-9０-９][0-9０-９.,]*[^\s0-9０-９.,]?")
SHARE_KINDS = ("pie", "donut")
Check = list[tuple[tuple, str]]
_CATEGORIES: WeakKeyDictionary = WeakKeyDictionary()  # plot → (category labels under it, its DrawStyle)


# ---------------------------------------------------------------- kinds


@kind("bar", "柱状图")
def bar(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw vertical bars, grouped side by side when there are several series."""
    _bars(ax, chart.categories, chart.series, chart, style)
    _legend(ax, style)


@kind("hbar", "条形图")
def hbar(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw horizontal bars for long category names, the largest (by the first series) on top."""
    order = _descending(chart.series[0].values)
    series = [_reordered(s, order) for s in chart.series]
    _bars(ax, [chart.categories[i] for i in order], series, chart, style, horizontal=True)
    _legend(ax, style)


@kind("stacked", "堆积柱状图")
def stacked(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw stacked vertical bars: one segment per series, negative values stacked below zero."""
    rows = [list(s.values) for s in chart.series]
    unit = _unit(chart.series, chart)
    magnitude = numbers.axis_scale(_stack_heights(rows), unit, chart.scale, style.numerals)
    fmt = numbers.label_formatter(unit, magnitude, chart.decimals)
    _stack(ax, chart, style, rows, unit, [[fmt(v) for v in row] for row in rows])
    _legend(ax, style)


@kind("stacked100", "百分比堆积柱状图")
def stacked100(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw stacked bars of each series' share of its category's total, 0–100%: labelled with the values as
    written when they are percentages (unit %), else with the shares."""
    totals = [sum(column) for column in zip(*(s.values for s in chart.series), strict=True)]
    shares = [[100 * v / t if t else 0.0 for v, t in zip(s.values, totals, strict=True)] for s in chart.series]
    if _unit(chart.series, chart) == "%":
        fmt = numbers.label_formatter("%", decimals=chart.decimals)
        labels = [[fmt(v) for v in s.values] for s in chart.series]
    else:
        labels = [[numbers.format_percent(v / 100, 1 if chart.decimals is None else chart.decimals) for v in row]
                  for row in shares]
    _stack(ax, chart, style, shares, "%", labels)
    ax.set_ylim(0, 100)
    _legend(ax, style)


@kind("line", "折线图")
def line(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw one line with markers per series; a lone series gets its values over the points."""
    unit = _unit(chart.series, chart)
    magnitude = _value_axis(ax.yaxis, _all_values(chart.series), unit, chart, style)
    for index, series in enumerate(chart.series):
        _plot_line(ax, series, style.color(index), style)
    if len(chart.series) == 1:
        fmt = numbers.label_formatter(unit, magnitude, chart.decimals)
        _label_points(ax, chart.series[0].values, fmt, style, style.text)
    _category_axis(ax, chart.categories, style)
    ax.set_xlim(-0.5, len(chart.categories) - 0.5)
    ax.margins(y=0.15)
    _frame(ax, style, "y")
    _unit_note(ax, unit, magnitude, style)
    _legend(ax, style)


@kind("area", "面积图")
def area(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw stacked areas over the categories, one band per series."""
    unit = _unit(chart.series, chart)
    totals = [sum(column) for column in zip(*(s.values for s in chart.series), strict=True)]
    magnitude = _value_axis(ax.yaxis, totals, unit, chart, style)
    colors = [style.color(i) for i in range(len(chart.series))]
    ax.stackplot(range(len(chart.categories)), *(s.values for s in chart.series), colors=colors, alpha=0.85,
                 labels=[s.name for s in chart.series], edgecolor=style.background, linewidth=0.8)
    _category_axis(ax, chart.categories, style)
    ax.set_xlim(0, len(chart.categories) - 1)
    _frame(ax, style, "y")
    _unit_note(ax, unit, magnitude, style)
    _legend(ax, style)


@kind("pie", "饼图")
def pie(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw the first series as a pie, largest slice first, labelled with its values (shares with `labels:
    share`); thin slices are grouped as one 其他 slice holding their sum."""
    _pie(ax, chart, style, hole=0.0)


@kind("donut", "环形图")
def donut(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw the first series as a ring, largest slice first, labelled with its values (shares with `labels:
    share`); thin slices are grouped as one 其他 slice holding their sum."""
    _pie(ax, chart, style, hole=0.5)


@kind("combo", "柱线组合图")
def combo(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw bar series on the left axis and line series (axis: right or kind: line) on a right axis with its own
    scale and unit, its ticks in the first line's colour beside the band the lines run in."""
    lines = [s for s in chart.series if _is_line(s)]
    _bars(ax, chart.categories, [s for s in chart.series if not _is_line(s)], chart, style)
    low, high = ax.get_ylim()
    ax.set_ylim(low, low + (high - low) / COMBO_BARS)
    _ticks_within(ax.yaxis, low, high)
    right = ax.twinx()
    unit = _unit(lines, chart)
    magnitude = _value_axis(right.yaxis, _all_values(lines), unit, chart, style)
    fmt = numbers.label_formatter(unit, magnitude, chart.decimals)
    first = len(chart.series) - len(lines)
    for index, series in enumerate(lines, start=first):
        _plot_line(right, series, style.color(index), style, series.name + style.right_axis)
        if len(lines) == 1:
            _label_points(right, series.values, fmt, style, style.color(index))
    _line_band(right, _all_values(lines))
    ink = style.color(first) if len(lines) == 1 else style.text
    right.spines[:].set_visible(False)
    ticks = right.get_yticks()
    if len(ticks):
        right.spines["right"].set(visible=True, bounds=(min(ticks), max(ticks)), color=ink, linewidth=0.8)
    right.tick_params(length=style.font_size / 4, color=ink, labelcolor=ink)
    _unit_note(right, unit, magnitude, style, side="right")
    _legend(ax, style, extra=right)


@kind("ranking", "排名图")
def ranking(ax: Axes, chart: Chart, style: DrawStyle) -> None:
    """Draw the first series sorted as horizontal bars, largest on top, chart.highlight in the highlight colour."""
    order = _descending(chart.series[0].values)
    categories = [chart.categories[i] for i in order]
    values = [chart.series[0].values[i] for i in order]
    colors = [style.highlight if c == chart.highlight else style.color(0) for c in categories]
    unit = _unit(chart.series, chart)
    magnitude = _value_axis(ax.xaxis, values, unit, chart, style)
    bars = ax.barh(range(len(values)), values, SINGLE_WIDTH, color=colors)
    fmt = numbers.label_formatter(unit, magnitude, chart.decimals)
    texts = _label_bars(ax, bars, [fmt(v) for v in values], SINGLE_WIDTH, style, horizontal=True)
    _category_axis(ax, categories, style, horizontal=True)
    ax.xaxis.set_visible(False)
    ax.margins(x=0.12)
    _frame(ax, style, "x", grid=False)
    emphasised = [t for t, c in zip(ax.get_yticklabels(), categories, strict=True) if c == chart.highlight]
    for text in emphasised + [t for t, c in zip(texts, categories, strict=False) if c == chart.highlight]:
        text.set(color=style.highlight, fontweight="bold")
    _unit_note(ax, unit, magnitude, style, side="right")


# ---------------------------------------------------------------- checks


def check(chart: Chart) -> Check:
    """Return (field path relative to the chart, message) for each data problem: lengths, pie values, combo axes."""
    problems = _check_series(chart)
    if not problems:
        problems += _KIND_CHECKS.get(chart.type, _no_problems)(chart)
    if chart.labels == "share" and chart.type not in SHARE_KINDS:
        problems.append((("labels",), f"labels: share is for {' and '.join(SHARE_KINDS)} charts; a {chart.type} "
                                      "chart is labelled with its values"))
    if chart.highlight and chart.highlight not in chart.categories:
        hint = did_you_mean(chart.highlight, chart.categories)
        problems.append((("highlight",), f"'{chart.highlight}' is not one of the categories{hint}"))
    return problems


def notices(chart: Chart) -> Check:
    """Return (field path relative to the chart, message) for each warning about valid data: percentages of a
    pie, a donut or a 100% stack that do not add up to 100 within the rounding of their written decimals."""
    if _unit(chart.series, chart) != "%" or chart.type not in (*SHARE_KINDS, "stacked100") or check(chart):
        return []
    named = f"{chart.type} '{chart.title}'" if chart.title else chart.type
    if chart.type in SHARE_KINDS:
        return _percent_total((("series", 0, "values"),), chart.series[0].values, named)
    out = []
    for i, category in enumerate(chart.categories):
        where = tuple(("series", s, "values", i) for s in range(len(chart.series)))
        out += _percent_total(where, [s.values[i] for s in chart.series], f"{named}'s stack '{category}'")
    return out


def _percent_total(where: tuple, values: list[float], what: str) -> Check:
    """Return a warning when percentages add up to other than 100 by more than their rounding allows (each value
    written with d decimals may be off by half a unit of its last place)."""
    total = sum(exact(v) for v in values)
    slack = sum(Decimal(5).scaleb(-1 - _decimals_written(v)) for v in values)
    if abs(total - 100) <= slack:
        return []
    return [(where[0], f"the percentages of this {what} add up to {format(total, 'f')}%, not 100% (their rounding "
                       f"allows ±{format(slack.normalize(), 'f')}); each is drawn as its share of that total")]


def _decimals_written(value: float) -> int:
    return max(0, -exact(value).as_tuple().exponent)


def _check_series(chart: Chart) -> Check:
    if not chart.series:
        return [(("series",), "a chart needs at least one series of values")]
    problems = []
    for index, series in enumerate(chart.series):
        count, expected = len(series.values), len(chart.categories)
        if not count:
            problems.append((("series", index, "values"), f"series '{series.name}' has no values"))
        elif count != expected:
            problems.append((("series", index, "values"),
                             f"{count} values for {expected} categories; expected one value per category"))
    return problems


def _check_shares(chart: Chart) -> Check:
    problems = [(("series", 0, "values", i), f"a slice cannot be negative; got {v}")
                for i, v in enumerate(chart.series[0].values) if v < 0]
    if not any(v > 0 for v in chart.series[0].values):
        problems.append((("series", 0, "values"), "a pie needs at least one value above zero"))
    if len(chart.series) > 1:
        problems.append((("series", 1), f"a {chart.type} shows one series; got {len(chart.series)}"))
    return problems


def _check_stacked100(chart: Chart) -> Check:
    return [(("series", s, "values", i), f"a share cannot be negative; got {v}")
            for s, series in enumerate(chart.series) for i, v in enumerate(series.values) if v < 0]


def _check_combo(chart: Chart) -> Check:
    problems = []
    if all(_is_line(s) for s in chart.series):
        problems.append((("series",), "a combo chart needs a bar series on the left axis"))
    if not any(_is_line(s) for s in chart.series):
        problems.append((("series",), "a combo chart needs a line series on the right axis: give one "
                                      "'axis: right' or 'kind: line'"))
    return problems


def _no_problems(chart: Chart) -> Check:
    return []


_KIND_CHECKS: dict[str, Callable[[Chart], Check]] = {
    "pie": _check_shares, "donut": _check_shares, "stacked100": _check_stacked100, "combo": _check_combo,
}


# ---------------------------------------------------------------- bars


def _bars(ax: Axes, categories: list[str], series: Sequence[Series], chart: Chart, style: DrawStyle,
          horizontal: bool = False) -> None:
    unit = _unit(series, chart)
    magnitude = _value_axis(ax.xaxis if horizontal else ax.yaxis, _all_values(series), unit, chart, style)
    fmt = numbers.label_formatter(unit, magnitude, chart.decimals)
    width = GROUP_WIDTH / len(series) if len(series) > 1 else SINGLE_WIDTH
    texts = [[fmt(v) for v in one.values] for one in series]
    widest = max((t for row in texts for t in row), key=len, default="")  # every series labelled, or none
    for index, (one, labels) in enumerate(zip(series, texts, strict=True)):
        offsets = [c + (index - (len(series) - 1) / 2) * width for c in range(len(categories))]
        draw = ax.barh if horizontal else ax.bar
        bars = draw(offsets, one.values, width * 0.9, color=style.color(index), label=one.name)
        _label_bars(ax, bars, labels, width, style, horizontal, widest)
    _category_axis(ax, categories, style, horizontal)
    ax.margins(**{"x" if horizontal else "y": 0.12})
    _frame(ax, style, "x" if horizontal else "y")
    _unit_note(ax, unit, magnitude, style, side="right" if horizontal else "left")


def _stack(ax: Axes, chart: Chart, style: DrawStyle, rows: list[list[float]], unit: str,
           texts: list[list[str]]) -> None:
    """Draw the rows as stacked segments, each segment tall enough (INSIDE_SHARE of the tallest stack) labelled
    inside with its text."""
    count = len(chart.categories)
    above, below = [0.0] * count, [0.0] * count
    magnitude = _value_axis(ax.yaxis, _stack_heights(rows), unit, chart, style)
    tallest = max(map(abs, _stack_heights(rows)), default=0.0)
    for index, (series, values, row_texts) in enumerate(zip(chart.series, rows, texts, strict=True)):
        bottoms = [up if v >= 0 else down for v, up, down in zip(values, above, below, strict=True)]
        color = style.color(index)
        bars = ax.bar(range(count), values, SINGLE_WIDTH, bottom=bottoms, color=color, label=series.name,
                      edgecolor=style.background, linewidth=0.6)
        labels = [text if abs(v) >= INSIDE_SHARE * tallest else "" for v, text in zip(values, row_texts, strict=True)]
        if style.value_labels:
            ax.bar_label(bars, labels=labels, label_type="center", fontsize=style.small_size,
                         color=style.ink_on(color))
        above = [up + max(v, 0) for v, up in zip(values, above, strict=True)]
        below = [down + min(v, 0) for v, down in zip(values, below, strict=True)]
    _category_axis(ax, chart.categories, style)
    _frame(ax, style, "y")
    _unit_note(ax, unit, magnitude, style)


def _stack_heights(rows: list[list[float]]) -> list[float]:
    """Return each category's positive total and negative total: the heights the stacks reach."""
    columns = list(zip(*rows, strict=True))
    return [sum(v for v in c if v > 0) for c in columns] + [sum(v for v in c if v < 0) for c in columns]


def _label_bars(ax: Axes, bars, labels: list[str], width: float, style: DrawStyle, horizontal: bool,
                widest: str = "") -> list:
    """Return the value labels put at the bar ends, or [] when they are off or the widest label of the chart's
    bars (default: of these) would not fit its bar."""
    if not style.value_labels or not _labels_fit(ax, labels, width, style, horizontal, widest):
        return []
    return ax.bar_label(bars, labels=labels, padding=3, fontsize=style.small_size, color=style.text)


def _labels_fit(ax: Axes, labels: list[str], width: float, style: DrawStyle, horizontal: bool,
                widest: str = "") -> bool:
    """Return whether a label fits within its bar's slot, judged on the axes' size before layout."""
    box = ax.get_position()
    fig_width, fig_height = ax.figure.get_size_inches() * 72
    slots = len(labels) or 1
    if horizontal:
        return box.height * fig_height / slots * width >= style.small_size * LABEL_HEIGHT * 0.8
    chars = max([len(widest), *map(len, labels)])
    return box.width * fig_width / slots * width >= chars * style.small_size * DIGIT_WIDTH


# ---------------------------------------------------------------- lines and pies


def _plot_line(ax: Axes, series: Series, color: str, style: DrawStyle, label: str = "") -> None:
    ax.plot(range(len(series.values)), series.values, color=color, label=label or series.name, marker="o",
            linewidth=style.font_size / 6, markersize=style.font_size / 2.5, markeredgecolor=style.background,
            markeredgewidth=style.font_size / 14, zorder=3)


def _line_band(ax: Axes, values: list[float]) -> None:
    """Set the right axis so that the lines run in the top band, above the bars, with ticks only there."""
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    ax.set_ylim(low - span * COMBO_LINE_DROP, high + span * 0.35)
    _ticks_within(ax.yaxis, low - span * 0.1, high + span * 0.1, most=3)  # the band is a third of the height


def _ticks_within(axis: Axis, low: float, high: float, most: int | None = None) -> None:
    """Put the axis's nice ticks for the range low–high only, whatever larger range the axis shows; with most,
    every other tick is dropped until at most that many are left."""
    ticks = [tick for tick in axis.get_major_locator().tick_values(low, high) if low <= tick <= high]
    while most and len(ticks) > most:
        ticks = ticks[::2]
    axis.set_ticks(ticks)


def _label_points(ax: Axes, values: list[float], fmt: Callable[..., str], style: DrawStyle, color: str) -> None:
    """Write each value over its point, or under it where the line dips, so that the line never crosses it."""
    if not style.value_labels:
        return
    for x, value in enumerate(values):
        offset = style.font_size * (-0.7 if _is_dip(values, x) else 0.6)
        ax.annotate(fmt(value), (x, value), xytext=(0, offset), textcoords="offset points", ha="center",
                    va="top" if offset < 0 else "bottom", fontsize=style.small_size, color=color)


def _is_dip(values: list[float], index: int) -> bool:
    neighbours = values[max(index - 1, 0):index] + values[index + 1:index + 2]
    return bool(neighbours) and all(values[index] < n for n in neighbours)


def _pie(ax: Axes, chart: Chart, style: DrawStyle, hole: float) -> None:
    """Draw slices with names outside and values (or shares) inside; a thin slice's goes outside, after its name."""
    names, values, grouped = _group_small(*_by_size(chart.categories, chart.series[0].values), style.min_slice,
                                           style)
    total = sum(values)
    shares = [v / total for v in values]
    unit = _unit(chart.series, chart)
    magnitude = numbers.axis_scale(values, unit, chart.scale, style.numerals)
    if chart.labels == "share":
        texts = [numbers.format_percent(share) for share in shares]
    else:
        texts = list(map(numbers.label_formatter(unit, magnitude, chart.decimals), values))
    texts = texts if style.value_labels else [""] * len(texts)
    colors = [style.rule if grouped and i == len(names) - 1 else style.color(i) for i in range(len(names))]
    wedge = {"edgecolor": style.background, "linewidth": style.font_size / 10} | ({"width": 1 - hole} if hole else {})
    slices = ax.pie(values, colors=colors, startangle=180, counterclock=False, labeldistance=None, wedgeprops=wedge)
    outside = [_wrap(name, style.label_wrap) + (f" {text}" if text and share < INSIDE_SHARE else "")
               for name, share, text in zip(names, shares, texts, strict=True)]
    _spread(ax, ax.pie_label(slices, outside, distance=1.08, alignment="outer",
                             textprops={"fontsize": style.font_size, "color": style.text}), style)
    inside = [text if share >= INSIDE_SHARE else "" for share, text in zip(shares, texts, strict=True)]
    labels = ax.pie_label(slices, inside, distance=(1 + hole) / 2 if hole else 0.62,
                          textprops={"fontsize": style.small_size})
    for label, color in zip(labels, colors, strict=True):
        label.set_color(style.ink_on(color))
    if chart.labels != "share":
        _unit_note(ax, unit, magnitude, style)


def _spread(ax: Axes, texts: list, style: DrawStyle) -> None:
    """Move the outside labels of each side of a pie up until none overlaps the one below it."""
    points_per_unit = ax.figure.get_size_inches()[1] * 72 * PIE_HEIGHT_SHARE / 2.5  # a pie spans ±1.25
    for right in (True, False):
        side = sorted((t for t in texts if (t.get_position()[0] > 0) == right), key=lambda t: t.get_position()[1])
        for lower, upper in zip(side, side[1:], strict=False):
            lines = (lower.get_text().count("\n") + upper.get_text().count("\n")) / 2 + 1
            lowest = lower.get_position()[1] + lines * style.font_size * LABEL_HEIGHT / points_per_unit
            upper.set_y(max(upper.get_position()[1], lowest))


def _by_size(names: list[str], values: list[float]) -> tuple[list[str], list[float]]:
    order = _descending(values)
    return [names[i] for i in order], [values[i] for i in order]


def _group_small(names: list[str], values: list[float], min_share: float,
                 style: DrawStyle) -> tuple[list[str], list[float], bool]:
    """Return the slices with those under min_share of the total merged into one last slice (when two or more),
    named as the locale says a sum is (其他（N项合计）) and holding their exact sum, written with the most decimals
    any of them has; and whether they were merged."""
    total = sum(values)
    small = [i for i, v in enumerate(values) if v < min_share * total]
    if len(small) < 2:
        return list(names), list(values), False
    keep = [i for i in range(len(values)) if i not in small]
    summed = sum(exact(values[i]) for i in small)
    grouped = WrittenNumber(float(summed), format(summed, "f"))
    name = style.grouped.format(others=style.others, count=len(small))
    return [names[i] for i in keep] + [name], [values[i] for i in keep] + [grouped], True


# ---------------------------------------------------------------- axes, labels, legend


def _value_axis(axis: Axis, values: Sequence[float], unit: str, chart: Chart,
                style: DrawStyle) -> numbers.Magnitude:
    """Return the magnitude (万/亿, million) chosen for an axis, after giving it nice ticks written with fixed
    decimals."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    magnitude = numbers.axis_scale(values, unit, chart.scale, style.numerals)
    decimals_by_view: dict[tuple[float, ...], int] = {}

    def format_tick(value: float, pos: int | None = None) -> str:
        view = tuple(axis.get_view_interval())
        if view not in decimals_by_view:
            decimals_by_view[view] = numbers.tick_decimals(axis.get_majorticklocs(), magnitude)
        return numbers.axis_formatter(unit, magnitude, decimals_by_view[view])(value)

    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(format_tick))
    return magnitude


def _category_axis(ax: Axes, labels: list[str], style: DrawStyle, horizontal: bool = False) -> None:
    """Label the category axis: wrapped at style.label_wrap beside horizontal bars, fitted to the slots below."""
    if horizontal:
        ax.set_yticks(range(len(labels)), [_wrap(label, style.label_wrap) for label in labels])
        ax.invert_yaxis()
    else:
        _CATEGORIES[ax] = (list(labels), style)
        _fit_categories(ax)
    ax.tick_params(axis="y" if horizontal else "x", length=0, pad=style.font_size * 0.4)


def fit_category_labels(figure: Figure) -> None:
    """Fit the category labels under every plot again, now judged on the laid-out plot width.

    The draw functions fit them on the plot's size before layout (a guess); render calls this once the chart is
    drawn and its texts have their font, so the labels' size, wrapping and spacing suit the final plot. When the
    guess was right, that layout is final: the figure is drawn without laying it out again.
    """
    axes = [ax for ax in figure.axes if ax in _CATEGORIES]
    engine = figure.get_layout_engine()
    if axes and engine is not None:
        engine.execute(figure)
        if not [ax for ax in axes if _fit_categories(ax)]:
            figure.set_layout_engine("none")


def _fit_categories(ax: Axes) -> bool:
    """Set the category labels under a plot at the size and spacing that keep them apart (see _label_layout);
    return whether they changed.

    Labels kept whole (see _kept_whole) are never wrapped; the others wrap to their room. The first and last
    labels' room ends at the plot's edge, unless they could not fit there anyway (they then overhang it).
    """
    labels, style = _CATEGORIES[ax]
    slot = _slot_width(ax)
    edges = _edge_rooms(ax, len(labels), slot)
    rooms = [edge if _width_at(label, style.small_size) <= edge < slot else slot
             for label, edge in zip(labels, edges, strict=True)]
    whole = [(label, room) for label, room in zip(labels, rooms, strict=True) if _kept_whole(label, room, style)]
    size, step = _label_layout(whole, slot, style)
    shown = _shown(len(labels), step)
    texts = [label if (label, room) in whole else _wrap(label, _chars(min(slot * step, edge), size, style))
             for label, room, edge in zip(labels, rooms, edges, strict=True)]
    texts = [text if i in shown else "" for i, text in enumerate(texts)]
    ticks = ax.get_xticklabels()
    if [t.get_text() for t in ticks] == texts and all(t.get_fontsize() == size for t in ticks):
        return False
    ax.set_xticks(range(len(labels)), texts)
    ax.tick_params(axis="x", labelsize=size)
    return True


def _slot_width(ax: Axes) -> float:
    """Return the distance between two categories along the plot, in points."""
    low, high = ax.get_xlim()
    return ax.get_position().width * ax.figure.get_size_inches()[0] * 72 / max(abs(high - low), 1.0)


def _edge_rooms(ax: Axes, count: int, slot: float) -> list[float]:
    """Return the width each label has before it passes the plot's left or right edge (unbounded inside)."""
    low, high = sorted(ax.get_xlim())
    rooms = [math.inf] * count
    rooms[0] = 2 * max(0.0, -low) * slot
    rooms[-1] = min(rooms[-1], 2 * max(0.0, high - count + 1) * slot)
    return rooms


def _width_at(label: str, size: float) -> float:
    """Return the room a label takes at size, in points, the gap to its neighbours included."""
    return (_label_width(label) + LABEL_GAP) * size


def _chars(room: float, size: float, style: DrawStyle) -> int:
    """Return how many characters of a label at size fit a room, between 2 and style.label_wrap."""
    return max(2, min(style.label_wrap, int(room / size - LABEL_GAP)))


def _label_layout(whole: list[tuple[str, float]], slot: float, style: DrawStyle) -> tuple[float, int]:
    """Return the size of the category labels and the step between the labels shown.

    The labels kept whole, given with their rooms, are set at the chart's size when they fit their rooms, else
    one step smaller (the small size); when they still collide, every other label is shown (every third, … if
    need be).
    """
    for size in (style.font_size, style.small_size):
        if all(_width_at(label, size) <= room for label, room in whole):
            return size, 1
    widest = max(_width_at(label, style.small_size) for label, _ in whole)
    step = 2
    while widest > slot * step and step < len(whole):
        step += 1
    return style.small_size, step


def _kept_whole(label: str, room: float, style: DrawStyle) -> bool:
    """Return whether a category label is never wrapped: a short one, or one fitting its room at the small size."""
    if len(label) <= SHORT_LABEL:
        return True
    return _label_width(label) <= style.label_wrap and _width_at(label, style.small_size) <= room


def _shown(count: int, step: int) -> set[int]:
    """Return the positions of the labels shown: every step-th one, the first and the last always."""
    shown = list(range(0, count - 1, step))
    if len(shown) > 1 and count - 1 - shown[-1] < step:
        shown.pop()
    return {*shown, count - 1}


def _wrap(label: str, width: int) -> str:
    """Return label broken into even lines about width characters wide, at phrase edges when phrases fit.

    A short label (SHORT_LABEL characters or fewer) is never broken, and no line ends with a digit, so a number
    stays with its unit ("10月", "2024年").
    """
    from publisher.text.breaking import break_lines, break_title

    if len(label) <= SHORT_LABEL or _label_width(label) <= width:
        return label
    width = max([width, *(_label_width(glued) for glued in NUMBER_WITH_UNIT.findall(label))])
    rules = _label_rules()
    lines = break_title(label, width, _label_width, rules, MAX_LABEL_LINES) or break_lines(
        label, width, _label_width, rules)
    return "\n".join(line.text for line in lines)


def _label_width(text: str) -> float:
    """Return the width of text in ideographs: Latin letters and digits count about half; CJK fonts set quotes,
    dashes and the other general punctuation (U+2000 on) and % about full width."""
    return sum(1.0 if ord(c) >= FULL_FROM or c == "%" else HALF_WIDTH for c in text)


@cache
def _label_rules():
    from publisher.text.breaking import load_rules

    rules = load_rules("basic")
    return replace(rules, no_end=rules.no_end + DIGITS)


def _frame(ax: Axes, style: DrawStyle, values_on: str, grid: bool = True) -> None:
    """Keep only the category baseline and, when the theme asks, light grid lines across the values."""
    baseline = "bottom" if values_on == "y" else "left"
    for side, spine in ax.spines.items():
        spine.set_visible(side == baseline)
    ax.spines[baseline].set_color(style.rule)
    ax.tick_params(length=0, labelcolor=style.text)
    if grid and style.grid:
        ax.grid(axis=values_on, color=style.rule, linewidth=0.6)
        ax.set_axisbelow(True)


def _unit_note(ax: Axes, unit: str, magnitude: numbers.Magnitude, style: DrawStyle, side: str = "left") -> None:
    shown = style.numerals.axis_unit(unit, magnitude)
    if not shown or unit == "%":
        return
    ax.annotate(style.unit_label.format(unit=shown), xy=(0 if side == "left" else 1, 1), xycoords="axes fraction",
                xytext=(0, style.font_size * 0.7), textcoords="offset points", ha=side, va="bottom",
                fontsize=style.small_size, color=style.muted)


def _legend(ax: Axes, style: DrawStyle, extra: Axes | None = None) -> None:
    """Put a legend under the plot, outside the data, when more than one series is drawn."""
    handles, labels = ax.get_legend_handles_labels()
    if extra is not None:
        more_handles, more_labels = extra.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    if len(handles) < 2:
        return
    ax.figure.legend(handles, labels, loc="outside lower center", ncols=min(len(handles), LEGEND_COLUMNS),
                     frameon=False, fontsize=style.small_size, handlelength=1.2, columnspacing=1.6,
                     labelcolor=style.text)


# ---------------------------------------------------------------- data helpers


def _unit(series: Sequence[Series], chart: Chart) -> str:
    """Return an axis's unit: its first series' own unit, else the chart's."""
    return (series[0].unit if series else "") or chart.unit


def _all_values(series: Sequence[Series]) -> list[float]:
    return [v for one in series for v in one.values]


def _is_line(series: Series) -> bool:
    return series.kind == "line" or series.axis == "right"


def _descending(values: list[float]) -> list[int]:
    return sorted(range(len(values)), key=lambda i: -values[i])


def _reordered(series: Series, order: list[int]) -> Series:
    return series.model_copy(update={"values": [series.values[i] for i in order]})
