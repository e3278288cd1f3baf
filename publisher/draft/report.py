"""The `--report` summary of a draft: what was cleaned, how the document was structured, what was extracted."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from publisher.draft.pipeline import Draft

SHOWN_PER_KIND = 20
_TITLES = {
    "dropped": "repeated paragraphs dropped",
    "joined": "sentences broken across pages joined",
    "truncated": "paragraphs breaking off mid-sentence (marked ……)",
    "heading": "headings joined or renumbered",
    "punctuation": "punctuation marks normalised (GB/T 15834)",
    "spacing": "spaces removed or turned into 、 in Chinese text",
    "page-number": "page-number lines dropped",
}


def summary(draft: Draft, target: Path, seconds: float) -> str:
    """Return the report of a draft written to target in seconds."""
    lines = [f"publisher draft: {draft.source} → {target} in {seconds:.2f} s", "", "cleaning:"]
    lines += _changes(draft)
    lines += ["", "structure:", *_structure(draft), "", "figures:", *_figures(draft)]
    return "\n".join(lines)


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
    lines = [f"  title: {document.title}" + (f" (line {document.title_line})" if document.title_line else "")]
    for section in document.walk():
        part = draft.part(section)
        lines.append(f"  {'  ' * section.level}{section.title}  [line {section.line}; {len(section.paragraphs)} "
                     f"paragraphs, {len(part.facts)} figures, {len(part.charts)} charts]")
    return lines


def _figures(draft: Draft) -> list[str]:
    facts = draft.facts
    kinds = Counter(fact.kind for fact in facts)
    review = sum(1 for fact in facts if fact.inherited or len(fact.subject) < 3)
    lines = [f"  {len(facts)} facts: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())),
             f"  {review} with a subject to check (taken from around the figure, or very short)"]
    lines += [f"    line {f.line}: {f.label() or '?'} = {f.shown()}" for f in facts]
    charts = [chart for part in draft.parts for chart in part.charts]
    lines.append(f"  {len(charts)} charts proposed")
    lines += [f"    {chart.kind}: {chart.title} ({chart.unit}) {chart.values}" for chart in charts]
    return lines
