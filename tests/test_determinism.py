"""The same outline builds the same bytes, in fresh processes with empty caches; SOURCE_DATE_EPOCH sets the dates."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[1] / "examples" / "wuchang-2024" / "outline.yaml"


def _build(tmp: Path, name: str, epoch: str, hash_seed: str) -> dict[str, bytes]:
    out = tmp / name
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(tmp / f"cache-{name}"), "SOURCE_DATE_EPOCH": epoch,
           "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "publisher", "build", str(EXAMPLE), "-o", str(out)], env=env, check=True,
                   capture_output=True)
    return {suffix: (out / f"outline.{suffix}").read_bytes() for suffix in ("pptx", "pdf")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> list[dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("determinism")
    return [_build(tmp, "a", "1735689600", "1"), _build(tmp, "b", "1735689600", "2"),
            _build(tmp, "c", "1767225600", "3")]


def test_two_builds_give_identical_bytes(builds):
    first, second, _ = builds
    assert first["pptx"] == second["pptx"]
    assert first["pdf"] == second["pdf"]


def test_source_date_epoch_sets_the_pdf_dates(builds):
    assert b"D:20250101000000" in builds[0]["pdf"]
    assert b"D:20260101000000" in builds[2]["pdf"]


def test_source_date_epoch_sets_the_deck_dates_and_zip_times_are_fixed(builds, tmp_path):
    for build, year in ((builds[0], 2025), (builds[2], 2026)):
        deck = tmp_path / f"{year}.pptx"
        deck.write_bytes(build["pptx"])
        with zipfile.ZipFile(deck) as package:
            core = package.read("docProps/core.xml").decode()
            assert f"{year}-01-01T00:00:00Z" in core
            assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
