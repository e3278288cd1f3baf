"""Clean passages into paragraphs: punctuation to GB/T 15834, repeats dropped, page-broken sentences joined."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from publisher.draft.read import Passage
from publisher.draft.shape import (
    is_chinese,
    is_han,
    is_page_number,
    is_terminated,
    looks_like_heading,
    numbered_heading,
)
from publisher.draft.vocab import vocab

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = ".,;:!?)]'\""
_FULL_WIDTH_ASCII = {chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                       *range(0xFF41, 0xFF5B)]}
_HALF_QUOTES = [(re.compile(r'"([^"\n]*)"'), "“", "”"), (re.compile(r"(?<![A-Za-z])'([^'\n]*)'"), "‘", "’")]
_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")
_ELLIPSIS = re.compile(r"\.{3,}|…+|。{3,}")
_HALF_MARKS = re.compile(r"[,;:?!.]")
_FULL_WIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
ELLIPSIS = "……"


@dataclass(frozen=True)
class Change:
    """One change made to the source text, for the report."""

    kind: str  # page-number, punctuation, spacing, heading, dropped, joined, truncated
    line: int
    detail: str
    other: int = 0  # the line it relates to: the original of a repeat, the continuation of a broken sentence
    excerpt: str = ""  # the text concerned


@dataclass
class Paragraph:
    """A cleaned unit of the document: a heading or a paragraph of body text."""

    text: str
    line: int
    heading: bool = False
    level: int | None = None  # heading level the source states
    numbered: int | None = None  # numbering depth of a numbered heading (一、 = 1)
    lines: tuple[str, ...] = ()  # a heading's lines as printed
    gap: int = 1
    kind: str = "text"  # text, item or quote
    notes: list[str] = field(default_factory=list)  # review notes for the reader of the draft


@dataclass
class Cleaned:
    """The paragraphs of a document and every change made to get them."""

    paragraphs: list[Paragraph]
    changes: list[Change]


def clean(passages: list[Passage]) -> Cleaned:
    """Return the passages as clean paragraphs, with the log of changes."""
    changes: list[Change] = []
    units = [unit for passage in passages for unit in _units(passage, changes)]
    kept, resume = drop_repeats(units, changes)
    joined = join_broken(kept, resume, changes)
    return Cleaned([_close(p, changes) for p in joined], changes)


def _units(passage: Passage, changes: list[Change]) -> list[Paragraph]:
    """Return the headings and paragraphs of one passage, its text normalised."""
    lines = [line for line in passage.lines if not _page_number(line, passage.line, changes)]
    if not lines:
        return []
    if passage.level is not None or (passage.kind == "text" and looks_like_heading(lines)):
        return [_heading(lines, passage, changes)]
    if passage.kind != "text":
        return [_body(lines, passage, passage.line, changes)]
    return _unwrap(lines, passage, changes)


def _page_number(line: str, at: int, changes: list[Change]) -> bool:
    if is_page_number(line):
        changes.append(Change("page-number", at, f"dropped the page number line '{line}'"))
        return True
    return False


def _heading(lines: list[str], passage: Passage, changes: list[Change]) -> Paragraph:
    shown = [normalise(line, passage.line, changes, heading=True) for line in lines]
    text = join_heading_lines(shown)
    numbered = numbered_heading(text)
    if numbered:
        changes.append(Change("heading", passage.line, f"numbering removed: '{text}' → '{numbered[1]}' "
                                                       "(the outline numbers its sections)"))
    if len(shown) > 1:
        changes.append(Change("heading", passage.line, f"joined {len(shown)} heading lines: "
                                                       f"{' / '.join(shown)} → {text}"))
    title = numbered[1] if numbered else text
    depth = numbered[0] if numbered else None
    return Paragraph(title, passage.line, True, passage.level, depth, tuple(shown), passage.gap, passage.kind)


def join_heading_lines(lines: list[str]) -> str:
    """Return a heading printed over several lines as one: 抢赛道、育动能 / 创新发展 / 迈出新步伐 →
    抢赛道、育动能，创新发展迈出新步伐 (a line of parallel phrases is followed by a comma)."""
    text = lines[0]
    for previous, line in zip(lines, lines[1:], strict=False):
        if previous[-1].isascii() and previous[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            text += " "
        elif "、" in previous and previous[-1] not in "，、：；":
            text += "，"
        text += line
    return text


def _unwrap(lines: list[str], passage: Passage, changes: list[Change]) -> list[Paragraph]:
    """Return the paragraphs of a block of body lines: a line ending a sentence ends a paragraph."""
    units: list[Paragraph] = []
    current: list[str] = []
    start = passage.line
    for offset, line in enumerate(lines):
        if not current:
            start = passage.line + offset
        current.append(line)
        if is_terminated(line):
            units.append(_body(current, passage, start, changes, gap=passage.gap if not units else 0))
            current = []
    if current:
        units.append(_body(current, passage, start, changes, gap=passage.gap if not units else 0))
    return units


def _body(lines: list[str], passage: Passage, line: int, changes: list[Change], gap: int | None = None) -> Paragraph:
    text = normalise(_join_lines(lines), line, changes)
    return Paragraph(text, line, gap=passage.gap if gap is None else gap, kind=passage.kind)


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        latin = text[-1].isascii() and text[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        text += (" " if latin else "") + line
    return text


def normalise(text: str, line: int, changes: list[Change], heading: bool = False) -> str:
    """Return text with GB/T 15834 punctuation in Chinese context; numbers, Latin words and URLs untouched."""
    urls: list[str] = []
    masked = _mask_urls(text, urls)
    counts: Counter[tuple[str, str]] = Counter()
    masked = _full_width_ascii(masked, counts)
    masked = _ellipses(masked, counts)
    masked = _pairs(masked, counts)
    masked = _marks(masked, counts)
    masked = _spaces(masked, counts, heading)
    for before, after in sorted(counts):
        kind = "spacing" if before.strip() == "" else "punctuation"
        changes.append(Change(kind, line, f"'{before}' → '{after}'" + (f" ×{counts[before, after]}"
                                                                       if counts[before, after] > 1 else "")))
    return _unmask_urls(masked, urls)


def _mask_urls(text: str, urls: list[str]) -> str:
    def keep(found: re.Match[str]) -> str:
        url = found.group(0)
        stripped = url.rstrip(_URL_TAIL)
        urls.append(stripped)
        return chr(0xE000 + len(urls) - 1) + url[len(stripped):]

    return _URL.sub(keep, text)


def _unmask_urls(text: str, urls: list[str]) -> str:
    for index, url in enumerate(urls):
        text = text.replace(chr(0xE000 + index), url)
    return text


def _full_width_ascii(text: str, counts: Counter) -> str:
    table = {**_FULL_WIDTH_ASCII, **vocab().get("punctuation", "full_to_half")}
    for char in set(text) & set(table):
        counts[char, table[char]] += text.count(char)
    text = "".join(table.get(char, char) for char in text)
    points = len(_FULL_WIDTH_POINT.findall(text))
    if points:
        counts["．", "."] += points
    return _FULL_WIDTH_POINT.sub(".", text)


def _ellipses(text: str, counts: Counter) -> str:
    def fix(found: re.Match[str]) -> str:
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end()] if found.end() < len(text) else ""
        chinese = is_chinese(before) or is_chinese(after)
        if not chinese or found.group(0) == ELLIPSIS:
            return found.group(0)
        counts[found.group(0), ELLIPSIS] += 1
        return ELLIPSIS

    return _ELLIPSIS.sub(fix, text)


def _pairs(text: str, counts: Counter) -> str:
    for pattern, opener, closer in _HALF_QUOTES:
        text = _pair(text, pattern, opener, closer, counts, lambda inner, before: any(map(is_han, inner)))
    return _pair(text, _HALF_PARENS, "（", "）", counts,
                 lambda inner, before: any(map(is_han, inner)) or is_han(before))


def _pair(text: str, pattern: re.Pattern[str], opener: str, closer: str, counts: Counter, chinese) -> str:
    def fix(found: re.Match[str]) -> str:
        inner = found.group(1)
        before = text[found.start() - 1] if found.start() else ""
        if not chinese(inner, before):
            return found.group(0)
        counts[found.group(0)[0] + found.group(0)[-1], opener + closer] += 1
        return opener + inner + closer

    return pattern.sub(fix, text)


def _marks(text: str, counts: Counter) -> str:
    table = vocab().get("punctuation", "half_to_full")
    chars = list(text)
    for found in _HALF_MARKS.finditer(text):
        i, char = found.start(), found.group(0)
        before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if char in table and _chinese_context(before, after):
            chars[i] = table[char]
        elif char == "." and _sentence_stop(chars, i, before, after):
            chars[i] = "。"
        if chars[i] != char:
            counts[char, chars[i]] += 1
    return "".join(chars)


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


def _spaces(text: str, counts: Counter, heading: bool) -> str:
    def fix(found: re.Match[str]) -> str:
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end()] if found.end() < len(text) else ""
        if not before or not after or not (is_chinese(before) or is_chinese(after)):
            return found.group(0)
        replacement = "、" if heading and is_han(before) and is_han(after) else ""
        counts[found.group(0), replacement] += 1
        return replacement

    return _SPACE_RUN.sub(fix, text)


def drop_repeats(units: list[Paragraph], changes: list[Change]) -> tuple[list[Paragraph], dict[int, int]]:
    """Return the units without exact and near repeats of earlier body paragraphs, and for each kept
    paragraph whose dropped copy was followed by a paragraph, the index of that paragraph in the result."""
    settings = vocab().data["paragraphs"]
    index = _ShingleIndex()
    exact: dict[str, int] = {}
    kept: list[Paragraph] = []
    resume_after: dict[int, int] = {}  # index in kept of the original → index in units of the dropped copy
    positions: dict[int, int] = {}  # index in units → index in kept
    for number, unit in enumerate(units):
        original = None if unit.heading else _original(unit.text, exact, index, kept, settings)
        if original is None:
            positions[number] = len(kept)
            exact.setdefault(_key(unit.text), len(kept))
            index.add(len(kept), unit.text)
            kept.append(unit)
            continue
        changes.append(Change("dropped", unit.line, f"repeat of line {kept[original].line}: {_excerpt(unit.text)}",
                              kept[original].line, _excerpt(unit.text)))
        resume_after.setdefault(original, number)
    resume = {original: positions[dropped + 1] for original, dropped in resume_after.items()
              if dropped + 1 in positions}
    return kept, resume


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _original(text: str, exact: dict[str, int], index: _ShingleIndex, kept: list[Paragraph],
              settings: dict) -> int | None:
    """Return the index of the kept paragraph that text repeats, or None."""
    key = _key(text)
    if key in exact:
        return exact[key]
    if len(key) < settings["near_duplicate_chars"]:
        return None
    shingles = index.shingles(key)
    for candidate in index.candidates(shingles):
        other = _key(kept[candidate].text)
        if key in other or _resemblance(shingles, index.shingles(other)) >= settings["near_duplicate_resemblance"]:
            return candidate
    return None


def _resemblance(first: set[str], second: set[str]) -> float:
    """Return the share of character shingles two texts have in common (Jaccard index)."""
    return len(first & second) / len(first | second)


class _ShingleIndex:
    """Character 4-grams (shingles) of kept paragraphs, to find near-repeats without comparing every pair."""

    SIZE = 4
    COMMON = 50  # a shingle found in more paragraphs than this says nothing

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)

    def shingles(self, text: str) -> set[str]:
        """Return the character 4-grams of text."""
        return {text[i:i + self.SIZE] for i in range(max(len(text) - self.SIZE + 1, 1))}

    def add(self, number: int, text: str) -> None:
        """Record the shingles of kept paragraph number."""
        for shingle in self.shingles(_key(text)):
            self.postings[shingle].append(number)

    def candidates(self, shingles: set[str]) -> list[int]:
        """Return up to five kept paragraphs holding most of these shingles, most shared first."""
        shared: Counter[int] = Counter()
        for shingle in shingles:
            posting = self.postings.get(shingle, [])
            if len(posting) <= self.COMMON:
                shared.update(posting)
        return [number for number, count in shared.most_common(5) if count >= 0.5 * len(shingles)]


def join_broken(units: list[Paragraph], resume: dict[int, int], changes: list[Change]) -> list[Paragraph]:
    """Return the units with every sentence broken across a page joined to its continuation.

    A body paragraph that does not end a sentence continues with the next paragraph, unless that one is a
    heading, starts like a new paragraph, or lies far away. When the broken paragraph was repeated, the
    paragraph after the repeat is its continuation (reading resumed there)."""
    openers = _Openers(units)
    used: set[int] = set()
    out: list[Paragraph] = []
    for number, unit in enumerate(units):
        if number in used:
            continue
        current, last = unit, number
        while _open(current):
            following = _continuation(units, last, resume, used, openers)
            if following is None:
                break
            current = _joined(current, units[following], changes)
            used.add(following)
            _note_skipped(units, last, following, used, openers)
            last = following
        out.append(current)
    return out


def _open(unit: Paragraph) -> bool:
    return not unit.heading and unit.kind == "text" and not is_terminated(unit.text)


def _continuation(units: list[Paragraph], number: int, resume: dict[int, int], used: set[int],
                  openers: _Openers) -> int | None:
    for candidate in (resume.get(number), number + 1):
        if candidate is not None and candidate < len(units) and candidate not in used \
                and _continues(units[candidate], openers):
            return candidate
    return None


def _continues(unit: Paragraph, openers: _Openers) -> bool:
    gap = vocab().get("paragraphs", "max_join_gap")
    return not unit.heading and unit.kind == "text" and unit.gap <= gap and not openers.starts(unit.text)


def _note_skipped(units: list[Paragraph], number: int, following: int, used: set[int], openers: _Openers) -> None:
    nxt = number + 1
    if following != nxt and nxt < len(units) and nxt not in used and _continues(units[nxt], openers):
        units[nxt].notes.append("此段紧接在一句未完的句子之后，而该句在重复段落后接续；本段开头可能缺字")


def _joined(first: Paragraph, second: Paragraph, changes: list[Change]) -> Paragraph:
    seam = f"…{first.text[-8:]}|{second.text[:8]}…"
    changes.append(Change("joined", first.line, f"joined with line {second.line}: {seam}", second.line, seam))
    note = f"此段由跨页断开的两段接续而成（第{first.line}行与第{second.line}行）：{seam}"
    return replace(first, text=first.text + second.text, notes=[*first.notes, *second.notes, note])


class _Openers:
    """How paragraphs of this document begin: the vocabulary's openers and starts shared by several paragraphs."""

    def __init__(self, units: list[Paragraph]):
        settings = vocab().data["paragraphs"]
        self.size = settings["learned_opener_chars"]
        starts = Counter(u.text[:self.size] for u in units if not u.heading and len(u.text) > self.size)
        self.learned = {start for start, count in starts.items() if count > settings["learned_opener_count"]}
        self.pattern = vocab().pattern("paragraphs", "openers")

    def starts(self, text: str) -> bool:
        """Return whether text starts like a new paragraph of this document."""
        return bool(self.pattern.match(text)) or text[:self.size] in self.learned


def _close(unit: Paragraph, changes: list[Change]) -> Paragraph:
    """Return a body paragraph that still breaks off mid-sentence with an ellipsis marking the lost text."""
    if not _open(unit):
        return unit
    tail = "…" + unit.text[-12:]
    changes.append(Change("truncated", unit.line, f"breaks off mid-sentence; marked with {ELLIPSIS}: {tail}",
                          excerpt=tail))
    return replace(unit, text=unit.text + ELLIPSIS,
                   notes=[*unit.notes, "原文在此中断（其后文字缺失），已以省略号标出"])


def _excerpt(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"
