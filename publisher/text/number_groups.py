"""Numbers and what belongs to them, which a line break never parts: 190家, 190余次, 近50%, 2.0个百分点, 3、4、5月.

A number group is a number (digits with their separators, sign, currency prefix, 万/亿 and %/‰ as atoms() has
them) and around it, by the rules of layouts/typography.yaml (line_breaking.numbers):

- a qualifier before it: 近50%, 约300人, 第3季度;
- after it, in this order: magnitude words and qualifiers (1.4万余件, 20多万人), its unit (a listed unit word such
  as 个百分点, 平方米, 人次, or any one Han character: 家, 件, 年, 月), a unit "per" unit (元/平方米), a qualifier
  (100人以上, 40左右);
- for a bare number, the numbers it enumerates or spans up to the one carrying the unit: 3、4、5月, 1-6月, 10至12月;
- in Latin text, a unit or magnitude after one space (5 km, 3.2 billion) and a prefix before one (RMB 5).

A break inside a group is "weak" between the members of an enumeration and "strong" elsewhere: a line breaker
parts a group only when the group is wider than a whole line, the weak places first (see breaking.break_lines).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WEAK, STRONG = 1, 2  # bond strengths inside a group; breaking.py adds INSIDE_ATOM = 3 for split atoms
HAN = r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F"
DIGIT = "0-9０-９"


@dataclass(frozen=True)
class NumberRules:
    """What belongs to a number (layouts/typography.yaml, line_breaking.numbers)."""

    before: tuple[str, ...]  # qualifiers glued to the number after them: 近, 约, 超, 逾, 第
    after: tuple[str, ...]  # qualifiers after a number, its magnitude or its unit: 余, 多, 左右, 以上
    magnitudes: tuple[str, ...]  # 万亿, 万, 亿, 千万 …
    units: tuple[str, ...]  # unit words of more than one character: 个百分点, 平方米, 人次
    any_han_unit: bool  # any other Han character right after a number is its unit or measure word
    per: str  # between two units: 元/平方米
    series: str  # between bare numbers that share the unit after the last: 3、4、5月, 1-6月, 10至12月
    latin_units: tuple[str, ...]  # after a number and one space: 5 km, 3.2 billion
    latin_before: tuple[str, ...]  # before a number and one space: RMB 5, No. 3
    prefix_units: str  # glued to the digits after them: ￥1200, $5
    postfix_units: str  # glued to the digits before them: 5.8%, 25℃
    signs: str  # a sign glued to the digits after it, unless a letter or digit precedes


@dataclass(frozen=True)
class Group:
    """One number group in a text: [start, end), the enumeration it opens ending where its last number starts."""

    start: int
    end: int
    series_start: int  # where the first number of an enumeration starts (== series_end when there is none)
    series_end: int  # where the number carrying the unit starts

    def bond(self, offset: int) -> int:
        """Return how strongly the characters before and after offset (start < offset < end) hold together."""
        return WEAK if self.series_start < offset <= self.series_end else STRONG


def number_rules(section: Mapping[str, Any], atoms: Mapping[str, Any]) -> NumberRules:
    """Return the rules of a `numbers` mapping, with the `atoms` mapping's units, signs and magnitude words."""
    words = lambda key: tuple(sorted(map(str, section.get(key, [])), key=len, reverse=True))  # noqa: E731
    magnitudes = {*map(str, atoms.get("magnitude_words", [])), *map(str, section.get("magnitudes", []))}
    return NumberRules(
        before=words("before"),
        after=words("after"),
        magnitudes=tuple(sorted(magnitudes, key=len, reverse=True)),
        units=words("units"),
        any_han_unit=bool(section.get("any_han_unit", True)),
        per=str(section.get("per", "")),
        series=str(section.get("series", "")),
        latin_units=words("latin_units"),
        latin_before=words("latin_before"),
        prefix_units=str(atoms.get("prefix_units", "")),
        postfix_units=str(atoms.get("postfix_units", "")),
        signs=str(atoms.get("signs", "")),
    )


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in words) or "(?!)"


def _chars(chars: str) -> str:
    return "".join(re.escape(char) for char in chars) or "(?!)"


@dataclass(frozen=True)
class _Patterns:
    number: re.Pattern[str]
    series: re.Pattern[str]
    tail: re.Pattern[str]
    unit: re.Pattern[str]
    latin_unit: re.Pattern[str]
    before: re.Pattern[str]
    latin_before: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(rules: NumberRules) -> _Patterns:
    """Return the regexes of a rule set (compiled once per rule set)."""
    magnitude = _alternatives(rules.magnitudes)
    postfix, prefix, signs = _chars(rules.postfix_units), _chars(rules.prefix_units), _chars(rules.signs)
    number = (rf"(?<![A-Za-z])[{prefix}]?(?:(?<![A-Za-z{DIGIT}])[{signs}])?[{DIGIT}]+"
              rf"(?:[.,:∶][{DIGIT}]+)*(?:{magnitude})?[{postfix}]?(?![A-Za-z{DIGIT}])")
    unit = rf"{_alternatives(rules.units)}" + (rf"|[{HAN}]" if rules.any_han_unit else "")
    return _Patterns(
        number=re.compile(number),
        series=re.compile(rf"[{_chars(rules.series)}](?={number})"),
        tail=re.compile(rf"(?:{magnitude}|{_alternatives(rules.after)})*"),
        unit=re.compile(rf"(?:{unit})(?:[{_chars(rules.per)}](?:{unit}))?(?:{_alternatives(rules.after)})?"),
        latin_unit=re.compile(rf" (?:{_alternatives(rules.latin_units)})(?![A-Za-z0-9])"),
        before=re.compile(rf"(?:{_alternatives(rules.before)})$"),
        latin_before=re.compile(rf"(?<![A-Za-z])(?:{_alternatives(rules.latin_before)}) $"),
    )


def number_groups(text: str, rules: NumberRules) -> list[Group]:
    """Return the number groups of text, in order, each longer than one atom's worth of characters."""
    found = _patterns(rules)
    out: list[Group] = []
    position = 0
    while (match := found.number.search(text, position)) is not None:
        series_start = start = match.start()
        end, bare = match.end(), text[match.end() - 1].isdigit()
        while bare and (link := found.series.match(text, end)) is not None:
            match = found.number.match(text, link.end())
            end, bare = match.end(), text[match.end() - 1].isdigit()
        series_end = match.start()
        end = _unit_end(text, end, found, text[end - 1] in rules.postfix_units)
        start = _qualified_start(text, start, found)
        out.append(Group(start, end, series_start, series_end))
        position = end
    return out


def _unit_end(text: str, end: int, found: _Patterns, has_unit: bool) -> int:
    """Return where a number's magnitude words, qualifiers and unit end, from where its digits (or its %) end."""
    end = found.tail.match(text, end).end()
    unit = None if has_unit else found.unit.match(text, end) or found.latin_unit.match(text, end)
    return unit.end() if unit else end


def _qualified_start(text: str, start: int, found: _Patterns) -> int:
    """Return where a number's qualifier before it starts (近50%, RMB 5), or start when it has none."""
    head = text[max(0, start - 8):start]
    for pattern in (found.before, found.latin_before):
        match = pattern.search(head)
        if match is not None:
            return start - (len(head) - match.start())
    return start


def bonds(text: str, rules: NumberRules) -> dict[int, int]:
    """Return {offset: strength} for every offset inside a number group of text (WEAK or STRONG)."""
    out: dict[int, int] = {}
    for group in number_groups(text, rules):
        for offset in range(group.start + 1, group.end):
            out[offset] = group.bond(offset)
    return out
