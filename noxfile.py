"""Test sessions at the newest and at the lowest dependency versions pyproject.toml allows: `nox -s newest`,
`nox -s lowest` (pip install nox). The lowest are pinned in ci/lowest.txt."""
from __future__ import annotations

import nox

nox.options.sessions = ["newest", "lowest"]


@nox.session
def newest(session: nox.Session) -> None:
    """The tests with the newest versions of every dependency (what `pip install '.[test]'` picks today)."""
    session.install("--upgrade", ".[test]")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session
def lowest(session: nox.Session) -> None:
    """The tests with every dependency at its lower bound (ci/lowest.txt)."""
    session.install("-c", "ci/lowest.txt", ".[test]")
    session.run("python", "-m", "pip", "check")
    session.run("python", "-m", "pytest", "-q", *session.posargs)
