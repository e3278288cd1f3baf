"""Chinese line breaking shared by the deck and PDF writers: atoms, kinsoku, number groups, line-end compression,
push-out.

The rules are data (layouts/typography.yaml, cjk-typography.md §1.5). The algorithm follows clreq §3.1.4:
a full-width mark at line end takes half a cell (GB/T 15834 5.1.10), so a mark that may not start a line is
first squeezed onto the previous line ("push in"); only when it still does not fit does the previous line's
last atom move down with it ("push out"). A number keeps what belongs to it (number_groups: 190余次, 近50%,
2.0个百分点, 3、4、5月); a group is parted only when it is wider than a whole line, and split_numbers() finds
the groups a set of lines parts, so that callers can say so.

Widths are additive: the width of a line is the sum of measure() over its atoms (and the spaces between
them), each atom measured once per call. Pure Python; no writer library is imported here.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import Any

import yaml

from publisher.resources import data_dir
from publisher.text.number_groups import STRONG, WEAK, NumberRules, bonds, number_groups, number_rules

Measure = Callable[[str], float]

TYPOGRAPHY_FILE = data_dir("layouts") / "typography.yaml"
EPSILON = 1e-6  # points; absorbs float error when widths are summed
# Where a line may end when no permitted break is found, tried in order: (kinsoku kept, strongest bond parted).
FALLBACKS = ((True, WEAK), (True, STRONG), (False, STRONG))

# Defaults for fields a caller may leave out when building BreakRules by hand; layouts/typography.yaml
# holds the same values (a test keeps them equal).
COMPRESSIBLE_AT_LINE_END = "、，。．：；！？”’」』）〕】〗］｝〙》〉"
HANG_MARKS = "、，。．"

SPACE_CHARS = " \t"
HARD_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
LATIN = r"A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0370-\u03FF\u0400-\u04FF"
DIGIT = re.compile("[0-9０-９]")  # a segment without one holds no number group
HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F]")
LATIN_PAIR = re.compile(r"[A-Za-z][A-Za-z0-9]|[0-9][A-Za-z]")  # two sides of a break that a space had parted
WESTERN = re.compile(rf"[{LATIN}%‰°′″$¥£€#№]")  # letters, digits and the half-width units around numbers

# Titles: bracketed spans that break_title never breaks inside, with their longest protected content.
PROTECTED_SPANS = re.compile(
    r"“[^“”]{1,8}”|‘[^‘’]{1,8}’|「[^「」]{1,8}」|『[^『』]{1,8}』"
    r"|（[^（）]{1,8}）|【[^【】]{1,8}】|《[^《》]{1,16}》|〈[^〈〉]{1,16}〉"
)


@dataclass(frozen=True)
class BreakRules:
    """Line-breaking rules of one clreq strictness level (see load_rules)."""

    no_start: str  # chars that must not start a line
    no_end: str  # chars that must not end a line
    no_split: tuple[str, ...]  # sequences never split, e.g. "——", "……"
    hang_end_punct: bool = False  # house rule: off
    compress_line_end: bool = True  # a full-width mark at line end takes half a cell (GB/T 15834 5.1.10)
    compressible: str = COMPRESSIBLE_AT_LINE_END  # the marks compress_line_end halves
    hang_marks: str = HANG_MARKS  # the marks hang_end_punct may hang
    avoid_orphan: bool = True  # clreq §3.4.4: no last line holding one character (plus punctuation)
    numbers: NumberRules | None = None  # what belongs to a number; None: layouts/typography.yaml's

    @property
    def number_rules(self) -> NumberRules:
        """Return the number rules in force (typography.yaml's when none were given)."""
        return self.numbers or _default_number_rules()


@dataclass(frozen=True)
class Line:
    """One broken line."""

    text: str  # the characters on the line (spaces at its start and end dropped)
    width: float  # natural width in points; a compressible mark at its end counted as half
    last: bool  # True for the last line of a paragraph or before a hard line break (not justified)


# --- rules as data ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _default_document() -> dict[str, Any]:
    """Return layouts/typography.yaml, parsed once."""
    with TYPOGRAPHY_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _merged_section(data: Mapping | None, name: str) -> dict[str, Any]:
    """Return section `name` of the defaults with `data`'s section laid over it, one level of dicts deep."""
    merged = dict(_default_document()[name])
    override = (data or {}).get(name) or {}
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _joined_sets(sets: Mapping[str, str], names: list[str], level: str) -> str:
    """Return the characters of the named sets, in order, without repeats."""
    unknown = [name for name in names if name not in sets]
    if unknown:
        raise ValueError(f"typography level {level!r} names unknown character set(s): {', '.join(unknown)}")
    return "".join(dict.fromkeys("".join(sets[name] for name in names)))


def load_rules(level: str = "basic", data: Mapping | None = None) -> BreakRules:
    """Return the rules of a clreq strictness level (none | basic | GB | strict).

    The rules come from layouts/typography.yaml. `data`, if given, is a mapping of the same shape (e.g. a
    theme's override); its `line_breaking` keys replace the file's, and its `sets` / `levels` entries replace
    the file's entries of the same name.
    """
    if data is None:
        return _default_rules(level)
    return _rules_from(_merged_section(data, "line_breaking"), level)


@lru_cache(maxsize=8)
def _default_rules(level: str) -> BreakRules:
    return _rules_from(_merged_section(None, "line_breaking"), level)


def _rules_from(section: Mapping[str, Any], level: str) -> BreakRules:
    """Return the rules of `level` in a merged line_breaking section."""
    levels = section["levels"]
    if level not in levels:
        raise ValueError(f"unknown line-breaking level {level!r}; expected one of: {', '.join(levels)}")
    spec = levels[level]
    sets = section["sets"]
    return BreakRules(
        no_start=_joined_sets(sets, list(spec.get("no_start", [])), level),
        no_end=_joined_sets(sets, list(spec.get("no_end", [])), level),
        no_split=tuple(sorted(section.get("no_split", []), key=len, reverse=True)),
        hang_end_punct=bool(section.get("hang_end_punct", False)),
        compress_line_end=bool(section.get("compress_line_end", True)),
        compressible=str(section.get("compressible", COMPRESSIBLE_AT_LINE_END)),
        hang_marks=str(section.get("hang_marks", HANG_MARKS)),
        avoid_orphan=bool(section.get("avoid_orphan", True)),
        numbers=number_rules(section.get("numbers") or {}, _default_document()["atoms"]),
    )


@lru_cache(maxsize=1)
def _default_number_rules() -> NumberRules:
    return _default_rules("basic").number_rules


# --- atoms -----------------------------------------------------------------------------------------


def _char_class(chars: str) -> str:
    """Return chars escaped for use inside [...]."""
    return "".join(re.escape(char) for char in chars)


@lru_cache(maxsize=16)
def _atom_pattern(no_split: tuple[str, ...]) -> re.Pattern[str]:
    """Return the regex whose matches, in order, are the atoms of a text."""
    settings = _default_document()["atoms"]
    magnitude = "|".join(re.escape(word) for word in sorted(settings["magnitude_words"], key=len, reverse=True))
    postfix = _char_class(settings["postfix_units"])
    prefix = _char_class(settings["prefix_units"])
    signs = _char_class(settings["signs"])
    digit = "0-9０-９"
    url = r"[A-Za-z][A-Za-z0-9+.\-]*://[!-~]+"
    number = (
        rf"[{prefix}]?(?:(?<![{LATIN}])[{signs}])?[{digit}]+(?:[.,][{digit}]+)*"
        rf"(?:(?:{magnitude})[{postfix}]?|[{postfix}]|(?![{LATIN}.,\-]))"
    )
    word = rf"[{LATIN}]+(?:[\-.'_&@/][{LATIN}]+)*"
    unsplit = [re.escape(seq) for seq in sorted(no_split, key=len, reverse=True) if seq]
    spaces = rf"[{SPACE_CHARS}]+"
    char = r".[\u0300-\u036F\uFE00-\uFE0F]*"
    return re.compile("|".join([url, number, word, *unsplit, spaces, char]), re.DOTALL)


def _default_no_split() -> tuple[str, ...]:
    return tuple(_default_document()["line_breaking"]["no_split"])


def atoms(text: str) -> list[str]:
    """Return the unbreakable units of text, which joined give text back.

    An atom is one of: a URL; a number (digits with '.'/',' separators, a sign unless a letter or digit
    precedes it, a prefix unit ￥$… before it, and after it a magnitude word 万/亿/万亿 and/or a postfix unit
    %‰℃…); a Latin word (letters and digits, joined by - . ' _ & @ /); a no_split sequence (—— ……); a run of
    spaces/tabs (breakable, dropped at line ends); else one character with its combining marks.
    Classifiers such as 年, 件, 人 are not glued: "2024年" is ["2024", "年"].
    """
    return _atom_pattern(_default_no_split()).findall(text)


def _is_space(atom: str) -> bool:
    return atom[0] in SPACE_CHARS


def han_latin_boundary(left: str, right: str) -> bool:
    """Return True when a Han character and a Latin letter/digit (or a half-width unit: 5.8%) meet between atoms."""
    a, b = left[-1], right[0]
    return bool((HAN.match(a) and WESTERN.match(b)) or (WESTERN.match(a) and HAN.match(b)))


# --- the run: measured atoms of one paragraph segment ----------------------------------------------


@dataclass
class _Run:
    """Non-space units (atoms, or phrases for titles) of one segment, with prefix sums of their widths."""

    texts: list[str]
    spaces: list[str]  # the space run before each unit ("" if none), dropped when a line breaks there
    gap: list[float]  # width before each unit: its space run, or the Han-Latin gap
    squeeze: list[float]  # width saved when the unit ends a line (line-end compression)
    half: list[float]  # half the width of the unit's last char if it may hang, else 0
    total: list[float]  # total[k]: width of units 0..k-1 with the gaps before them
    start_ok: list[bool]  # the unit may start a line
    end_ok: list[bool]  # the unit may end a line
    bond: list[int]  # how strongly each unit holds to the one before in a number group (0: free; WEAK, STRONG)

    def width(self, start: int, end: int) -> float:
        """Return the width of a line holding units start..end-1."""
        return self.total[end] - self.total[start] - self.gap[start] - self.squeeze[end - 1]

    def text(self, start: int, end: int) -> str:
        return self.texts[start] + "".join(self.spaces[k] + self.texts[k] for k in range(start + 1, end))

    def may_break_before(self, k: int) -> bool:
        return self.start_ok[k] and self.end_ok[k - 1] and not self.bond[k]

    def may_fall_back_before(self, k: int, kinsoku: bool, strongest: int) -> bool:
        """Return whether a line may end before unit k when it must: kinsoku kept or not, bonds up to strongest."""
        return self.bond[k] <= strongest and (not kinsoku or (self.start_ok[k] and self.end_ok[k - 1]))


class _Widths:
    """measure() with a cache, so each distinct string is measured once per call."""

    def __init__(self, measure: Measure):
        self.measure = measure
        self.cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        try:
            return self.cache[text]
        except KeyError:
            width = self.cache[text] = float(self.measure(text))
            return width


Unit = tuple[str, str, float, int]  # (space before, text, width, bond with the unit before)


def _build_run(units: list[Unit], widths: _Widths, rules: BreakRules, latin_gap: float) -> _Run:
    """Return the run of (space before, text, width, bond) units."""
    spaces, texts, sizes, bond = (list(column) for column in zip(*units, strict=True))
    gap = [widths(space) if space else 0.0 for space in spaces]
    if latin_gap:
        _add_latin_gaps(texts, spaces, gap, latin_gap)
    no_start, no_end = rules.no_start, rules.no_end
    return _Run(
        texts=texts,
        spaces=spaces,
        gap=gap,
        squeeze=_line_end_squeeze(texts, widths, rules),
        half=_hang_allowance(texts, widths, rules),
        total=list(accumulate(map(add, gap, sizes), initial=0.0)),
        start_ok=[t[0] not in no_start for t in texts],
        end_ok=[t[-1] not in no_end for t in texts],
        bond=bond,
    )


def _line_end_squeeze(texts: list[str], widths: _Widths, rules: BreakRules) -> list[float]:
    """Return, per unit, the width saved when it ends a line: half its last char if compressible."""
    if not rules.compress_line_end:
        return [0.0] * len(texts)
    marks = rules.compressible
    return [widths(t[-1]) / 2 if t[-1] in marks else 0.0 for t in texts]


def _hang_allowance(texts: list[str], widths: _Widths, rules: BreakRules) -> list[float]:
    """Return, per unit, how far past the margin it may hang: half its width for a lone hang mark."""
    if not rules.hang_end_punct:
        return [0.0] * len(texts)
    marks = rules.hang_marks
    return [widths(t) / 2 if len(t) == 1 and t in marks else 0.0 for t in texts]


def _add_latin_gaps(texts: list[str], spaces: list[str], gap: list[float], latin_gap: float) -> None:
    """Set gap[k] to latin_gap where a Han character meets a Latin letter/digit with no space between."""
    for k in range(1, len(texts)):
        if not spaces[k] and han_latin_boundary(texts[k - 1], texts[k]):
            gap[k] = latin_gap


def _atom_units(segment: str, widths: _Widths, rules: BreakRules, widest: float) -> list[Unit]:
    """Return (space before, atom, width, bond) for the atoms of segment, an atom inside a number group bound to
    the one before by the group's bond; atoms wider than `widest` become chars, free to break between."""
    units: list[Unit] = []
    space = ""
    cache, measure = widths.cache, widths.measure
    held = bonds(segment, rules.number_rules) if DIGIT.search(segment) else {}
    end = 0
    for atom in _atom_pattern(rules.no_split).findall(segment):
        start, end = end, end + len(atom)
        if atom[0] in SPACE_CHARS:
            space += atom
            continue
        width = cache.get(atom)
        if width is None:
            width = cache[atom] = float(measure(atom))
        bond = held.get(start, 0) if held and units else 0
        if width > widest + EPSILON and len(atom) > 1:
            units.extend((space, char, widths(char), bond) if i == 0 else ("", char, widths(char), 0)
                         for i, char in enumerate(_chars(atom)))
        else:
            units.append((space, atom, width, bond))
        space = ""
    return units


def _chars(atom: str) -> list[str]:
    """Return the characters of atom, each with its combining marks (the last-resort split)."""
    return re.findall(r".[\u0300-\u036F\uFE00-\uFE0F]*", atom, re.DOTALL)


# --- greedy breaking -------------------------------------------------------------------------------


def _find_break(run: _Run, start: int, overflow: int) -> int:
    """Return where to end the line start..: the last permitted break at or before `overflow` (push-out).

    When none is permitted (a number group wider than the line), the rules give way in the order of FALLBACKS:
    an enumeration first (3、4、⏎5月), then a number's unit, then kinsoku; when nothing else is possible, the
    line breaks where it overflows rather than overflow the frame.
    """
    for k in range(overflow, start, -1):
        if run.may_break_before(k):
            return k
    for kinsoku, strongest in FALLBACKS:
        for k in range(overflow, start, -1):
            if run.may_fall_back_before(k, kinsoku, strongest):
                return k
    return overflow


def _greedy_breaks(run: _Run, first_limit: float, limit: float) -> list[tuple[int, int]]:
    """Return (start, end) unit ranges of lines, each as full as the rules allow."""
    # edge[k]: where a line ending with unit k ends, measured from the segment start (compression and
    # hanging allowance taken off); a line from `start` fits while edge[k] <= its right margin.
    edge = [total - squeeze - half for total, squeeze, half in zip(run.total[1:], run.squeeze, run.half, strict=True)]
    lines: list[tuple[int, int]] = []
    start, k, count = 0, 0, len(edge)
    margin = first_limit + EPSILON
    while k < count:
        if k == start or edge[k] <= margin:
            k += 1
            continue
        end = _find_break(run, start, k)
        lines.append((start, end))
        start = end
        margin = run.total[start] + run.gap[start] + limit + EPSILON
    lines.append((start, count))
    return lines


def _is_orphan(run: _Run, start: int, end: int) -> bool:
    """Return True if the line holds one single-character unit, maybe followed by no-start punctuation."""
    if len(run.texts[start]) != 1 or not run.start_ok[start]:
        return False
    return all(not run.start_ok[k] for k in range(start + 1, end))


def _fix_orphan(run: _Run, lines: list[tuple[int, int]], limit: float) -> list[tuple[int, int]]:
    """Move one or two units down onto an orphaned last line when the rules allow (clreq §3.4.4)."""
    if len(lines) < 2 or not _is_orphan(run, *lines[-1]):
        return lines
    (before_start, _), (start, end) = lines[-2], lines[-1]
    for new_start in (start - 1, start - 2):
        if new_start - before_start < 2:
            break
        if run.may_break_before(new_start) and run.width(new_start, end) <= limit + EPSILON:
            return [*lines[:-2], (before_start, new_start), (new_start, end)]
    return lines


def _segments(text: str) -> list[str]:
    """Return the parts of text between hard line breaks."""
    return HARD_BREAK.split(text)


def _check_width(max_width: float, first_indent: float) -> None:
    if max_width - first_indent <= 0 or max_width <= 0:
        raise ValueError(f"no room for text: max_width {max_width} with first_indent {first_indent}")


def break_lines(
    text: str,
    max_width: float,
    measure: Measure,
    rules: BreakRules,
    first_indent: float = 0.0,
    *,
    latin_gap: float = 0.0,
) -> list[Line]:
    """Break one paragraph into lines no wider than max_width (max_width - first_indent on the first line).

    Guarantees: no line starts with a char of rules.no_start or ends with one of rules.no_end, no atom (see
    atoms()) is split and no number group (number_groups: 190余次, 2.0个百分点, 3、4、5月) is parted.
    Exceptions, only when nothing else is possible: a group wider than the line is parted, an atom wider than
    the narrowest line is split between characters, and a line where no break is permitted breaks anyway, in
    the order of FALLBACKS (split_numbers() finds the groups parted). A single character wider than the line
    overflows. With hang_end_punct, a rules.hang_marks mark may stick out past max_width by half its width.

    Line-end compression is applied first; a no-start mark that still does not fit pushes the previous
    line's last atom down with it. A last line holding a single character is avoided (rules.avoid_orphan).

    Text: each line's text is the original with the space/tab runs at the breaks dropped, as are spaces at
    the start and end of the paragraph; so "".join(line.text) == text minus those spaces. Hard breaks
    (\\n, \\r\\n, \\r, U+2028/9) end a line marked last=True and are dropped; an empty part between two of
    them gives an empty line. Text that is empty or only spaces gives [].

    latin_gap: width the writer adds between a Han character and a Latin letter/digit (clreq §3.2.2; see
    han_latin_boundary); counted in widths, never inserted into the text.
    """
    _check_width(max_width, first_indent)
    if not text.strip():
        return []
    widths = _Widths(measure)
    narrowest = min(max_width, max_width - first_indent)
    result: list[Line] = []
    for segment in _segments(text):
        units = _atom_units(segment, widths, rules, narrowest)
        if not units:
            result.append(Line("", 0.0, True))
            continue
        run = _build_run(units, widths, rules, latin_gap)
        first_limit = max_width - first_indent if not result else max_width
        ranges = _greedy_breaks(run, first_limit, max_width)
        if rules.avoid_orphan:
            ranges = _fix_orphan(run, ranges, max_width)
        result.extend(_lines(run, ranges))
    return result


def _lines(run: _Run, ranges: list[tuple[int, int]]) -> list[Line]:
    last = len(ranges) - 1
    return [Line(run.text(s, e), run.width(s, e), i == last) for i, (s, e) in enumerate(ranges)]


def split_numbers(lines: list[str], rules: BreakRules) -> list[str]:
    """Return the number groups (190余次, 近50%, 3、4、5月) that a paragraph's lines part, in order.

    The lines are joined as they were broken: a Latin letter meeting a letter or digit at a break gets back the
    space that the break took (5 km); two digits meet as one number cut in two."""
    joined, breaks = "", []
    for line in lines:
        if joined and line and LATIN_PAIR.match(joined[-1] + line[0]):
            joined += " "
        breaks.append(len(joined))
        joined += line
    groups = number_groups(joined, rules.number_rules)
    return [joined[g.start:g.end] for g in groups if any(g.start < b < g.end for b in breaks[1:])]


def justify_gaps(line: Line, max_width: float, measure: Measure | None = None) -> float:
    """Return the extra space per gap that makes a non-last line fill max_width (0 for last lines).

    A gap is a boundary between two atoms of line.text (so letters inside Latin words and digits inside
    numbers are never spaced; clreq §3.5.4). The line's natural width is line.width, which already counts
    a compressed line-end mark as half; `measure` is accepted for symmetry with break_lines and not used.
    """
    del measure
    if line.last or not line.text:
        return 0.0
    gaps = len(atoms(line.text)) - 1
    if gaps <= 0:
        return 0.0
    return max(0.0, (max_width - line.width) / gaps)


# --- titles ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _phrase_parser():
    """Return BudouX's Simplified Chinese parser (imported and loaded on first use)."""
    import budoux

    return budoux.load_default_simplified_chinese_parser()


def _phrase_boundaries(segment: str) -> set[int]:
    """Return the offsets BudouX puts between phrases."""
    offsets, position = set(), 0
    for phrase in _phrase_parser().parse(segment):
        position += len(phrase)
        offsets.add(position)
    return offsets


def _protected_inside(segment: str) -> set[int]:
    """Return offsets strictly inside short bracketed spans (“十四五”, 《规划》)."""
    inside: set[int] = set()
    for match in PROTECTED_SPANS.finditer(segment):
        inside.update(range(match.start() + 1, match.end()))
    return inside


def _kinsoku_ok(segment: str, offset: int, rules: BreakRules) -> bool:
    """Return True if the rules allow a break at offset (spaces there are skipped)."""
    before = segment[:offset].rstrip(SPACE_CHARS)
    after = segment[offset:].lstrip(SPACE_CHARS)
    if not before or not after:
        return False
    return before[-1] not in rules.no_end and after[0] not in rules.no_start


def _title_cuts(segment: str, found: list[tuple[int, str]], rules: BreakRules) -> set[int]:
    """Return the offsets where a title may break: phrase edges and spaces that fall between atoms."""
    starts = {offset for offset, _ in found}
    candidates = _phrase_boundaries(segment)
    for offset, atom in found:
        if _is_space(atom):
            candidates.update((offset, offset + len(atom)))
    protected = _protected_inside(segment).union(bonds(segment, rules.number_rules))
    return {p for p in candidates if p in starts and p not in protected and _kinsoku_ok(segment, p, rules)}


def _phrase_units(segment: str, widths: _Widths, rules: BreakRules) -> list[Unit]:
    """Return (space before, phrase, width) units: atoms grouped between the permitted title cuts."""
    found = [(m.start(), m.group()) for m in _atom_pattern(rules.no_split).finditer(segment)]
    cuts = _title_cuts(segment, found, rules)
    units: list[Unit] = []
    space, text, width = "", "", 0.0
    for offset, atom in found:
        if offset in cuts and text:
            units.append((space, text, width, 0))
            space, text, width = "", "", 0.0
        if _is_space(atom) and not text:
            space += atom
        else:
            text += atom
            width += widths(atom)
    if text:
        units.append((space, text, width, 0))
    return units


def _fewest_lines(run: _Run, limit: float) -> int | None:
    """Return how many lines the units need at least, or None if one unit alone is too wide."""
    count, start = 1, 0
    for k in range(len(run.texts)):
        if run.width(k, k + 1) > limit + EPSILON:
            return None
        if run.width(start, k + 1) > limit + EPSILON:
            count, start = count + 1, k
    return count


def _balanced_breaks(run: _Run, lines: int, limit: float) -> list[tuple[int, int]]:
    """Return `lines` ranges that fit, with the least sum of squared widths (the most even lines)."""
    count = len(run.texts)
    inf = float("inf")
    cost = [[inf] * (count + 1) for _ in range(lines + 1)]
    back = [[0] * (count + 1) for _ in range(lines + 1)]
    cost[0][0] = 0.0
    for j in range(1, lines + 1):
        for end in range(j, count + 1):
            for start in range(j - 1, end):
                width = run.width(start, end)
                if cost[j - 1][start] == inf or width > limit + EPSILON:
                    continue
                candidate = cost[j - 1][start] + width * width
                if candidate < cost[j][end]:
                    cost[j][end], back[j][end] = candidate, start
    ranges, end = [], count
    for j in range(lines, 0, -1):
        ranges.append((back[j][end], end))
        end = back[j][end]
    return ranges[::-1]


def break_title(
    text: str, max_width: float, measure: Measure, rules: BreakRules, max_lines: int = 2
) -> list[Line] | None:
    """Break a title only at phrase boundaries, into as few and as even lines as possible.

    Phrases come from BudouX's zh-hans parser, corrected so that no break falls inside an atom (1.45万,
    98.5%, Latin words), inside a short bracketed span (“十四五”, 《…》) or against the rules. Spaces are
    break points too. Hard breaks (\\n) are kept, each part getting its own lines. Return None when the
    title needs more than max_lines lines or one phrase is wider than max_width: the caller then shrinks
    the type or falls back to break_lines.
    """
    _check_width(max_width, 0.0)
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, not {max_lines}")
    if not text.strip():
        return []
    widths = _Widths(measure)
    result: list[Line] = []
    for segment in _segments(text):
        units = _phrase_units(segment.strip(SPACE_CHARS), widths, rules)
        if not units:
            result.append(Line("", 0.0, True))
            continue
        run = _build_run(units, widths, rules, 0.0)
        needed = _fewest_lines(run, max_width)
        if needed is None or len(result) + needed > max_lines:
            return None
        result.extend(_lines(run, _balanced_breaks(run, needed, max_width)))
    return result if len(result) <= max_lines else None
