"""Fixtures of every test: a private cache folder, so no test shares the user's cache or another test's files;
hypothesis keeps its files outside the source tree and no example database (a failure prints how to reproduce it).
A run that adds or changes a file of the source tree fails: tests write under their tmp_path only."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).parents[1]
NOT_SOURCE = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "build", "dist"}

settings.register_profile("publisher", database=None, print_blob=True)
settings.load_profile("publisher")


def pytest_configure(config: pytest.Config) -> None:
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / f"publisher-tests-hypothesis-{os.getuid()}")
    config.stash[_TREE] = _tree()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_TREE, None)
    if before is None:
        return
    after = _tree()
    touched = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))
    if touched:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(f"tests wrote into the source tree: {', '.join(touched[:10])}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_TREE = pytest.StashKey[dict]()


def _tree() -> dict[str, int]:
    """Return every file of the source tree (not the virtual environment or caches) with its mtime."""
    found = {}
    for folder, names, files in os.walk(ROOT):
        names[:] = [n for n in names if n not in NOT_SOURCE and not n.endswith(".egg-info")]
        for name in files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, ROOT)] = os.stat(path).st_mtime_ns
    return found


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory) -> Iterator[None]:
    """Point the cache at a folder of this test session while session fixtures prepare fonts and themes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> None:
    """Give each test an empty cache folder of its own (outside tmp_path, whose contents some tests list)."""
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
