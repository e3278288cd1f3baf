"""`publisher build`: one outline, every variant of a batch, or a watch loop; text or `--json` results."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from publisher import source
from publisher.batch import (
    Progress,
    VariantJob,
    VariantResult,
    build_all,
    declared_variants,
    file_variants,
    shard,
    summary_table,
    template,
)
from publisher.commands.results import print_build, print_json
from publisher.errors import fail
from publisher.manifest import RECORD

EXIT_FAILED_VARIANTS = 2


def run(args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    """Return the exit code of building args.outline as the options say."""
    doc = source.load(args.outline)
    variants = file_variants(args.data) if args.data else declared_variants(doc)
    if args.watch:
        if variants:
            raise fail("--watch", "watch mode rebuilds one outline; this one has variants (build them without --watch)")
        from publisher.watch import watch_command

        return watch_command(args.outline, args.out, formats, args.theme, args.allow_outside)
    if variants:
        theme = args.theme
        if theme and theme.endswith((".yaml", ".yml")):  # a worker elsewhere reads it where this machine does
            theme = str(Path(theme).resolve())
        jobs = [VariantJob(args.outline, template(doc), v, formats, theme, args.allow_outside) for v in variants]
        _check_batch_outputs(args, jobs)
        return _batch(shard(jobs, args.shard) if args.shard else jobs, args)
    if args.shard or args.dask:
        raise fail("--shard" if args.shard else "--dask", "applies to batch builds only (--data, or variants:)")
    return _single(args, formats, doc)


def _check_batch_outputs(args: argparse.Namespace, jobs: list[VariantJob]) -> None:
    """Raise PublisherError before any variant is built when the output folder cannot be written, or when an
    output of a variant would replace the outline or the batch's data file."""
    from publisher import outputs
    from publisher.api import possible_suffixes
    from publisher.workbook import split_ref

    outputs.check_folder(args.out)
    read = [outputs.Input(args.outline, "the outline")]
    if args.data:
        read.append(outputs.Input(Path(split_ref(args.data)[0]), "the batch data file"))
    targets = [args.out / job.variant.name / name for job in jobs
               for name in (*(f"{args.outline.stem}{suffix}" for suffix in possible_suffixes(job.formats)), RECORD)]
    outputs.check_targets(targets, read)


def _single(args: argparse.Namespace, formats: tuple[str, ...], doc: source.Document) -> int:
    from publisher.api import build_result

    result = build_result(args.outline, args.out, formats, args.theme, args.allow_outside, doc)
    return print_build(result, args.json)


def _batch(jobs: list[VariantJob], args: argparse.Namespace) -> int:
    start = time.perf_counter()
    progress = Progress(len(jobs), sys.stderr)
    if args.dask:
        from publisher.dask_batch import build_on_cluster

        results = build_on_cluster(args.dask, jobs, args.out, progress, args.rebuild)
    else:
        results = build_all(jobs, args.out, workers=args.jobs, on_result=progress, rebuild=args.rebuild)
    seconds = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    kept = sum(r.unchanged for r in results)
    code = EXIT_FAILED_VARIANTS if failed else 0
    rate = 60 * (len(results) - kept) / seconds
    if args.json:
        return print_json(code, variants=[_variant_json(r) for r in results], seconds=round(seconds, 3),
                          variants_per_minute=round(rate, 1))
    print(summary_table(results))
    for result in failed:
        for error in result.errors:
            print(f"{result.variant.name} ({result.variant.origin}): {error}", file=sys.stderr)
    unchanged = f", {kept} unchanged" if kept else ""
    print(f"{len(results) - len(failed) - kept} built{unchanged}, {len(failed)} failed in {seconds:.1f} s "
          f"({rate:.0f} variants/min)")
    return code


def _variant_json(result: VariantResult) -> dict:
    """Return one variant's result as JSON data."""
    return {"name": result.variant.name, "ok": result.ok, "unchanged": result.unchanged,
            "defined_at": str(result.variant.origin),
            "outputs": [{"path": p, "format": Path(p).suffix[1:], "bytes": size} for p, size in result.outputs],
            "warnings": list(result.warnings), "errors": list(result.errors), "seconds": round(result.seconds, 3)}
