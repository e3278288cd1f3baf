"""Benchmarks of the deck's fonts and its PDF: PPTX size with and without embedded fonts, time of the deck PDF
(in process, warm: fonts prepared and charts cached) for the example and a ~200-slide deck, and how close the deck
PDF is to LibreOffice's rendering of the PPTX (mean absolute pixel difference per slide at 50 dpi).

Run from the repository root: `python bench/deck.py` (add `--no-compare` to skip LibreOffice).
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

from run import EXAMPLE, ROOT, scaled_outline  # noqa: E402

STRESS = ROOT / "examples" / "stress" / "outline.yaml"
DPI = 50
NO_FONTS = "extends: default\ndeck: {embed_fonts: false}\n"
SCALED = 84  # sections of the scaled example: about 200 slides


def sizes(tmp: Path) -> list[tuple[str, str]]:
    """Return the example deck's size with and without embedded fonts."""
    from publisher.api import build_result

    theme = tmp / "no-fonts.yaml"
    theme.write_text(NO_FONTS, encoding="utf-8")
    with_fonts = build_result(EXAMPLE, tmp / "with", ("pptx",), parallel=False).outputs[0].stat().st_size
    without = build_result(EXAMPLE, tmp / "without", ("pptx",), str(theme), parallel=False).outputs[0].stat().st_size
    return [("example pptx, fonts embedded", f"{with_fonts / 1024:,.0f} KiB"),
            ("example pptx, fonts named only (deck.embed_fonts: false)", f"{without / 1024:,.0f} KiB"),
            ("  difference (target ≤ +1,536 KiB)", f"+{(with_fonts - without) / 1024:,.0f} KiB")]


def timing(outline: Path, out: Path, repeat: int) -> tuple[float, int]:
    """Return the median seconds of writing the deck PDF in this process, warm, and its page count."""
    from pypdf import PdfReader

    from publisher.api import load_project
    from publisher.write.deck_pdf import write_slides

    project = load_project(outline)
    write_slides(project, out)  # warms the chart cache and this process's fonts
    times = []
    for _ in range(repeat):
        project.warnings.clear()
        start = time.perf_counter()
        write_slides(project, out)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(PdfReader(out).pages)


def compare(outline: Path, work: Path) -> list[tuple[int, float]]:
    """Return (slide, mean absolute difference 0–255) between the deck PDF and LibreOffice's PDF of the PPTX."""
    import numpy as np

    from publisher.api import build_result
    from publisher.authoring.preview import deck_pdf, page_images

    outputs = build_result(outline, work / "out", ("pptx", "deck-pdf"), parallel=False).outputs
    ours = page_images(outputs[1], round(960 * DPI / 72))
    theirs = page_images(deck_pdf(outputs[0], work), round(960 * DPI / 72))
    out = []
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1):
        a, b = np.asarray(a.convert("RGB"), float), np.asarray(b.convert("RGB").resize(a.size), float)
        out.append((number, float(np.abs(a - b).mean())))
        if os.environ.get("BENCH_KEEP"):
            Path(os.environ["BENCH_KEEP"]).mkdir(parents=True, exist_ok=True)
            from PIL import Image

            Image.fromarray(np.hstack([a, b]).astype("uint8")).save(
                Path(os.environ["BENCH_KEEP"]) / f"{outline.parent.name}-{number:02d}.png")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-compare", action="store_true", help="skip the comparison with LibreOffice")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("PUBLISHER_CACHE_DIR", str(tmp / "cache"))
        for name, value in sizes(tmp):
            print(f"{name:<60} {value:>12}")
        for outline, label, target in ((EXAMPLE, "example", 0.3), (scaled_outline(SCALED, tmp), "scaled", 6.0)):
            seconds, pages = timing(outline, tmp / f"{label}.slides.pdf", args.repeat)
            print(f"{f'deck PDF, {label}: {pages} slides (warm, in process; target ≤ {target} s)':<60} "
                  f"{seconds:>10.3f} s")
        if args.no_compare:
            return 0
        for outline in (EXAMPLE, STRESS):
            rows = compare(outline, tmp / outline.parent.name)
            values = [d for _, d in rows]
            print(f"\n{outline.parent.name}: mean |deck PDF − LibreOffice| per slide at {DPI} dpi (0–255); "
                  f"median {statistics.median(values):.2f}, max {max(values):.2f}")
            print("  " + "  ".join(f"{n}:{d:.1f}" for n, d in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
