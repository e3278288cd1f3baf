"""`publisher validate`: check an outline (every variant of a batch outline) without building; text or `--json`."""
from __future__ import annotations

import argparse
import sys

from publisher import source
from publisher.batch import Variant, declared_variants, fill, template
from publisher.commands.results import diagnostic_json, print_json
from publisher.errors import Diagnostic, PublisherError
from publisher.inputs import notices
from publisher.model import Outline


def run(args: argparse.Namespace) -> int:
    """Return 0 after checking args.outline; raise PublisherError listing every problem of every variant."""
    from publisher.api import check

    doc = source.load(args.outline)
    variants = declared_variants(doc)
    if variants:
        outline = _check_variants(args, doc, variants)[0]
    else:
        outline = check(args.outline, args.theme, args.allow_outside, doc)[1]
    sections = len(outline.walk())
    warnings = notices(outline, doc)
    if args.json:
        return print_json(0, outline=str(args.outline), sections=sections, variants=len(variants),
                          diagnostics=[diagnostic_json(w) for w in warnings])
    for warning in warnings:
        print(warning, file=sys.stderr)
    extra = f", {len(variants)} variants" if variants else ""
    print(f"{args.outline}: ok ({sections} sections{extra})")
    return 0


def _check_variants(args: argparse.Namespace, doc: source.Document, variants: list[Variant]) -> list[Outline]:
    """Return every variant's outline checked; raise PublisherError with the problems of all, each message naming
    its variant."""
    from publisher.api import check

    outlines: list[Outline] = []
    problems: list[Diagnostic] = []
    for variant in variants:
        try:
            outlines.append(check(args.outline, args.theme, args.allow_outside, fill(template(doc), variant))[1])
        except PublisherError as exc:
            problems += [Diagnostic(d.span, f"variant '{variant.name}': {d.message}", d.path, d.severity)
                         for d in exc.diagnostics]
    if problems:
        raise PublisherError(problems)
    return outlines
