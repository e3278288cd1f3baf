"""Resolve 分别 enumerations: the figures after 分别 take, in order, the items named before it; a list of changes
after a list of amounts (增值税12.8亿元、…，同比分别增长210.8%、…) gives each amount its change, in order."""
from __future__ import annotations

import re
from dataclasses import replace

from publisher.draft.figure import Fact, item_start
from publisher.draft.labels import strip_frames
from publisher.draft.shape import pair_depths
from publisher.draft.vocab import vocab


def respectively(sentence: str, facts: list[Fact]) -> list[Fact]:
    """Return the facts with the figures after 分别 labelled by the items named before it, in order
    (烟酒类、粮油食品类零售额分别增长39.2%、6.6% → 烟酒类零售额, 粮油食品类零售额), or, when nothing is named
    before it but as many amounts, made the changes of those amounts."""
    word = vocab().pattern("series", "respectively")
    for found in word.finditer(sentence):
        after = _run_after(sentence, facts, found.end())
        if len(after) < 2:
            continue
        first = facts[after[0]]
        shared_qualifier = _qualifier_after(sentence, found.end(), first)
        for index in after[1:]:
            if first.kind == "growth" and facts[index].kind != "growth":
                facts[index] = replace(facts[index], kind="growth", verb=first.verb)
            if shared_qualifier and not facts[index].qualifier:  # 分别突破120亿元、80亿元和60亿元
                facts[index] = replace(facts[index], qualifier=shared_qualifier)
        head = _head(sentence, facts, found.start())
        amounts = _amounts_before(sentence, facts, after, head)
        if amounts:
            facts = _as_changes(facts, amounts, after, head)
            continue
        wide = _head(sentence, facts, found.start(), "；：。")
        measure = _measure_after(sentence[found.end():first.span[0]])
        names = items(strip_frames(_without_bases(wide)), len(after), sentence[:found.start()]) or \
            _named_by_counts(sentence, facts, after, head, measure)
        if not names:
            continue
        shared = _shared_measure(head, names) or (measure if _times(names) else "")
        stated = facts[after[-1]].subject
        for index, name in zip(after, names, strict=False):
            facts[index] = replace(facts[index], subject=name, inherited=False, series=found.start() + 1,
                                   series_name=shared)
        facts = _after_series(_totals(facts, after[-1], shared), after[-1], stated, shared)
    return facts


def _qualifier_after(sentence: str, start: int, first: Fact) -> str:
    """Return the qualifier written once, right after 分别, for every figure of the enumeration (分别突破…、…)."""
    before = [q for q in vocab().get("numbers", "before") if first.qualifier.startswith(q)]
    if not before or first.span[0] != start:
        return ""
    return max(before, key=len)


def _measure_after(words: str) -> str:
    """Return what the figures after 分别 measure when the words between name it (分别新增学位2400个、…;
    1—4季度分别完成固定资产投资…): those words without the verbs that link them to the figures."""
    subjects = vocab().data["subjects"]
    words = words.strip("，、：: ")
    for verb in sorted(subjects["leading_verbs"], key=len, reverse=True):
        if words.startswith(verb):
            words = words[len(verb):]
            break
    for verb in sorted(subjects["trailing_verbs"], key=len, reverse=True):
        if words.endswith(verb) and len(words) > len(verb):
            words = words[:-len(verb)]
            break
    return words if len(words) >= 2 and not re.search(r"[\d，、；。]", words) else ""


def _named_by_counts(sentence: str, facts: list[Fact], after: list[int], head: str, measure: str) -> list[str]:
    """Return the names of figures after 分别 that measure, one by one, the things counted right before them, when
    nothing else is named before 分别 (中小学4所、幼儿园6所，分别新增学位2400个、1080个 → 中小学新增学位,
    幼儿园新增学位)."""
    before = list(range(after[0] - len(after), after[0]))
    if not measure or not before or before[0] < 0 or re.sub(r"[（）()，、：:\s]", "", _without_bases(head)):
        return []
    counted = [facts[i] for i in before]
    joined = not any(re.search(r"[，,；;。：:]", sentence[a.span[1]:b.span[0]])
                     for a, b in zip(counted, counted[1:], strict=False))
    if not joined or any(f.kind != "number" or not f.subject for f in counted):
        return []
    return [f.subject + measure for f in counted]


def _after_series(facts: list[Fact], last: int, stated: str, shared: str) -> list[Fact]:
    """Return the facts with those after an enumeration that took the words before its figures as their subject
    (1—4季度分别完成固定资产投资…，全年完成102.2亿元) named by what the enumeration measures."""
    if not shared:
        return facts
    return [replace(f, subject=shared) if i > last and f.inherited and f.subject == stated else f
            for i, f in enumerate(facts)]


def _totals(facts: list[Fact], last: int, shared: str) -> list[Fact]:
    """Return the facts with a total of an enumeration's items stated right after it named by what they are
    together: 三大主导产业产值分别增长…，合计占规上工业总产值的比重 → 三大主导产业产值占规上工业总产值的比重."""
    sums = vocab().pattern("subjects", "sums")
    if shared and last + 1 < len(facts) and sums.match(facts[last + 1].subject):
        total = facts[last + 1]
        named = shared + sums.sub("", total.subject, count=1).rstrip("的之")
        facts[last + 1] = replace(total, subject=named, inherited=True)
    return facts


def _head(sentence: str, facts: list[Fact], at: int, marks: str = "，；：。") -> str:
    """Return the words naming the items of the 分别 at a position: from the clause mark, the figure or the open
    bracket before it (2015和2016年同期增速分别为… inside brackets)."""
    start = item_start(sentence, at, [f for f in facts if f.span[1] <= at], marks)
    depths = pair_depths(sentence)
    if at < len(depths) and depths[at]:
        opened = max((i for i in range(at) if sentence[i] in "（(" and depths[i] == depths[at]), default=-1)
        start = max(start, opened + 1)
    return sentence[start:at]


def _without_bases(head: str) -> str:
    """Return a head without the words saying what its figures compare with (同比, 按年, 均)."""
    return vocab().pattern("series", "head_bases").sub("", head)


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


def _amounts_before(sentence: str, facts: list[Fact], after: list[int], head: str) -> list[int]:
    """Return the amounts a list of changes after 分别 belongs to: as many levels without a change right before
    it, when the words before 分别 name nothing else (…3.3亿元，同比分别增长…; 香港旅客(566,318人次)及台灣旅客
    (81,427人次)分別上升…); a change in percentage points only belongs to percentages."""
    growth = facts[after[0]]
    chosen = list(range(after[0] - len(after), after[0]))
    if growth.kind != "growth" or not chosen or chosen[0] < 0:
        return []
    levels = [facts[i] for i in chosen]
    points = growth.unit in vocab().get("series", "point_units")
    if any(f.kind not in ("number", "percent") or f.change for f in levels) or \
            (points and any(f.kind != "percent" for f in levels)) or not (points or growth.unit in ("%", "倍")):
        return []
    named = re.sub(r"[（）()，、：:\s]", "", _without_bases(head))
    return [] if named else chosen


def _as_changes(facts: list[Fact], amounts: list[int], changes: list[int], head: str) -> list[Fact]:
    base = re.search(vocab().get("growth", "bases"), head)
    for amount, change in zip(amounts, changes, strict=True):
        level, growth = facts[amount], facts[change]
        sign = "-" if growth.signed is not None and growth.signed < 0 else "+"
        facts[amount] = replace(level, change=sign + growth.value, change_unit=growth.unit,
                                note=base.group(0) if base else level.note)
    dropped = set(changes)
    return [f for i, f in enumerate(facts) if i not in dropped]


def items(head: str, count: int, before: str = "") -> list[str]:
    """Return the count names an enumeration before 分别 stands for: 城镇调查失业率、居民消费价格涨幅 →
    both; 第一、二、三产业 → 第一产业, 第二产业, 第三产业; 烟酒类、粮油食品类零售额 → 烟酒类零售额, 粮油食品类零售额;
    城镇和农村常住居民人均可支配收入 → 城镇常住居民…, 农村常住居民…; 城乡居民人均可支配收入 (two figures) →
    城镇居民人均可支配收入, 农村居民人均可支配收入; months named before (1—5月份各月，…分别为) → 1月 … 5月."""
    head = vocab().pattern("series", "lead_words").sub("", head)
    times = _times_named(head, count) or _times_named(before, count)
    if times:
        return times
    parts = _parts(head, count)
    if len(parts) == 1 and count == 2:
        pair = next(((a, b, c) for a, b, c in vocab().get("series", "pairs") if a in parts[0]), None)
        if pair:
            word, first, second = pair
            return [parts[0].replace(word, first, 1), parts[0].replace(word, second, 1)]
    if len(parts) != count:
        return []
    if all(re.fullmatch(r"第?[一二三四五六七八九十]+", p) for p in parts[:-1]):
        suffix = re.sub(r"^第?[一二三四五六七八九十]+", "", parts[-1])
        ordinal = parts[0].startswith("第") or suffix.startswith(("产业", "產業"))  # 一、二、三产业 → 第一产业 …
        return [("第" + p.lstrip("第") if ordinal else p) + suffix for p in parts[:-1]] + \
            [("第" if ordinal and not parts[-1].startswith("第") else "") + parts[-1]]
    parts[-1] = vocab().pattern("series", "summary").sub("", parts[-1])
    return _shared_tail(parts) or _shared_measure_word(parts) or parts


def _times_named(text: str, count: int) -> list[str]:
    """Return the months or quarters a span names (1—5月 → 1月 … 5月; 1—4季度, 一至四季度 → 1季度 … 4季度) when
    there are as many as the figures."""
    number = r"[\d一二三四五六七八九十]{1,3}"
    found = re.search(rf"({number})\s*[-—–至到]\s*({number})\s*(月|季度)", text)
    if not found:
        return []
    first, last = _small_number(found.group(1)), _small_number(found.group(2))
    if first is None or last is None or last - first + 1 != count:
        return []
    return [f"{n}{found.group(3)}" for n in range(first, last + 1)]


def _small_number(written: str) -> int | None:
    if written.isdigit():
        return int(written)
    digits = "一二三四五六七八九"
    if written == "十":
        return 10
    if len(written) == 1 and written in digits:
        return digits.index(written) + 1
    if written.startswith("十") and written[1:] in digits:
        return 10 + digits.index(written[1:]) + 1
    return None


def _times(names: list[str]) -> bool:
    return all(re.fullmatch(r"\d{1,2}(?:月|季度)", name) for name in names)


def _parts(head: str, count: int) -> list[str]:
    """Return the items of a head's last clause: split at 、 (and at the last 和/及/与 when one short); or, when a
    statistics office lists categories holding 、 apart by commas (粮油、食品类，饮料类，烟酒类商品零售额), its last
    clauses."""
    clauses = [c for c in re.split("[，,]", head) if c]
    parts = [p for p in (clauses[-1] if clauses else "").split("、") if p]
    if len(parts) < count:
        last = re.split("[和及与與]", parts[-1], maxsplit=1) if parts else []
        if len(parts) - 1 + len(last) == count and all(last):
            parts = parts[:-1] + last
    if len(parts) != count and len(clauses) >= count and \
            all(len(c) <= 10 and not re.search(r"\d", c) for c in clauses[-count:-1]):
        return clauses[-count:]
    return parts


def _shared_tail(parts: list[str]) -> list[str]:
    """Return items that share the tail written only after the last (城镇和农村常住居民人均可支配收入, 經海路及空路
    入境的旅客, 饮料类，烟酒类商品零售额), or [] when the last item is not the others' parallel plus a tail."""
    *others, last = parts
    shortest = min(map(len, others))
    if len(last) < max(map(len, others)) + 2 or shortest < 2:
        return []
    ends = {o[-1] for o in others}
    aligned = next((i for i in range(2, len(last) - 1) if last[i - 1] in ends and len(ends) == 1), 0)
    if not aligned:
        if max(map(len, others)) > 4 or len(set(map(len, others))) > 1:
            return []
        aligned = len(others[0])
    own, tail = last[:aligned], last[aligned:]
    prefix = next((o[0] for o in others if len(o) == len(own) + 1 and o[0] in vocab().get("series", "coverbs")), "")
    return [o + tail for o in others] + [prefix + own + tail]


def _shared_measure_word(parts: list[str]) -> list[str]:
    measure = vocab().pattern("series", "measures").search(parts[-1])
    if measure and measure.end() == len(parts[-1]) and measure.start() > 0:
        return [p if vocab().pattern("series", "measures").search(p) else p + measure.group(0) for p in parts]
    return []


def _shared_measure(head: str, names: list[str]) -> str:
    """Return what the figures of an enumeration measure together: the measure of times (社会消费品零售总额 of
    1月 … 5月), or the count summing up its items (…、生物医药三大主导产业产值 → 三大主导产业产值), else ""."""
    if _times(names):
        measure = strip_frames(_without_bases(head)).strip("，、：")
        return "" if _times_named(measure, len(names)) and len(re.sub(r"[\d\s\-—–至到月份季度各]", "", measure)) < 2 \
            else measure
    summary = vocab().pattern("series", "summary").search(head)
    return head[summary.start():] if summary else ""
