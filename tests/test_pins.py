"""The dependency pins: ci/lowest.txt holds every runtime dependency at the lower bound pyproject.toml gives it (so
`nox -s lowest` tests what the bounds promise), and the libraries whose private parts we use have an upper bound."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
PRIVATE_PARTS_USED = ("python-pptx", "reportlab")


def requirements() -> dict[str, str]:
    """Return pyproject.toml's runtime dependencies: normalised name → version specifier."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.M | re.S)[1]
    found = re.findall(r'^\s*"([A-Za-z0-9_.\-]+)([^"]*)"', block, re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): spec for name, spec in found}


def test_lowest_pins_every_lower_bound():
    pinned = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in
              re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (ROOT / "ci" / "lowest.txt").read_text(), re.M)}
    for name, spec in requirements().items():
        lower = re.search(r">=\s*([0-9][^,\s]*)", spec)
        assert lower, f"{name} has no lower bound"
        assert name in pinned, f"{name} is missing from ci/lowest.txt"
        assert [int(p) for p in pinned[name].split(".")] == [int(p) for p in (lower[1] + ".0.0").split(".")][
            : len(pinned[name].split("."))], f"{name}: lowest.txt pins {pinned[name]}, pyproject allows {spec}"


def test_private_parts_are_held_below_a_next_version():
    for name in PRIVATE_PARTS_USED:
        assert "<" in requirements()[name], f"{name}: its private parts are used, so it needs an upper bound"
