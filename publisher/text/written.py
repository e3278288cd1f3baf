"""Numbers as their author wrote them: the value for arithmetic and drawing, the text for every place it is shown.

A number read from the outline, a CSV cell or a workbook cell keeps its written form ("14.0", "2302.60", "-0.5",
"0012", "1,234"): `WrittenNumber` is a float whose `str()` is that text, and `WrittenInt` the same for whole
numbers in YAML (so that int settings stay exact). Writers show `written_text(value)`; they never re-derive digits
from the float.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

GROUPED = re.compile(r"[-+−]?\d{1,3}([,，]\d{3})+(\.\d+)?", re.ASCII)  # 1,234.5 and 1，234
PLAIN = re.compile(r"[-+−]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", re.ASCII)  # digits 0-9 only: a chart cache holds them
OTHER_DIGITS = re.compile(r"(?![0-9])\d")  # full-width digits (０１２) or those of other scripts
SIGNS = "+-−"
_SPECIAL = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)


class WrittenNumber(float):
    """A float that remembers its written text: 14.0 written "14.0" stays "14.0" wherever it is shown."""

    text: str

    def __new__(cls, value: float, text: str) -> WrittenNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple:
        return WrittenNumber, (float(self), self.text)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Validate as a finite float that keeps its written text; reject true/false (never 1.0/0.0)."""
        from pydantic_core import core_schema

        return core_schema.no_info_wrap_validator_function(
            _validated, core_schema.float_schema(allow_inf_nan=False),
            serialization=core_schema.plain_serializer_function_ser_schema(_serialised, info_arg=True))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        return {"type": "number"}


class WrittenInt(int):
    """An int that remembers its written text ("0012", "+5"), for YAML whole numbers."""

    text: str

    def __new__(cls, value: int, text: str) -> WrittenInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple:
        return WrittenInt, (int(self), self.text)


def written_text(value: Any) -> str:
    """Return a number as its author wrote it; a number without a written form (made in code) in its shortest
    exact form: 14.0 → "14", 0.1 → "0.1", 1e-07 → "1e-07"."""
    if isinstance(value, (WrittenNumber, WrittenInt)):
        return value.text
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def parse_number(text: str) -> WrittenNumber | None:
    """Return the number a data cell or a quoted value writes ("2302.60", "-0.5", "1,234", "1e-7"), with that text;
    None when it is not one number (units, words, "12,5")."""
    stripped = text.strip()
    if PLAIN.fullmatch(stripped):
        digits = stripped
    elif GROUPED.fullmatch(stripped):
        digits = stripped.replace(",", "").replace("，", "")
    else:
        return None
    value = float(digits.replace("−", "-"))
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return WrittenNumber(value, stripped)


def exact(value: Any) -> Decimal:
    """Return the exact decimal a number writes: "2302.60" → Decimal('2302.60') (grouping and signs read)."""
    text = written_text(value)
    cleaned = text.replace(",", "").replace("，", "").replace("−", "-")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return Decimal(repr(float(value)))


def unsigned(text: str) -> str:
    """Return a written number without its sign: "-0.3" → "0.3" (a change shown with ▲/▼ instead)."""
    return text[1:] if text[:1] and text[0] in SIGNS else text


def _validated(value: Any, handler: Any) -> WrittenNumber:
    from pydantic_core import PydanticCustomError

    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if isinstance(value, WrittenNumber):
        handler(float(value))  # the finite check
        return value
    if isinstance(value, WrittenInt) and value.text.lstrip("+-")[:2].lower() in ("0x", "0o"):
        raise PydanticCustomError("number_notation", "expected a number in decimal digits (0x… is hexadecimal, "
                                  "0o… octal)")
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is not None:
            return parsed
        if not _SPECIAL.fullmatch(value.strip()):  # NaN and infinity are refused by name, by the handler
            if OTHER_DIGITS.search(value):
                raise PydanticCustomError("number_digits", "expected a number in the digits 0-9")
            raise PydanticCustomError("float_parsing", "Input should be a valid number")
    number = handler(value)
    return WrittenNumber(number, written_text(value))


def _serialised(value: float, info: Any) -> float | str:
    """Return the number itself, or its written text in JSON (so a dump tells 14 from 14.0)."""
    return written_text(value) if info.mode_is_json() else value
