"""The look of one chart rendition: what a draw function reads instead of the whole theme.

Draw functions set sizes, weights and colours only; `render` gives every text the chart font file afterwards,
so no draw function ever names a font.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from publisher.text.numbers import Numerals
from publisher.theme.styles import Theme

Target = Literal["deck", "report"]
SMALL = 0.86  # value labels, legends and unit notes, relative to the body size


@dataclass(frozen=True)
class DrawStyle:
    """Colours (#RRGGBB), sizes (pt) and switches for drawing one chart in one output."""

    palette: tuple[str, ...]
    highlight: str
    text: str
    muted: str
    rule: str
    background: str
    font_size: float
    title_size: float
    grid: bool
    value_labels: bool
    label_wrap: int
    min_slice: float
    unit_label: str  # the unit note of an axis, in the document's language: "单位：{unit}", "Unit: {unit}"
    others: str  # the slice grouping a pie's thin slices: 其他, Other
    grouped: str  # its name, saying it holds a sum: "{others}（{count}项合计）"
    right_axis: str  # after the legend name of a combo chart's right-axis series: （右轴）
    numerals: Numerals  # the language's magnitude words (万, million) and unit spacing

    @property
    def small_size(self) -> float:
        """Return the size of value labels, legends and unit notes."""
        return round(self.font_size * SMALL, 1)

    def color(self, index: int) -> str:
        """Return the palette colour of the index-th series or slice, cycling through the palette."""
        return self.palette[index % len(self.palette)]

    def ink_on(self, fill: str) -> str:
        """Return the text colour readable on a fill: the background on dark fills, the text colour on light ones."""
        red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
        luminance = 0.299 * red + 0.587 * green + 0.114 * blue
        return self.background if luminance < 150 else self.text


def draw_style(theme: Theme, target: Target) -> DrawStyle:
    """Return the draw style of a theme's charts for the deck or the report, its words in the theme's locale."""
    charts, colors = theme.charts, theme.colors
    rendition = charts.deck if target == "deck" else charts.report
    return DrawStyle(
        palette=tuple(_hex(c) for c in charts.palette),
        highlight=_hex(charts.highlight),
        text=_hex(colors.text),
        muted=_hex(colors.muted),
        rule=_hex(colors.rule),
        background=_hex(colors.background),
        font_size=rendition.font_size,
        title_size=rendition.title_size,
        grid=charts.grid,
        value_labels=charts.value_labels,
        label_wrap=charts.label_wrap,
        min_slice=charts.min_slice,
        unit_label=theme.locale.unit,
        others=theme.locale.others,
        grouped=theme.locale.grouped,
        right_axis=theme.locale.right_axis,
        numerals=theme.locale.numerals(),
    )


def _hex(color: str) -> str:
    return f"#{color.upper()}"
