"""Which batch variants are unchanged: each variant's folder records what its outputs were built from.

OUT/<variant>/.publisher-build.json holds the digest of everything a build of the variant depends on — its filled
outline, the bytes of every file it reads (data, images, theme files, template, logo, font files), the identity of
the theme's font files, the formats, theme and options, and the code (publisher's own files and the versions of
the libraries that draw) — and the SHA-256 of each output. A later batch skips a variant whose digest is the same and
whose outputs are still there as written; a changed data row therefore rebuilds only its own variant. The record is
written with the outputs, in the same commit, so it never vouches for outputs that were not written.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

RECORD = ".publisher-build.json"
LIBRARIES = ("reportlab", "rl_accel", "matplotlib", "python-pptx", "fonttools", "Pillow", "numpy", "budoux",
             "pydantic", "PyYAML", "openpyxl")


class FileDigests:
    """SHA-256 of input files, each read once per (path, size, modification time)."""

    def __init__(self):
        self.known: dict[tuple[str, int, int], str] = {}

    def __call__(self, path: Path) -> str:
        """Return the hex SHA-256 of a file's bytes ("" when it cannot be read)."""
        try:
            stat = path.stat()
        except OSError:
            return ""
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self.known:
            self.known[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.known[key]


def inputs_digest(data: Any, files: Iterable[Path], fonts: Iterable[str], options: dict[str, Any],
                  digests: FileDigests) -> str:
    """Return the digest of a variant's build: its filled outline data, the files it reads, the identity of its
    font files, its options and the code version."""
    parts = {
        "code": code_version(),
        "outline": data,
        "files": {str(p): digests(p) for p in sorted(files)},
        "fonts": sorted(fonts),
        "options": options,
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_version() -> str:
    """Return the digest of publisher's own files (code, layouts, font registry) and the versions of the libraries
    that draw its outputs."""
    from importlib.metadata import PackageNotFoundError, version

    from publisher.resources import data_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # publisher/
    folders = [(package, "*.py"), (data_dir("layouts"), "*"), (data_dir("fonts"), "*.yaml")]
    for folder, pattern in folders:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\n".encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    return digest.hexdigest()


def unchanged(folder: Path, digest: str) -> tuple[tuple[Path, ...], tuple[str, ...]] | None:
    """Return the outputs of a variant's folder and the warnings of their build when its record says they were
    built from `digest` and they are still as written; else None."""
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if record.get("inputs") != digest:
            return None
        outputs = tuple(folder / name for name in record["outputs"])
        for path, expected in zip(outputs, record["outputs"].values(), strict=True):
            if path.stat().st_size != expected["bytes"] or _file_sha256(path) != expected["sha256"]:
                return None
        return outputs, tuple(str(w) for w in record.get("warnings", []))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record_text(digest: str, outputs: dict[str, bytes], warnings: tuple[str, ...] = ()) -> str:
    """Return the record of a variant built from `digest` into these outputs (file name → bytes, in the order
    written), with the warnings of that build."""
    files = {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in outputs.items()}
    record = {"inputs": digest, "outputs": files, "warnings": list(warnings)}
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
