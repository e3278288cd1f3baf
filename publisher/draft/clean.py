"""Clean passages into paragraphs: headings found at line starts, hard-wrapped lines rejoined, punctuation to
GB/T 15834, repeats dropped, page-broken sentences joined."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from publisher.draft.located import Lines, Located, join
from publisher.draft.normalise import ELLIPSIS, Change, normalise_located
from publisher.draft.read import Passage, width
from publisher.draft.shape import is_terminated, looks_like_heading, numbered_heading
from publisher.draft.vocab import vocab

CONTINUATION = "，、：；。！？）」』”’》,;:)"  # a line starting with one of these continues the line before
CLAUSE_ENDS = "，、：；,;:（(「『“‘《—"  # a line ending with one of these goes on on the next line


@dataclass
class Paragraph:
    """A cleaned unit of the document: a heading or a paragraph of body text, each character located."""

    body: Located
    line: int
    heading: bool = False
    level: int | None = None  # heading level the source states
    numbered: int | None = None  # numbering depth of a numbered heading (一、 = 1)
    lines: tuple[str, ...] = ()  # a heading's lines as printed
    gap: int = 1
    kind: str = "text"  # text, item, quote, row (of a table) or caption (of a table)
    notes: list[str] = field(default_factory=list)  # review notes for the reader of the draft
    run_in: bool = False  # a heading that opened its paragraph (（一）总体情况：…, 一是…。)
    raw: str = ""  # the text as the source has it, before any normalisation
    cells: tuple[str, ...] = ()  # a table row's cells

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return self.body.text


@dataclass
class Cleaned:
    """The paragraphs of a document and every change made to get them."""

    paragraphs: list[Paragraph]
    changes: list[Change]


@dataclass
class _Context:
    """What the lines read so far say about the next ones."""

    wrap: float | None = None  # the width (in ems) plain text was hard-wrapped at, if it was
    source: Lines | None = None  # the lines of a plain-text source, to see how each line is indented
    notes: bool = False  # inside the notes after 注释：, whose numbered lines are notes, not headings
    body: bool = False  # a paragraph of body text was read


def clean(passages: list[Passage], wrap: float | None = None, source: Lines | None = None) -> Cleaned:
    """Return the passages as clean paragraphs, with the log of changes; wrap is the width (in ems) plain text
    was hard-wrapped at, if it was; source, the lines of plain text (their indents tell paragraphs apart)."""
    changes: list[Change] = []
    context = _Context(wrap, source)
    units = [unit for passage in passages for unit in _units(passage, changes, context)]
    units = _captions(_split_headings(units, changes))
    kept, resume = drop_repeats(units, changes)
    joined = join_broken(kept, resume, changes)
    return Cleaned([_close(p, changes) for p in joined], changes)


def _units(passage: Passage, changes: list[Change], context: _Context) -> list[Paragraph]:
    """Return the headings and paragraphs of one passage, its text normalised."""
    lines = list(passage.lines)
    wrap = context.wrap
    if passage.level is not None:
        return [_heading(lines, passage, passage.line, changes)]
    if passage.kind == "row":
        cells = tuple(normalise_located(cell, passage.line, changes).text for cell in lines)
        filled = [cell for cell in lines if cell.text] or lines
        body = filled[0]
        for cell in filled[1:]:
            body = body.inserted(len(body), " ") + cell
        return [Paragraph(body, passage.line, gap=passage.gap, kind="row", cells=cells)]
    if passage.kind != "text":
        return [_body(lines, passage, passage.line, changes)]
    title = 0 if context.body else _title_above_front(passage)
    if title:
        rest = replace(passage, lines=passage.lines[title:], line=passage.line + title, gap=0)
        return [_heading(lines[:title], passage, passage.line, changes), *_units(rest, changes, context)]
    if looks_like_heading(passage.texts) and not (wrap and any(_full(line, wrap) for line in lines)) \
            and not any(numbered_heading(text) or _notes_label(text) for text in passage.texts[1:]) \
            and not (context.notes and numbered_heading(passage.text)) and not _notes_label(passage.text) \
            and not (len(lines) > 1 and _dated(passage.texts)):
        return [_heading(lines, passage, passage.line, changes)]
    units = _Segmenter(passage, changes, context).units()
    context.body = context.body or any(not unit.heading for unit in units)
    return units


def _title_above_front(passage: Passage) -> int:
    """Return how many first lines of a passage at the top of a document are its title, printed over lines right
    above its date or issuer (…市场运行情 / 况 / 2025年6月18日), else 0."""
    texts = passage.texts
    for count in range(1, min(len(texts), vocab().get("headings", "max_lines") + 1)):
        if _front_line(texts[count]) and looks_like_heading(texts[:count]) and not numbered_heading(texts[0]) \
                and not any(_front_line(text) for text in texts[:count]):
            return count
    return 0


def _front_line(text: str) -> bool:
    return any(vocab().pattern("front", kind).fullmatch(text.strip()) for kind in ("date", "organisation", "source"))


class _Segmenter:
    """Cut the lines of a passage into headings and paragraphs: a numbered line starts a heading (its run-in
    title, when the paragraph runs on after it); a line ending a sentence ends a paragraph unless the text was
    hard-wrapped and the line is full; a short line without sentence punctuation in text that was not wrapped is
    a heading."""

    def __init__(self, passage: Passage, changes: list[Change], context: _Context):
        self.passage, self.changes, self.context, self.wrap = passage, changes, context, context.wrap
        self.lines = list(passage.lines)
        self.out: list[Paragraph] = []
        self.current: list[Located] = []
        self.start = passage.line

    def units(self) -> list[Paragraph]:
        """Return the units of the passage."""
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if _notes_label(line.text):
                self._flush()
                self.out.append(_heading([line.strip("：: ")], self.passage, self._line(i), self.changes))
                self.context.notes = True
                i += 1
                continue
            note = 0 if self._continues(line) else _inline_note(line.text)
            if note:  # 附註：本通報數據為初步統計…: a notes heading, and the note goes on after it
                self._flush()
                self.out.append(_heading([line[:note].strip("：: \u3000")], self.passage, self._line(i), self.changes))
                self.context.notes = True
                self.lines[i] = line[note:].strip(" \u3000")
                continue
            numbered = None if self._continues(line) else numbered_heading(line.text)
            if numbered and self.context.notes and numbered[0] > 2:
                self._flush()
            elif numbered:
                self.context.notes = False
                i = self._numbered(i)
                continue
            if not self.current and not self._continues(line) and self._lone_heading(i):
                self._flush()
                self.out.append(_heading([line], self.passage, self._line(i), self.changes))
                i += 1
                continue
            self._add(i)
            if self._ends(i):
                self._flush()
            i += 1
        self._flush()
        return self.out

    def _line(self, index: int) -> int:
        return self.passage.line + index

    def _continues(self, line: Located) -> bool:
        return bool(self.current) and line.text[:1] in CONTINUATION

    def _add(self, index: int) -> None:
        if not self.current:
            self.start = self._line(index)
        self.current.append(self.lines[index])

    def _ends(self, index: int) -> bool:
        line = self.lines[index]
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if following is not None and following.text[:1] in CONTINUATION:
            return False
        if is_terminated(line.text):
            return not (self.wrap and _full(line, self.wrap))
        if self.wrap:  # a short line ends its paragraph, unless it holds the rest of a line cut at a mark
            return width(line.text) < 0.6 * self.wrap and line.text[:1] not in CONTINUATION
        return line.text[-1:] not in CLAUSE_ENDS

    def _lone_heading(self, index: int) -> bool:
        """Return whether a line on its own is a heading: short, no sentence punctuation, in text whose lines are
        paragraphs (not hard-wrapped), and not the last line."""
        line = self.lines[index]
        if self.wrap and width(line.text) >= 0.6 * self.wrap:
            return False
        if len(self.lines) > 1 and re.search("[，,]", line.text):
            return False
        return looks_like_heading((line.text,)) and (index + 1 < len(self.lines) or len(self.lines) == 1)

    def _numbered(self, index: int) -> int:
        """Add the heading starting at index (and the body it runs on into); return the index after its lines."""
        self._flush()
        taken = [self.lines[index]]
        index += 1
        while index < len(self.lines) and self._heading_goes_on(taken, index):
            taken.append(self.lines[index])
            index += 1
        start = self._line(index - len(taken))
        title, rest = run_in(join(taken))
        heading = _heading([title], self.passage, start, self.changes, run_in=rest is not None)
        self.out.append(heading)
        if rest is not None and rest.text.strip():
            self.start, self.current = start, [rest]
            if is_terminated(rest.text) and not (self.wrap and _full(taken[-1], self.wrap)):
                self._flush()
        return index

    def _heading_goes_on(self, taken: list[Located], index: int) -> bool:
        """Return whether the line at index continues a heading: it starts with a mark that cannot open a line,
        or the heading's line is full, or it is a short tail before the next heading (站穩全球供應鏈關 / 鍵地位),
        or, in text whose paragraphs start indented, a short line at the margin under an indented heading line
        before an indented paragraph (    二、农业生产稳定，粮食产量再 / 创新高 /     全年…)."""
        last, following = taken[-1], self.lines[index]
        if following.text[:1] in CONTINUATION:
            return True
        if numbered_heading(following.text) or is_terminated(last.text):
            return False
        after = self.lines[index + 1] if index + 1 < len(self.lines) else None
        short = width(following.text) < 0.3 * (self.wrap or vocab().get("headings", "max_chars")) and \
            not is_terminated(following.text)
        if short and self._indented(taken[0]) and not self._indented(following) and \
                (after is None or self._indented(after)):
            return True
        if not self.wrap:
            return False
        return _full(last, self.wrap) or short and (after is None or bool(numbered_heading(after.text)))

    def _indented(self, line: Located) -> bool:
        source = self.context.source
        return bool(source and line.spots) and source.indent(line.spot(0)) > 0

    def _flush(self) -> None:
        if self.current:
            self.out.append(_body(self.current, self.passage, self.start, self.changes,
                                  gap=self.passage.gap if not self.out else 0))
            self.current = []


def _dated(texts: tuple[str, ...]) -> bool:
    return any(vocab().pattern("front", "date").fullmatch(text) for text in texts)


def _notes_label(text: str) -> bool:
    return bool(vocab().pattern("headings", "notes").fullmatch(text))


def _inline_note(text: str) -> int:
    """Return where the text of a note starts after its label on the same line (注：本公报中…), else 0."""
    found = vocab().pattern("headings", "notes").match(text)
    return found.end() if found and found.group(0).rstrip().endswith(("：", ":")) and found.end() < len(text) else 0


def _full(line: Located, wrap: float) -> bool:
    return width(line.text) >= wrap - 1.5


def run_in(text: Located) -> tuple[Located, Located | None]:
    """Return (the heading, the body after it) of a numbered line: the whole line when it is a short title;
    else the words before its first colon or full stop; else its first clause, the body being the whole."""
    numbered = numbered_heading(text.text)
    settings = vocab().data["headings"]
    body_start = len(text.text) - len(numbered[1]) if numbered else 0
    body = text.text[body_start:]
    if not is_terminated(body) and len(body) <= settings["max_chars"] * 2 and not re.search("[。；！？]", body):
        colon = re.search("[：:]", body)
        if not colon or colon.end() == len(body):
            return text, None
    stop = re.search("[：:。；！？]", body)
    figure = re.search(r"\d", body[:stop.start()] if stop else body)
    titled = stop is not None and stop.start() <= settings["max_chars"] and not re.search("[，,]", body[:stop.start()])
    if figure and figure.start() >= 2 and not re.search("[，,]", body[:figure.start()]) and not titled:
        name = re.sub(vocab().get("headings", "run_in_verbs"), "", body[:figure.start()])
        return text[:body_start + len(name)], text[body_start:]
    if stop and stop.start() <= settings["run_in_chars"]:
        end = body_start + stop.start()
        return text[:end], text[end + 1:].strip()
    clause = re.search("[，,]", body)
    if clause and clause.start() <= settings["run_in_chars"]:
        return text[:body_start + clause.start()], text[body_start:]
    return text, None


def _heading(lines: list[Located], passage: Passage, line: int, changes: list[Change],
             run_in: bool = False) -> Paragraph:
    shown = [normalise_located(text, line, changes, heading=True) for text in lines]
    text = join_heading_lines(shown)
    numbered = numbered_heading(text.text)
    if numbered:
        changes.append(Change("heading", line, f"numbering removed: '{text.text}' → '{numbered[1]}' "
                                               "(the outline numbers its sections)"))
        text = text[len(text.text) - len(numbered[1]):]
    if len(shown) > 1:
        changes.append(Change("heading", line, f"joined {len(shown)} heading lines: "
                                               f"{' / '.join(s.text for s in shown)} → {text.text}"))
    depth = numbered[0] if numbered else None
    return Paragraph(text.strip("：: "), line, True, passage.level, depth, tuple(s.text for s in shown),
                     passage.gap, passage.kind, run_in=run_in, raw="".join(t.text for t in lines))


def join_heading_lines(lines: list[Located]) -> Located:
    """Return a heading printed over several lines as one: 抢赛道、育动能 / 创新发展 / 迈出新步伐 →
    抢赛道、育动能，创新发展迈出新步伐 (a line of parallel phrases is followed by a comma)."""
    text = lines[0]
    for previous, line in zip(lines, lines[1:], strict=False):
        if not previous.text or not line.text:
            text += line
            continue
        last, first = previous.text[-1], line.text[0]
        if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
            text = text.inserted(len(text), " ")
        elif "、" in previous.text and last not in "，、：；" and not numbered_heading(previous.text):
            text = text.inserted(len(text), "，")
        text += line
    return text


def _body(lines: list[Located], passage: Passage, line: int, changes: list[Change], gap: int | None = None
          ) -> Paragraph:
    joined = _join_lines(lines)
    text = normalise_located(joined, line, changes)
    return Paragraph(text, line, gap=passage.gap if gap is None else gap, kind=passage.kind, raw=joined.text)


def _join_lines(lines: list[Located]) -> Located:
    text = lines[0]
    for line in lines[1:]:
        if text.text and line.text and text.text[-1].isascii() and text.text[-1].isalnum() \
                and line.text[0].isascii() and line.text[0].isalnum():
            text = text.inserted(len(text), " ")
        text += line
    return text


def _captions(units: list[Paragraph]) -> list[Paragraph]:
    """Return the units with the short lines right before a table (its title, 单位：亿元) made its caption."""
    out = list(units)
    for index, unit in enumerate(units):
        if unit.kind != "row" or (index and units[index - 1].kind in ("row", "caption")):
            continue
        before = index - 1
        while before >= 0 and index - before <= 2 and _caption_shaped(out[before]):
            out[before] = replace(out[before], heading=False, numbered=None, level=None, kind="caption")
            before -= 1
    return out


def _caption_shaped(unit: Paragraph) -> bool:
    text = unit.text
    return unit.numbered is None and unit.level is None and len(text) <= 40 and not is_terminated(text) \
        and not re.search("[，,；;]", text) and unit.kind in ("text", "caption")


def _split_headings(units: list[Paragraph], changes: list[Change]) -> list[Paragraph]:
    """Return the units with a numbered heading split over two lines rejoined: 一、综 / 合 → 综合."""
    out: list[Paragraph] = []
    for unit in units:
        previous = out[-1] if out else None
        if previous and previous.heading and previous.numbered is not None and len(previous.text) <= 2 \
                and unit.numbered is None and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", unit.text):
            changes.append(Change("heading", previous.line, f"joined a heading split over lines {previous.line} "
                                                            f"and {unit.line}: {previous.text} / {unit.text}"))
            out[-1] = replace(previous, body=previous.body + unit.body,
                              lines=(*previous.lines, unit.text))
            continue
        out.append(unit)
    return out


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
    return not unit.heading and unit.kind == "text" and not is_terminated(unit.text) \
        and not unit.text.startswith(("——", "—")) and not unit.text.endswith(("：", ":")) \
        and not _front_line(unit.text)  # a date or an issuer under the title is a line of its own


def _continuation(units: list[Paragraph], number: int, resume: dict[int, int], used: set[int],
                  openers: _Openers) -> int | None:
    for candidate in (resume.get(number), number + 1):
        if candidate is not None and candidate < len(units) and candidate not in used \
                and _continues(units[candidate], openers):
            return candidate
    return None


def _continues(unit: Paragraph, openers: _Openers) -> bool:
    gap = vocab().get("paragraphs", "max_join_gap")
    return not unit.heading and unit.kind == "text" and 1 <= unit.gap <= gap and not openers.starts(unit.text)


def _note_skipped(units: list[Paragraph], number: int, following: int, used: set[int], openers: _Openers) -> None:
    nxt = number + 1
    if following != nxt and nxt < len(units) and nxt not in used and _continues(units[nxt], openers):
        units[nxt].notes.append("此段紧接在一句未完的句子之后，而该句在重复段落后接续；本段开头可能缺字")


def _joined(first: Paragraph, second: Paragraph, changes: list[Change]) -> Paragraph:
    seam = f"…{first.text[-8:]}|{second.text[:8]}…"
    changes.append(Change("joined", first.line, f"joined with line {second.line}: {seam}", second.line, seam))
    note = f"此段由跨页断开的两段接续而成（第{first.line}行与第{second.line}行）：{seam}"
    return replace(first, body=first.body + second.body, notes=[*first.notes, *second.notes, note])


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
    return replace(unit, body=unit.body.inserted(len(unit.body), ELLIPSIS),
                   notes=[*unit.notes, "原文在此中断（其后文字缺失），已以省略号标出"])


def _excerpt(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"
