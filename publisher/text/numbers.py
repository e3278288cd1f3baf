"""Numbers for Chinese readers: 万/亿 magnitudes, trimmed decimals, grouping only for unscaled numbers (GB/T 15835)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Scale = Literal["auto", "none", "万", "亿"]
MAGNITUDES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}  # ascending
MAGNITUDE_PREFIXES = ("万", "亿", "十万", "百万", "千万")
DEFAULT_DECIMALS = 2
TICK_DECIMALS_MAX = 3


def carries_magnitude(unit: str) -> bool:
    """Return whether a unit already holds a magnitude (万元, 亿元, 万人次), so its numbers are never rescaled."""
    return unit.startswith(MAGNITUDE_PREFIXES)


def format_number(value: float, unit: str = "", scale: Scale = "auto", decimals: int | None = None) -> str:
    """Return value written for a Chinese reader: 14500 → "1.45万", 3.5e9 with 元 → "35亿元", scale none → "14,500".

    `decimals` fixes the number of decimals; None rounds to at most 2 and trims trailing zeros.
    """
    magnitude = _single_scale(value, unit, scale, decimals)
    return f"{format_digits(value, magnitude, decimals)}{magnitude}{unit}"


def format_percent(fraction: float, decimals: int = 1) -> str:
    """Return a fraction as a percentage with at most `decimals` decimals, trailing zeros trimmed: 0.497 → "49.7%"."""
    return f"{_digits(_decimal(fraction) * 100, decimals, fixed=False, group=False)}%"


def axis_scale(values: Iterable[float], unit: str = "", scale: Scale = "auto") -> str:
    """Return the magnitude ("", "万", "亿" or "万亿") shared by every number of one axis.

    "auto" takes the largest magnitude the biggest value reaches, provided that the smallest non-zero value
    still reads as at least 0.1 of it: [14500, 9800] → "万", but [10200, 352] → "" (not "0.04万").
    """
    if scale == "none" or unit == "%" or carries_magnitude(unit):
        return ""
    if scale != "auto":
        return scale
    sizes = [abs(v) for v in values if v]
    for name, magnitude in reversed(MAGNITUDES.items()):
        if sizes and max(sizes) >= magnitude and min(sizes) >= magnitude / 10:
            return name
    return ""


def scaled_unit(unit: str, magnitude: str) -> str:
    """Return the unit as an axis names it once the numbers are divided by magnitude: ("家", "万") → "万家"."""
    return f"{magnitude}{unit}"


def format_digits(value: float, magnitude: str = "", decimals: int | None = None) -> str:
    """Return value divided by magnitude ("", "万", "亿") as digits only; unscaled numbers ≥ 10000 get 千分撇."""
    number = _decimal(value) / MAGNITUDES[magnitude] if magnitude else _decimal(value)
    places = DEFAULT_DECIMALS if decimals is None else decimals
    return _digits(number, places, fixed=decimals is not None, group=not magnitude)


def tick_decimals(ticks: Iterable[float], magnitude: str = "") -> int:
    """Return the fewest decimals (at most 3) that write every tick exactly once divided by magnitude."""
    divisor = float(MAGNITUDES.get(magnitude, 1))
    exponents = [Decimal(f"{t / divisor:.10g}").normalize().as_tuple().exponent for t in ticks]
    return max(0, min(TICK_DECIMALS_MAX, max((-int(e) for e in exponents), default=0)))


def axis_formatter(unit: str = "", magnitude: str = "", decimals: int | None = None) -> Callable[..., str]:
    """Return a tick formatter f(value, pos=None): digits divided by magnitude, "%" kept for percent axes."""
    suffix = "%" if unit == "%" else ""

    def format_tick(value: float, pos: int | None = None) -> str:
        return format_digits(value, magnitude, decimals) + suffix

    return format_tick


def _single_scale(value: float, unit: str, scale: Scale, decimals: int | None) -> str:
    if scale == "auto" and not (unit == "%" or carries_magnitude(unit)):
        return _auto_scale(abs(value), DEFAULT_DECIMALS if decimals is None else decimals)
    return axis_scale([value], unit, scale)


def _auto_scale(size: float, decimals: int) -> str:
    """Return the largest magnitude not above size, or the next one when the number would round to 10000 of it."""
    chosen = ""
    for name, magnitude in MAGNITUDES.items():
        if size >= magnitude or _round(_decimal(size) / MAGNITUDES.get(chosen, 1), decimals) >= 10000:
            chosen = name
    return chosen


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _round(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits(number: Decimal, places: int, fixed: bool, group: bool) -> str:
    rounded = _round(number, places)
    if rounded == 0:
        rounded = abs(rounded)
    if not fixed:
        rounded = rounded.normalize() if rounded != rounded.to_integral() else rounded.quantize(Decimal(1))
    grouping = "," if group and abs(rounded) >= 10000 else ""
    return format(rounded, f"{grouping}f")


QUALIFIERS_AFTER = "余多"  # 190余次, 1.4万余件; other qualifiers (近, 超, 突破) come before the number
MAGNITUDE_WORDS = ("万亿", "万", "亿")
NUMERIC_CELL = re.compile(r"""
    (约|近|超|逾|超过|突破)?                  # a qualifier before: 近50%
    [(（]?[-+−]?\d[\d,]*(\.\d+)?[)）]?     # the number: 2,302.6, -3, (1,500)
    (万亿|万|亿)?[余多]?                      # magnitude and qualifier after: 1.4万余
    ([%‰]|[\u4e00-\u9fff]{1,3}(/[\u4e00-\u9fff]{1,2})?)?  # a unit: %, 家, 亿元, 人次, 元/吨
    """, re.VERBOSE)


def numeric_cell(text: str) -> bool:
    """Return whether a table cell holds one number, with its unit if any: such columns are right-aligned."""
    return NUMERIC_CELL.fullmatch(text.strip()) is not None


def figure_parts(value: float | str, unit: str = "", qualifier: str = "", prefix: str = "") -> tuple[str, str, str]:
    """Return (before, number, after) of a key figure: 近 / 50 / %, "" / 190 / 余次, "" / 3.5 / 万余人 (GB/T 15835)."""
    number = value if isinstance(value, str) else format_number(value, "", "none")
    if qualifier and qualifier in QUALIFIERS_AFTER:
        magnitude = next((m for m in MAGNITUDE_WORDS if unit.startswith(m)), "")
        return prefix, number, magnitude + qualifier + unit[len(magnitude):]
    return prefix + qualifier, number, unit


def change_text(change: float | None, unit: str = "%", arrows: tuple[str, str] = ("▲", "▼")) -> str:
    """Return a change as ▲5.2% / ▼0.3个百分点 (arrows: the locale's up and down), or "" when there is none."""
    if change is None:
        return ""
    arrow = arrows[0] if change > 0 else arrows[1] if change < 0 else ""
    return arrow + format_number(abs(change), "", "none") + unit
