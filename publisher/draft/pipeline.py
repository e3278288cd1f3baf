"""Run the draft stages in order: read, clean, structure, extract figures, propose charts."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from publisher.draft import charts, facts, language, structure
from publisher.draft.clean import clean
from publisher.draft.normalise import Change
from publisher.draft.read import Reading, read
from publisher.errors import fail


@dataclass
class Part:
    """What the draft says under one section: key message, deck bullets, figures and charts."""

    section: structure.Section
    lead: str = ""
    bullets: list[str] = field(default_factory=list)
    facts: list[facts.Fact] = field(default_factory=list)
    charts: list[charts.ChartProposal] = field(default_factory=list)

    @property
    def kpis(self) -> list[facts.Fact]:
        """Return the facts not already shown in a chart."""
        charted = {id(f) for chart in self.charts for f in chart.facts}
        return [f for f in self.facts if id(f) not in charted]


@dataclass
class Draft:
    """A source document turned into a structured, figure-aware draft."""

    source: Path
    document: structure.Document
    parts: list[Part]
    changes: list[Change]
    reading: Reading
    language: language.Language

    def part(self, section: structure.Section) -> Part:
        """Return the draft content of a section."""
        return next(p for p in self.parts if p.section is section)

    @property
    def facts(self) -> list[facts.Fact]:
        """Return every fact of the document, in reading order."""
        return [f for part in self.parts for f in part.facts]


def draft(source: Path) -> Draft:
    """Return the draft of a source document; raise PublisherError when it cannot be read."""
    reading = read(source)
    _chinese_or_fail(source, reading)
    cleaned = clean(reading.passages, reading.wrap, reading.lines if reading.kind == "text" else None)
    removed = [Change(r.kind, r.line, r.detail) for r in reading.removals]
    document = structure.structure(cleaned.paragraphs, source.stem)
    seen: set[tuple] = set()
    parts = [_part(section, seen, reading) for section in document.walk()]
    text = "".join(p.text for p in cleaned.paragraphs)
    return Draft(source, document, parts, [*removed, *cleaned.changes], reading, language.detect(text))


def _chinese_or_fail(source: Path, reading: Reading) -> None:
    """Raise PublisherError for a source in another script: the draft reads Chinese reports only, and a draft of
    an English release would be headings and paragraphs without a figure, its title the file's name."""
    text = "".join(p.text for p in reading.passages)
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    letters = sum(1 for c in text if c.isascii() and c.isalpha())
    if letters > 200 and han < letters / 10:
        first = next((p for p in reading.passages if any(c.isascii() and c.isalpha() for c in p.text)), None)
        line, column = reading.lines.position(first.lines[0].spot(0)) if first and reading.kind == "text" else (0, 0)
        raise fail(source, f"this report is written in Latin script ({letters} letters, {han} Chinese characters): "
                           "publisher draft reads reports in Chinese (Simplified or Traditional) only; write the "
                           "outline by hand (docs/outline.md)", line, column)


def _part(section: structure.Section, seen: set[tuple], reading: Reading) -> Part:
    found = []
    for paragraph in section.paragraphs:
        if paragraph.kind in ("row", "caption"):  # a table's figures stay in its table
            continue
        for fact in facts.extract(paragraph.text, paragraph.line):
            line, column = reading.lines.position(paragraph.body.spot(fact.offset + fact.span[0]))
            fact = replace(fact, line=line, column=column)
            key = (fact.kind, fact.base(), fact.subject)
            if key not in seen:
                seen.add(key)
                found.append(fact)
    lead = "" if structure.is_notes(section) else structure.lead(section)
    return Part(section, lead, structure.bullets(section, skip=lead), found, charts.propose(found))
