"""Fixtures of every test: a private cache folder, so no test shares the user's cache or another test's files;
hypothesis keeps its files outside the source tree and no example database (a failure prints how to reproduce it).
A run that adds or changes a file of the source tree fails: tests write under their tmp_path only. A test that
leaves one of its own functions in a module of publisher (a patch that outlived it, e.g. a name imported while it
was patched) fails, so no test changes what the tests after it run."""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).parents[1]
TESTS = Path(__file__).parent
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


def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_LEFT] = set(_left_by_tests())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After every fixture of a test is torn down, fail it if something of the tests stayed in publisher."""
    result = yield
    left = sorted(set(_left_by_tests()) - item.stash.get(_LEFT, set()))
    if left:
        raise AssertionError(f"{item.nodeid} left test code in publisher (a patch outlived it): {', '.join(left)}")
    return result


_LEFT = pytest.StashKey[set]()


def _left_by_tests() -> Iterator[str]:
    """Yield module.name of every function or class defined in tests/ that a module of publisher holds."""
    modules = list(sys.modules.items())
    tests = {name for name, module in modules if (getattr(module, "__file__", None) or "").startswith(_TESTS_PREFIX)}
    for module_name, module in modules:
        if module_name == "publisher" or module_name.startswith("publisher."):
            for name, value in list(vars(module).items()):
                if isinstance(value, (FunctionType, type)) and value.__module__ in tests:
                    yield f"{module_name}.{name}"


_TESTS_PREFIX = str(TESTS) + os.sep


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
