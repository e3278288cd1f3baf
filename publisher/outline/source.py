"""Read YAML keeping the position of every node, so later stages can point at the user's text; an outline given as
Python data (the library's build from a mapping) is checked the same way."""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from publisher.errors import Span, dotted, fail
from publisher.text.written import WrittenInt, WrittenNumber

Path_ = tuple  # a field path: ("sections", 2, "blocks", 0, "chart")

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same marks, ~10× faster
TAG = "tag:yaml.org,2002:"
CORE_SCHEMA = (  # YAML 1.2 core schema: what a plain scalar is; anything else is text
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
     "-+.0123456789"),
)
SPECIAL_FLOATS = {"inf": float("inf"), "nan": float("nan")}


class _CoreLoader(_BASE):
    """The C loader composing nodes, with plain scalars resolved by the YAML 1.2 core schema: 10:30, 0012, no, on
    and y are what they look like (YAML 1.1 read them as 630, 10, false, true and true)."""

    yaml_implicit_resolvers: dict = {}


for _name, _pattern, _first in CORE_SCHEMA:
    _CoreLoader.add_implicit_resolver(TAG + _name, re.compile(f"^(?:{_pattern})$"),
                                      list(_first) + ([""] if _name == "null" else []))


@dataclass
class Document:
    """Plain data read from one YAML file, with the span of every value and key."""

    file: Path
    data: Any
    spans: dict[Path_, Span] = field(default_factory=dict)
    text: str = ""
    key_spans: dict[Path_, Span] = field(default_factory=dict)

    def span(self, path: Path_, key: bool = False) -> Span:
        """Return the span of the value at path (or of its key), else of the nearest parent."""
        table = self.key_spans if key else self.spans
        while path not in table and path:
            path = path[:-1]
        return table.get(path) or self.spans.get(path) or Span(str(self.file), 1, 1)

    def find(self, path: Path_, needle: str) -> Span:
        """Return the span of needle inside the value at path (the value's own span if not found)."""
        start = self.span(path)
        if not self.text or start.file != str(self.file):
            return start
        lines = self.text.splitlines()
        for number in range(start.line, min(start.line + 200, len(lines) + 1)):
            offset = start.column - 1 if number == start.line else 0
            column = lines[number - 1].find(needle, offset)
            if column >= 0:
                return Span(start.file, number, column + 1)
        return start


def load(path: Path, max_bytes: int | None = None) -> Document:
    """Return the document in a YAML file; raise PublisherError on anything unreadable or too large."""
    from publisher.outline.limits import active

    max_bytes = max_bytes or active().outline_bytes
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a pipe, socket or device)"
        raise fail(path, f"cannot read file: this is {what}; expected a YAML file")
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)  # no more than the limit is ever read into memory
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise fail(path, f"file is {path.stat().st_size:,} bytes; the limit is {max_bytes:,} bytes", 1, 1)
    text = _decode(path, raw)
    return parse(text, path)


def read_stream(stream: BinaryIO, name: str = "<stdin>") -> Document:
    """Return the document in a YAML stream (standard input), read up to the outline size limit."""
    from publisher.outline.limits import active

    most = active().outline_bytes
    raw = stream.read(most + 1)
    if len(raw) > most:
        raise fail(name, f"more than {most:,} bytes; the limit is {most:,} bytes (raise it with --limit "
                   "outline_bytes=N)", 1, 1)
    return parse(_decode(Path(name), raw), Path(name))


def parse(text: str, path: Path) -> Document:
    """Return the document parsed from YAML text that came from path."""
    try:
        node = yaml.compose(text, Loader=_CoreLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "another document" in problem:
            problem = "the file holds more than one YAML document (---); expected one"
        problem += _tab_hint(text, mark)
        raise fail(path, f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise fail(path, f"invalid YAML: {exc}", 1, 1) from None
    doc = Document(path, None, text=text)
    if node is None:
        raise fail(path, "the file is empty; expected a YAML mapping", 1, 1)
    doc.data = _Builder(doc).build(node, ())
    return doc


def from_data(data: Mapping[str, Any], name: str = "<mapping>") -> Document:
    """Return the document of an outline given as Python data, checked as a YAML file is read: keys are text,
    values are text, numbers, true/false, None, lists and mappings (a date becomes its ISO text, a Decimal keeps its
    digits); the count of values has the same limit. Diagnostics name the document and the value's path (no line)."""
    doc = Document(Path(name), None, {(): Span(name)})
    doc.data = _PlainData(doc).value(data, ())
    return doc


class _PlainData:
    """Copy Python data into the outline's plain data, refusing what a YAML file could not hold."""

    def __init__(self, doc: Document):
        from publisher.outline.limits import active

        self.doc, self.count, self.most, self.open = doc, 0, active().yaml_values, set()

    def value(self, value: Any, path: Path_) -> Any:
        self.count += 1
        if self.count > self.most:
            raise fail(self.doc.file, f"more than {self.most:,} values; raise the limit with limits={{'yaml_values': "
                       "N}", path=dotted(path))
        if isinstance(value, str | bool | int | float) or value is None:
            return value
        if isinstance(value, Decimal):
            return WrittenNumber(float(value), str(value))
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Mapping | list | tuple):
            return self._container(value, path)
        raise fail(self.doc.file, f"a Python {type(value).__name__}; expected text, a number, true/false, None, a "
                   "list or a mapping", path=dotted(path))

    def _container(self, value: Mapping | list | tuple, path: Path_) -> dict | list:
        if id(value) in self.open:
            raise fail(self.doc.file, "this value contains itself", path=dotted(path))
        self.open.add(id(value))
        if isinstance(value, Mapping):
            keys = [key for key in value if isinstance(key, bool) or not isinstance(key, str | int)]
            if keys:
                raise fail(self.doc.file, f"keys must be text; got {keys[0]!r}", path=dotted(path))
            out = {str(key): self.value(item, (*path, str(key))) for key, item in value.items()}
        else:
            out = [self.value(item, (*path, i)) for i, item in enumerate(value)]
        self.open.discard(id(value))
        return out


def _tab_hint(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return " (a tab: YAML indents with spaces only)" if "\t" in line[: mark.column + 1] else ""


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(path, "the file is UTF-16 text; save it as UTF-8", 1, 1)
    if raw[:8192].count(b"\x00") > 2:
        raise fail(path, "this is a binary file, not a UTF-8 YAML text", 1, 1)
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise fail(path, "a NUL byte (U+0000) is in the text; delete it", raw[:at].count(b"\n") + 1,
                   len(raw[raw.rfind(b"\n", 0, at) + 1:at].decode("utf-8", "replace")) + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise fail(path, "the file is not valid UTF-8 text", line, column) from None


MAX_DEPTH = 100  # levels of nesting: far more than an outline needs, far less than Python's recursion allows


class _Builder:
    """Turn a node graph into plain data, recording spans and refusing duplicate keys and alias bombs."""

    def __init__(self, doc: Document):
        from publisher.outline.limits import active

        self.doc = doc
        self.count = 0
        self.most = active().yaml_values

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > self.most:
            raise fail(self.doc.file, f"more than {self.most:,} YAML values (an alias bomb?); raise the limit "
                       "with --limit yaml_values=N", *_pos(node))
        if len(path) > MAX_DEPTH:
            why = " (an alias inside what it names?)" if _aliased(node, self.doc.spans) else \
                "; an outline needs far fewer levels"
            raise fail(self.doc.file, f"nested more than {MAX_DEPTH} levels deep{why}", *_pos(node))
        self.doc.spans[path] = Span(str(self.doc.file), *_pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._tagged(node, "seq")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self._scalar(node)
        except ValueError:  # Python reads no whole number of more than 4,300 digits
            raise fail(self.doc.file, "a number of more than 4,300 digits cannot be read", *_pos(node)) from None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        self._tagged(node, "map")
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "str" and key_node.value == "<<" and not key_node.style:
                raise fail(self.doc.file, "YAML merge keys (<<) are not supported; write the keys out in each "
                           "mapping", *_pos(key_node))
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, WrittenInt, WrittenNumber)):
                raise fail(self.doc.file, "keys must be plain words", *_pos(key_node))
            key = str(key)
            if key in out:
                first = self.doc.key_spans[(*path, key)]
                raise fail(self.doc.file, f"duplicate key '{key}' (first at line {first.line})", *_pos(key_node))
            self.doc.key_spans[(*path, key)] = Span(str(self.doc.file), *_pos(key_node))
            out[key] = self.build(value_node, (*path, key))
        return out

    def _tagged(self, node: yaml.Node, kind: str) -> None:
        if node.tag != TAG + kind:
            raise self._unsupported(node)

    def _unsupported(self, node: yaml.Node) -> Exception:
        tag = "!!" + node.tag[len(TAG):] if node.tag.startswith(TAG) else node.tag
        return fail(self.doc.file, f"unsupported YAML tag '{tag}'; an outline holds plain text, numbers, "
                    "true/false, lists and mappings (quote a value that starts with !)", *_pos(node))

    def _scalar(self, node: yaml.Node) -> Any:
        """Return a scalar as the YAML 1.2 core schema reads it; numbers keep their written text."""
        kind = node.tag[len(TAG):] if node.tag.startswith(TAG) else ""
        text = node.value
        if kind == "str":
            return text
        if kind not in _CORE:
            raise self._unsupported(node)
        if not _CORE[kind].fullmatch(text):
            raise fail(self.doc.file, f"'{text}' is not a YAML {kind} (tagged !!{kind})", *_pos(node))
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
            return WrittenInt(int(text[2:] if base != 10 else text, base), text)
        special = text.lstrip("+-.").lower()
        value = SPECIAL_FLOATS[special] * (-1 if text.startswith("-") else 1) if special in SPECIAL_FLOATS \
            else float(text)
        return WrittenNumber(value, text)


_CORE = {name: re.compile(pattern) for name, pattern, _ in CORE_SCHEMA}


def _aliased(node: yaml.Node, spans: dict) -> bool:
    """Return whether a node was read before at another path (an alias repeats what its anchor names)."""
    here = _pos(node)
    return any((span.line, span.column) == here for span in spans.values())


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def merge(base: Any, override: Any) -> Any:
    """Return base deep-merged with override: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base.get(key), value) if key in base else value
        return out
    return override


def merge_spans(base: dict, override: dict, prefix: Path_ = ()) -> dict:
    """Return span tables merged like the data they describe, with override's entries re-rooted at prefix."""
    out = dict(base)
    out.update({(*prefix, *p): s for p, s in override.items()})
    return out
