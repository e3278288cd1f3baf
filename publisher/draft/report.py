"""The `--report` summary of a draft: what was removed and cleaned, how the document was structured, what was
extracted (each figure with its line:column), and everything the draft was unsure of."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from publisher.draft.pipeline import Draft

SHOWN_PER_KIND = 20
_TITLES = {
    "prefix": "prefixes repeated on every line removed",
    "running-header": "running headers or footers removed",
    "page-number": "page-number lines removed",
    "table": "flattened tables removed (their figures restate the text)",
    "figure": "chart captions removed",
    "footnote": "footnote markers removed",
    "markup": "script, style or navigation passages left out",
    "dropped": "repeated paragraphs dropped",
    "joined": "sentences broken across pages joined",
    "truncated": "paragraphs breaking off mid-sentence (marked ……)",
    "heading": "headings joined or renumbered",
    "punctuation": "punctuation marks normalised (GB/T 15834)",
    "spacing": "spaces removed or turned into 、 in Chinese text",
}


def summary(draft: Draft, target: Path, seconds: float) -> str:
    """Return the report of a draft written to target in seconds."""
    lines = [f"publisher draft: {draft.source} → {target} in {seconds:.2f} s", "", "cleaning:"]
    lines += _changes(draft)
    lines += ["", "structure:", *_structure(draft), "", "figures:", *_figures(draft), "", "unsure:"]
    lines += [f"  {entry}" for entry in unsure(draft)] or ["  nothing"]
    return "\n".join(lines)


def unsure(draft: Draft) -> list[str]:
    """Return what the draft guessed and a person should check, each with its line (and column)."""
    document = draft.document
    out = []
    if not document.title_line:
        out.append(f"title: the source has no title line; the outline uses the file name '{document.title}'")
    if draft.language.tag != "zh-CN":
        out.append(f"language {draft.language.tag}: {draft.language.evidence}")
    for section in document.walk():
        out += [f"line {section.line}: heading '{section.title}': {note}" for note in section.notes]
        for paragraph in section.paragraphs:
            out += [f"line {paragraph.line}: {note}" for note in paragraph.notes]
    for fact in draft.facts:
        where = f"line {fact.line}:{fact.column}: {fact.label() or '?'} = {fact.shown()}"
        out += [f"{where}: {doubt}" for doubt in _doubts(fact)]
    return out


def _doubts(fact) -> list[str]:
    doubts = list(fact.doubts)
    if not fact.subject:
        doubts.append("no label found: the figure measures nothing named next to it")
    elif fact.inherited:
        doubts.append("label taken from the words around the figure")
    elif len(fact.subject) < 3:
        doubts.append("very short label")
    if fact.kind == "range":
        doubts.append("a range, kept as text and never charted")
    return doubts


def _changes(draft: Draft) -> list[str]:
    by_kind: dict[str, list[str]] = {}
    for change in draft.changes:
        by_kind.setdefault(change.kind, []).append(f"line {change.line}: {change.detail}")
    lines = []
    for kind, title in _TITLES.items():
        found = by_kind.get(kind, [])
        lines.append(f"  {len(found)} {title}")
        lines += [f"    {entry}" for entry in found[:SHOWN_PER_KIND]]
        if len(found) > SHOWN_PER_KIND:
            lines.append(f"    … and {len(found) - SHOWN_PER_KIND} more")
    return lines


def _structure(draft: Draft) -> list[str]:
    document = draft.document
    lines = [f"  title: {document.title}" + (f" (line {document.title_line})" if document.title_line else
                                             " (no title line: the file name)")]
    lines += [f"  {kind}: {value}" for kind, value in document.front.items()]
    lines.append(f"  language: {draft.language.tag}")
    for section in document.walk():
        part = draft.part(section)
        lines.append(f"  {'  ' * section.level}{section.title}  [line {section.line}; {len(section.paragraphs)} "
                     f"paragraphs, {len(part.facts)} figures, {len(part.charts)} charts]")
    return lines


def _figures(draft: Draft) -> list[str]:
    facts = draft.facts
    kinds = Counter(fact.kind for fact in facts)
    lines = [f"  {len(facts)} facts: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))]
    for f in facts:
        change = f" ({f.change}{f.change_unit})" if f.change else ""
        period = f" [{f.period}]" if f.period else ""
        lines.append(f"    line {f.line}:{f.column}: {f.label() or '?'} = {f.shown()}{change}{period}")
    charts = [chart for part in draft.parts for chart in part.charts]
    lines.append(f"  {len(charts)} charts proposed")
    lines += [f"    {chart.kind} ({chart.family}): {chart.title} ({chart.unit or 'no unit'}) "
              f"{dict(zip(chart.categories, chart.written, strict=True))}" for chart in charts]
    return lines
