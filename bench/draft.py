"""Benchmark `publisher draft` on the corpus of real reports whose gold files tests/draft/corpus holds, and on the
texts written for the project in tests/draft/heldout: per source, headings found/expected, title and language
right, figure recall, label accuracy, values as written, changes, invented figures, charts right/proposed, tables
kept; then drafting time for 10,000 characters (median of runs).

    python bench/draft.py            # table of every gold file
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "draft" / "corpus"))

from score import HERE, gold_files, score  # noqa: E402

from publisher.draft.pipeline import draft  # noqa: E402

RUNS = 5


def main() -> None:
    header = (f"{'source':46} {'headings':>9} {'title':>5} {'lang':>4} {'recall':>13} {'labels':>13} "
              f"{'written':>8} {'changes':>8} {'invented':>8} {'charts':>7} {'tables':>6}")
    print(header)
    for path in gold_files():
        if path.parent.name == "heldout" and path == next(p for p in gold_files() if p.parent.name == "heldout"):
            print("-- written for the project (tests/draft/heldout)")
        s = score(path)
        held = " (held out)" if yaml.safe_load(path.read_text(encoding="utf-8")).get("held_out") else ""
        name = (s.source[:46 - len(held)] + held)
        figures = (f"{s.figures[0]:>4}/{s.figures[1]:<3} {s.recall:5.1%} {s.labels[0]:>4}/{s.labels[1]:<3} "
                   f"{s.label_accuracy:5.1%} {s.written[0]:>4}/{s.written[1]:<3} {s.changes[0]:>4}/{s.changes[1]:<3} "
                   f"{len(s.invented):>8} {s.charts[0]:>3}/{s.charts[1]:<3} {_tables(s)}") if s.figures[1] else \
            f"{'(gold holds the structure only)':>40} {s.charts[1]:>20} proposed"
        print(f"{name:46} {s.headings[0]:>4}/{s.headings[1]:<4} {'yes' if s.title else 'no':>5} "
              f"{'yes' if s.language else 'no':>4} {figures}")
    print(f"\ndrafting 10,000 characters: {speed():.2f} s (median of {RUNS} runs)")


def _tables(s) -> str:
    return f"{s.tables[0]:>2}/{s.tables[1]:<2}" if s.tables[1] else ""


def speed() -> float:
    """Return the median time to draft 10,000 characters of the corpus's plain-text sources."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(HERE.glob("*.txt")))
    while len(text) < 10_000:
        text += "\n\n" + text
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ten-thousand.txt"
        source.write_text(text[:10_000], encoding="utf-8")
        draft(source)  # warm: vocabulary and patterns compiled once per process
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            draft(source)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
