"""Numbers for Chinese readers: the author's numbers as written, re-expressed in 万/亿 only exactly and only when
asked (GB/T 15835); axis ticks, the tool's own numbers, with trimmed decimals and 千分撇 when unscaled."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from publisher.written import exact, unsigned, written_text

Scale = Literal["auto", "none", "万", "亿"]
MAGNITUDES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}  # ascending
MAGNITUDE_PREFIXES = ("万", "亿", "十万", "百万", "千万", "萬", "億", "十萬", "百萬", "千萬")
DEFAULT_DECIMALS = 2
TICK_DECIMALS_MAX = 3


def carries_magnitude(unit: str) -> bool:
    """Return whether a unit already holds a magnitude (万元, 亿元, 万人次), so its numbers are never rescaled."""
    return unit.startswith(MAGNITUDE_PREFIXES)


def format_number(value: float, unit: str = "", scale: Scale = "auto", decimals: int | None = None) -> str:
    """Return an author's number with its unit, as written: 14.0 → "14.0"; scaled only as `scale` asks, exactly
    (14500 with 万 → "1.45万", 230260000000 元 auto → "2302.6亿元"); rounded only to `decimals` when given.
    """
    magnitude = _single_scale(value, unit, scale)
    return f"{written(value, magnitude, decimals)}{magnitude}{unit}"


def written(value: float, magnitude: str = "", decimals: int | None = None) -> str:
    """Return an author's number as it is shown: its written text ("14.0", "2302.60", "-0.5", "1,234").

    Divided by a magnitude (万, 亿), the decimal point moves and nothing is rounded: 14500 → "1.45", 1234567 →
    "123.4567"; decimals written are kept (14000.0 in 万 → "1.4"). Only `decimals`, the author's own request,
    rounds (half away from zero) or pads: 3.14159 with 2 → "3.14", 2 with 1 → "2.0".
    """
    if not magnitude and decimals is None:
        return written_text(value)
    number = exact(value)
    shifted = number.scaleb(-MAGNITUDES[magnitude].adjusted()) if magnitude else number
    if decimals is not None:
        return _digits(shifted, decimals, fixed=True, group=False)
    kept = max(0, -number.as_tuple().exponent)
    trimmed = shifted.normalize()
    if -trimmed.as_tuple().exponent < kept:
        trimmed = trimmed.quantize(Decimal(1).scaleb(-kept))
    return format(trimmed if trimmed != 0 else abs(trimmed), "f")


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
    """Return a tick value (the tool's number, not the author's) divided by magnitude ("", "万", "亿") as digits,
    rounded to decimals (default at most 2); unscaled ticks ≥ 10000 get 千分撇."""
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


def label_formatter(unit: str = "", magnitude: str = "", decimals: int | None = None) -> Callable[[float], str]:
    """Return the formatter of a chart's data labels: each value as written (see `written`) in the axis's
    magnitude, "%" kept for percent axes."""
    suffix = "%" if unit == "%" else ""

    def format_label(value: float) -> str:
        return written(value, magnitude, decimals) + suffix

    return format_label


def _single_scale(value: float, unit: str, scale: Scale) -> str:
    if scale == "auto" and not (unit == "%" or carries_magnitude(unit)):
        return _auto_scale(abs(value))
    return axis_scale([value], unit, scale)


def _auto_scale(size: float) -> str:
    """Return the largest magnitude not above size ("" below 10000)."""
    return next((name for name, magnitude in reversed(MAGNITUDES.items()) if size >= magnitude), "")


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


QUALIFIERS_AFTER = "余餘多"  # 190余次, 1.4万余件, 3.5萬餘人; other qualifiers (近, 超, 突破) come before the number
MAGNITUDE_WORDS = ("万亿", "万", "亿")  # the magnitudes a scale writes
WRITTEN_MAGNITUDES = ("万亿", "萬億", "万", "萬", "亿", "億")  # and those an author may write, in either script
NUMERIC_CELL = re.compile(r"""
    (约|約|近|超|逾|超过|超過|突破)?           # a qualifier before: 近50%
    [(（]?[-+−]?\d[\d,]*(\.\d+)?[)）]?     # the number: 2,302.6, -3, (1,500)
    (万亿|萬億|万|萬|亿|億)?[余餘多]?         # magnitude and qualifier after: 1.4万余
    ([%‰]|[\u4e00-\u9fff]{1,3}(/[\u4e00-\u9fff]{1,2})?)?  # a unit: %, 家, 亿元, 人次, 元/吨
    """, re.VERBOSE)


WRITTEN_PARTS = re.compile(r"(?P<sign>[-+−]?)(?P<whole>[\d,，]*)(?:\.(?P<fraction>\d*))?(?:[eE](?P<esign>[-+]?)"
                           r"(?P<exponent>\d+))?")


def excel_number_format(value: float) -> str:
    """Return the Excel number format code that shows a number as written, for native charts' caches and data
    labels: "14.0" → 0.0, "2302.60" → 0.00, "1,234" → #,##0, "0012" → 0000, "+5" → "+"0, "1e-7" → 0E-0."""
    parts = WRITTEN_PARTS.fullmatch(written_text(value))
    if parts is None:
        return "General"
    whole = parts["whole"].replace("，", ",")
    bare = whole.replace(",", "")
    code = "#,##0" if "," in whole else "0" * len(bare) if len(bare) > 1 and bare.startswith("0") else "0"
    code = code if bare else "#"
    if parts["fraction"]:
        code += "." + "0" * len(parts["fraction"])
    if parts["exponent"] is not None:
        code += ("E+" if parts["esign"] == "+" else "E-") + "0"
    return {"+": f'"+"{code};-{code}', "−": f'{code};"−"{code}'}.get(parts["sign"], code)


def cache_number(value: float) -> str:
    """Return a number as a chart cache holds it (an xsd:double): its written digits, grouping and typographic
    minus removed: "2302.60" stays "2302.60", "1,234" → "1234", "−0.5" → "-0.5"."""
    text = written_text(value).replace(",", "").replace("，", "").replace("−", "-")
    return text if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text) else repr(float(value))


def cell_text(value: float | str) -> str:
    """Return a table cell as written: text as it is, a number in its written form (14.0, 2302.60, 0012)."""
    return value if isinstance(value, str) else written_text(value)


def numeric_cell(text: str) -> bool:
    """Return whether a table cell holds one number, with its unit if any: such columns are right-aligned."""
    return NUMERIC_CELL.fullmatch(text.strip()) is not None


def figure_parts(value: float | str, unit: str = "", qualifier: str = "", prefix: str = "",
                 scale: Scale = "none") -> tuple[str, str, str]:
    """Return (before, number, after) of a key figure: 近 / 50 / %, "" / 190 / 余次, "" / 3.5 / 万余人 (GB/T 15835).

    The number is as written; `scale` (the KPI's) may re-express it exactly: 230260000000 元 → 2302.6 / 亿元.
    """
    if isinstance(value, str):
        number = value
    else:
        magnitude = _single_scale(value, unit, scale)
        number, unit = written(value, magnitude), magnitude + unit
    if qualifier and qualifier in QUALIFIERS_AFTER:
        magnitude = next((m for m in WRITTEN_MAGNITUDES if unit.startswith(m)), "")
        return prefix, number, magnitude + qualifier + unit[len(magnitude):]
    return prefix + qualifier, number, unit


def change_text(change: float | None, unit: str = "%", arrows: tuple[str, str] = ("▲", "▼")) -> str:
    """Return a change as ▲5.2% / ▼0.3个百分点 (arrows: the locale's up and down), or "" when there is none."""
    if change is None:
        return ""
    arrow = arrows[0] if change > 0 else arrows[1] if change < 0 else ""
    return arrow + unsigned(written(change)) + unit
