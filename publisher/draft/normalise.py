"""Normalise punctuation and spacing of Chinese text to GB/T 15834, keeping each character's place in the source;
numbers, Latin words and URLs are left as written."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from publisher.draft.located import Located
from publisher.draft.shape import is_chinese, is_han
from publisher.draft.vocab import vocab

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = ".,;:!?)]'\""
_FULL_WIDTH_ASCII = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_HALF_QUOTES = [(re.compile(r'"([^"\n]*)"'), "“", "”"), (re.compile(r"(?<![A-Za-z])'([^'\n]*)'"), "‘", "’")]
_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")
_ELLIPSIS = re.compile(r"\.{3,}|…+|。{3,}")
_HALF_MARKS = re.compile(r"[,;:?!.]")
_FULL_WIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
_FULL_WIDTH_GROUPS = re.compile(r"(?<![０-９])[０-９]{1,3}(?:，[０-９]{3})+(?![０-９])")  # １２３，４５６
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u202f]+")
ELLIPSIS = "……"


@dataclass(frozen=True)
class Change:
    """One change made to the source text, for the report."""

    kind: str  # page-number, punctuation, spacing, heading, dropped, joined, truncated, furniture …
    line: int
    detail: str
    other: int = 0  # the line it relates to: the original of a repeat, the continuation of a broken sentence
    excerpt: str = ""  # the text concerned


def normalise(text: str, line: int, changes: list[Change], heading: bool = False) -> str:
    """Return text with GB/T 15834 punctuation in Chinese context (see normalise_located)."""
    return normalise_located(Located.at(text, 0), line, changes, heading).text


def normalise_located(text: Located, line: int, changes: list[Change], heading: bool = False) -> Located:
    """Return located text with GB/T 15834 punctuation in Chinese context, spaces between Chinese words removed
    (in a heading, a space between two phrases becomes 、); numbers, Latin words and URLs untouched."""
    urls: list[str] = []
    masked = _mask_urls(text, urls)
    counts: Counter[tuple[str, str]] = Counter()
    masked = _full_width_ascii(masked, counts)
    masked = masked.sub(_ELLIPSIS, lambda m: _ellipsis(m, counts))
    masked = _pairs(masked, counts)
    masked = _marks(masked, counts)
    masked = masked.sub(_SPACE_RUN, lambda m: _space(m, counts, heading))
    for before, after in sorted(counts):
        kind = "spacing" if before.strip() == "" else "punctuation"
        times = counts[before, after]
        changes.append(Change(kind, line, f"'{before}' → '{after}'" + (f" ×{times}" if times > 1 else "")))
    return _unmask_urls(masked, urls)


def _mask_urls(text: Located, urls: list[str]) -> Located:
    def keep(found: re.Match[str]) -> str:
        url = found.group(0)
        stripped = url.rstrip(_URL_TAIL)
        urls.append(stripped)
        return chr(0xE000 + len(urls) - 1) + url[len(stripped):]

    return text.sub(_URL, keep)


def _unmask_urls(text: Located, urls: list[str]) -> Located:
    if not urls:
        return text
    marks = re.compile("[" + "".join(chr(0xE000 + i) for i in range(len(urls))) + "]")
    return text.sub(marks, lambda m: urls[ord(m.group(0)) - 0xE000])


def _full_width_ascii(text: Located, counts: Counter) -> Located:
    table = {**_FULL_WIDTH_ASCII, **{ord(k): v for k, v in vocab().get("punctuation", "full_to_half").items()}}
    text = text.sub(_FULL_WIDTH_GROUPS, lambda m: _thousands(m, counts))
    for char in set(text.text):
        if ord(char) in table:
            replacement = table[ord(char)]
            counts[char, replacement if isinstance(replacement, str) else chr(replacement)] += text.text.count(char)
    text = Located(text.text.translate(table), text.spots)
    points = len(_FULL_WIDTH_POINT.findall(text.text))
    if points:
        counts["．", "."] += points
    return text.sub(_FULL_WIDTH_POINT, lambda m: ".")


def _thousands(found: re.Match[str], counts: Counter) -> str:
    """Return full-width digits grouped by full-width commas (１２３，４５６, as Taiwan's official documents write
    them) with thousands commas: the comma between digits there separates thousands, not clauses."""
    counts["，", ","] += found.group(0).count("，")
    return found.group(0).replace("，", ",")


def _ellipsis(found: re.Match[str], counts: Counter) -> str:
    text = found.string
    before = text[found.start() - 1] if found.start() else ""
    after = text[found.end()] if found.end() < len(text) else ""
    if not (is_chinese(before) or is_chinese(after)) or found.group(0) == ELLIPSIS:
        return found.group(0)
    counts[found.group(0), ELLIPSIS] += 1
    return ELLIPSIS


def _pairs(text: Located, counts: Counter) -> Located:
    for pattern, opener, closer in _HALF_QUOTES:
        text = _pair(text, pattern, opener, closer, counts, lambda inner, before: any(map(is_han, inner)))
    return _pair(text, _HALF_PARENS, "（", "）", counts,
                 lambda inner, before: any(map(is_han, inner)) or is_han(before))


def _pair(text: Located, pattern: re.Pattern[str], opener: str, closer: str, counts: Counter, chinese) -> Located:
    def fix(found: re.Match[str]) -> str:
        inner = found.group(1)
        before = found.string[found.start() - 1] if found.start() else ""
        if not chinese(inner, before):
            return found.group(0)
        counts[found.group(0)[0] + found.group(0)[-1], opener + closer] += 1
        return opener + inner + closer

    return text.sub(pattern, fix)


def _marks(text: Located, counts: Counter) -> Located:
    table = vocab().get("punctuation", "half_to_full")
    chars = list(text.text)
    for found in _HALF_MARKS.finditer(text.text):
        i, char = found.start(), found.group(0)
        before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if char in table and _chinese_context(before, after):
            chars[i] = table[char]
        elif char == "." and _sentence_stop(chars, i, before, after):
            chars[i] = "。"
        if chars[i] != char:
            counts[char, chars[i]] += 1
    return Located("".join(chars), text.spots)


def _sentence_stop(chars: list[str], index: int, before: str, after: str) -> bool:
    """Return whether a half-width full stop ends a Chinese sentence: after Chinese text (or a figure in it),
    before the end or more Chinese text."""
    if after and not is_chinese(after):
        return False
    if is_han(before) or before in "”）》」』":
        return True
    while index > 0 and (chars[index - 1].isdigit() or chars[index - 1] in ".%‰ "):
        index -= 1
    return before in "%‰" and index > 0 and is_han(chars[index - 1])


def _neighbour(chars: list[str], index: int, step: int) -> str:
    index += step
    while 0 <= index < len(chars) and chars[index] in " \t":
        index += step
    return chars[index] if 0 <= index < len(chars) else ""


def _chinese_context(before: str, after: str) -> bool:
    if before.isdigit() and after.isdigit():
        return False
    return is_chinese(before) or is_chinese(after)


def _space(found: re.Match[str], counts: Counter, heading: bool) -> str:
    """Return what a run of spaces becomes: nothing beside Chinese text, 、 between two phrases of a heading (a
    space between single letter-spaced characters is removed)."""
    text = found.string
    before = text[found.start() - 1] if found.start() else ""
    after = text[found.end()] if found.end() < len(text) else ""
    if not before or not after or not (is_chinese(before) or is_chinese(after)):
        return found.group(0)
    phrases = heading and is_han(before) and is_han(after) and not _letter_spaced(text, found)
    replacement = "、" if phrases else ""
    counts[found.group(0), replacement] += 1
    return replacement


def _letter_spaced(text: str, found: re.Match[str]) -> bool:
    """Return whether the space stands between single characters (农 业), not between phrases (为民履职 依法监督)."""
    left = re.search(r"[\u4e00-\u9fff]+$", text[:found.start()])
    right = re.match(r"[\u4e00-\u9fff]+", text[found.end():])
    return bool(left and right) and (len(left.group(0)) == 1 or len(right.group(0)) == 1)
