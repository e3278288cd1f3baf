"""What reading a source gives: passages (blocks of located lines with their kind), and what was removed."""
from __future__ import annotations

from dataclasses import dataclass, field

from publisher.draft import furniture
from publisher.draft.located import Lines, Located

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"


@dataclass(frozen=True)
class Passage:
    """A block of consecutive lines of the source."""

    lines: tuple[Located, ...]
    line: int  # first line in the file (for .docx: the paragraph number)
    gap: int = 1  # blank lines (or empty paragraphs) before it
    level: int | None = None  # heading level the source states (Markdown #, Word heading style); 0 = title
    kind: str = "text"  # text, item (a list item) or quote

    @property
    def text(self) -> str:
        """Return the lines joined without separators (Chinese text has no spaces between lines)."""
        return "".join(line.text for line in self.lines)

    @property
    def texts(self) -> tuple[str, ...]:
        """Return the text of each line."""
        return tuple(line.text for line in self.lines)


@dataclass
class Reading:
    """What a reader found in a source: its passages, how to locate a character, what it removed."""

    passages: list[Passage]
    lines: Lines
    kind: str  # text, markdown, docx or html
    removals: list[furniture.Removal] = field(default_factory=list)
    prefix: str = ""  # a token every line started with, removed (a scraper's date)
    wrap: float | None = None  # the width (in ems) plain text was hard-wrapped at, if it was


def clean_line(line: Located) -> Located:
    """Return a line without invisible characters and surrounding spaces (ideographic spaces included)."""
    return line.translate(_INVISIBLE).strip(SPACES)
