"""Score a draft against a gold file written by hand: headings, title, language, figures, labels, changes, charts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publisher.draft.charts import family
from publisher.draft.facts import Fact, parse_number
from publisher.draft.pipeline import Draft, draft

HERE = Path(__file__).parent
HELD_OUT = HERE.parent / "heldout"  # texts written for the project, gold committed before they were drafted
_PLAIN = re.compile(r"[\s、，,：:；;。“”「」『』《》（）()\"'·—]")


@dataclass
class Score:
    """How a draft of one source compares with its gold file."""

    source: str
    headings: tuple[int, int]  # found, expected
    title: bool
    language: bool
    figures: tuple[int, int]  # matched, expected
    labels: tuple[int, int]  # right, matched
    written: tuple[int, int]  # value as written, matched
    changes: tuple[int, int]  # right, expected (gold figures with a change or a sign)
    invented: list[str]
    charts: tuple[int, int]  # right, proposed
    missed: list[str] = field(default_factory=list)
    wrong_labels: list[str] = field(default_factory=list)
    missing_headings: list[str] = field(default_factory=list)
    mixed_charts: list[str] = field(default_factory=list)  # charts over figures of two measure families
    tables: tuple[int, int] = (0, 0)  # found with their rows and columns, expected

    @property
    def recall(self) -> float:
        return self.figures[0] / max(self.figures[1], 1)

    @property
    def label_accuracy(self) -> float:
        return self.labels[0] / max(self.labels[1], 1)


def gold_files() -> list[Path]:
    """Return the gold files of the corpus, by name, then those of the held-out texts."""
    return sorted(HERE.glob("*.gold.yaml")) + sorted(HELD_OUT.glob("*.gold.yaml"))


def score(gold_path: Path) -> Score:
    """Return the score of drafting the source a gold file describes."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    result = draft(gold_path.parent / gold["source"])
    return compare(gold, result)


def compare(gold: dict, result: Draft) -> Score:
    """Return how a draft compares with a gold file's content."""
    facts = list(result.facts)
    pairs = _match(gold["figures"], facts)
    matched = {id(f) for _, f in pairs}
    labels = [(g, f) for g, f in pairs if same_label(str(g["label"]), f.subject)]
    written = [(g, f) for g, f in pairs if _plain(str(g["v"])) == _plain(f.shown() if f.kind == "rank" else f.value)]
    with_change = [g for g in gold["figures"] if g.get("c") or g.get("s")]
    by_gold = {id(g): f for g, f in pairs}
    changes = [g for g in with_change if id(g) in by_gold and _change_right(g, by_gold[id(g)])]
    headings = [h for h in gold["headings"] if _heading_found(h, result)]
    charts = [c for p in result.parts for c in p.charts]
    right = [c for c in charts if all(id(f) in matched for f in c.facts)
             and all(same_label(str(g["label"]), f.subject) for g, f in pairs if f in c.facts)]
    title = not result.document.title_line if gold["title"] is None else \
        _plain(result.document.title) == _plain(gold["title"])
    return Score(gold["source"], (len(headings), len(gold["headings"])), title, result.language.tag == gold["language"],
                 (len(pairs), len(gold["figures"])), (len(labels), len(pairs)), (len(written), len(pairs)),
                 (len(changes), len(with_change)), [f"{f.line}: {f.subject} {f.shown()}" for f in facts
                                                    if id(f) not in matched],
                 (len(right), len(charts)),
                 [f"{g['l']}: {g['label']} {g['v']}{g.get('u', '')}" for g in gold["figures"]
                  if id(g) not in by_gold],
                 [f"{g['l']}: {g['label']} ≠ {f.subject}" for g, f in pairs if (g, f) not in labels],
                 [h["text"] for h in gold["headings"] if h not in headings],
                 [c.title for c in charts if len({family(f) for f in c.facts}) > 1 or
                  any(f.kind in ("range", "text", "rank") for f in c.facts)],
                 (sum(_table_found(t, result) for t in gold.get("tables", [])), len(gold.get("tables", []))))


def same_label(gold: str, found: str) -> bool:
    """Return whether a label names what the gold label names: equal, or one holds the other with little more."""
    gold, found = _plain(gold), _plain(found)
    if not gold or not found:
        return False
    if gold == found:
        return True
    if gold in found:
        return len(found) - len(gold) <= 6
    return found in gold and len(found) >= 0.6 * len(gold)


def _plain(text: str) -> str:
    return _PLAIN.sub("", re.sub(r"（[^）]*）|\([^)]*\)", "", str(text)))


def _key(value: str) -> float | str:
    number = parse_number(_plain(value))
    return number if number is not None else _plain(value)


def _match(golds: list[dict], facts: list[Fact]) -> list[tuple[dict, Fact]]:
    """Return one-to-one pairs of gold and drafted figures with the same value and unit on the same line (or the
    next: a figure may start at the end of a line)."""
    pairs, used = [], set()
    for gold in golds:
        for fact in facts:
            if id(fact) in used:
                continue
            value = fact.shown() if fact.kind == "rank" else fact.value
            if _key(str(gold["v"])) == _key(value) and str(gold.get("u", "")) == fact.unit \
                    and abs(int(gold["l"]) - fact.line) <= 1:
                used.add(id(fact))
                pairs.append((gold, fact))
                break
    return pairs


def _change_right(gold: dict, fact: Fact) -> bool:
    if gold.get("s"):
        return fact.signed is not None and fact.signed < 0
    if gold.get("k") == "growth":
        return fact.kind == "growth" and (fact.signed or 0) >= 0
    return fact.change == str(gold["c"]) and fact.change_unit == gold.get("cu", "%")


def _table_found(table: dict, result: Draft) -> bool:
    """Return whether the draft keeps a gold table: rows of its size, the first on its line."""
    for section in result.document.walk():
        rows = [p for p in section.paragraphs if p.kind == "row"]
        for index, row in enumerate(rows):
            if abs(row.line - table["l"]) <= 1:
                run = rows[index:index + table["rows"]]
                return len(run) == table["rows"] and all(len(r.cells) == table["cols"] for r in run)
    return False


def _heading_found(heading: dict, result: Draft) -> bool:
    return any(_plain(section.title) == _plain(heading["text"]) and abs(section.line - heading["l"]) <= 1
               for section in result.document.walk())
