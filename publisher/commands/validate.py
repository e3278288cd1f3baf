"""`publisher validate`: check an outline (every variant of a batch outline) without building; text or `--json`."""
from __future__ import annotations

import argparse
import sys

from publisher import source
from publisher.batch import declared_variants
from publisher.commands.results import diagnostic_json, print_json


def run(args: argparse.Namespace) -> int:
    """Return 0 after checking args.outline; raise PublisherError listing every problem of every variant."""
    from publisher.library import check

    doc = source.load(args.outline)
    outlines, warnings = check(doc, args.outline.resolve().parent, args.theme, args.allow_outside)
    sections, variants = len(outlines[0].walk()), len(declared_variants(doc))
    if args.json:
        return print_json(0, outline=str(args.outline), sections=sections, variants=variants,
                          diagnostics=[diagnostic_json(w) for w in warnings])
    for warning in warnings:
        print(warning, file=sys.stderr)
    extra = f", {variants} variants" if variants else ""
    print(f"{args.outline}: ok ({sections} sections{extra})")
    return 0
