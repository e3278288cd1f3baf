"""The fonts of one build: the theme's families checked against the outline's text and prepared for every writer."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError, dotted
from publisher.fonts import families as fonts
from publisher.outline.source import Document
from publisher.theme.styles import Theme

ROLES = ("heading", "body", "serif", "chart")


@dataclass
class FontBook:
    """Prepared TrueType files and metrics per theme font role."""

    theme: Theme
    files: dict[str, tuple[Path, Path]]
    _metrics: dict[Path, Any] = field(default_factory=dict)

    def family(self, role: str) -> str:
        """Return the family name the theme gives a role (heading, body, serif, chart)."""
        return getattr(self.theme.fonts, role)

    def file(self, role: str, bold: bool = False) -> Path:
        """Return the prepared TrueType file of a role."""
        regular, heavy = self.files[self.family(role)]
        return heavy if bold else regular

    def metrics(self, role: str, bold: bool = False) -> fonts.Metrics:
        """Return advance-width metrics of a role's face."""
        path = self.file(role, bold)
        if path not in self._metrics:
            self._metrics[path] = fonts.Metrics(path)
        return self._metrics[path]


def strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (path, text) for every string in plain YAML data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def check(theme: Theme, doc: Document) -> dict[str, tuple]:
    """Return the theme's (regular, bold) faces by family; raise if one is missing or lacks a character of doc."""
    faces = {getattr(theme.fonts, role): _resolve(theme, role, doc) for role in ROLES}
    texts = list(strings(doc.data))
    problems = list(_uncovered(faces, texts, doc))
    problems += _uncovered_words(faces, theme, doc)
    if problems:
        raise PublisherError(problems)
    return faces


def prepare(theme: Theme, doc: Document, extra_text: str = "") -> FontBook:
    """Return the fonts of the theme, prepared for the outline's characters; raise on any uncovered one."""
    faces = check(theme, doc)
    chars = "".join(sorted({c for _, t in strings(doc.data) for c in t} | set(extra_text)))
    pairs = list(faces.items())
    paths = iter(fonts.prepare_all([(face, chars) for _, pair in pairs for face in pair]))
    return FontBook(theme, {family: (next(paths), next(paths)) for family, _ in pairs})


def _resolve(theme: Theme, role: str, doc: Document) -> tuple:
    name = getattr(theme.fonts, role)
    try:
        return fonts.resolve_family(name, [doc.file.parent])
    except (KeyError, ValueError, OSError) as exc:
        message = f"font '{name}' for {role} text not found: expected a family of fonts/fonts.yaml, a font file" \
                  f" or an installed family ({exc})"
        raise PublisherError([Diagnostic(doc.span(("theme",)), message, "theme.fonts." + role)]) from None


def _uncovered_words(faces: dict[str, tuple], theme: Theme, doc: Document) -> list[Diagnostic]:
    """Return an error for each character of the locale's words (目录, Contents …) that a theme font lacks, located
    at report.language, which chose them."""
    words = theme.locale.words()
    covered = {family: fonts.coverage(pair[0]) for family, pair in faces.items()}
    lacking = {char: [f"'{family}'" for family, points in covered.items() if ord(char) not in points]
               for char in dict.fromkeys(c for c in words if not c.isspace())}
    path = ("report", "language")
    return [Diagnostic(doc.span(path), f"character '{char}' (U+{ord(char):04X}) of the words the tool adds in "
                       f"this language ({theme.locale.name}) is not in font {', '.join(families)}; use a theme font "
                       "that has it, or override the word in the theme's locales", dotted(path))
            for char, families in lacking.items() if families]


def _uncovered(faces: dict[str, tuple], texts: list, doc: Document) -> Iterator[Diagnostic]:
    covered = {family: fonts.coverage(pair[0]) for family, pair in faces.items()}
    everywhere = frozenset.intersection(*covered.values()) if covered else frozenset()
    for path, text in texts:
        if everywhere.issuperset(map(ord, text)):
            continue
        for char in dict.fromkeys(c for c in text if not c.isspace()):
            lacking = [f"'{family}'" for family, points in covered.items() if ord(char) not in points]
            if lacking and unicodedata.category(char) == "Cf":
                message = f"an invisible formatting character, U+{ord(char):04X} " \
                          f"({unicodedata.name(char, 'unnamed')}), which the fonts cannot show (pasted from " \
                          "another program?); delete it"
            elif lacking:
                message = f"character '{char}' (U+{ord(char):04X}) is not in font {', '.join(lacking)}; " \
                          "use another character or a theme font that has it"
            if lacking:
                yield Diagnostic(doc.find(path, char), message, dotted(path))
