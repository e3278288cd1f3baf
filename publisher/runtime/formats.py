"""The formats a build can write and the names of their files; light to import (the command line checks --format
and names outputs with it before anything else is loaded)."""
from __future__ import annotations

from pathlib import Path

# every output a build can write, and its file name's ending after the outline's stem
SUFFIXES = {"pptx": ".pptx", "pdf": ".pdf", "deck-pdf": ".slides.pdf", "handout": ".handout.pdf",
            "notes": ".notes.pdf"}
THEME_OUTPUTS = "theme"  # in a format list: the theme's `outputs` (pptx and pdf unless the theme says otherwise)
FORMATS = (THEME_OUTPUTS,)  # what a build writes when not told


def possible_suffixes(formats: tuple[str, ...]) -> list[str]:
    """Return the endings of every file the formats may write, before the theme is read ("theme": any format)."""
    return [SUFFIXES[f] for f in dict.fromkeys(f for fmt in formats
                                                for f in (SUFFIXES if fmt == THEME_OUTPUTS else [fmt]))]


def format_of(output: Path) -> str:
    """Return the format that writes an output file, from its name's ending."""
    matching = [fmt for fmt, suffix in SUFFIXES.items() if output.name.endswith(suffix)]
    return max(matching, key=lambda fmt: len(SUFFIXES[fmt]))
