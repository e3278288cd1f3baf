"""Extract the figures of Chinese sentences: each value as written with its unit and qualifier, the noun phrase it
measures, its comparison (同比增长/下降, 比…提高) as a signed change, its period, ranks and figures in words."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from publisher.draft.figure import DIGITS, Fact, format_number, item_start, parse_number, quoted
from publisher.draft.labels import period, quote_span, with_subject
from publisher.draft.series import respectively
from publisher.draft.shape import is_han, sentences
from publisher.draft.vocab import Vocab, vocab

__all__ = ["Fact", "extract", "format_number", "parse_number", "sentence_facts"]


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
    """Return the facts of one sentence with subjects, changes, periods and 分别 enumerations resolved; a sentence
    in Latin script (an English summary restating the Chinese text) states none the draft can label."""
    if _latin(sentence):
        return []
    found = [replace(f, sentence=sentence, line=line) for f in _matches(sentence)]
    facts: list[Fact] = []
    for index, fact in enumerate(found):
        fact = _classify(sentence, fact, facts)
        compared = _compared(sentence, fact, facts)
        if compared:
            facts.append(replace(compared, quote_span=quote_span(sentence, compared)))
            continue
        if _as_change(sentence, fact, facts):
            continue
        fact = with_subject(sentence, fact, facts, found[index + 1:])
        fact = replace(fact, period=fact.period or period(sentence, fact), quote_span=quote_span(sentence, fact))
        facts.append(fact)
    return respectively(sentence, facts)


def _latin(sentence: str) -> bool:
    letters = sum(1 for c in sentence if c.isascii() and c.isalpha())
    return letters > 2 * sum(1 for c in sentence if is_han(c))


# ---- finding figures -------------------------------------------------------------------------------------------

@cache
def _patterns(words: Vocab) -> dict[str, re.Pattern[str]]:
    numbers = words.data["numbers"]
    pre = words.alternation("numbers", "before")
    magnitude = words.alternation("numbers", "magnitudes")
    unit = _unit(words)
    after = words.alternation("numbers", "after_number")
    after_unit = words.alternation("numbers", "after_unit")
    minus = words.alternation("numbers", "minus")
    currency = words.alternation("numbers", "currencies_before")
    value = rf"(?:{DIGITS})[兆亿億万萬](?:{DIGITS})(?=(?:{magnitude})?(?:{unit}))" \
        rf"|(?<![\d.])(?:-|{minus})(?:{DIGITS})|{DIGITS}"
    word_values = "|".join(sorted(map(re.escape, numbers["word_values"]), key=len, reverse=True))
    ranks = words.data["ranks"]
    lead_verbs = words.alternation("ranks", "lead_verbs")
    return {
        # 6600多万纳税人, 3.5万余人, 超过3300万。: a qualifier before or after the magnitude; a magnitude alone is
        # the unit of a count whose noun follows, or of an amount that ends its clause.
        "number": re.compile(rf"(?P<pre>{pre})?(?:{currency})?(?P<num>{value})(?P<post0>{after})?(?P<mag>{magnitude})?"
                             rf"(?P<post>{after})?(?:(?P<unit>{unit})|(?<=[兆亿億万萬])(?![\d.]))"
                             rf"(?P<post2>{after_unit})?"),
        "range": re.compile(rf"(?P<num>(?:{DIGITS})(?:{magnitude})?(?:{unit})?\s*[-—–～~至到]\s*(?:{DIGITS})"
                            rf"(?:{magnitude})?(?:{unit}))"),
        "ratio": re.compile(rf"(?P<num>(?:{DIGITS})(?:[:：](?:{DIGITS})){{1,3}})"),
        "index": re.compile(rf"(?:{numbers['unitless']})(?:为|為|是|达|達)?(?P<num>{DIGITS})(?![\d.%‰])"),
        "word": re.compile(rf"(?P<pre>{pre})(?P<word>{word_values})(?P<unit>{unit})(?P<post2>{after_unit})?"),
        "text": re.compile(rf"(?P<pre>{pre})?(?P<num>{numbers['word_figures']}"
                           rf"|(?:{numbers['word_counts']})(?=[\u4e00-\u9fff]))"),
        "rank": re.compile(rf"(?P<scope>{ranks['scopes']})(?P<extra>综合|綜合)?(?P<rank>{ranks['words']})"),
        "scoped_rank": re.compile(rf"{ranks['scope_verbs']}(?P<scope>[\u4e00-\u9fff]{{2,12}}?)"
                                  rf"(?P<rank>{ranks['words']})"),
        "lead": re.compile(rf"(?P<rank>{lead_verbs})(?P<scope>{ranks['scopes']})"
                           rf"(?!综合|綜合|{ranks['words']}|[\u4e00-\u9fff]*(?:{ranks['words']}))"),
        "not_before": re.compile(numbers["not_before"]),
        "not_after": re.compile(numbers["not_after"]),
        "duration_before": re.compile(numbers["durations"]["before"]),
        "duration_not_after": re.compile(numbers["durations"]["not_after"]),
        "run": re.compile(numbers["durations"]["run"]),
    }


def _unit(words: Vocab) -> str:
    """Return the pattern of a unit: a Chinese unit, or a Latin one (after an optional space, before no letter),
    either with a per-unit after a slash (吨标准煤/万元)."""
    chinese = words.alternation("numbers", "units")
    latin = words.alternation("numbers", "latin_units")
    magnitude = words.alternation("numbers", "magnitudes")
    single = rf"(?:{chinese}|\s?(?:{latin})(?![A-Za-z]))"
    return rf"{single}(?:/(?:{magnitude})?(?:{chinese}|{latin}))?"


def _matches(sentence: str) -> list[Fact]:
    """Return every figure of a sentence (subjects not yet set), in reading order; a longer match wins."""
    patterns = _patterns(vocab())
    inside = quoted(sentence)
    found = [*_ranges(sentence, patterns), *_numbers(sentence, patterns), *_words(sentence, patterns),
             *_texts(sentence, patterns), *_ranks(sentence, patterns)]
    found = [f for f in found if not inside[f.span[0]]]
    found.sort(key=lambda f: (f.span[0], -f.span[1]))
    out: list[Fact] = []
    for fact in found:
        if not out or fact.span[0] >= out[-1].span[1]:
            out.append(fact)
    return out


def _standalone(sentence: str, start: int, end: int, patterns: dict[str, re.Pattern[str]]) -> bool:
    before = sentence[start - 1] if start else ""
    after = sentence[end] if end < len(sentence) else ""
    return not (before and patterns["not_before"].match(before)) and not (after and patterns["not_after"].match(after))


def _numbers(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out = []
    for match in patterns["number"].finditer(sentence):
        start = match.start("num") if not match.group("pre") else match.start()
        unit = match.group("unit") or ""
        latin = unit[:1].isascii() and unit[:1].isalpha() and not match.group("mag")
        if not _standalone(sentence, match.start("num"), match.end() if latin else match.end("num"), patterns) or \
                _threshold(sentence, match) or not _a_length_of_time(sentence, match, patterns):
            continue
        groups = match.groupdict()
        qualifier = (groups["pre"] or "") + (groups["post0"] or "") + (groups["post"] or "") + (groups["post2"] or "")
        unit = (groups["mag"] or "") + (groups["unit"] or "").strip()
        kind = "percent" if groups["unit"] in ("%", "‰") else "number"
        out.append(Fact("", _signed(match.group("num")), unit, qualifier, kind, magnitude=groups["mag"] or "",
                        before_magnitude=(groups["post0"] or "") if groups["mag"] else "", span=(start, match.end())))
    out = [f for f in out if not (f.unit in ("个", "個") and re.match(
        r"(?:\s*[、和及与與]\s*[\d.,]+\s*(?:个|個)?)+\s*百分[点點]", sentence[f.span[1]:]))]
    out.extend(_shared_units(sentence, out))
    for match in patterns["index"].finditer(sentence):
        if _standalone(sentence, match.start("num"), match.end("num"), patterns):
            out.append(Fact("", match.group("num"), "", "", "number", span=(match.start("num"), match.end("num"))))
    return out


def _signed(written: str) -> str:
    """Return a value with a sign written as a word (負1.24) written as a minus sign (-1.24)."""
    return "-" + written[1:] if written[:1] in vocab().get("numbers", "minus") else written


def _threshold(sentence: str, match: re.Match[str]) -> bool:
    """Return whether a figure only bounds a name: 10亿元以上项目, 2000万元及以上的工业法人单位, 未滿15歲幼年人口."""
    bound = match.group("post2")
    after = sentence[match.end():match.end() + 1]
    if not after or not is_han(after):
        return False
    return bound in vocab().get("numbers", "thresholds") if bound else \
        sentence[:match.start()].endswith(tuple(vocab().get("numbers", "thresholds_before")))


def _a_length_of_time(sentence: str, match: re.Match[str], patterns: dict[str, re.Pattern[str]]) -> bool:
    """Return whether a figure in a unit of time is a length (平均逗留1.2日, 再延长30年, 30多年), not a date (6月18日,
    2024年, 113年), a span (近10年来) or a run (连续2个月)."""
    unit = (match.group("unit") or "").strip()
    durations = vocab().get("numbers", "durations")
    words = sentence[max(0, match.start() - 8):match.start("pre") if match.group("pre") else match.start()]
    if unit in durations["runs"] and patterns["run"].search(words):
        return False
    if unit not in durations["units"]:
        return True
    if unit in ("年",) and patterns["duration_not_after"].match(sentence, match.end()):
        return False
    value = match.group("num")
    return "." in value or bool(match.group("post0") or match.group("post")) or \
        bool(patterns["duration_before"].search(words)) or bool(match.group("pre"))


def _shared_units(sentence: str, found: list[Fact]) -> list[Fact]:
    """Return the bare numbers of an enumeration that share the unit written after its last number:
    0.9、5.9个百分点 → 0.9个百分点; 16.4个、1.3个百分点 → 16.4个百分点."""
    out = []
    for fact in found:
        position = fact.span[0]
        while True:
            bare = re.search(rf"({DIGITS})(个|個)?\s*[、和及与與]\s*$", sentence[:position])
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
            for m in patterns["text"].finditer(sentence)
            if not (m.start() and re.match(r"[A-Za-z0-9]", sentence[m.start() - 1]))]


def _ranks(sentence: str, patterns: dict[str, re.Pattern[str]]) -> list[Fact]:
    out: list[Fact] = []
    for name in ("rank", "lead", "scoped_rank"):
        for match in patterns[name].finditer(sentence):
            if name == "scoped_rank" and any(f.span[0] < match.end() and match.start() < f.span[1] for f in out):
                continue  # a scope the vocabulary knows wins: 位列…百强区全国第五
            extra = match.groupdict().get("extra") or ""
            start = match.start("rank") if name == "lead" else match.start("scope")
            out.append(Fact("", match.group("rank"), "", extra, "rank", match.group("scope"),
                            span=(start, match.end())))
    return out


# ---- growth and changes ----------------------------------------------------------------------------------------

def _classify(sentence: str, fact: Fact, earlier: list[Fact]) -> Fact:
    """Return the fact marked as a growth when a growth verb stands right before it (增长5.8%, 比上年提高2个百分点)."""
    if fact.kind in ("rank", "range"):
        return fact
    words = sentence[item_start(sentence, fact.span[0], earlier):fact.span[0]]
    found = vocab().pattern("growth", "verb_end").search(words)
    return replace(fact, kind="growth", verb=found.group("verb")) if found else fact


def _as_change(sentence: str, fact: Fact, facts: list[Fact]) -> bool:
    """Return whether a growth without a subject of its own is the change of the figure before it
    (生产总值5481.6亿元，比上年增长3.5%); if so, that figure gets it as a signed change."""
    if fact.kind not in ("growth", "percent") or not facts:
        return False
    at = _changed(fact, facts)
    previous = facts[at]
    if previous.kind not in ("number", "percent") or previous.change or previous.verb:
        return False
    between = sentence[facts[-1].span[1]:fact.span[0]]
    if vocab().pattern("series", "respectively").search(between):
        return False  # the changes of a list of amounts (…，比上年分别增长4.3%和6.1%): the enumeration gives them
    if fact.kind == "percent":  # 國際旅客有1,064,883人次，增幅為23.8%
        stated = vocab().pattern("subjects", "change_words").match(re.sub(r"[，,\s]", "", between))
        if not stated:
            return False
        sign = "-" if stated.group("word") in vocab().get("subjects", "fall_words") else "+"
        facts[at] = replace(previous, change=sign + fact.value, change_unit=fact.unit)
        return True
    if re.search("[。；;]", between) or _subject_words(between, fact, previous):
        return False
    if fact.number is None:
        facts[at] = replace(previous, note=sentence[facts[-1].span[1]:fact.span[1]].lstrip("，,"))
        return True
    if fact.kind != "growth":
        return False
    sign = "-" if fact.signed is not None and fact.signed < 0 else "+"
    facts[at] = replace(previous, change=sign + fact.value, change_unit=fact.unit,
                        note=_comparison_base(between) or previous.note)
    return True


def _changed(fact: Fact, facts: list[Fact]) -> int:
    """Return the index of the figure a change may belong to: the one before it, or, for a change in percent
    after a share of that figure (旅客2,526,912人次，佔總數的75.9%，按年上升20.8%), the figure before the share."""
    previous = facts[-1]
    share = previous.kind == "percent" and not previous.change and \
        bool(vocab().pattern("subjects", "share_words").search(previous.subject))
    if share and fact.unit == "%" and len(facts) > 1 and facts[-2].kind == "number" and not facts[-2].change:
        return len(facts) - 2
    return len(facts) - 1


def _compared(sentence: str, fact: Fact, facts: list[Fact]) -> Fact | None:
    """Return the figure as the comparison of the growth stated just before it (增速比同期高0.8个百分点, 快于全市
    0.8个百分点: labelled 地区生产总值增速, its comparison words as its verb), or None when it is not one."""
    if fact.kind == "rank" or not facts or fact.unit not in vocab().get("series", "point_units"):
        return None
    previous = facts[-1]
    if previous.kind != "growth" and not (previous.change and previous.change_unit == "%"):
        return None
    words = sentence[item_start(sentence, fact.span[0], facts):fact.span[0]].strip("，,、 ")
    found = vocab().pattern("growth", "compared").fullmatch(words)
    if not found or not previous.subject:
        return None
    measure = found.group("what") or "增速"
    relative = tuple(vocab().get("subjects", "relative"))
    subject = previous.subject if previous.subject.endswith(relative) else previous.subject + measure
    return replace(fact, kind="growth", verb=found.group("phrase"), subject=subject, inherited=True,
                   period=previous.period)


def _subject_words(between: str, fact: Fact, previous: Fact) -> str:
    """Return the words between a figure and a growth that name another subject (not a comparison base, nor the
    measure the figure itself is: 比重为24.6%，比同期比重提高8.2个百分点; 现价总量比同期增加73.5亿元)."""
    text = re.sub(r"[，、：:,\s（）()]", "", between)
    text = re.sub(vocab().get("growth", "verb_end"), "", text)
    text = re.sub("^(?:" + "|".join(vocab().get("subjects", "same_measure")) + ")", "", text)
    if re.match(r"(?:比|较|較|与|與)(?![重例率])", text) and len(text) <= 18:
        return ""  # the words are all the base: 比上年年初预算
    text = re.sub(vocab().get("growth", "bases"), "", text)
    return "" if text in vocab().get("subjects", "relative") and previous.subject.endswith(text) else text


def _comparison_base(between: str) -> str:
    found = re.search(vocab().get("growth", "base_words"), between)
    return found.group(0) if found else ""
