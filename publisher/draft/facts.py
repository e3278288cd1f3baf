"""Extract quantitative facts from Chinese sentences: value, unit, magnitude, qualifier, subject, ranks, growth."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from publisher.draft.shape import CLAUSE_MARKS, pair_depths, sentences, split_outside_pairs
from publisher.draft.vocab import Vocab, vocab

QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_COMPARISON_BASE = re.compile(r"(?:同比|(?:比|较|較)(?:上年同期|去年同期|上年|去年|全市|全省|全国|全國))$")


@dataclass
class Fact:
    """A figure or a rank stated in the source, with the sentence it comes from."""

    subject: str
    value: float | str
    unit: str = ""  # as written, magnitude included: 万人次
    qualifier: str = ""  # 余, 近, 超, 突破 … (for a rank: 综合)
    kind: str = "number"  # number, percent, growth or rank
    scope: str = ""  # where a rank holds: 全省
    note: str = ""  # a comparison or a duration: 快于全市0.8个百分点, 连续五年
    change: float | None = None  # a growth rate stated right after the figure
    magnitude: str = ""  # 万 or 亿 (also part of unit)
    sentence: str = ""
    line: int = 0
    inherited: bool = False  # the subject was taken from the clauses around the figure
    verb: str = ""  # a growth's verb: 增长, 下降
    span: tuple[int, int] = (0, 0)  # where the figure stands in its sentence
    quote_span: tuple[int, int] = (0, 0)  # the clauses of the sentence that state the fact
    raw_before: str = field(default="", repr=False)  # the words before the figure in its item

    def base(self) -> tuple[float | str, str]:
        """Return the value and unit without magnitude (1.45万件 → 14500, 件), to compare facts."""
        if isinstance(self.value, str):
            return self.value, self.scope
        factor = vocab().get("numbers", "magnitudes").get(self.magnitude, 1)
        return round(self.value * factor, 6), self.unit[len(self.magnitude):]

    @property
    def quote(self) -> str:
        """Return the clauses of the sentence that state the fact: 数字经济核心企业快速增长，总计达9500余家."""
        return self.sentence[slice(*self.quote_span)] if self.quote_span[1] else self.sentence

    def label(self) -> str:
        """Return the subject as a KPI label; a growth keeps its verb: 地区生产总值增长."""
        return f"{self.subject}{self.verb}" if self.kind == "growth" else self.subject

    def shown(self) -> str:
        """Return the value as a reader sees it: 9500余家, 超5000万人次, 中心城区第一."""
        if self.kind == "rank":
            if self.value in vocab().get("ranks", "lead_verbs"):
                return f"{self.value}{self.scope}"
            return f"{self.scope}{self.qualifier}{self.value}"
        number = format_number(self.value)
        before = self.qualifier in vocab().get("numbers", "before").values()
        after_unit = self.qualifier in vocab().get("numbers", "after_unit").values()
        if before:
            return f"{self.qualifier}{number}{self.unit}"
        if after_unit:
            return f"{number}{self.unit}{self.qualifier}"
        return f"{number}{self.magnitude}{self.qualifier}{self.unit[len(self.magnitude):]}"


def format_number(value: float | str) -> str:
    """Return a number as written in prose: 9500, 1.45 (no trailing zeros, no exponent)."""
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")


def extract(text: str, line: int = 0) -> list[Fact]:
    """Return the facts of a paragraph, sentence by sentence."""
    return [fact for sentence in sentences(text) for fact in sentence_facts(sentence, line)]


def sentence_facts(sentence: str, line: int = 0) -> list[Fact]:
    """Return the facts of one sentence, with subjects, growth and comparisons attached."""
    found = _matches(sentence)
    facts: list[Fact] = []
    for fact in found:
        fact = replace(fact, sentence=sentence, line=line)
        if _comparison(sentence, fact, facts):
            continue
        fact = _with_subject(sentence, fact, facts, found)
        fact = replace(fact, quote_span=_quote_span(sentence, fact))
        if not _attach_growth(sentence, fact, facts):
            facts.append(fact)
    return facts


# ---- finding figures -------------------------------------------------------------------------------------------

@cache
def _patterns(words: Vocab) -> dict[str, re.Pattern[str]]:
    numbers = words.data["numbers"]
    pre = words.alternation("numbers", "before")
    magnitude = words.alternation("numbers", "magnitudes")
    unit = words.alternation("numbers", "units")
    after = words.alternation("numbers", "after_number")
    after_unit = words.alternation("numbers", "after_unit")
    word_values = "|".join(sorted(map(re.escape, numbers["word_values"]), key=len, reverse=True))
    ranks = words.data["ranks"]
    lead_verbs = words.alternation("ranks", "lead_verbs")
    growth = words.alternation("growth", "verbs")
    return {
        "number": re.compile(rf"(?P<pre>{pre})?(?P<num>{_NUMBER})(?P<mag>{magnitude})?(?P<post>{after})?"
                             rf"(?P<unit>{unit})(?P<post2>{after_unit})?"),
        "word": re.compile(rf"(?P<pre>{pre})(?P<word>{word_values})(?P<unit>{unit})(?P<post2>{after_unit})?"),
        "rank": re.compile(rf"(?P<scope>{ranks['scopes']})(?P<extra>综合|綜合)?(?P<rank>{ranks['words']})"),
        "lead": re.compile(rf"(?P<rank>{lead_verbs})(?P<scope>{ranks['scopes']})"
                           rf"(?!综合|綜合|{ranks['words']}|[\u4e00-\u9fff]*(?:{ranks['words']}))"),
        "growth_end": re.compile(rf"(?:{growth})$"),
        "not_before": re.compile(numbers["not_before"]),
        "not_after": re.compile(numbers["not_after"]),
    }


def _matches(sentence: str) -> list[Fact]:
    """Return every figure and rank of a sentence (subjects not yet set), in reading order."""
    patterns = _patterns(vocab())
    quoted = _quoted(sentence)
    found = [*_numbers(sentence, patterns), *_words(sentence, patterns), *_ranks(sentence, patterns)]
    found = [f for f in found if not quoted[f.span[0]]]
    found.sort(key=lambda f: (f.span[0], -f.span[1]))
    out: list[Fact] = []
    for fact in found:
        if not out or fact.span[0] >= out[-1].span[1]:
            out.append(fact)
    return out


def _quoted(sentence: str) -> list[bool]:
    """Return, per character, whether it stands inside quotes or a book title (a name, not a statement)."""
    inside, stack = [], []
    for char in sentence:
        if stack and char == QUOTES[stack[-1]]:
            stack.pop()
            inside.append(True)
            continue
        inside.append(bool(stack) or char in QUOTES)
        if char in QUOTES:
            stack.append(char)
    return inside


def _numbers(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for match in patterns["number"].finditer(sentence):
        start = match.start("num") if not match.group("pre") else match.start()
        before = sentence[start - 1] if start else ""
        after = sentence[match.end()] if match.end() < len(sentence) else ""
        if (before and patterns["not_before"].match(before)) or (after and patterns["not_after"].match(after)):
            continue
        value = float(match.group("num").replace(",", ""))
        out.append(_number_fact(match, value, match.group("mag") or "", start))
    return out


def _words(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    values = vocab().get("numbers", "word_values")
    out = []
    for match in patterns["word"].finditer(sentence):
        value, magnitude = values[match.group("word")]
        out.append(_number_fact(match, float(value), magnitude, match.start()))
    return out


def _number_fact(match: re.Match[str], value: float, magnitude: str, start: int) -> Fact:
    numbers = vocab().data["numbers"]
    groups = match.groupdict()
    qualifier = (numbers["before"].get(groups.get("pre") or "", "") + numbers["after_number"].get(
        groups.get("post") or "", "") + numbers["after_unit"].get(groups.get("post2") or "", ""))
    unit = groups["unit"]
    kind = "percent" if unit in ("%", "‰") else "number"
    return Fact("", value, magnitude + unit, qualifier, kind, magnitude=magnitude, span=(start, match.end()))


def _ranks(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for name in ("rank", "lead"):
        for match in patterns[name].finditer(sentence):
            extra = match.groupdict().get("extra") or ""
            start = match.start("rank") if name == "lead" else match.start()
            out.append(Fact("", match.group("rank"), "", extra, "rank", match.group("scope"),
                            span=(start, match.end())))
    return out


# ---- subjects --------------------------------------------------------------------------------------------------

def _with_subject(sentence: str, fact: Fact, earlier: list[Fact], found: list[Fact]) -> Fact:
    """Return the fact with its subject: the words before it, the noun after a count, or the clause before."""
    start, end = fact.span
    item_start = _item_start(sentence, start, earlier)
    raw = sentence[item_start:start].lstrip("、，")
    fact = _growth_kind(replace(fact, raw_before=raw))
    before, count_first = _clean_before(raw, fact)
    if fact.kind == "rank":
        before, fact = _duration(before, fact)
    after = _noun_after(sentence, end, found, fact) if count_first else ""
    subject = after or before
    if subject.startswith(("占", "佔")) and earlier:
        return replace(fact, subject=earlier[-1].subject + subject, inherited=True)
    if subject:
        return replace(fact, subject=subject)
    return replace(fact, subject=_inherited(sentence, fact, earlier, raw), inherited=True)


def _item_start(sentence: str, start: int, earlier: list[Fact]) -> int:
    """Return where the words about a figure begin: after the clause mark, the enumeration comma or the
    figure before it, whichever is last."""
    depths = pair_depths(sentence)
    position = 0
    for i in range(start - 1, -1, -1):
        if depths[i] == 0 and sentence[i] in CLAUSE_MARKS + "、":
            position = i + 1
            break
    last_end = max((f.span[1] for f in earlier if f.span[1] <= start), default=0)
    return max(position, last_end)


def _growth_kind(fact: Fact) -> Fact:
    found = _patterns(vocab())["growth_end"].search(fact.raw_before) if fact.kind != "rank" else None
    return replace(fact, kind="growth", verb=found.group(0)) if found else fact


def _clean_before(raw: str, fact: Fact) -> tuple[str, bool]:
    """Return (the subject found in the words before a figure, whether the noun comes after the count)."""
    words = vocab().data["subjects"]
    text = _strip_frames(raw)
    markers = list(vocab().pattern("subjects", "markers").finditer(text))
    if markers:
        text = text[markers[-1].end():]
    count_first = not text or text.endswith(tuple(words["verbs_before_count"]))
    if "等" in text and _outside_quotes(text, text.rindex("等")):
        text = text[text.rindex("等") + 1:]
        count_first = count_first or not text
    text = _strip_verbs(text, fact)
    return text, count_first and fact.kind == "number" and fact.unit[len(fact.magnitude):] in _classifiers()


def _classifiers() -> set[str]:
    return set(vocab().get("numbers", "classifiers"))


def _outside_quotes(text: str, index: int) -> bool:
    return not _quoted(text)[index]


def _strip_frames(text: str) -> str:
    frames = vocab().pattern("subjects", "frames")
    while True:
        found = frames.match(text)
        if not found or not found.end():
            return text.lstrip("，、：")
        text = text[found.end():].lstrip("，、：")


def _strip_verbs(text: str, fact: Fact) -> str:
    """Return a subject without the verbs that link it to its figure (达, 增长, 位居 …)."""
    words = vocab().data
    trailing = list(words["subjects"]["trailing_verbs"])
    if fact.kind == "rank":
        trailing += words["ranks"]["verbs"]
    if fact.kind == "growth":
        trailing += words["growth"]["verbs"]
    text = _strip_end(text, sorted(trailing, key=len, reverse=True))
    text = _COMPARISON_BASE.sub("", text) if fact.kind == "growth" else text
    for verb in sorted(words["subjects"]["leading_verbs"], key=len, reverse=True):
        if text.startswith(verb) and len(text) > len(verb):
            text = text[len(verb):]
    return _balanced(text.strip("，、： "))


def _balanced(text: str) -> str:
    """Return text without a quote mark left unpaired at either end by cutting it out of its sentence."""
    for opener, closer in QUOTES.items():
        if text.startswith(closer) or (text.endswith(opener)):
            text = text.strip(opener + closer)
        if text.count(opener) != text.count(closer):
            text = text.lstrip(opener) if text.startswith(opener) else text.rstrip(closer)
    return text


def _strip_end(text: str, words: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for word in words:
            if text.endswith(word):
                text, changed = text[: -len(word)], True
                break
    return text


def _duration(before: str, fact: Fact) -> tuple[str, Fact]:
    found = vocab().pattern("ranks", "duration").search(before)
    if not found:
        return before, fact
    rest = (before[:found.start()] + before[found.end():]).strip()
    return _strip_verbs(rest, fact), replace(fact, note=found.group(0))


def _noun_after(sentence: str, end: int, found: list[Fact], fact: Fact) -> str:
    """Return the noun a count measures when it follows the count: 14个低碳示范场景 → 低碳示范场景."""
    depths = pair_depths(sentence)
    stop = next((f.span[0] for f in found if f.span[0] >= end), len(sentence))
    for i in range(end, stop):
        if depths[i] == 0 and sentence[i] in CLAUSE_MARKS + "、":
            stop = i
            break
    text = sentence[end:stop]
    cut = [text.find(word, 1) for word in vocab().get("subjects", "stop_after")]
    cut = [i for i in cut if i > 0]
    return (text[:min(cut)] if cut else text).strip("，、：")


def _inherited(sentence: str, fact: Fact, earlier: list[Fact], raw: str) -> str:
    """Return the subject of a figure stated without one: 均… names the two figures before it; a figure
    after another in its clause shares its subject; else the clause before names it."""
    if fact.kind == "rank" and "均" in raw:
        named = [f.subject for f in earlier if f.kind != "rank"][-2:]
        if named:
            return "、".join(named)
    if earlier and _same_clause(sentence, earlier[-1].span[1], fact.span[0]):
        return earlier[-1].subject
    return _clause_before(sentence, fact.span[0], earlier)


def _same_clause(sentence: str, start: int, end: int) -> bool:
    depths = pair_depths(sentence)
    return not any(depths[i] == 0 and sentence[i] in CLAUSE_MARKS for i in range(start, end))


def _clause_before(sentence: str, start: int, earlier: list[Fact]) -> str:
    spans = split_outside_pairs(sentence, CLAUSE_MARKS)
    current = next((i for i, (s, e) in enumerate(spans) if s <= start <= e), 0)
    if current == 0:
        return ""
    clause_start, clause_end = spans[current - 1]
    if any(clause_start <= f.span[0] < clause_end for f in earlier):
        return earlier[-1].subject
    text = _strip_frames(sentence[clause_start:clause_end])
    return _strip_end(text, sorted(vocab().get("subjects", "predicates"), key=len, reverse=True))


def _quote_span(sentence: str, fact: Fact) -> tuple[int, int]:
    """Return the span of the clauses stating a fact: the figure's clause, from the clause of its subject."""
    spans = split_outside_pairs(sentence, CLAUSE_MARKS)
    start, end = next(((s, e) for s, e in spans if s <= fact.span[0] < e), (0, len(sentence)))
    first = re.split("[、占佔]", fact.subject)[0]
    found = sentence.rfind(first, 0, fact.span[0]) if first else -1
    if found >= 0:
        start = min(start, next(s for s, e in spans if s <= found < e))
    return start, max(end, fact.span[1])


# ---- growth and comparisons ------------------------------------------------------------------------------------

def _comparison(sentence: str, fact: Fact, facts: list[Fact]) -> bool:
    """Return whether the figure compares the growth before it (快于全市0.8个百分点); if so, it becomes that
    fact's note."""
    if fact.kind == "rank" or not facts:
        return False
    clause_start = _item_start(sentence, fact.span[0], [])
    words = sentence[clause_start:fact.span[0]]
    comparisons = tuple(vocab().get("growth", "comparisons"))
    if not words.startswith(comparisons) or _patterns(vocab())["growth_end"].search(words):
        return False
    facts[-1] = replace(facts[-1], note=sentence[clause_start:fact.span[1]])
    return True


def _attach_growth(sentence: str, fact: Fact, facts: list[Fact]) -> bool:
    """Return whether a growth rate without its own subject belongs to the figure just before it
    (地区生产总值2302.6亿元，增长5.2%); if so, it becomes that fact's change."""
    if fact.kind != "growth" or not fact.inherited or not facts or fact.unit != "%":
        return False
    previous = facts[-1]
    if previous.kind not in ("number", "percent") or previous.change is not None:
        return False
    declines = vocab().get("growth", "declines")
    change = -fact.value if fact.verb in declines else fact.value
    facts[-1] = replace(previous, change=change, note=fact.note or previous.note)
    return True
