"""Validate plain data against a model and report every problem at its place in the YAML."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from publisher.errors import Diagnostic, PublisherError, did_you_mean, dotted
from publisher.outline.source import Document

M = TypeVar("M", bound=BaseModel)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # characters no text of a deck or report may hold

_TYPE_WORDS = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_PATTERNS = {r"^[0-9A-Fa-f]{6}$": "a colour as six hex digits, like 1F4E79"}
_SYNONYMS = {"children": "items", "subitems": "items", "sub_items": "items", "subbullets": "items"}  # others say
_BOUNDS = {"greater_than": "above", "greater_than_equal": "of at least", "less_than": "below",
           "less_than_equal": "of at most"}


def validate(model: type[M], doc: Document, root: tuple = (), context: dict[str, Any] | None = None) -> M:
    """Return doc's data (at root) validated as model; raise PublisherError listing every problem. context: what
    the model's validators may ask of the caller (the known chart kinds, for an outline)."""
    data = _at(doc.data, root)
    controls = list(_control_characters(doc, data, root))
    if controls:
        raise PublisherError(controls)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = _merge_union_members(data, exc.errors())
        diagnostics = _dedupe(_diagnostic(doc, model, data, err, root) for err in errors)
        raise PublisherError(diagnostics) from None


def _control_characters(doc: Document, data: Any, path: tuple) -> Iterator[Diagnostic]:
    """Yield an error at each text holding a control character (a NUL, an escape…): no page or slide can show one."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (found := CONTROL.search(key)):
                yield Diagnostic(doc.span((*path, key), key=True), f"a key cannot hold the control character "
                                 f"U+{ord(found.group()):04X}; got {key[:40]!r}", dotted(path))
            yield from _control_characters(doc, value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _control_characters(doc, value, (*path, i))
    elif isinstance(data, str) and (found := CONTROL.search(data)):
        yield Diagnostic(doc.span(path), f"a text cannot hold the control character U+{ord(found.group()):04X}; "
                         f"got {data[:40]!r}", dotted(path))


def _merge_union_members(data: Any, errors: list[dict]) -> list[dict]:
    """Return errors with the type errors of each union member (value.float, value.str) merged into one; they are
    dropped when another member took the value's type and found errors inside it (a mapping for `str | Model`)."""
    merged: dict[tuple, dict] = {}
    out = []
    paths = [_data_path(data, err["loc"]) for err in errors]
    for err, path in zip(errors, paths, strict=True):
        if err["type"] not in _TYPE_WORDS or not _is_member_tag(data, path):
            out.append(err)
            continue
        parent = path[:-1]
        if any(_inside(data, other, parent) for other in paths):
            continue
        words = merged.setdefault(parent, {**err, "loc": parent, "words": []})["words"]
        words.append(_TYPE_WORDS[err["type"]])
    for err in merged.values():
        expected = " or ".join(dict.fromkeys(err.pop("words")))
        out.append({**err, "type": "union", "msg": f"expected {expected}; got {_describe(err.get('input'))}"})
    return out


def _inside(data: Any, path: tuple, parent: tuple) -> bool:
    """Return True when path is a place inside the value at parent, not a union member's tag on it."""
    depth = len(parent) + 1
    return path[:len(parent)] == parent and (len(path) > depth or len(path) == depth and not _is_member_tag(data, path))


def _is_member_tag(data: Any, path: tuple) -> bool:
    """Return True when path ends in a union member's name rather than a key of the data."""
    if not path or not isinstance(path[-1], str):
        return False
    parent = _at_or_none(data, path[:-1])
    return not (isinstance(parent, dict) and path[-1] in parent)


def _at_or_none(data: Any, path: tuple) -> Any:
    for key in path:
        if not _indexes(data, key):
            return None
        data = data[key]
    return data


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _dedupe(diagnostics) -> list[Diagnostic]:
    seen: dict[tuple, Diagnostic] = {}
    for d in diagnostics:
        seen.setdefault((d.span, d.path, d.message), d)
    return list(seen.values())


def _diagnostic(doc: Document, model: type[BaseModel], data: Any, err: dict, root: tuple) -> Diagnostic:
    path = err["loc"] if err["type"] == "union" else _data_path(data, err["loc"])
    full = (*root, *path)
    kind = err["type"]
    if kind == "extra_forbidden":
        span = doc.span(full, key=True)
        return Diagnostic(span, f"unknown key '{path[-1]}'{_suggest(model, data, path)}", dotted(full[:-1]))
    if kind == "missing":
        return Diagnostic(doc.span(full[:-1]), f"missing required key '{path[-1]}'", dotted(full[:-1]))
    return Diagnostic(doc.span(full), _message(err), dotted(full))


def _data_path(data: Any, loc: tuple) -> tuple:
    """Return the part of a pydantic location that indexes real data (drops union tags and validator names)."""
    from publisher.outline.model import BLOCK_KINDS

    path: list = []
    for i, key in enumerate(loc):
        last = i == len(loc) - 1
        if key in BLOCK_KINDS and i and isinstance(loc[i - 1], int) and not last:
            continue
        if _indexes(data, key):
            data = data[key]
        elif not last:
            continue
        path.append(key)
    return tuple(path)


def _indexes(data: Any, key: Any) -> bool:
    if isinstance(data, dict):
        return key in data
    return isinstance(data, list) and isinstance(key, int) and key < len(data)


def _message(err: dict) -> str:
    kind, found = err["type"], err.get("input")
    if kind == "string_type" and isinstance(found, bool):
        return f"expected text; got {_describe(found)} (for the word, write it in quotes: '{str(found).lower()}')"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}; got {_describe(found)}"
    if kind == "literal_error":
        return f"expected {err['ctx']['expected']}; got {_describe(found)}{_literal_hint(err)}"
    if kind == "finite_number":
        return f"expected a finite number; got {found}"
    if kind in ("string_too_short", "too_short"):
        return f"must not be empty; got {_describe(found)}"
    if kind in _BOUNDS:
        return f"expected a number {_BOUNDS[kind]} {next(iter(err['ctx'].values()))}; got {_describe(found)}"
    if kind == "string_pattern_mismatch":
        return f"expected {_PATTERNS.get(err['ctx']['pattern'], 'text like ' + err['ctx']['pattern'])}; " \
               f"got {_describe(found)}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "union":
        return err["msg"]
    return f"{err['msg']}; got {_describe(found)}"


def _literal_hint(err: dict) -> str:
    choices = [c.strip(" '") for c in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
    return did_you_mean(str(err.get("input")), choices)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _suggest(model: type[BaseModel], data: Any, path: tuple) -> str:
    fields = _fields_at(model, path[:-1])
    meant = _SYNONYMS.get(str(path[-1]).lower())
    if meant in fields:
        return f" (did you mean '{meant}'?)"
    return did_you_mean(str(path[-1]), fields) if fields else ""


def _fields_at(model: Any, path: tuple) -> list[str]:
    """Return the field names of the model found by following path through nested models."""
    from publisher.outline.model import BLOCK_KINDS

    for key in path:
        if isinstance(key, int):
            continue
        if key in BLOCK_KINDS and model in BLOCK_KINDS.values():
            model = BLOCK_KINDS[key]
        field = getattr(model, "model_fields", {}).get(key)
        if field is None and key not in BLOCK_KINDS:
            continue  # a key of a mapping of models (dict[str, Model])
        nested = _model_in(field.annotation) if field else None
        if nested is None:
            return list(BLOCK_KINDS["paragraph"].model_fields) if key == "blocks" else []
        model = nested
    return list(getattr(model, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
