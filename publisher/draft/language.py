"""Tell the language of a source: Simplified or Traditional Chinese, and for Traditional, Taiwan, Hong Kong or
Macau."""
from __future__ import annotations

from dataclasses import dataclass

from publisher.draft.vocab import vocab


@dataclass(frozen=True)
class Language:
    """A language tag and the evidence for it."""

    tag: str  # zh-CN, zh-TW, zh-HK, zh-MO or zh-Hant
    evidence: str


def detect(text: str) -> Language:
    """Return the language of text: Traditional when characters only Traditional Chinese uses outnumber those
    only Simplified uses; then Taiwan, Hong Kong or Macau by the place words the text uses most."""
    words = vocab().data["language"]
    traditional = sum(text.count(c) for c in words["traditional"])
    simplified = sum(text.count(c) for c in words["simplified"])
    if traditional <= simplified:
        return Language("zh-CN", f"{simplified} Simplified-only characters, {traditional} Traditional-only")
    places = {tag: sum(text.count(w) for w in found) for tag, found in words["places"].items()}
    tag, count = max(places.items(), key=lambda item: item[1])
    counted = f"{traditional} Traditional-only characters, {simplified} Simplified-only"
    if not count or list(places.values()).count(count) > 1:
        return Language("zh-Hant", counted + "; no place words tell Taiwan from Hong Kong")
    return Language(tag, counted + f"; {count} {tag} place words")
