"""Extract the figures of Chinese sentences: each value as written with its unit and qualifier, the noun phrase it
measures, its comparison (同比增长/下降, 比…提高) as a signed change, its period, ranks and figures in words."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from publisher.draft.shape import CLAUSE_MARKS, pair_depths, sentences
from publisher.draft.vocab import Vocab, vocab

QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ITEM_MARKS = CLAUSE_MARKS + "、"


@dataclass
class Fact:
    """A figure, a rank or a figure in words stated in the source, with the sentence it comes from."""

    subject: str  # the noun phrase it measures
    value: str  # as written: 4.0, 1,648, 2兆5,031, 九成, 全国前列
    unit: str = ""  # as written, magnitude included: 万人次
    qualifier: str = ""  # 余, 多, 近, 超, 约, 以上 … (as the source writes it)
    kind: str = "number"  # number, percent, growth, rank, text or range
    scope: str = ""  # where a rank holds: 全省
    note: str = ""  # a comparison or a duration kept as words: 快于全市0.8个百分点, 连续五年
    change: str = ""  # a comparison of the figure, signed and as written: +3.5, -0.2
    change_unit: str = ""  # %, 个百分点, 倍, or the figure's own unit for 比年初增加586.96亿元
    period: str = ""  # when the figure holds, when stated: 全年, 年末, 上半年, 2024年
    magnitude: str = ""  # 万, 亿, 萬, 億, 万亿 (also the start of unit)
    sentence: str = ""
    line: int = 0
    column: int = 0
    inherited: bool = False  # the subject was taken from the words around the figure
    verb: str = ""  # a growth's verb: 增长, 下降
    span: tuple[int, int] = (0, 0)  # where the figure stands in its sentence
    quote_span: tuple[int, int] = (0, 0)  # the clauses of the sentence that state the fact
    offset: int = 0  # where the sentence starts in its paragraph
    doubts: list[str] = field(default_factory=list)
    whole: bool = False  # a total whose parts the sentence goes on to give (…32个行业大类中，有18个…)
    series: int = 0  # the figures of one 分别 enumeration share a number (1 + where their 分别 stands)

    @property
    def number(self) -> float | None:
        """Return the value as a number (2兆5,031 with unit 亿元 → 25031), or None for words and ranges."""
        return parse_number(self.value)

    @property
    def signed(self) -> float | None:
        """Return the value with the sign its verb gives it: a fall of 6.7% is -6.7."""
        number = self.number
        if number is None:
            return None
        return -number if self.kind == "growth" and self.verb in vocab().get("growth", "declines") else number

    def base(self) -> tuple[float | str, str]:
        """Return the value and unit without magnitude (1.45万件 → 14500, 件), to compare facts."""
        number = self.number
        if number is None:
            return self.value, self.scope
        factor = vocab().get("numbers", "magnitudes").get(self.magnitude, 1)
        return round(number * factor, 6), self.unit[len(self.magnitude):]

    @property
    def quote(self) -> str:
        """Return the clauses of the sentence that state the fact."""
        return self.sentence[slice(*self.quote_span)] if self.quote_span[1] else self.sentence

    def label(self) -> str:
        """Return the subject as a KPI label."""
        return self.subject

    def shown(self) -> str:
        """Return the figure as a reader sees it: 9500余家, 超5000万人次, 下降6.7%, 中心城区第一."""
        if self.kind == "rank":
            if self.value in vocab().get("ranks", "lead_verbs"):
                return f"{self.value}{self.scope}"
            return f"{self.scope}{self.qualifier}{self.value}"
        if self.kind in ("text", "range"):
            return f"{self.qualifier}{self.value}{self.unit}"
        before = self.qualifier in vocab().get("numbers", "before")
        after_unit = self.qualifier in vocab().get("numbers", "after_unit")
        verb = self.verb if self.kind == "growth" else ""
        if before:
            return f"{verb}{self.qualifier}{self.value}{self.unit}"
        if after_unit:
            return f"{verb}{self.value}{self.unit}{self.qualifier}"
        return f"{verb}{self.value}{self.magnitude}{self.qualifier}{self.unit[len(self.magnitude):]}"


def parse_number(written: str) -> float | None:
    """Return the number a written value stands for (1,648 → 1648; 2兆5,031 → 25031, in the unit's magnitude),
    or None when it is not a number."""
    compound = re.fullmatch(rf"({_DIGITS})([兆亿億万萬])({_DIGITS})", written)
    if compound:
        big, unit, small = compound.groups()
        factor = {"兆": 10000, "亿": 10000, "億": 10000, "万": 10000, "萬": 10000}[unit]
        return float(big.replace(",", "")) * factor + float(small.replace(",", ""))
    if re.fullmatch(_DIGITS, written):
        return float(written.replace(",", ""))
    return None


def format_number(value: float | str) -> str:
    """Return a number as written in prose: 9500, 1.45 (a string is returned as written)."""
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")


def extract(text: str, line: int = 0) -> list[Fact]:
    """Return the facts of a paragraph, sentence by sentence (offsets say where each sentence starts)."""
    out: list[Fact] = []
    start = 0
    for sentence in sentences(text):
        offset = text.find(sentence, start)
        start = offset + len(sentence)
        out.extend(replace(f, offset=offset) for f in sentence_facts(sentence, line))
    return out


def sentence_facts(sentence: str, line: int = 0) -> list[Fact]:
    """Return the facts of one sentence with subjects, changes, periods and 分别 enumerations resolved."""
    found = [replace(f, sentence=sentence, line=line) for f in _matches(sentence)]
    facts: list[Fact] = []
    for index, fact in enumerate(found):
        fact = _classify(sentence, fact, facts)
        if _comparison(sentence, fact, facts) or _as_change(sentence, fact, facts):
            continue
        fact = _with_subject(sentence, fact, facts, found[index + 1:])
        fact = replace(fact, period=_period(sentence, fact), quote_span=_quote_span(sentence, fact))
        facts.append(fact)
    return _respectively(sentence, facts)


# ---- finding figures -------------------------------------------------------------------------------------------

@cache
def _patterns(words: Vocab) -> dict[str, re.Pattern[str]]:
    numbers = words.data["numbers"]
    pre = words.alternation("numbers", "before")
    magnitude = words.alternation("numbers", "magnitudes")
    unit = words.alternation("numbers", "units")
    after = words.alternation("numbers", "after_number")
    after_unit = words.alternation("numbers", "after_unit")
    value = rf"(?:{_DIGITS})[兆亿億万萬](?:{_DIGITS})(?=(?:{magnitude})?(?:{unit}))|(?<![\d.])-(?:{_DIGITS})|{_DIGITS}"
    word_values = "|".join(sorted(map(re.escape, numbers["word_values"]), key=len, reverse=True))
    ranks = words.data["ranks"]
    lead_verbs = words.alternation("ranks", "lead_verbs")
    return {
        "number": re.compile(rf"(?P<pre>{pre})?(?P<num>{value})(?P<mag>{magnitude})?(?P<post>{after})?"
                             rf"(?P<unit>{unit})(?P<post2>{after_unit})?"),
        "range": re.compile(rf"(?P<num>(?:{_DIGITS})(?:{magnitude})?(?:{unit})?\s*[-—–～~至到]\s*(?:{_DIGITS})"
                            rf"(?:{magnitude})?(?:{unit}))"),
        "ratio": re.compile(rf"(?P<num>(?:{_DIGITS})(?:[:：](?:{_DIGITS})){{1,3}})"),
        "index": re.compile(rf"(?:{numbers['unitless']})(?:为|為|是|达|達)?(?P<num>{_DIGITS})(?![\d.%‰])"),
        "word": re.compile(rf"(?P<pre>{pre})(?P<word>{word_values})(?P<unit>{unit})(?P<post2>{after_unit})?"),
        "text": re.compile(rf"(?P<pre>{pre})?(?P<num>{numbers['word_figures']})"),
        "rank": re.compile(rf"(?P<scope>{ranks['scopes']})(?P<extra>综合|綜合)?(?P<rank>{ranks['words']})"),
        "lead": re.compile(rf"(?P<rank>{lead_verbs})(?P<scope>{ranks['scopes']})"
                           rf"(?!综合|綜合|{ranks['words']}|[\u4e00-\u9fff]*(?:{ranks['words']}))"),
        "not_before": re.compile(numbers["not_before"]),
        "not_after": re.compile(numbers["not_after"]),
    }


def _matches(sentence: str) -> list[Fact]:
    """Return every figure of a sentence (subjects not yet set), in reading order; a longer match wins."""
    patterns = _patterns(vocab())
    quoted = _quoted(sentence)
    found = [*_ranges(sentence, patterns), *_numbers(sentence, patterns), *_words(sentence, patterns),
             *_texts(sentence, patterns), *_ranks(sentence, patterns)]
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


def _standalone(sentence: str, start: int, end: int, patterns: dict[str, re.Pattern[str]]) -> bool:
    before = sentence[start - 1] if start else ""
    after = sentence[end] if end < len(sentence) else ""
    return not (before and patterns["not_before"].match(before)) and not (after and patterns["not_after"].match(after))


def _numbers(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    numbers = vocab().data["numbers"]
    out = []
    for match in patterns["number"].finditer(sentence):
        start = match.start("num") if not match.group("pre") else match.start()
        if not _standalone(sentence, match.start("num"), match.end("num"), patterns):
            continue
        groups = match.groupdict()
        qualifier = (groups["pre"] or "") + (groups["post"] or "") + (groups["post2"] or "")
        unit = (groups["mag"] or "") + groups["unit"]
        kind = "percent" if groups["unit"] in ("%", "‰") else "number"
        out.append(Fact("", match.group("num"), unit, qualifier, kind, magnitude=groups["mag"] or "",
                        span=(start, match.end())))
    out = [f for f in out if not (f.unit in ("个", "個") and re.match(
        r"(?:\s*[、和及与與]\s*[\d.,]+\s*(?:个|個)?)+\s*百分[点點]", sentence[f.span[1]:]))]
    out.extend(_shared_units(sentence, out))
    for match in patterns["index"].finditer(sentence):
        if _standalone(sentence, match.start("num"), match.end("num"), patterns):
            out.append(Fact("", match.group("num"), "", "", "number", span=(match.start("num"), match.end("num"))))
    del numbers
    return out


def _shared_units(sentence: str, found: list[Fact]) -> list[Fact]:
    """Return the bare numbers of an enumeration that share the unit written after its last number:
    0.9、5.9个百分点 → 0.9个百分点; 16.4个、1.3个百分点 → 16.4个百分点."""
    out = []
    for fact in found:
        position = fact.span[0]
        while True:
            bare = re.search(rf"({_DIGITS})(个|個)?\s*[、和及与與]\s*$", sentence[:position])
            if not bare or (bare.start() and re.match(r"[\d.A-Za-z]", sentence[bare.start() - 1])):
                break
            out.append(replace(fact, value=bare.group(1), qualifier="", span=(bare.start(), bare.end(1) +
                                                                              len(bare.group(2) or ""))))
            position = bare.start()
    return out


def _ranges(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for name in ("range", "ratio"):
        for match in patterns[name].finditer(sentence):
            text = match.group("num")
            if name == "ratio" and (text.count(":") + text.count("：") < 2 and "." not in text):
                continue
            if _standalone(sentence, match.start(), match.end(), patterns):
                out.append(Fact("", text, "", "", "range" if name == "range" else "text",
                                span=(match.start(), match.end())))
    return out


def _words(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for match in patterns["word"].finditer(sentence):
        qualifier = match.group("pre") + (match.group("post2") or "")
        out.append(Fact("", match.group("word"), match.group("unit"), qualifier, "text",
                        span=(match.start(), match.end())))
    return out


def _texts(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    return [Fact("", m.group("num"), "", m.group("pre") or "", "text", span=(m.start(), m.end()))
            for m in patterns["text"].finditer(sentence)]


def _ranks(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for name in ("rank", "lead"):
        for match in patterns[name].finditer(sentence):
            extra = match.groupdict().get("extra") or ""
            start = match.start("rank") if name == "lead" else match.start()
            out.append(Fact("", match.group("rank"), "", extra, "rank", match.group("scope"),
                            span=(start, match.end())))
    return out


# ---- growth and changes ----------------------------------------------------------------------------------------

def _item_start(sentence: str, start: int, earlier: list[Fact], marks: str = _ITEM_MARKS) -> int:
    """Return where the words about a figure begin: after the clause mark, the enumeration comma or the
    figure before it, whichever is last."""
    depths = pair_depths(sentence)
    position = 0
    ends = {f.span[1] for f in earlier}
    for i in range(start - 1, -1, -1):
        if depths[i] == 0 and sentence[i] in marks:
            if sentence[i] == "、" and not any(i - 3 <= end <= i for end in ends):
                continue
            position = i + 1
            break
    last_end = max((f.span[1] for f in earlier if f.span[1] <= start), default=0)
    return max(position, last_end)


def _classify(sentence: str, fact: Fact, earlier: list[Fact]) -> Fact:
    """Return the fact marked as a growth when a growth verb stands right before it (增长5.8%, 比上年提高2个百分点)."""
    if fact.kind in ("rank", "range"):
        return fact
    words = sentence[_item_start(sentence, fact.span[0], earlier):fact.span[0]]
    found = vocab().pattern("growth", "verb_end").search(words)
    return replace(fact, kind="growth", verb=found.group("verb")) if found else fact


def _as_change(sentence: str, fact: Fact, facts: list[Fact]) -> bool:
    """Return whether a growth without a subject of its own is the change of the figure before it
    (生产总值5481.6亿元，比上年增长3.5%); if so, that figure gets it as a signed change."""
    if fact.kind != "growth" or not facts:
        return False
    previous = facts[-1]
    if previous.kind not in ("number", "percent") or previous.change or previous.verb:
        return False
    between = sentence[previous.span[1]:fact.span[0]]
    if re.search("[。；;]", between) or _subject_words(between, fact, previous):
        return False
    if fact.number is None:
        facts[-1] = replace(previous, note=sentence[previous.span[1]:fact.span[1]].lstrip("，,"))
        return True
    sign = "-" if fact.verb in vocab().get("growth", "declines") else "+"
    facts[-1] = replace(previous, change=sign + fact.value, change_unit=fact.unit,
                        note=_comparison_base(between) or previous.note)
    return True


def _comparison(sentence: str, fact: Fact, facts: list[Fact]) -> bool:
    """Return whether the figure compares the growth just before it (快于全市0.8个百分点); if so, it becomes that
    growth's note."""
    if fact.kind == "rank" or not facts or facts[-1].kind != "growth":
        return False
    start = _item_start(sentence, fact.span[0], [])
    words = sentence[start:fact.span[0]]
    if not words.startswith(tuple(vocab().get("growth", "comparisons"))) or fact.kind == "growth":
        return False
    facts[-1] = replace(facts[-1], note=sentence[start:fact.span[1]])
    return True


def _subject_words(between: str, fact: Fact, previous: Fact) -> str:
    """Return the words between a figure and a growth that name another subject (not a comparison base, nor the
    measure the figure itself is: 比重为24.6%，比同期比重提高8.2个百分点)."""
    text = re.sub(vocab().get("growth", "bases"), "", between)
    text = re.sub(vocab().get("growth", "verb_end"), "", text)
    text = re.sub(r"[，、：:,\s]", "", text)
    return "" if text in vocab().get("subjects", "relative") and previous.subject.endswith(text) else text


def _comparison_base(between: str) -> str:
    found = re.search(vocab().get("growth", "base_words"), between)
    return found.group(0) if found else ""


# ---- subjects --------------------------------------------------------------------------------------------------

def _with_subject(sentence: str, fact: Fact, earlier: list[Fact], later: list[Fact]) -> Fact:
    """Return the fact with its subject: the noun phrase before it, the noun after a count, the measure of the
    figure before it (增速, 比重 …), or the clause before."""
    start, end = fact.span
    raw = sentence[_item_start(sentence, start, earlier):start]
    subject, count_first = _clean_subject(raw, fact)
    count_first = count_first or (not raw.strip("、，,") and fact.kind == "number" and bool(fact.unit))
    if fact.kind == "rank":
        subject, fact = _duration(subject, fact)
    quoted_name = bool(re.fullmatch(r"[“「『《].+[”」』》]", subject))
    of = sentence[end:end + 1] == "之" and (not subject or bool(re.search(r"\d|每年|達到|达到", subject)))
    if of or (quoted_name and fact.kind == "number"):
        count_first, end = True, end + (sentence[end:end + 1] == "之")
    after = _noun_after(sentence, end, later) if count_first else ""
    if after.endswith("中") and len(after) > 2:  # 32个行业大类中，有18个…: a whole, its parts follow
        after, fact = after[:-1], replace(fact, whole=True)
    subject = after or subject
    words = vocab().data["subjects"]
    if subject in words["relative"] and earlier:
        return replace(fact, subject=_measure(earlier[-1]) + subject, inherited=True)
    if subject.startswith(("占", "佔")) and earlier:
        return replace(fact, subject=_measure(earlier[-1]) + subject.rstrip("的之"), inherited=True)
    if (subject.startswith(("是", "為", "为", *words["to_verbs"])) or subject.endswith(("的", "之"))) and earlier:
        return replace(fact, subject=earlier[-1].subject, inherited=True)
    if (vocab().pattern("subjects", "periods").fullmatch(subject) or subject in words["period_words"]) and earlier:
        level = [f for f in earlier if f.kind != "growth"] or earlier
        return replace(fact, subject=level[-1].subject, period=subject, inherited=True)
    if subject:
        return replace(fact, subject=subject)
    return replace(fact, subject=_inherited(sentence, fact, earlier), inherited=True)


def _measure(fact: Fact) -> str:
    return fact.subject


def _clean_subject(raw: str, fact: Fact) -> tuple[str, bool]:
    """Return (the noun phrase in the words before a figure, whether the noun comes after the count instead)."""
    words = vocab().data["subjects"]
    text = _strip_frames(raw.lstrip("、，"))
    markers = list(vocab().pattern("subjects", "markers").finditer(text))
    if markers:
        text = text[markers[-1].end():] or text[:markers[-1].start()]
    text = _strip_frames(_within(text))
    count_first = not text or text.endswith(tuple(words["verbs_before_count"]))
    if "等" in text and not _quoted(text)[text.rindex("等")] and \
            ("、" in text[:text.rindex("等")] or text.endswith("等")):
        text = text[text.rindex("等") + 1:]
        count_first = count_first or not text
    text = _strip_verbs(text, fact)
    classifier = fact.kind == "number" and fact.unit[len(fact.magnitude):] in vocab().get("numbers", "classifiers")
    return text, count_first and classifier


def _within(text: str) -> str:
    """Return the noun phrase inside the words before a figure: after an unclosed bracket, after a time inside
    them, before 由 (from … to …)."""
    for opener in "（(「“":
        if text.count(opener) > text.count({"（": "）", "(": ")", "「": "」", "“": "”"}[opener]):
            text = text[text.rindex(opener) + 1:]
    ends = vocab().pattern("subjects", "ends_before").search(text)
    if ends and ends.start() >= 2:
        text = text[:ends.start()]
    found = [m for m in vocab().pattern("subjects", "starts_after").finditer(text) if m.end() < len(text) - 1]
    if found:
        text = text[found[-1].end():]
    if "之" in text[:-2] and not _quoted(text)[text.rindex("之")]:
        text = text[text.rindex("之") + 1:]
    return text


def _strip_frames(text: str) -> str:
    frames = vocab().pattern("subjects", "frames")
    while True:
        found = frames.match(text)
        if not found or not found.end():
            return text.lstrip("，、：的之並并且")
        text = text[found.end():].lstrip("，、：的之並并且")


def _strip_verbs(text: str, fact: Fact) -> str:
    """Return a subject without the verbs that link it to its figure (达, 增长, 位居 …) or sit inside it
    (第一产业实现增加值 → 第一产业增加值)."""
    words = vocab().data
    trailing = list(words["subjects"]["trailing_verbs"])
    if fact.kind == "rank":
        trailing += words["ranks"]["verbs"]
    text = _strip_end(text, sorted(trailing, key=len, reverse=True))
    if fact.kind == "growth":
        text = re.sub(vocab().get("growth", "verb_end"), "", text)
        text = re.sub(vocab().get("growth", "bases") + "$", "", text)
        text = _strip_end(text, sorted(trailing, key=len, reverse=True))
    for verb in sorted(words["subjects"]["leading_verbs"], key=len, reverse=True):
        if text.startswith(verb) and len(text) > len(verb):
            text = text[len(verb):]
    text = vocab().pattern("subjects", "inner_verbs").sub("", text)
    return _balanced(text.strip("，、：: "))


def _balanced(text: str) -> str:
    """Return text without a quote mark or bracket left unpaired at either end."""
    pairs = {**QUOTES, "（": "）", "(": ")"}
    for opener, closer in pairs.items():
        if text.startswith(closer) or text.endswith(opener):
            text = text.strip(opener + closer)
        if text.count(opener) > text.count(closer) and opener in text:
            text = text[text.rindex(opener) + 1:] if text.endswith(opener) else text.replace(opener, "", 1)
        if text.count(closer) > text.count(opener):
            text = text.replace(closer, "", 1) if text.startswith(closer) else text
    return text


def _strip_end(text: str, words: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for word in words:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
                break
            if text == word:
                return ""
    return text


def _duration(before: str, fact: Fact) -> tuple[str, Fact]:
    found = vocab().pattern("ranks", "duration").search(before)
    if not found:
        return before, fact
    rest = (before[:found.start()] + before[found.end():]).strip()
    return _strip_verbs(rest, fact), replace(fact, note=found.group(0))


def _noun_after(sentence: str, end: int, later: list[Fact]) -> str:
    """Return the noun a count measures when it follows the count: 14个低碳示范场景 → 低碳示范场景."""
    depths = pair_depths(sentence)
    stop = next((f.span[0] for f in later if f.span[0] >= end), len(sentence))
    for i in range(end, stop):
        if depths[i] == 0 and sentence[i] in _ITEM_MARKS:
            stop = i
            break
    text = sentence[end:stop]
    cut = [text.find(word, 1) for word in vocab().get("subjects", "stop_after")]
    cut = [i for i in cut if i > 0]
    return (text[:min(cut)] if cut else text).strip("，、：")


def _inherited(sentence: str, fact: Fact, earlier: list[Fact]) -> str:
    """Return the subject of a figure stated without one: 均… names the figures before it; a figure after
    another in its clause shares its subject; else the clause before names it."""
    raw = sentence[_item_start(sentence, fact.span[0], earlier):fact.span[0]]
    if fact.kind == "rank" and "均" in raw:
        named = [f.subject for f in earlier if f.kind != "rank"][-2:]
        if named:
            return "、".join(named)
    if earlier and not any(sentence[i] in CLAUSE_MARKS for i in range(earlier[-1].span[1], fact.span[0])):
        return earlier[-1].subject
    clause_start = _item_start(sentence, fact.span[0], [], CLAUSE_MARKS)
    if clause_start <= 1:
        return ""
    previous_start = _item_start(sentence, clause_start - 1, [], CLAUSE_MARKS)
    if any(previous_start <= f.span[0] < clause_start for f in earlier):
        return earlier[-1].subject
    text = _strip_frames(sentence[previous_start:clause_start - 1])
    return _strip_end(text, sorted(vocab().get("subjects", "predicates"), key=len, reverse=True))


def _period(sentence: str, fact: Fact) -> str:
    """Return the time a figure holds for, when its sentence states one before it: 全年, 年末, 上半年, 2024年."""
    found = list(vocab().pattern("subjects", "periods").finditer(sentence[:fact.span[0]]))
    return found[-1].group(0) if found else ""


def _quote_span(sentence: str, fact: Fact) -> tuple[int, int]:
    """Return the span of the clauses stating a fact: from the clause of its subject through its figure."""
    start = _item_start(sentence, fact.span[0], [], CLAUSE_MARKS)
    first = re.split("[、占佔]", fact.subject)[0][:4]
    found = sentence.rfind(first, 0, fact.span[0]) if first else -1
    if 0 <= found < start:
        start = _item_start(sentence, found + 1, [], CLAUSE_MARKS)
    end = fact.span[1]
    while end < len(sentence) and sentence[end] not in CLAUSE_MARKS:
        end += 1
    return start, end


# ---- 分别 enumerations -------------------------------------------------------------------------------------------

def _respectively(sentence: str, facts: list[Fact]) -> list[Fact]:
    """Return the facts with the figures after 分别 labelled by the items named before it, in order:
    烟酒类、粮油食品类零售额分别增长39.2%、6.6% → 烟酒类零售额, 粮油食品类零售额."""
    word = vocab().pattern("series", "respectively")
    for found in word.finditer(sentence):
        after = _run_after(sentence, facts, found.end())
        if len(after) < 2:
            continue
        first = facts[after[0]]
        for index in after[1:]:
            if first.kind == "growth" and facts[index].kind != "growth":
                facts[index] = replace(facts[index], kind="growth", verb=first.verb)
        head = sentence[_item_start(sentence, found.start(), [f for f in facts if f.span[1] <= found.start()],
                                    "，；：。"):found.start()]
        names = items(_strip_frames(head), len(after))
        if not names:
            continue
        for index, name in zip(after, names, strict=False):
            facts[index] = replace(facts[index], subject=name, inherited=False, series=found.start() + 1)
    return facts


def _run_after(sentence: str, facts: list[Fact], start: int) -> list[int]:
    """Return the indexes of the figures right after start that are only separated by 、 和 及 与."""
    run: list[int] = []
    for index, fact in enumerate(facts):
        if fact.span[0] < start:
            continue
        between = sentence[facts[run[-1]].span[1] if run else start:fact.span[0]]
        if run and not re.fullmatch(r"[、和及与與\s]*", between):
            break
        if not run and re.search("[，,；。]", between):
            break
        run.append(index)
    return run


def items(head: str, count: int) -> list[str]:
    """Return the count names an enumeration before 分别 stands for: 城镇调查失业率、居民消费价格涨幅 →
    both; 第一、二、三产业 → 第一产业, 第二产业, 第三产业; 烟酒类、粮油食品类零售额 → 烟酒类零售额, 粮油食品类零售额;
    城乡居民人均可支配收入 (two figures) → 城镇居民人均可支配收入, 农村居民人均可支配收入."""
    head = vocab().pattern("series", "lead_words").sub("", head)
    months = re.search(r"(\d{1,2})\s*[-—–至到]\s*(\d{1,2})\s*月", head)
    if months and int(months.group(2)) - int(months.group(1)) + 1 == count:
        return [f"{m}月" for m in range(int(months.group(1)), int(months.group(2)) + 1)]
    parts = [p for p in head.split("、") if p]
    if len(parts) < count:
        last = re.split("[和及与與]", parts[-1], maxsplit=1) if parts else []
        if len(parts) - 1 + len(last) == count:
            parts = parts[:-1] + last
    if len(parts) == 1 and count == 2:
        pair = next(((a, b, c) for a, b, c in vocab().get("series", "pairs") if a in parts[0]), None)
        if pair:
            word, first, second = pair
            return [parts[0].replace(word, first, 1), parts[0].replace(word, second, 1)]
    if len(parts) != count:
        return []
    if all(re.fullmatch(r"第?[一二三四五六七八九十]+", p) for p in parts[:-1]):
        suffix = re.sub(r"^第?[一二三四五六七八九十]+", "", parts[-1])
        return [("第" + p.lstrip("第") if parts[0].startswith("第") else p) + suffix for p in parts[:-1]] + \
            [("第" if parts[0].startswith("第") and not parts[-1].startswith("第") else "") + parts[-1]]
    measure = vocab().pattern("series", "measures").search(parts[-1])
    if measure and measure.end() == len(parts[-1]) and measure.start() > 0:
        return [p if vocab().pattern("series", "measures").search(p) else p + measure.group(0) for p in parts]
    return parts
