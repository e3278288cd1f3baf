"""A figure found in a sentence: its value as written, unit, qualifier, label, change, period and place; and the
helpers every extraction stage shares (quoted spans, where the words about a figure begin)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from publisher.draft.shape import CLAUSE_MARKS, pair_depths
from publisher.draft.vocab import vocab

QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
ITEM_MARKS = CLAUSE_MARKS + "、"


@dataclass
class Fact:
    """A figure, a rank or a figure in words stated in the source, with the sentence it comes from."""

    subject: str  # the noun phrase it measures
    value: str  # as written: 4.0, 1,648, 2兆5,031, 九成, 全国前列
    unit: str = ""  # as written, magnitude included: 万人次
    qualifier: str = ""  # 余, 多, 近, 超, 约, 以上 … (as the source writes it)
    kind: str = "number"  # number, percent, growth, rank, text or range
    scope: str = ""  # where a rank holds: 全省
    note: str = ""  # a comparison or a duration kept as words: 快于全市0.8个百分点, 连续五年
    change: str = ""  # a comparison of the figure, signed and as written: +3.5, -0.2
    change_unit: str = ""  # %, 个百分点, 倍, or the figure's own unit for 比年初增加586.96亿元
    period: str = ""  # when the figure holds, when stated: 全年, 年末, 上半年, 2024年
    magnitude: str = ""  # 万, 亿, 萬, 億, 万亿 (also the start of unit)
    before_magnitude: str = ""  # 多 or 余 written between the number and its magnitude: 6600多万 (also in qualifier)
    sentence: str = ""
    line: int = 0
    column: int = 0
    inherited: bool = False  # the subject was taken from the words around the figure
    verb: str = ""  # a growth's verb: 增长, 下降
    span: tuple[int, int] = (0, 0)  # where the figure stands in its sentence
    quote_span: tuple[int, int] = (0, 0)  # the clauses of the sentence that state the fact
    offset: int = 0  # where the sentence starts in its paragraph
    doubts: list[str] = field(default_factory=list)
    whole: bool = False  # a total whose parts the sentence goes on to give (…32个行业大类中，有18个…)
    series: int = 0  # the figures of one 分别 enumeration share a number (1 + where their 分别 stands)
    series_name: str = ""  # what an enumeration of times measures: 社会消费品零售总额 of 1月 … 5月

    @property
    def number(self) -> float | None:
        """Return the value as a number (2兆5,031 with unit 亿元 → 25031), or None for words and ranges."""
        return parse_number(self.value)

    @property
    def signed(self) -> float | None:
        """Return the value with the sign its verb gives it: a fall of 6.7% is -6.7."""
        number = self.number
        if number is None:
            return None
        return -number if self.kind == "growth" and falls(self.verb) else number

    def base(self) -> tuple[float | str, str]:
        """Return the value and unit without magnitude (1.45万件 → 14500, 件), to compare facts."""
        number = self.number
        if number is None:
            return self.value, self.scope
        factor = vocab().get("numbers", "magnitudes").get(self.magnitude, 1)
        return round(number * factor, 6), self.unit[len(self.magnitude):]

    @property
    def quote(self) -> str:
        """Return the clauses of the sentence that state the fact."""
        return self.sentence[slice(*self.quote_span)] if self.quote_span[1] else self.sentence

    def label(self) -> str:
        """Return the subject as a KPI label."""
        return self.subject

    def shown(self) -> str:
        """Return the figure as a reader sees it: 9500余家, 超5000万人次, 下降6.7%, 中心城区第一."""
        if self.kind == "rank":
            if self.value in vocab().get("ranks", "lead_verbs"):
                return f"{self.value}{self.scope}"
            return f"{self.scope}{self.qualifier}{self.value}"
        if self.kind in ("text", "range"):
            return f"{self.qualifier}{self.value}{self.unit}"
        before, middle, after_unit = self.qualifier_parts()
        verb = self.verb if self.kind == "growth" else ""
        return f"{verb}{before}{self.value}{self.before_magnitude}{self.magnitude}{middle}" \
               f"{self.unit[len(self.magnitude):]}{after_unit}"

    def qualifier_parts(self) -> tuple[str, str, str]:
        """Return the qualifier's words before the number, after its magnitude, and after its unit:
        逾3%以上 → (逾, "", 以上); 3.5万余人 → ("", 余, "")."""
        before = next((q for q in sorted(vocab().get("numbers", "before"), key=len, reverse=True)
                       if self.qualifier.startswith(q)), "")
        rest = self.qualifier[len(before):]
        if self.before_magnitude and rest.startswith(self.before_magnitude):
            rest = rest[len(self.before_magnitude):]
        after_unit = next((q for q in vocab().get("numbers", "after_unit") if rest.endswith(q)), "")
        return before, rest[:len(rest) - len(after_unit)], after_unit


def falls(verb: str) -> bool:
    """Return whether a growth's verb says it fell: 下降, 同比下降, 比同期收窄, 低于全国."""
    growth = vocab().data["growth"]
    return verb.endswith(tuple(growth["declines"])) or verb.startswith(tuple(growth["lower_than"]))


def parse_number(written: str) -> float | None:
    """Return the number a written value stands for (1,648 → 1648; 2兆5,031 → 25031, in the unit's magnitude),
    or None when it is not a number."""
    compound = re.fullmatch(rf"({DIGITS})([兆亿億万萬])({DIGITS})", written)
    if compound:
        big, unit, small = compound.groups()
        factor = {"兆": 10000, "亿": 10000, "億": 10000, "万": 10000, "萬": 10000}[unit]
        return float(big.replace(",", "")) * factor + float(small.replace(",", ""))
    if re.fullmatch(DIGITS, written.removeprefix("-")):
        return float(written.replace(",", ""))
    return None


def quoted(sentence: str) -> list[bool]:
    """Return, per character, whether it stands inside quotes or a book title (a name, not a statement)."""
    inside, stack = [], []
    for char in sentence:
        if stack and char == QUOTES[stack[-1]]:
            stack.pop()
            inside.append(True)
            continue
        inside.append(bool(stack) or char in QUOTES)
        if char in QUOTES:
            stack.append(char)
    return inside


def item_start(sentence: str, start: int, earlier: list[Fact], marks: str = ITEM_MARKS) -> int:
    """Return where the words about a figure begin: after the clause mark, the enumeration comma or the
    figure before it, whichever is last."""
    depths = pair_depths(sentence)
    position = 0
    ends = {f.span[1] for f in earlier}
    for i in range(start - 1, -1, -1):
        if depths[i] == 0 and sentence[i] in marks:
            if sentence[i] == "、" and not any(i - 3 <= end <= i for end in ends):
                continue
            position = i + 1
            break
    last_end = max((f.span[1] for f in earlier if f.span[1] <= start), default=0)
    return max(position, last_end)


def format_number(value: float | str) -> str:
    """Return a number as written in prose: 9500, 1.45 (a string is returned as written)."""
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
