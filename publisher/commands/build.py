"""`publisher build`: one outline, every variant of a batch, or a watch loop; text or `--json` results."""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

from publisher.commands import source_options
from publisher.commands.locate import locate, stdin_note

EXIT_FAILED_VARIANTS = 2
DEFAULT_FOLDER = Path("out")
STDIN_NAME = "outline"  # the outputs' file name for an outline read from standard input
FORMAT_HELP = ("pptx, pdf (the report), deck-pdf (the slides as PDF), handout, notes, theme (the theme's outputs: "
               "pptx,pdf unless it says)")
# endings of files people may mean with -o that publisher does not write: refused rather than made into folders
NOT_OURS = (".ppt", ".pps", ".ppsx", ".pot", ".potx", ".odp", ".key", ".doc", ".docx", ".odt", ".html", ".htm",
            ".png", ".jpg", ".jpeg", ".svg", ".xlsx")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `build` command."""
    parser = subparsers.add_parser(
        "build", help="build the deck and the report of an outline",
        description="Build an outline into a briefing deck (PPTX) and a printable report (PDF), or the formats "
                    "asked for. Each output appears whole or not at all and never replaces an input.")
    parser.add_argument("outline", nargs="?", help="the outline (.yaml); a folder, for its outline.yaml (or its "
                        "only .yaml with report:); - to read standard input (default: this folder)")
    outputs = parser.add_argument_group("outputs")
    outputs.add_argument("-o", "--output", dest="out", metavar="PATH", help="the output folder (default: out), or "
                         "a file name ending .pptx, .pdf, .slides.pdf, .handout.pdf or .notes.pdf: that format "
                         "(unless --format says more), named so")
    parser.add_argument("--out", dest="out", help=argparse.SUPPRESS)  # the option's first name, still understood
    outputs.add_argument("--name", help="the outputs' file name before each format's ending (default: the "
                         "outline's file name)")
    outputs.add_argument("--format", metavar="LIST", help=f"formats to write, comma-separated: {FORMAT_HELP}")
    outputs.add_argument("--notes", action="store_true", help="also write the speaker-notes pages (NAME.notes.pdf)")
    outputs.add_argument("--open", action="store_true", help="show the outputs with the system's default "
                         "application once built")
    checks = parser.add_argument_group("checks")
    checks.add_argument("-s", "--strict", action="store_true", help="a warning fails the build (exit code 2) and "
                        "no output is replaced")
    source_options(checks)
    checks.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                        help="raise or lower an input limit, e.g. title_chars=300 (see docs/outline.md)")
    runs = parser.add_argument_group("how it runs")
    runs.add_argument("-w", "--watch", action="store_true", help="rebuild whenever the outline or a file it uses "
                      "changes, until Ctrl-C")
    runs.add_argument("--json", action="store_true", help="print one JSON object: outputs, warnings, timings")
    runs.add_argument("--no-server", action="store_true", help="build in this process even when `publisher serve` "
                      "builds the same outline into the same folder")
    batch = parser.add_argument_group("batch builds (--data, or an outline with variants:)")
    batch.add_argument("--data", metavar="FILE", help="a CSV file or Excel worksheet (units.xlsx#sheet): one build "
                       "per row into OUT/<first column>/")
    batch.add_argument("--jobs", type=_positive, metavar="N", help="variants built at once (default: the CPU count)")
    batch.add_argument("--shard", metavar="i/N", help="build only the i-th of N equal shares of the variants")
    batch.add_argument("--dask", metavar="ADDRESS", help="build the variants on a Dask cluster, e.g. "
                       "tcp://scheduler:8786 (pip install 'publisher[dask]')")
    batch.add_argument("--rebuild", action="store_true", help="build every variant, even one whose inputs and "
                       "outputs are unchanged since its last build")
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1; got '{text}'")
    return int(text)


class Outputs:
    """Where a build writes: its folder, the files' name before each ending (None: the outline's), the formats."""

    def __init__(self, folder: Path, name: str | None, formats: tuple[str, ...]):
        self.folder, self.name, self.formats = folder, name, formats


def requested_formats(text: str | None, notes: bool = False) -> tuple[str, ...]:
    """Return the formats of --format (none given: "theme"), with notes for --notes; raise on an unknown one."""
    from publisher.errors import did_you_mean, fail
    from publisher.runtime.formats import FORMATS, SUFFIXES, THEME_OUTPUTS

    chosen = FORMATS if text is None else tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    known = (*SUFFIXES, THEME_OUTPUTS)
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise fail("--format", f"expected a list of {', '.join(known)} (e.g. pptx,deck-pdf); got '{text}'"
                   + (did_you_mean(unknown[0], known) if unknown else ""))
    return (*chosen, "notes") if notes else chosen


def outputs_of(args: argparse.Namespace) -> Outputs:
    """Return where the build writes: -o as a folder, or as a file naming its format and the outputs' name."""
    from publisher.errors import fail

    formats = requested_formats(args.format, args.notes)
    if args.out is None:
        return Outputs(DEFAULT_FOLDER, args.name, formats)
    path = _walked(Path(args.out))
    fmt = named_format(path)
    if fmt is None:
        if path.suffix.lower() in NOT_OURS and not path.is_dir():
            raise fail("-o", f"'{args.out}': publisher writes .pptx and .pdf files; expected a folder, or a file "
                       "name ending .pptx, .pdf, .slides.pdf, .handout.pdf or .notes.pdf")
        return Outputs(path, args.name, formats)
    if args.name:
        raise fail("--name", f"-o '{args.out}' names the outputs already; give the name one way")
    if args.format is None:
        formats = (fmt, "notes") if args.notes and fmt != "notes" else (fmt,)
    elif fmt not in formats and "theme" not in formats:
        raise fail("-o", f"'{args.out}' is a {fmt} file, but --format asks for {args.format}")
    from publisher.runtime.formats import SUFFIXES

    return Outputs(path.parent, path.name[: -len(SUFFIXES[fmt])], formats)


def _walked(path: Path) -> Path:
    """Return a path with `..` in it as the folder it leads to (a/../out is out, and no folder a is made; a
    symbolic link is followed first, as the system does)."""
    if ".." not in path.parts:
        return path
    walked = Path(os.path.realpath(path))
    return Path(os.path.relpath(walked)) if walked.is_relative_to(Path.cwd()) else walked


def named_format(path: Path) -> str | None:
    """Return the format a file name's ending names (x.slides.pdf: deck-pdf), or None (a folder's name)."""
    from publisher.runtime.formats import SUFFIXES

    name = path.name.lower()
    matching = [fmt for fmt, suffix in SUFFIXES.items() if name.endswith(suffix) and len(name) > len(suffix)]
    return max(matching, key=lambda fmt: len(SUFFIXES[fmt]), default=None)


def run(args: argparse.Namespace) -> int:
    """Return the exit code of building the outline as the options say."""
    from publisher.errors import fail
    from publisher.outline import source

    quiet = args.verbosity < 0
    outputs = outputs_of(args)
    path = locate(args.outline, quiet or args.json)
    if path is None:
        stdin_note(quiet or args.json)
    doc = source.load(path) if path else source.read_stream(sys.stdin.buffer)
    variants = _variants(args, doc)
    if (args.watch or variants) and path is None:
        raise fail("-", "a watch loop or a batch reads its outline from a file; save standard input to one first")
    if args.watch:
        if variants:
            raise fail("--watch", "watch mode rebuilds one outline; this one has variants (build them without --watch)")
        from publisher.authoring.watch import watch_command

        return watch_command(path, outputs.folder, outputs.formats, args.theme, args.allow_outside,
                             open_outputs=args.open, name=outputs.name, strict=args.strict)
    if variants:
        return _batch(args, outputs, path, doc, variants)
    if args.shard or args.dask:
        raise fail("--shard" if args.shard else "--dask", "applies to batch builds only (--data, or variants:)")
    if path and not (args.no_server or args.strict or outputs.name):
        from publisher.commands.serve import build_by_server

        server = argparse.Namespace(**{**vars(args), "outline": path, "out": outputs.folder})
        code = build_by_server(server, outputs.formats)
        if code is not None:
            return code
    return _single(args, outputs, path, doc)


def _variants(args: argparse.Namespace, doc) -> list:
    """Return the variants of a batch build (--data, or the outline's variants:), importing the batch machinery
    (pydantic, the model) only then: a build that a running server does imports none of it."""
    if not args.data and not (isinstance(doc.data, dict) and "variants" in doc.data):
        return []
    from publisher.authoring.batch import declared_variants, file_variants

    return file_variants(args.data) if args.data else declared_variants(doc)


def _single(args: argparse.Namespace, outputs: Outputs, path: Path | None, doc) -> int:
    from publisher.api import build_result
    from publisher.commands.terminal import shows_progress, stages

    with stages(sys.stderr, shows_progress(sys.stderr, args.verbosity, args.json)):
        result = build_result(path, outputs.folder, outputs.formats, args.theme, args.allow_outside, doc,
                              base_dir=None if path else Path.cwd(), name=outputs.name or (None if path else
                                                                                          STDIN_NAME),
                              strict=args.strict)
    from publisher.commands.results import print_build

    code = print_build(result, args.json, verbosity=args.verbosity)
    if args.open:
        from publisher.authoring.viewer import open_all

        open_all(result.outputs)
    return code


def _batch(args: argparse.Namespace, outputs: Outputs, path: Path, doc, variants: list) -> int:
    from publisher.authoring.batch import VariantJob, shard, template

    theme = args.theme
    if theme and theme.endswith((".yaml", ".yml")):  # a worker elsewhere reads it where this machine does
        theme = str(Path(theme).resolve())
    name = outputs.name or path.stem
    jobs = [VariantJob(path, template(doc), v, outputs.formats, theme, args.allow_outside, name, args.strict)
            for v in variants]
    _check_batch_outputs(args, outputs.folder, path, name, jobs)
    code = _run_batch(shard(jobs, args.shard) if args.shard else jobs, outputs.folder, args)
    if args.open:
        from publisher.authoring.viewer import open_all

        open_all([outputs.folder])
    return code


def _check_batch_outputs(args: argparse.Namespace, folder: Path, outline: Path, name: str, jobs: list) -> None:
    """Raise PublisherError before any variant is built when the output folder cannot be written, or when an
    output of a variant would replace the outline or the batch's data file."""
    from publisher.authoring.manifest import RECORD
    from publisher.inputs.workbook import split_ref
    from publisher.runtime import outputs
    from publisher.runtime.formats import possible_suffixes

    outputs.check_folder(folder)
    read = [outputs.Input(outline, "the outline")]
    if args.data:
        read.append(outputs.Input(Path(split_ref(args.data)[0]), "the batch data file"))
    targets = [folder / job.variant.name / file for job in jobs
               for file in (*(f"{name}{suffix}" for suffix in possible_suffixes(job.formats)), RECORD)]
    outputs.check_targets(targets, read)


def _run_batch(jobs: list, folder: Path, args: argparse.Namespace) -> int:
    from publisher.authoring.batch import Progress, build_all, summary_table
    from publisher.commands.results import print_json, say

    start = time.perf_counter()
    progress = Progress(len(jobs), sys.stderr if args.verbosity >= 0 else io.StringIO())
    if args.dask:
        from publisher.authoring.dask_batch import build_on_cluster

        results = build_on_cluster(args.dask, jobs, folder, progress, args.rebuild)
    else:
        results = build_all(jobs, folder, workers=args.jobs, on_result=progress, rebuild=args.rebuild)
    seconds = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    kept = sum(r.unchanged for r in results)
    code = EXIT_FAILED_VARIANTS if failed else 0
    rate = 60 * (len(results) - kept) / seconds
    if args.json:
        return print_json(code, variants=[_variant_json(r) for r in results], seconds=round(seconds, 3),
                          variants_per_minute=round(rate, 1))
    say(args, summary_table(results))
    for result in failed:
        for error in result.errors:
            print(f"{result.variant.name} ({result.variant.origin}): {error}", file=sys.stderr)
    unchanged = f", {kept} unchanged" if kept else ""
    say(args, f"{len(results) - len(failed) - kept} built{unchanged}, {len(failed)} failed in {seconds:.1f} s "
              f"({rate:.0f} variants/min)")
    return code


def _variant_json(result) -> dict:
    """Return one variant's result as JSON data."""
    from publisher.runtime.formats import format_of

    return {"name": result.variant.name, "ok": result.ok, "unchanged": result.unchanged,
            "defined_at": str(result.variant.origin),
            "outputs": [{"path": p, "format": format_of(Path(p)), "bytes": size} for p, size in result.outputs],
            "warnings": list(result.warnings), "errors": list(result.errors), "seconds": round(result.seconds, 3)}
