"""Numbers as their authors wrote them, re-expressed in a magnitude (万/亿, 萬/億, million/billion) only exactly and
only when asked (GB/T 15835), the magnitude's word and the space before a unit in the document's language; axis
ticks, the tool's own numbers, with trimmed decimals and 千分撇 when unscaled."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from publisher.text.written import exact, unsigned, written_text

Scale = Literal["auto", "none", "thousand", "million", "billion", "trillion", "千", "万", "萬", "百万", "百萬", "亿",
                "億", "万亿", "萬億"]
SCALE_POWERS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "千": 3, "万": 4, "萬": 4, "百万": 6,
                "百萬": 6, "亿": 8, "億": 8, "万亿": 12, "萬億": 12}  # the power of ten each explicit scale names
MAGNITUDE_PREFIXES = ("万", "亿", "十万", "百万", "千万", "萬", "億", "十萬", "百萬", "千萬")
MAGNITUDE_TOKENS = frozenset({"k", "K", "M", "mn", "bn", "tn", "thousand", "thousands", "million", "millions",
                              "billion", "billions", "trillion", "trillions", "lakh", "crore"})
CURRENCY_SIGN = re.compile(r"[A-Z]{0,3}[$€£¥￥₩₹₽₺₫฿₱]")  # $, US$, HK$, ¥
CURRENCY_CODES = frozenset(re.findall(r"[A-Z]{3}", """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
    CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
    HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
    MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
    RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
    USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL RMB"""))  # ISO 4217, and RMB
DEFAULT_DECIMALS = 2
TICK_DECIMALS_MAX = 3


class Magnitude(NamedTuple):
    """A power of ten a number is divided by, and its word as the document writes it: (4, "万"), (6, "million")."""

    power: int = 0
    word: str = ""


NONE = Magnitude()


@dataclass(frozen=True)
class Numerals:
    """How a language writes what follows a number (a locale's number words, layouts/locales/*.yaml): the words of
    the magnitudes a scale writes, those `auto` picks from, and the space between a number and its unit.

    The defaults are Simplified Chinese: 万/亿/万亿 for auto, no space before a unit (1.45万家)."""

    magnitudes: tuple[tuple[int, str], ...] = ((3, "千"), (4, "万"), (6, "百万"), (8, "亿"), (9, "十亿"), (12, "万亿"))
    auto: tuple[int, ...] = (4, 8, 12)
    unit_space: str = ""  # between a number (or a magnitude word) and a unit starting with a letter: 12 km
    tight: tuple[str, ...] = ()  # unit words written against the number even so: 3.5bn, 50M
    scaled_unit: str = "{magnitude}{unit}"  # an axis's unit once scaled: 万家, million people
    scaled_currency: str = "{magnitude}{unit}"  # the same for a currency: USD million

    def word(self, power: int, asked: str = "") -> str:
        """Return the word of a power of ten; a power the language has no word for keeps the word asked for."""
        return dict(self.magnitudes).get(power, asked)

    def spaced(self, unit: str) -> str:
        """Return a unit as it follows a number: after a space when the language spaces word units (12 km,
        5 million, but 45%, 3.5bn, 50M+, 家); a unit the author began with a space as written."""
        if not unit or not self.unit_space or unit[0].isspace() or not _latin_letter(unit[0]):
            return unit
        word = re.match(r"[^\W\d_]+", unit)
        return unit if word and word.group() in self.tight else self.unit_space + unit

    def after(self, unit: str, magnitude: Magnitude = NONE) -> str:
        """Return what follows a number: its magnitude word and unit ("万家", " million people", "%", " km²")."""
        if not magnitude.word:
            return self.spaced(unit)
        after_word = self.unit_space if _latin_letter(magnitude.word[-1]) and unit[:1].isalpha() else ""
        return self.spaced(magnitude.word) + (after_word + unit if after_word else self.spaced(unit))

    def before(self, *words: str) -> str:
        """Return the words before a number (qualifier, prefix), a space after a word that ends in a letter when the
        language spaces them: "over $", "USD ", "约", "~"."""
        out = ""
        for word in filter(None, words):
            out += (self.unit_space if out and _latin_letter(out[-1]) and not word[0].isspace() else "") + word
        return out + (self.unit_space if out and _latin_letter(out[-1]) else "")

    def axis_unit(self, unit: str, magnitude: Magnitude) -> str:
        """Return the unit as an axis names it once its numbers are divided by magnitude: 万家, 萬人, million people,
        USD million."""
        if not magnitude.word:
            return unit
        if not unit:
            return magnitude.word
        template = self.scaled_currency if is_currency(unit) else self.scaled_unit
        return template.format(magnitude=magnitude.word, unit=unit)

    def magnitude(self, scale: str) -> Magnitude:
        """Return the magnitude an explicit scale (万, 萬, million …) names, in this language's word."""
        power = SCALE_POWERS[scale]
        return Magnitude(power, self.word(power, scale))

    def choices(self) -> list[Magnitude]:
        """Return the magnitudes `auto` picks from, largest first."""
        return sorted((Magnitude(p, self.word(p)) for p in self.auto if self.word(p)), reverse=True)

    def words(self) -> str:
        """Return the characters of every magnitude word (for fonts)."""
        return "".join(word for _, word in self.magnitudes)


CHINESE = Numerals()


def is_currency(unit: str) -> bool:
    """Return whether a unit or prefix names a currency: an ISO 4217 code (USD, HKD, RMB) or a sign ($, US$, €)."""
    return unit in CURRENCY_CODES or CURRENCY_SIGN.fullmatch(unit) is not None


def _latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.east_asian_width(char) not in "WF"


def carries_magnitude(unit: str) -> bool:
    """Return whether a unit already holds a magnitude (万元, 亿元, 万人次, million yuan, USD bn, 100m yuan), so its
    numbers are never rescaled."""
    stripped = unit.strip()
    return stripped.startswith(MAGNITUDE_PREFIXES) or stripped[:1].isdigit() or any(
        word in MAGNITUDE_TOKENS for word in re.findall(r"[A-Za-z]+", stripped))


def format_number(value: float, unit: str = "", scale: Scale = "auto", decimals: int | None = None,
                  numerals: Numerals = CHINESE) -> str:
    """Return an author's number with its unit, as written: 14.0 → "14.0"; scaled only as `scale` asks, exactly
    (14500 with 万 → "1.45万", 230260000000 元 auto → "2302.6亿元", 2302600000 USD auto in English → "2.3026 billion
    USD"); rounded only to `decimals` when given.
    """
    magnitude = _single_scale(value, unit, scale, numerals)
    return written(value, magnitude, decimals) + numerals.after(unit, magnitude)


def written(value: float, magnitude: Magnitude = NONE, decimals: int | None = None) -> str:
    """Return an author's number as it is shown: its written text ("14.0", "2302.60", "-0.5", "1,234").

    Divided by a magnitude (万, million), the decimal point moves and nothing is rounded: 14500 → "1.45", 1234567 →
    "123.4567"; decimals written are kept (14000.0 in 万 → "1.4"). Only `decimals`, the author's own request,
    rounds (half away from zero) or pads: 3.14159 with 2 → "3.14", 2 with 1 → "2.0".
    """
    if not magnitude.power and decimals is None:
        return written_text(value)
    number = exact(value)
    shifted = number.scaleb(-magnitude.power) if magnitude.power else number
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


def axis_scale(values: Iterable[float], unit: str = "", scale: Scale = "auto",
               numerals: Numerals = CHINESE) -> Magnitude:
    """Return the magnitude shared by every number of one axis (NONE when its numbers are shown as they are).

    "auto" takes the largest of the language's magnitudes (万/亿/万亿; million/billion/trillion) the biggest value
    reaches, provided that the smallest non-zero value still reads as at least 0.1 of it: [14500, 9800] → 万, but
    [10200, 352] → NONE (not "0.04万"). An explicit scale (万, million …) is written in the language's word.
    """
    if scale == "none" or unit == "%" or carries_magnitude(unit):
        return NONE
    if scale != "auto":
        return numerals.magnitude(scale)
    sizes = [abs(v) for v in values if v]
    for magnitude in numerals.choices():
        if sizes and max(sizes) >= 10 ** magnitude.power and min(sizes) >= 10 ** (magnitude.power - 1):
            return magnitude
    return NONE


def format_digits(value: float, magnitude: Magnitude = NONE, decimals: int | None = None) -> str:
    """Return a tick value (the tool's number, not the author's) divided by magnitude as digits, rounded to
    decimals (default at most 2); unscaled ticks ≥ 10000 get 千分撇."""
    number = _decimal(value).scaleb(-magnitude.power)
    places = DEFAULT_DECIMALS if decimals is None else decimals
    return _digits(number, places, fixed=decimals is not None, group=not magnitude.power)


def tick_decimals(ticks: Iterable[float], magnitude: Magnitude = NONE) -> int:
    """Return the fewest decimals (at most 3) that write every tick exactly once divided by magnitude."""
    divisor = float(10 ** magnitude.power)
    exponents = [Decimal(f"{t / divisor:.10g}").normalize().as_tuple().exponent for t in ticks]
    return max(0, min(TICK_DECIMALS_MAX, max((-int(e) for e in exponents), default=0)))


def axis_formatter(unit: str = "", magnitude: Magnitude = NONE, decimals: int | None = None) -> Callable[..., str]:
    """Return a tick formatter f(value, pos=None): digits divided by magnitude, "%" kept for percent axes."""
    suffix = "%" if unit == "%" else ""

    def format_tick(value: float, pos: int | None = None) -> str:
        return format_digits(value, magnitude, decimals) + suffix

    return format_tick


def label_formatter(unit: str = "", magnitude: Magnitude = NONE,
                    decimals: int | None = None) -> Callable[[float], str]:
    """Return the formatter of a chart's data labels: each value as written (see `written`) in the axis's
    magnitude, "%" kept for percent axes."""
    suffix = "%" if unit == "%" else ""

    def format_label(value: float) -> str:
        return written(value, magnitude, decimals) + suffix

    return format_label


def _single_scale(value: float, unit: str, scale: Scale, numerals: Numerals) -> Magnitude:
    """Return the magnitude of one number: with auto, the largest of the language's not above it (NONE below the
    smallest: 10000 in Chinese, a million in English)."""
    if scale == "auto" and not (unit == "%" or carries_magnitude(unit)):
        return next((m for m in numerals.choices() if abs(value) >= 10 ** m.power), NONE)
    return axis_scale([value], unit, scale, numerals)


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


def figure_parts(value: float | str, unit: str = "", qualifier: str = "", prefix: str = "", scale: Scale = "none",
                 numerals: Numerals = CHINESE) -> tuple[str, str, str]:
    """Return (before, number, after) of a key figure: 近 / 50 / %, "" / 190 / 余次, "" / 3.5 / 万余人 (GB/T 15835);
    in English "over $" / 50 / " million", "" / 12 / " km²".

    The number is as written; `scale` (the KPI's) may re-express it exactly: 230260000000 元 → 2302.6 / 亿元. A
    qualifier goes before a currency prefix (over $50), after any other (全省近50%).
    """
    if isinstance(value, str):
        number, magnitude = value, NONE
    else:
        magnitude = _single_scale(value, unit, scale, numerals)
        number = written(value, magnitude)
    if qualifier and qualifier in QUALIFIERS_AFTER:
        written_magnitude = next((m for m in WRITTEN_MAGNITUDES if unit.startswith(m)), "")
        word, unit = (magnitude.word, unit) if magnitude.word else (written_magnitude, unit[len(written_magnitude):])
        return numerals.before(prefix), number, numerals.spaced(word) + qualifier + numerals.spaced(unit)
    words = (qualifier, prefix) if is_currency(prefix.strip()) else (prefix, qualifier)
    return numerals.before(*words), number, numerals.after(unit, magnitude)


def change_text(change: float | None, unit: str = "%", arrows: tuple[str, str] = ("▲", "▼"),
                numerals: Numerals = CHINESE) -> str:
    """Return a change as ▲5.2% / ▼0.3个百分点 / ▲1.5 percentage points (arrows: the locale's up and down), or ""
    when there is none."""
    if change is None:
        return ""
    arrow = arrows[0] if change > 0 else arrows[1] if change < 0 else ""
    return arrow + unsigned(written(change)) + numerals.spaced(unit)
