"""Excel number formats: the text a worksheet cell shows, so that a table reads like the spreadsheet.

Rendered: General; digit patterns (0, #,##0, 0.00, 0.0#, and a trailing , for thousands); percent; literal text in
quotes, after a backslash or unquoted (亿元, 年); up to three sections (positive;negative;zero), their colours and
locale tags ignored; dates and times (y m d h s). Anything else (fractions, exponents, conditions, month names,
12-hour clocks, elapsed time) gives None and the caller shows General. Rounding is Excel's: on the value's 15
significant digits, half away from zero.
"""
from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

Value = int | float | datetime.datetime | datetime.date | datetime.time
Part = tuple[str, str]  # (kind, text): ("literal", "亿元"), ("number", "#,##0.0"), ("general", ""), ("date", "yyyy")

# Built-in formats whose look depends on the language, as Chinese Excel shows them (openpyxl reports 14 as
# 'mm-dd-yy', 22 as 'm/d/yy h:mm' and the others as General).
LOCAL_BUILTINS = {
    14: "yyyy/m/d", 22: "yyyy/m/d h:mm", 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
    **dict.fromkeys((27, 36, 50, 52, 57), 'yyyy"年"m"月"'),
    **dict.fromkeys((28, 29, 51, 53, 54, 58), 'm"月"d"日"'),
    31: 'yyyy"年"m"月"d"日"',
}
TOKEN = re.compile(r"""
    "(?P<quoted>[^"]*)"                               # literal text in quotes
  | [\\!](?P<escaped>.)                               # one literal character
  | [_*].                                             # _x: room as wide as x; *x: x repeated to fill: nothing here
  | \[(?P<bracket>[^\]]*)\]                           # a colour, a locale, a condition, elapsed time
  | (?P<general>General)
  | (?P<number>[0#?][0#?,]*(?:\.[0#?]*)?,*|\.[0#?]+,*)
  | (?P<date>y+|m+|d+|h+|s+)
  | (?P<unknown>AM/PM|A/P|上午/下午|[a-z@"\\_*\[])      # 12-hour clocks, exponents, names, text, unclosed marks
  | (?P<section>;)
  | (?P<literal>.)
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)
COLOUR = re.compile(r"black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+", re.IGNORECASE)
LOCALE = re.compile(r"\$(?P<symbol>[^-]*)(?:-(?P<locale>[0-9a-f]{1,4}|[a-z]{2,3}(?:-[a-z]{2,4})?))?", re.IGNORECASE)
SYSTEM_LOCALES = {"f800", "f400"}  # the computer's long date and time: unknown here
DECIMALS = re.compile(r"0*#*")  # required decimals, then optional ones
DATE_FIELDS = {
    "yy": lambda t: f"{t.year % 100:02d}", "yyyy": lambda t: f"{t.year:04d}",
    "m": lambda t: str(t.month), "mm": lambda t: f"{t.month:02d}",
    "d": lambda t: str(t.day), "dd": lambda t: f"{t.day:02d}",
    "h": lambda t: str(t.hour), "hh": lambda t: f"{t.hour:02d}",
    "n": lambda t: str(t.minute), "nn": lambda t: f"{t.minute:02d}",  # minutes: m after h or before s
    "s": lambda t: str(t.second), "ss": lambda t: f"{t.second:02d}",
}
GENERAL_WIDTH = 11  # General shows a number in at most 11 characters, the sign aside
PRECISION = Context(prec=400, rounding=ROUND_HALF_UP)  # room for every digit of a float written out


@dataclass(frozen=True)
class Section:
    """One section of a format: its parts and how many % it has (each multiplies by 100)."""

    parts: tuple[Part, ...]
    percent: int = 0

    @property
    def is_date(self) -> bool:
        return any(kind == "date" for kind, _ in self.parts)


def shown(value: Value, code: str, epoch: datetime.datetime | None = None) -> str | None:
    """Return the text Excel shows for a number, date or time under a format code, or None when the code is not
    one rendered here. epoch is the workbook's date system, for numbers shown as dates."""
    sections = _parsed(code.strip() or "General")
    if sections is None:
        return None
    if isinstance(value, datetime.date | datetime.time):
        return _dated(value, sections[0])
    if not math.isfinite(value):
        return None
    section, sign = _section(sections, value)
    if section.is_date:
        return _dated(_serial_date(value, epoch), section) if value >= 0 else None
    with localcontext(PRECISION):
        return sign + _numbered(abs(_decimal(value)), section)


def general(value: int | float) -> str:
    """Return a number as Excel's General format shows it: up to 11 characters, an exponent only for numbers of
    12 or more digits and tiny ones."""
    if not math.isfinite(value):
        return str(value)
    with localcontext(PRECISION):
        return _general(_decimal(value))


def _general(number: Decimal) -> str:
    """Return a number as General shows it (see general)."""
    sign, number = ("-" if number < 0 else ""), abs(number)
    if not number:
        return "0"
    exponent = number.adjusted()
    if exponent >= GENERAL_WIDTH:
        return sign + _scientific(number)
    if exponent >= 0:
        return sign + _plain(number, max(0, GENERAL_WIDTH - 2 - exponent))
    places = GENERAL_WIDTH - 2  # '0.' and nine decimals
    if exponent < -4 and number != number.quantize(Decimal(1).scaleb(-places)):
        return sign + _scientific(number)
    return sign + _plain(number, places)


@lru_cache(maxsize=256)
def _parsed(code: str) -> tuple[Section, ...] | None:
    """Return the number sections of a format code (the text section is ignored), None if one is not rendered."""
    sections: list[list[Part]] = [[]]
    for match in TOKEN.finditer(code):
        if match["section"]:
            sections.append([])
            continue
        part = _part(match)
        if part is not None:
            sections[-1].append(part)
        elif len(sections) <= 3:
            return None  # a part of a number section not rendered here (the text section is never used)
    if len(sections) > 4:  # positive; negative; zero; text at most
        return None
    parsed = [_checked(parts) for parts in sections[:3]]
    return tuple(s for s in parsed if s is not None) if None not in parsed else None


def _part(match: re.Match) -> Part | None:
    """Return what one token of a format code is, ("literal", "") for what shows nothing, None if not rendered."""
    kind = match.lastgroup
    if kind in ("quoted", "escaped", "literal"):
        return "literal", match[kind]
    if kind == "bracket":
        return _bracket(match["bracket"])
    if kind in ("general", "number", "date"):
        return kind, match[kind]
    return ("literal", "") if kind is None else None  # None: _x and *x, which show nothing in a table


def _bracket(text: str) -> Part | None:
    """Return a [bracket] as a part: colours show nothing, a locale its currency symbol; anything else is None."""
    if COLOUR.fullmatch(text):
        return "literal", ""
    locale = LOCALE.fullmatch(text)
    if locale and (locale["locale"] or "").lower() not in SYSTEM_LOCALES:
        return "literal", locale["symbol"]
    return None


def _checked(parts: list[Part]) -> Section | None:
    """Return a section with one number at most, no number in a date, and only patterns rendered here."""
    kinds = [kind for kind, _ in parts]
    numbers = kinds.count("number") + kinds.count("general")
    if numbers > 1 or (numbers and "date" in kinds):
        return None
    if any(kind == "number" and not _number_ok(text) for kind, text in parts):
        return None
    dated = _date_parts(parts) if "date" in kinds else parts
    if dated is None:
        return None
    percent = sum(text.count("%") for kind, text in dated if kind == "literal")
    return Section(tuple(dated), percent)


def _number_ok(pattern: str) -> bool:
    """Return whether a digit pattern is rendered here: no ? (aligned digits), decimals like 00##."""
    _, _, decimals = pattern.rstrip(",").partition(".")
    return "?" not in pattern and bool(DECIMALS.fullmatch(decimals))


def _date_parts(parts: list[Part]) -> list[Part] | None:
    """Return a date section's parts with each field named as in DATE_FIELDS (minutes as n), None for month and
    day names."""
    fields = [i for i, (kind, _) in enumerate(parts) if kind == "date"]
    named = list(parts)
    for rank, i in enumerate(fields):
        code = parts[i][1].lower()
        before = parts[fields[rank - 1]][1].lower() if rank else ""
        after = parts[fields[rank + 1]][1].lower() if rank + 1 < len(fields) else ""
        letter = "n" if code[0] == "m" and (before.startswith("h") or after.startswith("s")) else code[0]
        if letter in "md" and len(code) > 2:
            return None
        size = (4 if len(code) > 2 else 2) if letter == "y" else min(len(code), 2)
        named[i] = ("date", letter * size)
    return named


def _section(sections: tuple[Section, ...], value: float) -> tuple[Section, str]:
    """Return the section that shows a number and the sign put before it (only the first section's negatives)."""
    if value < 0 and len(sections) > 1:
        return sections[1], ""
    if value == 0 and len(sections) > 2:
        return sections[2], ""
    return sections[0], "-" if value < 0 else ""


def _numbered(number: Decimal, section: Section) -> str:
    """Return a number (not negative) shown by a number section."""
    number *= 100 ** section.percent
    texts = {"literal": lambda text: text, "general": lambda _: general(float(number)),
             "number": lambda pattern: _digits(number, pattern)}
    return "".join(texts[kind](text) for kind, text in section.parts)


def _digits(number: Decimal, pattern: str) -> str:
    """Return a number (not negative) by a digit pattern: '#,##0.0' → '12,345.7'; each trailing ',' divides by
    1000."""
    body = pattern.rstrip(",")
    number /= 1000 ** (len(pattern) - len(body))
    whole, point, decimals = body.partition(".")
    fixed = f"{number.quantize(Decimal(1).scaleb(-len(decimals)), ROUND_HALF_UP):f}"
    integer, _, fraction = fixed.partition(".")
    required = decimals.count("0")
    fraction = fraction[:required] + fraction[required:].rstrip("0")
    integer = integer.lstrip("0").rjust(whole.count("0"), "0")
    return (_grouped(integer) if "," in whole else integer) + point + fraction


def _grouped(digits: str) -> str:
    """Return digits with a comma between thousands: '1234567' → '1,234,567'."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def _dated(value: datetime.date | datetime.time | None, section: Section) -> str | None:
    """Return a date or time shown by a date section, None if the section is not one (or a time has no date)."""
    if value is None or not section.is_date:
        return None
    if isinstance(value, datetime.time):
        if any(kind == "date" and text[0] in "ymd" for kind, text in section.parts):
            return None
        value = datetime.datetime.combine(datetime.date(1900, 1, 1), value)
    elif not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    return "".join(DATE_FIELDS[text](value) if kind == "date" else text for kind, text in section.parts)


def _serial_date(value: float, epoch: datetime.datetime | None) -> datetime.date | datetime.time | None:
    """Return the date or time an Excel serial number stands for, None if it stands for none."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    try:
        return from_excel(value, epoch or WINDOWS_EPOCH)
    except (OverflowError, ValueError):
        return None


def _decimal(value: int | float) -> Decimal:
    """Return a number as Excel holds it: its shortest decimal form, rounded to 15 significant digits."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number:
        return Decimal(0)
    return number.quantize(Decimal(1).scaleb(number.adjusted() - 14), ROUND_HALF_UP)


def _plain(number: Decimal, places: int) -> str:
    """Return a number rounded to places decimals, without trailing zeros."""
    text = f"{number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scientific(number: Decimal) -> str:
    """Return a number as General shows a very large or small one: six significant digits, 1.23457E+11."""
    exponent = number.adjusted()
    mantissa = number.scaleb(-exponent).quantize(Decimal("1.00000"), ROUND_HALF_UP)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    digits = f"{mantissa:f}".rstrip("0").rstrip(".")
    return f"{digits}E{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
