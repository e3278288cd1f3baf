"""Propose charts over figures worth comparing: figures of one sentence with one unit, one kind (levels or
changes) and one measure family (a share is never charted beside a contribution rate); exact figures only."""
from __future__ import annotations

import re
from dataclasses import dataclass

from publisher.draft.facts import Fact
from publisher.draft.vocab import vocab

PIE_TOTAL = (95.0, 105.0)  # shares adding up to about 100%
TITLE_CHARS = 24
TAIL_CHARS = 4  # a shared end this long names the measure of a chart's categories (居民人均可支配收入)
BOUND_CHARS = "业業型级級类類性化式率周週日月年"  # they end a word rather than start one (工业, 大型, 省级, 周)


@dataclass
class ChartProposal:
    """A chart drawn from figures stated together, with the facts it shows."""

    kind: str  # bar, line or pie
    title: str
    unit: str
    categories: list[str]
    values: list[float]
    series: str
    facts: list[Fact]
    family: str = "amount"

    @property
    def caption(self) -> str:
        """Return the clauses of the sentence that state the charted figures."""
        start = min(f.quote_span[0] for f in self.facts)
        end = max(f.quote_span[1] for f in self.facts)
        return self.facts[0].sentence[start:end]

    @property
    def written(self) -> list[str]:
        """Return the charted values as the source writes them (a fall with its minus sign)."""
        return [("-" if f.signed is not None and f.signed < 0 else "") + f.value for f in self.facts]


def propose(facts: list[Fact]) -> list[ChartProposal]:
    """Return a chart for every group of two or more exact figures of one sentence, unit, kind and family that
    measure one thing: a quantity at several times, the changes of several, or the figures of items that share
    their measure (粮食产量, 油料产量; 城镇失业率, 农村失业率) or that one 分别 enumeration states; never two
    different measures that only share a unit (5G基站320个、充电桩1500个; 毛入园率, 巩固率)."""
    return [_proposal(group, family) for (family, group) in _groups(facts) if len(group) >= 2
            and (len({f.subject for f in group}) == len(group) or len({f.period for f in group} - {""}) == len(group))
            and comparable(group, family)]


def comparable(group: list[Fact], kind_of_measure: str) -> bool:
    """Return whether figures of one unit and family measure the same thing, so that a chart may compare them."""
    subjects = [f.subject for f in group]
    if kind_of_measure.startswith("growth") or len(set(subjects)) < len(subjects) or _times(subjects) or \
            all(_times([f.subject + "x"] * 3) for f in group):
        return True
    tail = len(_common_tail(subjects))
    shared = tail >= 2 or tail == 1 and len(group) >= 3  # 增值税、…、房产税; 金牌、银牌、铜牌
    if kind_of_measure != "amount":
        return shared
    return shared or len({f.series for f in group}) == 1 and group[0].series > 0


def _shared_tail(subjects: list[str], sentence: str) -> str:
    """Return the words every subject ends with when they name the measure and what is left names the items as
    words of their own, the last written right before them in the sentence (城镇、农村 + 居民人均可支配收入; 小麦, 玉米
    + 种植面积), else "": never a cut inside a word (第一, 第二 + 产业增加值; 农, 林 + 业总产值; 5, 4 + A级景区;
    經海, 經空 + 路入境的旅客)."""
    tail = _common_tail(subjects).lstrip("的之、，")
    if len(tail) < TAIL_CHARS or tail[0] in BOUND_CHARS:
        return ""
    items = [s[:-len(tail)].rstrip("的之") for s in subjects]
    if items[-1] + tail not in sentence:
        return ""
    if any(len(item) < 2 or re.search(r"\d|^第", item) or item[-1] in BOUND_CHARS for item in items) or \
            len(set(items)) < len(items):
        return ""
    return tail


def _common_tail(texts: list[str]) -> str:
    tail = texts[0]
    for text in texts[1:]:
        while tail and not text.endswith(tail):
            tail = tail[1:]
    return tail


def family(fact: Fact) -> str:
    """Return the measure family of a figure: share, contribution, rate, price or amount, and for a growth the
    family of what grew (growth of a share, of a contribution …): a chart never mixes two families."""
    base = next((name for name, pattern in vocab().get("series", "families").items()
                 if name != "growth" and re.search(pattern, fact.subject)), "amount")
    return f"growth of {base}" if fact.kind == "growth" or re.search(
        vocab().get("series", "families")["growth"], fact.subject) else base


def _groups(facts: list[Fact]) -> list[tuple[str, list[Fact]]]:
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        if _chartable(fact):
            part = fact.sentence[:fact.span[0]].count("其中")  # a part is never charted beside its whole
            key = (fact.line, fact.offset, fact.sentence, fact.unit, fact.series, family(fact), part)
            groups.setdefault(key, []).append(fact)
    return [(key[-2], group) for key, group in groups.items()]


def _chartable(fact: Fact) -> bool:
    return fact.kind in ("number", "percent", "growth") and not fact.qualifier and bool(fact.subject) \
        and fact.number is not None and not fact.whole


def _proposal(group: list[Fact], kind_of_measure: str) -> ChartProposal:
    values = [float(f.signed) for f in group]
    categories, measure = _categories([f.subject for f in group], group[0].sentence)
    if len(set(categories)) < len(categories):  # one measure at several times: 2024年 2.7%, 2025年 2.5%
        categories, measure = [f.period for f in group], group[0].subject
    unit = group[0].unit
    periods = [f.period for f in group]
    times = (periods, measure or _title(categories)) if all(periods) and len(set(periods)) == len(group) >= 3 \
        else _times(categories)
    growth = kind_of_measure.startswith("growth")
    series = measure or ("增速" if growth else "数值")
    if kind_of_measure == "growth of amount" and measure and \
            not re.search(vocab().get("series", "families")["growth"], measure):
        measure = measure + "增速"  # a chart of the growth of 增加值 is titled 增加值增速
    if times:
        labels, shared = times
        shared = shared or group[0].series_name
        return ChartProposal("line", shared or measure or f"{labels[0]}—{labels[-1]}", unit, labels, values,
                             shared or series, group, kind_of_measure)
    if unit == "%" and kind_of_measure in ("share", "amount") and PIE_TOTAL[0] <= sum(values) <= PIE_TOTAL[1] \
            and min(values) > 0:
        return ChartProposal("pie", measure or _title(categories), unit, categories, values, series, group,
                             kind_of_measure)
    return ChartProposal("bar", measure or _title(categories), unit, categories, values, series, group,
                         kind_of_measure)


def _categories(subjects: list[str], sentence: str = "") -> tuple[list[str], str]:
    """Return the categories of a chart and the measure they share: 烟酒类零售额, 粮油食品类零售额 →
    ([烟酒类, 粮油食品类], 零售额); subjects that share no measure word stay whole."""
    shared = _shared_tail(subjects, sentence)
    if shared:  # 城镇、农村 + 居民人均可支配收入
        return [s[:-len(shared)].rstrip("的之") for s in subjects], shared
    measure = vocab().pattern("series", "measures")
    found = [measure.search(subject) for subject in subjects]
    words = {m.group(0) for m in found if m}
    if len(words) != 1 or not all(found):
        return subjects, ""
    word = words.pop()
    categories = [subject[:-len(word)] for subject in subjects]
    if any(not c or c.endswith(("的", "之")) for c in categories) or len(set(categories)) < len(categories):
        return subjects, word
    return categories, word


def _times(subjects: list[str]) -> tuple[list[str], str] | None:
    """Return (time labels, the measure they share) when every subject starts with a time, else None."""
    pattern = vocab().pattern("subjects", "times")
    found = [pattern.match(subject) for subject in subjects]
    if len(subjects) < 3 or not all(found):
        return None
    rests = {subject[match.end():] for subject, match in zip(subjects, found, strict=True)} - {""}
    return [match.group(0) for match in found], rests.pop() if len(rests) == 1 else ""


def _title(categories: list[str]) -> str:
    joined = "、".join(categories)
    if len(joined) <= TITLE_CHARS:
        return joined
    return re.sub(r"[、，]$", "", categories[0][:TITLE_CHARS]) + f"等{len(categories)}项"
