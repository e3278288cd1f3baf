"""The words and patterns of `publisher draft`, read once from layouts/draft.yaml."""
from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from publisher.resources import data_dir


class Vocab:
    """Every list and threshold the draft stages use; regular expressions are compiled on first use."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self._patterns: dict[tuple[str, str], re.Pattern[str]] = {}

    def get(self, section: str, key: str) -> Any:
        """Return one entry of the vocabulary file."""
        return self.data[section][key]

    def alternation(self, section: str, key: str) -> str:
        """Return a list (or the keys of a mapping) as a regular-expression alternation, longest first."""
        words = sorted(self.data[section][key], key=len, reverse=True)
        return "|".join(re.escape(word) for word in words)

    def pattern(self, section: str, key: str) -> re.Pattern[str]:
        """Return an entry holding a regular expression (or a list of them), compiled."""
        if (section, key) not in self._patterns:
            value = self.data[section][key]
            text = value if isinstance(value, str) else "|".join(f"(?:{v})" for v in value)
            self._patterns[section, key] = re.compile(text)
        return self._patterns[section, key]


@cache
def vocab() -> Vocab:
    """Return the vocabulary of layouts/draft.yaml."""
    path = data_dir("layouts") / "draft.yaml"
    return Vocab(yaml.safe_load(path.read_text(encoding="utf-8")))
