"""Resolve 分别 enumerations: the figures after 分别 take, in order, the items named before it."""
from __future__ import annotations

import re
from dataclasses import replace

from publisher.draft.figure import Fact, item_start
from publisher.draft.labels import strip_frames
from publisher.draft.vocab import vocab


def respectively(sentence: str, facts: list[Fact]) -> list[Fact]:
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
        head = sentence[item_start(sentence, found.start(), [f for f in facts if f.span[1] <= found.start()],
                                    "，；：。"):found.start()]
        names = items(strip_frames(head), len(after))
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
