"""Text that remembers where each character stood in the source, through slicing, joining and substitutions."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Located:
    """A string and, for each of its characters, its offset in the source's text."""

    text: str
    spots: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.spots):
            raise ValueError("a located text needs one spot per character")

    @classmethod
    def at(cls, text: str, start: int) -> Located:
        """Return text that stands in the source from offset start, character after character."""
        return cls(text, tuple(range(start, start + len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: slice) -> Located:
        return Located(self.text[index], self.spots[index])

    def __add__(self, other: Located) -> Located:
        return Located(self.text + other.text, self.spots + other.spots)

    def spot(self, index: int) -> int:
        """Return the source offset of the character at index (the last one's for the end)."""
        if not self.spots:
            return 0
        return self.spots[min(max(index, 0), len(self.spots) - 1)]

    def strip(self, chars: str | None = None) -> Located:
        """Return the text without the given characters (white space by default) at either end."""
        start = len(self.text) - len(self.text.lstrip(chars))
        end = len(self.text.rstrip(chars))
        return self[start:max(start, end)]

    def inserted(self, index: int, text: str) -> Located:
        """Return the text with text inserted before index, standing where its neighbour stands."""
        where = self.spot(index if index < len(self) else index - 1)
        return Located(self.text[:index] + text + self.text[index:],
                       self.spots[:index] + (where,) * len(text) + self.spots[index:])

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> Located:
        """Return the text with every match of pattern replaced; a replacement of the same length keeps the
        spots character by character, another one stands where its match started."""
        pieces: list[Located] = []
        last = 0
        for found in pattern.finditer(self.text):
            pieces.append(self[last:found.start()])
            new = replace(found)
            if len(new) == found.end() - found.start():
                pieces.append(Located(new, self.spots[found.start():found.end()]))
            else:
                pieces.append(Located(new, (self.spot(found.start()),) * len(new)))
            last = found.end()
        pieces.append(self[last:])
        return join(pieces)

    def translate(self, table: dict[int, str | None]) -> Located:
        """Return the text with characters mapped by a str.translate table of single characters or None."""
        kept = [(table.get(ord(c), c), spot) for c, spot in zip(self.text, self.spots, strict=True)]
        kept = [(c, spot) for c, spot in kept if c]
        return Located("".join(c for c, _ in kept), tuple(spot for _, spot in kept))


def join(pieces: Iterable[Located]) -> Located:
    """Return located pieces joined end to end."""
    pieces = list(pieces)
    return Located("".join(p.text for p in pieces), tuple(s for p in pieces for s in p.spots))


EMPTY = Located("", ())


class Lines:
    """Turns source offsets into 1-based line and column numbers."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def indent(self, offset: int) -> int:
        """Return how many spaces stand before a source offset on its line (a form feed is no indent)."""
        start = self.starts[bisect_right(self.starts, offset) - 1]
        return sum(1 for c in self.text[start:offset] if c != "\f")

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, column) of a source offset."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
