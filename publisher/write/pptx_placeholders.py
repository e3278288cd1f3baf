"""Template placeholders that hold our regions: finding one, its box in points, and the checks of a mapping.

deck.template_layouts maps one of our layouts (or `default`) to a template layout by name: a backdrop, with our whole
design drawn on it. Or to {layout: NAME, placeholders: {REGION: REF}}: the template layout is then the slide's
design. REF names one of its placeholders by idx (a whole number), else by name, else by type as `publisher
inspect-template` lists it (title, center_title, subtitle, body, object …). The planner fits each held region into
its placeholder's box (the layout's position, else its master's), leaves out our `decor` regions and gives the text
of title, label, lead, text and footer regions the template's colours; the writer fills each placeholder with the
fitted text. Only regions that draw one text frame can be held, only by placeholders that hold text.
"""
from __future__ import annotations

from typing import Any

from publisher.errors import Diagnostic, did_you_mean
from publisher.plan.layouts import PLACEHOLDER_KINDS, Region
from publisher.plan.model import Box
from publisher.theme.styles import TemplateLayout, Theme

TEXT_HOLDERS = ("title", "center_title", "subtitle", "body", "object", "date", "footer", "header", "slide_number")


def layout_name(entry: str | TemplateLayout) -> str:
    """Return the template layout name of a deck.template_layouts entry."""
    return entry if isinstance(entry, str) else entry.layout


def placeholder_type(placeholder: Any) -> str:
    """Return a placeholder's type as listed: title, center_title, body, object …"""
    return placeholder.placeholder_format.type.name.lower()


def matching(layout: Any, ref: int | str) -> list:
    """Return the placeholders of a template layout that a reference names: by idx, else by name, else by type."""
    placeholders = list(layout.placeholders)
    if isinstance(ref, int):
        return [p for p in placeholders if p.placeholder_format.idx == ref]
    return [p for p in placeholders if p.name == ref] or [p for p in placeholders if placeholder_type(p) == ref]


def placeholder_box(placeholder: Any) -> Box | None:
    """Return a layout placeholder's box in points (its master's position when the layout gives none), or None."""
    lengths = (placeholder.left, placeholder.top, placeholder.width, placeholder.height)
    return None if None in lengths else Box(*(length.pt for length in lengths))


def listed(placeholder: Any) -> str:
    """Return a placeholder as `publisher inspect-template` lists it: idx, type and name."""
    return f"{placeholder.placeholder_format.idx} {placeholder_type(placeholder)} '{placeholder.name}'"


def entry_problems(theme: Theme, path: tuple, entry: TemplateLayout, layout: Any, regions: dict[str, Region],
                   serving: str) -> list[Diagnostic]:
    """Return an error for every region of an entry's placeholders (at path) that is not one of the regions of the
    layouts it serves (described by serving) or cannot be held, and every reference that names no placeholder of the
    template layout that can hold it, or one already holding another region."""
    problems, held = [], {}
    for name, ref in entry.placeholders.items():
        where = (*path, "placeholders", name)
        wrong = _region_problem(name, regions, serving)
        if wrong:
            problems.append(theme.diagnostic(where, wrong, key=True))
            continue
        found = matching(layout, ref)
        wrong = _placeholder_problem(ref, found, layout) or _taken(found[0], held)
        if wrong:
            problems.append(theme.diagnostic(where, wrong))
        else:
            held[found[0].placeholder_format.idx] = name
    return problems


def _region_problem(name: str, regions: dict[str, Region], serving: str) -> str:
    """Return why a region cannot be held by a placeholder, or ""."""
    if name not in regions:
        return (f"no region '{name}' in {serving}; its regions: {', '.join(regions) or 'none'}"
                f"{did_you_mean(name, list(regions))}")
    kind = regions[name].kind
    if kind not in PLACEHOLDER_KINDS:
        return (f"region '{name}' draws {kind}; a placeholder holds one text: a region of kind "
                f"{', '.join(PLACEHOLDER_KINDS)}")
    return ""


def _placeholder_problem(ref: int | str, found: list, layout: Any) -> str:
    """Return why a reference does not name one placeholder that holds text, or ""."""
    placeholders = list(layout.placeholders)
    if not found:
        names = [word for p in placeholders for word in (p.name, placeholder_type(p))]
        return (f"the template layout '{layout.name}' has no placeholder {ref!r}; its placeholders (idx type name): "
                f"{', '.join(map(listed, placeholders)) or 'none'}{did_you_mean(str(ref), names)}")
    if len(found) > 1:
        return (f"{len(found)} placeholders of the template layout '{layout.name}' are {ref!r}: "
                f"{', '.join(map(listed, found))}; name one by its idx")
    if placeholder_type(found[0]) not in TEXT_HOLDERS:
        return f"placeholder {listed(found[0])} is for a {placeholder_type(found[0])}, not text"
    if placeholder_box(found[0]) is None:
        return f"placeholder {listed(found[0])} has no position in the template layout '{layout.name}' or its master"
    return ""


def _taken(placeholder: Any, held: dict[int, str]) -> str:
    """Return an error when the placeholder already holds a region, or ""."""
    region = held.get(placeholder.placeholder_format.idx)
    return f"placeholder {listed(placeholder)} already holds region '{region}'" if region else ""
