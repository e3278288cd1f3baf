"""Propose charts where figures of one sentence share a unit: bars, a line over time, a pie of shares."""
from __future__ import annotations

import re
from dataclasses import dataclass

from publisher.draft.facts import Fact
from publisher.draft.vocab import vocab

PIE_TOTAL = (95.0, 105.0)  # shares adding up to about 100%
TITLE_CHARS = 24


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

    @property
    def caption(self) -> str:
        """Return the clauses of the sentence that state the charted figures."""
        start = min(f.quote_span[0] for f in self.facts)
        end = max(f.quote_span[1] for f in self.facts)
        return self.facts[0].sentence[start:end]


def propose(facts: list[Fact]) -> list[ChartProposal]:
    """Return a chart for every group of two or more exact figures in one sentence with one unit."""
    proposals = []
    for group in _groups(facts):
        if len(group) >= 2:
            proposals.append(_proposal(group))
    return proposals


def _groups(facts: list[Fact]) -> list[list[Fact]]:
    groups: dict[tuple[int, str, str], list[Fact]] = {}
    for fact in facts:
        if fact.kind in ("number", "percent") and not fact.qualifier and fact.subject:
            groups.setdefault((fact.line, fact.sentence, fact.unit), []).append(fact)
    return list(groups.values())


def _proposal(group: list[Fact]) -> ChartProposal:
    values = [float(f.value) for f in group]
    categories = [f.subject for f in group]
    unit = group[0].unit
    times = _times(categories)
    if times:
        labels, series = times
        return ChartProposal("line", series or _title(categories), unit, labels, values, series or "数值", group)
    if unit == "%" and PIE_TOTAL[0] <= sum(values) <= PIE_TOTAL[1]:
        return ChartProposal("pie", _title(categories), unit, categories, values, "占比", group)
    return ChartProposal("bar", _title(categories), unit, categories, values, "数值", group)


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
