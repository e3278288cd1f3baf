"""What every writer receives: a validated outline with its theme and fonts, and the warnings found so far."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.fonts.book import FontBook
from publisher.outline.model import Outline
from publisher.outline.source import Document
from publisher.theme.styles import Theme


@dataclass
class Project:
    """A validated outline with its theme and fonts: what every writer receives."""

    outline: Outline
    theme: Theme
    fonts: FontBook
    doc: Document
    base_dir: Path
    warnings: list = field(default_factory=list)
