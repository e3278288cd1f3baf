"""Batch variants on a Dask distributed cluster: `publisher build … --data units.csv --dask tcp://HOST:PORT`.

The workers need only `pip install publisher` (the fonts ship in it) and no shared file system: each input file a
variant reads is sent to the cluster once (scattered, content-addressed, so every variant sharing a data file or
template shares one copy), a worker builds the variant in a temporary folder and sends the outputs back as bytes,
and this process writes them (see publisher.authoring.batch.build_all). Errors come back located as the client wrote its
paths. A worker process builds one variant at a time (matplotlib and reportlab keep global state), so run workers
with one thread each (`dask worker --nthreads 1 --nworkers N`); a worker with more threads is safe, not faster.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from publisher.authoring.batch import VariantJob, VariantResult, build_all
from publisher.errors import fail

CONNECT_SECONDS = 30


def build_on_cluster(address: str, jobs: list[VariantJob], out_dir: Path,
                     on_result: Callable[[VariantResult], None] = lambda result: None,
                     rebuild: bool = False) -> list[VariantResult]:
    """Return the result of every job, built on the Dask scheduler at `address`; raise PublisherError when the
    dask extra is missing or the scheduler cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise fail("--dask", "building on a Dask cluster needs the dask extra: pip install 'publisher[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise fail("--dask", f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        return build_all(jobs, out_dir, client.get_executor(pure=False), ship=_shipper(client), on_result=on_result,
                         rebuild=rebuild)


def _shipper(client: Any) -> Callable[[frozenset[Path]], Mapping[str, Any]]:
    """Return ship(files): {path: handle to its bytes on the cluster}, each file scattered once."""
    sent: dict[Path, Any] = {}

    def ship(files: frozenset[Path]) -> Mapping[str, Any]:
        for path in files - sent.keys():
            sent[path] = client.scatter(path.read_bytes(), hash=True)
        return {str(path): sent[path] for path in sorted(files)}

    return ship
