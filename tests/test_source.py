from pathlib import Path

import pytest

from publisher.errors import PublisherError, Span
from publisher.source import load, merge, parse


def test_spans_point_at_values_and_keys():
    doc = parse("a: 1\nb:\n  - x: 2024-12-01\n    y: [1, 2]\n", Path("t.yaml"))
    assert doc.data == {"a": 1, "b": [{"x": "2024-12-01", "y": [1, 2]}]}
    assert doc.span(("b", 0, "y", 1)) == Span("t.yaml", 4, 12)
    assert doc.span(("b", 0, "x"), key=True) == Span("t.yaml", 3, 5)
    assert doc.span(("b", 0, "missing")) == Span("t.yaml", 3, 5)


def test_find_locates_a_character_inside_a_value():
    doc = parse("report:\n  title: 武昌区😀报告\n", Path("t.yaml"))
    assert doc.find(("report", "title"), "😀") == Span("t.yaml", 2, 13)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\na: 2\n", "t.yaml:2:1: error: duplicate key 'a' (first at line 1)"),
    ("a: [1\n", "t.yaml:2:1: error: invalid YAML"),
    ("a: &x 1\nb:\n  <<: *x\n", "t.yaml:3:3: error: YAML merge keys (<<) are not supported"),
    ("", "t.yaml:1:1: error: the file is empty"),
])
def test_bad_yaml_is_located(text, expected):
    with pytest.raises(PublisherError) as caught:
        parse(text, Path("t.yaml"))
    assert str(caught.value).startswith(expected)


def test_invalid_utf8_is_located(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes("a: 武\nb: ".encode() + b"\xff\xfe\n")
    with pytest.raises(PublisherError) as caught:
        load(path)
    assert str(caught.value) == f"{path}:2:4: error: the file is not valid UTF-8 text"


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000)
    with pytest.raises(PublisherError, match="the limit is 1,000 bytes"):
        load(path, max_bytes=1000)


def test_merge_overrides_leaves_and_keeps_siblings():
    base = {"colors": {"primary": "111111", "accent": "222222"}, "name": "a"}
    assert merge(base, {"colors": {"primary": "333333"}}) == {
        "colors": {"primary": "333333", "accent": "222222"}, "name": "a"}
