"""Heading numbers: the Chinese sequence 一、（一）1.（1）① (GB/T 9704 §7.3.3), arabic 1 / 1.1 / 1.1.1, or decimal
1. / 1.1 / 1.1.1 (English).

Punctuation after ordinals follows GB/T 15834-2011 Annex B.3: a Chinese numeral without brackets takes a
顿号 (一、), an arabic numeral takes the full stop "." (1.), a bracketed ordinal takes nothing (（一）, （1）).
"""
from __future__ import annotations

from typing import Literal

NumberingStyle = Literal["chinese", "arabic", "decimal", "none"]

DIGITS = "零一二三四五六七八九"
CIRCLED_MAX = 10  # ①…⑩; the bundled font subsets always hold these


def chinese_numeral(n: int) -> str:
    """Return n (1…9999) in Chinese numerals as used for ordinals: 十一, 二十, 一百零五."""
    if not 1 <= n <= 9999:
        raise ValueError(f"expected a number from 1 to 9999; got {n}")
    if 10 <= n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    return _chinese_below_10000(n)


def _chinese_below_10000(n: int) -> str:
    """Return n (1…9999) spelled digit by digit with 千百十 and a single 零 for each gap."""
    out, pending_zero = "", False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        out += ("零" if pending_zero else "") + DIGITS[digit] + unit
        pending_zero = False
    return out


def _chinese_level(depth: int, n: int) -> str:
    """Return the label of number n at heading depth (1-based) in the Chinese sequence."""
    if depth == 1:
        return chinese_numeral(n) + "、"
    if depth == 2:
        return f"（{chinese_numeral(n)}）"
    if depth == 3:
        return f"{n}."
    if depth == 4 or n > CIRCLED_MAX:
        return f"（{n}）"
    return chr(0x2460 + n - 1)


def heading_number(path: tuple[int, ...], style: NumberingStyle = "chinese") -> str:
    """Return the number label of a heading at `path` (1-based position at each depth): 一、 / 1.2 / ""."""
    if not path or any(n < 1 for n in path):
        raise ValueError(f"expected a path of positive numbers; got {path}")
    if style == "none":
        return ""
    if style in ("arabic", "decimal"):
        dotted = ".".join(str(n) for n in path)
        return dotted + "." if style == "decimal" and len(path) == 1 else dotted
    return _chinese_level(len(path), path[-1])


def numbered_title(path: tuple[int, ...], title: str, style: NumberingStyle = "chinese") -> str:
    """Return the heading text with its number: 一、总体情况 / 1.2 总体情况 (arabic numbers take a space)."""
    label = heading_number(path, style)
    if not label:
        return title
    return label + title if style == "chinese" else f"{label} {title}"
