"""Find the label of a figure: the noun phrase it measures, from the words before it (without times, linking
verbs, brackets left open), the noun after a count, the measure of the figure before it, or the clause before;
and when the figure holds."""
from __future__ import annotations

import re
from dataclasses import replace

from publisher.draft.figure import ITEM_MARKS, QUOTES, Fact, item_start, quoted
from publisher.draft.shape import CLAUSE_MARKS, pair_depths
from publisher.draft.vocab import vocab


def with_subject(sentence: str, fact: Fact, earlier: list[Fact], later: list[Fact]) -> Fact:
    """Return the fact with its subject: the noun phrase before it, the noun after a count, the measure of the
    figure before it (增速, 比重 …), or the clause before."""
    start, end = fact.span
    raw = _raw_subject(sentence, fact, earlier)
    subject, count_first = _clean_subject(raw, fact)
    count_first = count_first or (not raw.strip("、，,") and fact.kind == "number" and bool(fact.unit))
    if fact.kind == "rank":
        subject, fact = _duration(subject, fact)
    quoted_name = bool(re.fullmatch(r"[“「『《].+[”」』》]", subject))
    of = sentence[end:end + 1] == "之" and (not subject or _ends_with_verb(subject))
    if of or (quoted_name and fact.kind == "number"):
        count_first, end = True, end + (sentence[end:end + 1] == "之")
    after = _noun_after(sentence, end, later, stops=not of) if count_first or _attributive(subject, fact) else ""
    if after.endswith("中") and len(after) > 2:  # 32个行业大类中，有18个…: a whole, its parts follow
        after, fact = after[:-1], replace(fact, whole=True)
    if after and _attributive(subject, fact):  # 纳入统计的82种工业产品 → 纳入统计的工业产品
        after = subject + after
    subject = after or subject
    return _related(sentence, fact, subject, raw, earlier)


def _raw_subject(sentence: str, fact: Fact, earlier: list[Fact]) -> str:
    """Return the words before a figure that may name it: back to the clause mark, the enumeration comma or the
    figure before it; for a figure alone in brackets, the words before the bracket (香港旅客（566,318人次）;
    发酵酒（增长87%）)."""
    start = fact.span[0]
    raw = sentence[item_start(sentence, start, earlier):start]
    opened = raw.rfind("（") if "（" in raw else raw.rfind("(")
    if _in_brackets(sentence, fact) or (opened >= 0 and not raw[opened + 1:].strip() and start > 0):
        raw = sentence[item_start(sentence, start - 1, earlier):start - 1]
    elif opened >= 0 and fact.kind == "growth" and re.fullmatch(vocab().get("growth", "verb_end"), raw[opened + 1:]):
        raw = sentence[item_start(sentence, start - len(raw) + opened, earlier):start - len(raw) + opened]
    if earlier and item_start(sentence, start, earlier) == earlier[-1].span[1]:
        raw = vocab().pattern("subjects", "list_joins").sub("", raw, count=1)
    return raw


def _related(sentence: str, fact: Fact, subject: str, raw: str, earlier: list[Fact]) -> Fact:
    """Return the fact with a subject that only names its relation to the figure before it completed from that
    figure (增速, 占…比重, 净增, 累计, 完成投资, 先发行 …), or its own subject, or one inherited."""
    words = vocab().data["subjects"]
    before = earlier[-1].subject if earlier else ""
    owner = re.sub("(?:" + "|".join(words["relative"]) + ")$", "", before)
    if subject in words["relative"] and earlier:
        return replace(fact, subject=before + subject, inherited=True)
    if subject.startswith(("占", "佔")) and earlier:
        return replace(fact, subject=owner + subject.rstrip("的之"), inherited=True)
    if _refers_back(subject) and earlier:
        return replace(fact, subject=before, inherited=True)
    if (vocab().pattern("subjects", "periods").fullmatch(subject) or subject in words["period_words"]) and earlier:
        level = [f for f in earlier if f.kind != "growth"] or earlier
        return replace(fact, subject=level[-1].subject, period=subject, inherited=True)
    if subject in words["change_only"] and earlier:  # 规模以上工业企业达到486家，净增41家
        return replace(fact, subject=owner + subject, inherited=True)
    measure = strip_frames(raw.strip("，、"))
    total = measure.startswith(("总", "總"))  # 储备项目300个、总投资1200亿元: the total of the things counted
    if measure in words["bare_measures"] and earlier and _a_count(earlier[-1]) and \
            (total or not raw.startswith("、") and
             sentence[item_start(sentence, fact.span[0], earlier) - 1:][:1] in "，；"):  # 重点项目136个，完成投资…
        return replace(fact, subject=earlier[-1].subject + measure, inherited=True)
    if subject:
        return replace(fact, subject=_object_of(sentence, fact, subject))
    if vocab().pattern("subjects", "cumulative").search(raw) and earlier:  # 新增装机1.2GW，累计达到6.8GW
        cumulative = vocab().pattern("subjects", "cumulative").search(raw).group(0)
        named = before.replace("新增", cumulative, 1) if "新增" in before else cumulative + before
        return replace(fact, subject=named, inherited=True)
    return replace(fact, subject=_inherited(sentence, fact, earlier), inherited=True)


def _refers_back(subject: str) -> bool:
    """Return whether a subject only points at the figure before it: 是…, 为…, 增至…, or a 的-phrase of a base
    (上年同期的)."""
    words = vocab().data["subjects"]
    if subject.startswith(("是", "為", "为", "相当于", "相當於", *words["to_verbs"])):
        return True
    bases = vocab().get("growth", "bases") + "|上年|去年|同期"
    return subject.endswith(("的", "之")) and bool(re.match(bases, subject))


def _attributive(subject: str, fact: Fact) -> bool:
    """Return whether the words before a count modify the noun after it: 纳入统计的82种工业产品."""
    return subject.endswith("的") and _a_count(fact) and not _refers_back(subject)


def _ends_with_verb(text: str) -> bool:
    words = vocab().data["subjects"]
    return bool(re.search(r"每年$|達到$|达到$", text)) or text.endswith(tuple(words["verbs_before_count"])) \
        or text.endswith(tuple(words["verbs_before_amount"]))


def _object_of(sentence: str, fact: Fact, subject: str) -> str:
    """Return the noun a verb-only subject acts on, named with the same verb earlier in the sentence
    (发行超长期特别国债，今年先发行1万亿元 → 超长期特别国债), else the subject."""
    found = vocab().pattern("subjects", "verb_only").fullmatch(subject)
    if not found:
        return subject
    verb = found.group("verb")
    earlier = sentence.rfind(verb, 0, fact.span[0] - len(subject))
    if earlier < 0:
        return subject
    noun = re.match(r"[^，,；。、（）()\d]{2,16}", sentence[earlier + len(verb):])
    return noun.group(0) if noun else subject


def _in_brackets(sentence: str, fact: Fact) -> bool:
    """Return whether a figure alone fills a bracket."""
    start, end = fact.span
    return start > 0 and sentence[start - 1] in "（(" and sentence[end:end + 1] in ("）", ")")


def _clean_subject(raw: str, fact: Fact) -> tuple[str, bool]:
    """Return (the noun phrase in the words before a figure, whether the noun comes after the count instead)."""
    words = vocab().data["subjects"]
    text = strip_frames(raw.lstrip("、，"))
    markers = list(vocab().pattern("subjects", "markers").finditer(text))
    if markers:
        text = text[markers[-1].end():] or text[:markers[-1].start()]
    text = strip_frames(_within(text))
    count_first = not text or text.endswith(tuple(words["verbs_before_count"]))
    text = _after_list(text)
    count_first = count_first or not text
    text = _topic(_strip_verbs(text, fact))
    if fact.kind == "percent" and text.endswith(("的", "之")) and not _refers_back(text):
        text = text[:-1]  # 完成年度计划的112.4%, 占總人口之18.6%
    amount_first = bool(raw) and raw.endswith(tuple(words["verbs_before_amount"]))
    return text, (count_first and _a_count(fact)) or amount_first


def _topic(text: str) -> str:
    """Return the topic of words that go on into a passive clause (補助名單經相關技術審查…討論, 「…實施方案」獲國發基金
    …會議同意): the words before the agent's mark; a name in quotes after other words stands for them."""
    words = vocab().data["subjects"]
    found = vocab().pattern("subjects", "agent").search(text)
    if found and found.start() >= 2 and text.endswith(tuple(words["approvals"])):
        text = text[:found.start()]
    name = re.search(r"[「“『][^」”』]{2,}[」”』]$", text)
    if name and name.start() > 4:
        text = name.group(0)
    return text


def _after_list(text: str) -> str:
    """Return the words after a list the noun phrase sums up: 长城汇、白鹭街小学等 → …; 电动汽车、锂电池、光伏产品
    “新三样”出口 → “新三样”出口; 增幅较大的有发酵酒 → 发酵酒."""
    if "的有" in text:
        text = text[text.rindex("的有") + 2:]
    inside = quoted(text)
    if "等" in text and not inside[text.rindex("等")]:
        at = text.rindex("等")
        if "、" in text[:at] or text.endswith("等") or text[:at].endswith(tuple(QUOTES.values())):
            return text[at + 1:]
    if "、" in text:
        opening = [i for i, c in enumerate(text) if c in QUOTES and i > text.rindex("、")]
        if opening:
            return text[opening[0]:]
    return text


def _a_count(fact: Fact) -> bool:
    """Return whether a figure counts things (14个, 6600多万, 上千万): its noun may follow it."""
    rest = fact.unit[len(fact.magnitude):]
    if fact.kind == "number":
        return rest in vocab().get("numbers", "classifiers") or (bool(fact.magnitude) and not rest)
    return fact.kind == "text" and bool(vocab().pattern("numbers", "word_counts").fullmatch(fact.value))


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
    if "之" in text[:-2] and len(text) > 10 and not quoted(text)[text.rindex("之")]:  # a long modifier
        text = text[text.rindex("之") + 1:]
    return text


def strip_frames(text: str) -> str:
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
    trailing = list(words["subjects"]["trailing_verbs"]) + list(words["numbers"]["currencies_before"])
    if fact.kind == "rank":
        trailing += words["ranks"]["verbs"]
    text = _strip_end(text, sorted(trailing, key=len, reverse=True))
    text = vocab().pattern("subjects", "totalling").sub("", text)
    if fact.kind == "growth":
        text = re.sub(vocab().get("growth", "verb_end"), "", text)
        text = re.sub(vocab().get("growth", "bases") + "$", "", text)
        text = _strip_end(text, sorted(trailing, key=len, reverse=True))
    for verb in sorted(words["subjects"]["leading_verbs"], key=len, reverse=True):
        if text.startswith(verb) and len(text) > len(verb):
            text = text[len(verb):]
    text = vocab().pattern("subjects", "adverbials").sub("", text)
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


def _noun_after(sentence: str, end: int, later: list[Fact], stops: bool = True) -> str:
    """Return the noun a count measures when it follows the count: 14个低碳示范场景 → 低碳示范场景."""
    depths = pair_depths(sentence)
    stop = next((f.span[0] for f in later if f.span[0] >= end), len(sentence))
    for i in range(end, stop):
        if depths[i] == 0 and sentence[i] in ITEM_MARKS:
            stop = i
            break
    text = sentence[end:stop]
    if re.fullmatch(r"\s*(?:以及|及|和|与|與|、)?\s*", text):
        return ""  # 158.9亿元和163.4亿元: the next figure of a list, not a noun
    for adverb in sorted(vocab().get("subjects", "adverbs_after_count"), key=len, reverse=True):
        if text.startswith(adverb) and len(text) > len(adverb) + 1:
            text = text[len(adverb):]
            break
    cut = [text.find(word, 1) for word in vocab().get("subjects", "stop_after" if stops else "stop_after_of")]
    cut = [i for i in cut if i > 0]
    return (text[:min(cut)] if cut else text).strip("，、：")


def _inherited(sentence: str, fact: Fact, earlier: list[Fact]) -> str:
    """Return the subject of a figure stated without one: 均… names the figures before it; a figure after
    another in its clause shares its subject; else the clause before names it."""
    raw = sentence[item_start(sentence, fact.span[0], earlier):fact.span[0]]
    if fact.kind == "rank" and "均" in raw:
        named = [f.subject for f in earlier if f.kind != "rank"][-2:]
        if named:
            return "、".join(named)
    if earlier and not any(sentence[i] in CLAUSE_MARKS for i in range(earlier[-1].span[1], fact.span[0])):
        return earlier[-1].subject
    clause_start = item_start(sentence, fact.span[0], [], CLAUSE_MARKS)
    if clause_start <= 1:
        return ""
    previous_start = item_start(sentence, clause_start - 1, [], CLAUSE_MARKS)
    if any(previous_start <= f.span[0] < clause_start for f in earlier) or \
            (earlier and re.search(r"\d", sentence[previous_start:clause_start])):
        return earlier[-1].subject  # the clause before states a figure (or the change of one)
    text = _topic(strip_frames(_within(sentence[previous_start:clause_start - 1])))
    return _strip_end(text, sorted(vocab().get("subjects", "predicates"), key=len, reverse=True))


def period(sentence: str, fact: Fact) -> str:
    """Return the time a figure holds for, when its sentence states one before it: 全年, 年末, 上半年, 2024年."""
    found = list(vocab().pattern("subjects", "periods").finditer(sentence[:fact.span[0]]))
    return found[-1].group(0) if found else ""


def quote_span(sentence: str, fact: Fact) -> tuple[int, int]:
    """Return the span of the clauses stating a fact: from the clause of its subject through its figure."""
    start = item_start(sentence, fact.span[0], [], CLAUSE_MARKS)
    first = re.split("[、占佔]", fact.subject)[0][:4]
    found = sentence.rfind(first, 0, fact.span[0]) if first else -1
    if 0 <= found < start:
        start = item_start(sentence, found + 1, [], CLAUSE_MARKS)
    end = fact.span[1]
    while end < len(sentence) and sentence[end] not in CLAUSE_MARKS:
        end += 1
    return start, end
