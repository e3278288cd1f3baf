"""Benchmark of the slide composer: time to plan the deck of the example's sections repeated 25 to 200 times (in
process, fonts prepared, layouts read), with the time per section, which must stay flat (planning is linear).

Run from the repository root: `python bench/compose.py` (`--repeat N`, default 3; the median is printed).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import scaled_outline  # noqa: E402

COUNTS = (25, 50, 100, 200)


def plan_seconds(outline: Path, repeat: int) -> tuple[float, int]:
    """Return the median seconds of planning an outline's deck, and its slide count."""
    from publisher.api import load_project
    from publisher.plan.deck import plan_deck

    project = load_project(outline)
    times, slides = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir, project.doc)
        times.append(time.perf_counter() - start)
        slides = len(plan.slides)
    return statistics.median(times), slides


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f}")
    print(f"{'sections':>8} {'slides':>7} {'seconds':>9} {'ms / section':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("PUBLISHER_CACHE_DIR", str(Path(tmp) / "cache"))
        for count in COUNTS:
            seconds, slides = plan_seconds(scaled_outline(count, Path(tmp)), args.repeat)
            print(f"{count:>8} {slides:>7} {seconds:>9.2f} {1000 * seconds / count:>13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
