"""Precision and recall of the figure extractor against facts a careful reader wrote down by hand."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

from publisher.draft.facts import Fact
from publisher.draft.pipeline import draft
from publisher.draft.vocab import vocab

HERE = Path(__file__).parent
SOURCE = HERE.parents[1] / "examples" / "wuchang-2024" / "source.txt"
PRECISION_TARGET = 0.9
RECALL_TARGET = 0.8


@dataclass(frozen=True)
class Gold:
    subject: str
    value: float | str
    unit: str
    scope: str
    qualifier: str


def gold_facts() -> list[Gold]:
    data = yaml.safe_load((HERE / "wuchang-gold.yaml").read_text(encoding="utf-8"))
    return [Gold(str(f["subject"]), f["value"] if isinstance(f["value"], str) else float(f["value"]),
                 f.get("unit", ""), f.get("scope", ""), f.get("qualifier", "")) for f in data["facts"]]


def base(value: float | str, unit: str, scope: str) -> tuple:
    """Return a comparable value and unit: 1.45万件 and 14500件 are the same figure; a rank compares by scope."""
    if isinstance(value, str):
        return value, scope
    magnitudes = vocab().get("numbers", "magnitudes")
    magnitude = next((m for m in sorted(magnitudes, key=len, reverse=True) if unit.startswith(m) and unit != m), "")
    return round(value * magnitudes.get(magnitude, 1), 6), unit[len(magnitude):]


def same_subject(gold: str, found: str) -> bool:
    """Return whether two subjects name the same thing: one contains the other, or they share a run of at least
    half the gold subject (and at least two characters)."""
    gold, found = _plain(gold), _plain(found)
    if not gold or not found:
        return False
    if gold in found or found in gold:
        return True
    match = SequenceMatcher(None, gold, found, autojunk=False).find_longest_match(0, len(gold), 0, len(found))
    return match.size >= max(2, len(gold) / 2)


def _plain(text: str) -> str:
    return "".join(c for c in text if c not in "“”‘’\"' ")


def match(golds: list[Gold], facts: Iterable[Fact]) -> list[tuple[Gold, Fact]]:
    """Return one-to-one pairs of gold and extracted facts agreeing on value, unit and subject."""
    pairs, used = [], set()
    for fact in facts:
        key = fact.base()
        for index, gold in enumerate(golds):
            if index not in used and base(gold.value, gold.unit, gold.scope) == key \
                    and same_subject(gold.subject, fact.subject):
                used.add(index)
                pairs.append((gold, fact))
                break
    return pairs


@pytest.fixture(scope="module")
def extracted() -> list[Fact]:
    return draft(SOURCE).facts


def test_the_gold_file_holds_at_least_60_facts():
    assert len(gold_facts()) >= 60


def test_precision_and_recall_on_value_unit_and_subject(extracted):
    golds = gold_facts()
    pairs = match(golds, extracted)
    precision, recall = len(pairs) / len(extracted), len(pairs) / len(golds)
    matched = {id(f) for _, f in pairs}
    extra = [f"{f.subject} {f.shown()}" for f in extracted if id(f) not in matched]
    found = {g for g, _ in pairs}
    missed = [f"{g.subject} {g.value}{g.unit}{g.scope}" for g in golds if g not in found]
    print(f"\nprecision {precision:.3f} ({len(pairs)}/{len(extracted)}), "
          f"recall {recall:.3f} ({len(pairs)}/{len(golds)})")
    assert precision >= PRECISION_TARGET, f"precision {precision:.3f}; not in gold: {extra}"
    assert recall >= RECALL_TARGET, f"recall {recall:.3f}; missed: {missed}"


def test_qualifiers_of_matched_facts_agree_with_the_gold(extracted):
    pairs = match(gold_facts(), extracted)
    wrong = [(g.subject, g.qualifier, f.qualifier) for g, f in pairs if g.qualifier != f.qualifier and not g.scope]
    assert not wrong
