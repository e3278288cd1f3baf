"""Font families: resolve them to files, check coverage, prepare TrueType subsets.

One module serves the three renderers. reportlab cannot read CFF outlines, and
matplotlib and reportlab should draw the very same glyphs, so every face is
turned by `prepare` into a TrueType-outline (glyf) font holding the characters
of the document plus `base_chars()`: the face's prebuilt common subset (GB 2312)
when it holds them, else that base grown by the glyphs it lacks (publisher.fonts.subsets).
Everything is cached:

    cache_dir()/fonts/<file stem>-<face index>-<key digest>.ttf   prepared fonts
    cache_dir()/fonts/glyphs-<source digest>/<code point>.glyph   converted glyphs, one per character
    cache_dir()/fonts/<fact>-<key digest>.json                    coverage, advances, ink of a font file

The facts of the bundled files ship in fonts/facts.json, so a first build reads no cmap of a 25 MB font; a grown
font's facts are stored as it is written.

A source font is identified by (resolved path, face index, size, mtime_ns);
a prepared font additionally by its base, the SHA-256 of the characters it adds,
the fontTools version and `PIPELINE_VERSION`. Files are written atomically.
Prepared fonts keep the base's name table (the bundled families read "Noto Sans SC"
and "Noto Serif SC") and its head.created/modified, so the same inputs always
give the same bytes.

Charts: several prepared fonts of one family share its name, so charts draw with
`FontProperties(fname=str(ttf))` on the exact file; what they draw depends only on
the source file (`source_identity`), not on which of its prepared fonts holds the glyphs.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import did_you_mean
from publisher.resources import data_dir
from publisher.runtime import atomic

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONTS_DIR = data_dir("fonts")  # the repo's fonts/ folder, or publisher/_data/fonts in a wheel
REGISTRY = FONTS_DIR / "fonts.yaml"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                    Path.home() / ".fonts", Path.home() / ".local/share/fonts")
PIPELINE_VERSION = "2"  # bump when prepare() output changes for the same inputs
BOLD_WEIGHT = 600  # OS/2 usWeightClass from which a face counts as bold
GLYPHS_IN_PROCESS = 200  # more new glyphs than this, for more than one face, are converted in parallel processes
GROWN_KEPT = 256  # grown fonts kept in the cache (2 to 3 MB each): the oldest beyond go once GROWN_AGE old
GROWN_AGE = 3600.0  # seconds


class FontNotFoundError(KeyError):
    """A font family or font file that cannot be found or read."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "font not found"


@dataclass(frozen=True)
class Face:
    """One face of a family: a font file and, for a collection, the face index."""

    family: str
    bold: bool
    path: Path
    index: int = 0
    common: Path | None = None  # a prebuilt TrueType subset (GB 2312) used when it covers a document


# ---------------------------------------------------------------- registry


@lru_cache(maxsize=1)
def _registry() -> dict[str, Any]:
    """Return fonts/fonts.yaml parsed."""
    import yaml

    with REGISTRY.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def bundled_families() -> tuple[str, ...]:
    """Return the names of the families declared in fonts/fonts.yaml."""
    return tuple(_registry()["families"])


@lru_cache(maxsize=1)
def base_chars() -> str:
    """Return the characters every prepared subset holds (fonts.yaml base_chars)."""
    chars = _registry()["base_chars"]
    text = chars if isinstance(chars, str) else "".join(chars)
    return "".join(dict.fromkeys(text))


def _norm(name: str) -> str:
    """Return a family name folded for comparison (case and spaces ignored)."""
    return "".join(name.split()).casefold()


def _registry_face(family: str, entry: str | dict[str, Any], bold: bool) -> Face:
    """Return the Face of one fonts.yaml entry: a file name or {file, index}."""
    if isinstance(entry, str):
        entry = {"file": entry}
    common = FONTS_DIR / entry["common"] if entry.get("common") else None
    return Face(family, bold, FONTS_DIR / entry["file"], int(entry.get("index", 0)), common)


def _bundled_family(name: str) -> tuple[Face, Face] | None:
    """Return the faces of a bundled family, or None when `name` is not one."""
    for family, entry in _registry()["families"].items():
        if _norm(family) == _norm(name):
            regular = _registry_face(family, entry["regular"], False)
            return regular, _registry_face(family, entry.get("bold", entry["regular"]), True)
    return None


# ---------------------------------------------------------------- user files


def split_index(spec: str) -> tuple[str, int]:
    """Return (path, face index) from "file.ttc#2" (index 0 when absent)."""
    path, sep, index = spec.rpartition("#")
    return (path, int(index)) if sep and index.isdigit() else (spec, 0)


def find_file(spec: str, search_dirs: Sequence[Path]) -> Path:
    """Return the existing font file `spec` names, looked up in search_dirs (else cwd)."""
    path = Path(spec).expanduser()
    candidates = [path] if path.is_absolute() else [Path(d) / path for d in search_dirs or (Path.cwd(),)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    where = ", ".join(str(c) for c in candidates)
    raise FontNotFoundError(f"font file {spec!r} not found (looked at {where})")


def _read_names(path: Path, index: int) -> tuple[str, int]:
    """Return (family name, OS/2 weight) of one face, reading only name and OS/2."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with path.open("rb") as f:
            font = TTFont(f, fontNumber=index, lazy=True)
            name = font["name"]
            family = name.getBestFamilyName() or name.getDebugName(1) or path.stem
            weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
    except (TTLibError, OSError, IndexError, KeyError, AssertionError) as exc:
        raise FontNotFoundError(f"{path}: not a readable font (face #{index}): {exc}") from exc
    return family, weight


def _file_face(spec: str, search_dirs: Sequence[Path], bold: bool) -> Face:
    """Return the Face of a user font file spec ("dir/x.ttf" or "x.ttc#2")."""
    file, index = split_index(spec)
    path = find_file(file, search_dirs)
    family, _ = _read_names(path, index)
    return Face(family, bold, path, index)


def is_font_spec(name: str) -> bool:
    """Return whether `name` looks like a font file path rather than a family name."""
    return Path(split_index(name)[0]).suffix.lower() in FONT_SUFFIXES


# ---------------------------------------------------------------- system fonts


def _fc_escape(name: str) -> str:
    """Return a family name escaped for a fontconfig pattern."""
    return "".join("\\" + c if c in "\\-:," else c for c in name)


def _fc_match(name: str, bold: bool) -> Face | None:
    """Return the face fc-match finds for the family, or None when it falls back to another."""
    weight = "bold" if bold else "regular"
    pattern = f"{_fc_escape(name)}:weight={weight}:slant=roman"
    cmd = [shutil.which("fc-match") or "fc-match", "-f", "%{file}\\n%{index}\\n%{family}\\n%{weight}", pattern]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=True).stdout
        file, index, families, fc_weight = out.split("\n")[:4]
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    family = next((f for f in families.split(",") if _norm(f) == _norm(name)), None)
    if family is None or (bold and float(fc_weight or 0) < 180):
        return None
    return Face(family, bold, Path(file), int(index or 0))


def _system_font_files() -> list[Path]:
    """Return every font file under the usual system and user font folders."""
    files: list[Path] = []
    for folder in SYSTEM_FONT_DIRS:
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    return files


def _face_count(path: Path) -> int:
    """Return how many faces a font file holds (1 unless a collection)."""
    with path.open("rb") as f:
        header = f.read(12)
    return int.from_bytes(header[8:12], "big") if header[:4] == b"ttcf" else 1


def _scan_system(name: str) -> tuple[Face, Face] | None:
    """Return (regular, bold) of an installed family by scanning font folders with fontTools."""
    found: list[tuple[int, Face]] = []
    for path in _system_font_files():
        for index in range(_face_count(path)):
            try:
                family, weight = _read_names(path, index)
            except FontNotFoundError:
                continue
            if _norm(family) == _norm(name):
                found.append((weight, Face(family, weight >= BOLD_WEIGHT, path, index)))
    regulars = sorted((abs(w - 400), str(f.path), f) for w, f in found if not f.bold)
    bolds = sorted((abs(w - 700), str(f.path), f) for w, f in found if f.bold)
    if not regulars:
        return None
    regular = regulars[0][2]
    return regular, bolds[0][2] if bolds else Face(regular.family, True, regular.path, regular.index)


def _system_family(name: str) -> tuple[Face, Face] | None:
    """Return (regular, bold) of an installed family, via fc-match if present, else a scan."""
    if not shutil.which("fc-match"):
        return _scan_system(name)
    regular = _fc_match(name, bold=False)
    if regular is None:
        return None
    bold = _fc_match(name, bold=True) or Face(regular.family, True, regular.path, regular.index)
    return regular, bold


def resolve_family(name: str, search_dirs: Sequence[Path] = (), *, bold: str | None = None) -> tuple[Face, Face]:
    """Return the (regular, bold) faces of a family.

    `name` is a family in fonts/fonts.yaml, a font file path (.ttf/.otf/.ttc,
    "x.ttc#2" picks face 2; relative paths are looked up in `search_dirs`, else
    the cwd), or an installed family (fc-match, else a scan of the font
    folders). `bold` optionally names the bold file for a file `name`. When a
    family has no bold face, the bold Face points at the regular file.
    Raise FontNotFoundError (a KeyError) when nothing matches.
    """
    faces = _bundled_family(name)
    if faces is not None:
        return faces
    if is_font_spec(name):
        regular = _file_face(name, search_dirs, False)
        bold_face = _file_face(bold, search_dirs, True) if bold else Face(
            regular.family, True, regular.path, regular.index)
        return regular, bold_face
    faces = _system_family(name)
    if faces is not None:
        return faces
    hint = did_you_mean(name, bundled_families())
    raise FontNotFoundError(f"font family {name!r} not found{hint}: not bundled "
                            f"({', '.join(bundled_families())}), not a font file, not installed")


# ---------------------------------------------------------------- cache


def cache_dir() -> Path:
    """Return $PUBLISHER_CACHE_DIR, else $XDG_CACHE_HOME/publisher, else ~/.cache/publisher (created)."""
    if os.environ.get("PUBLISHER_CACHE_DIR"):
        path = Path(os.environ["PUBLISHER_CACHE_DIR"])
    elif os.environ.get("XDG_CACHE_HOME"):
        path = Path(os.environ["XDG_CACHE_HOME"]) / "publisher"
    else:
        path = Path.home() / ".cache" / "publisher"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _fonts_cache() -> Path:
    """Return the folder holding prepared fonts and coverage files (created)."""
    path = cache_dir() / "fonts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def source_key(face: Face) -> str:
    """Return the identity of a face's source file: resolved path, index, size, mtime. Kept per path while a stat of
    the path (through its links) gives the same file, size and time: resolving a path reads each of its folders."""
    st = os.stat(face.path)
    seen = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    known = _SOURCE_KEYS.get((face.path, face.index))
    if known is None or known[0] != seen:
        known = seen, f"{face.path.resolve()}|{face.index}|{st.st_size}|{st.st_mtime_ns}"
        _SOURCE_KEYS[face.path, face.index] = known
    return known[1]


_SOURCE_KEYS: dict[tuple[Path, int], tuple[tuple, str]] = {}


def _digest(text: str) -> str:
    """Return the hex SHA-256 of a string."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- facts: coverage, advances, ink

FACTS = FONTS_DIR / "facts.json"  # the facts of the bundled files, written by fonts/extract.py
OPENING_MARKS = "“‘「『《〈（【〔"  # the characters whose ink centre is recorded
_FACTS: dict[tuple[str, str], Any] = {}


def _ranges(points: Iterable[int]) -> list[list[int]]:
    """Return sorted code points as [first, last] runs."""
    runs: list[list[int]] = []
    for cp in sorted(points):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


def _ink_centres(font: TTFont) -> dict[str, float]:
    """Return the horizontal centre of the ink of each opening mark, in ems of its advance box."""
    from fontTools.pens.boundsPen import BoundsPen

    cmap, glyphs, hmtx = font.getBestCmap(), font.getGlyphSet(), font["hmtx"]
    centres = {}
    for char in OPENING_MARKS:
        if ord(char) not in cmap:
            continue
        pen, name = BoundsPen(glyphs), cmap[ord(char)]
        glyphs[name].draw(pen)
        if pen.bounds and hmtx[name][0]:
            centres[char] = (pen.bounds[0] + pen.bounds[2]) / 2 / hmtx[name][0]
    return centres


def _advances(font: TTFont) -> dict[str, float]:
    """Return {codepoint: advance in em} of a font (keys as strings, as JSON has them)."""
    upem, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
    return {str(cp): metrics[glyph][0] / upem for cp, glyph in font.getBestCmap().items()}


# fact name → (compute it from a font as JSON data, turn the JSON data into the value used)
FACT_KINDS: dict[str, tuple[Callable[[TTFont], Any], Callable[[Any], Any]]] = {
    "coverage": (lambda font: _ranges(font.getBestCmap()),
                 lambda runs: frozenset(cp for first, last in runs for cp in range(first, last + 1))),
    "advances": (_advances, lambda data: {int(cp): advance for cp, advance in data.items()}),
    "ink": (_ink_centres, dict),
}


def font_facts(face: Face, names: Sequence[str] = tuple(FACT_KINDS)) -> dict[str, Any]:
    """Return the named facts of a font file as JSON data, computed with fontTools (fonts/extract.py stores
    those of the bundled files in facts.json)."""
    from fontTools.ttLib import TTFont

    with face.path.open("rb") as f, TTFont(f, fontNumber=face.index, lazy=True) as font:
        return {name: FACT_KINDS[name][0](font) for name in names}


def _fact(face: Face, name: str) -> Any:
    """Return one fact of a font file: from facts.json for a bundled file, else from the disk cache, else
    computed and cached; kept for the process."""
    key = source_key(face)
    if (key, name) not in _FACTS:
        data = _bundled_fact(face, name)
        if data is None:
            data = _cached_fact(face, key, name)
        _FACTS[key, name] = FACT_KINDS[name][1](data)
    return _FACTS[key, name]


@lru_cache(maxsize=1)
def _bundled_facts() -> dict[str, Any]:
    """Return fonts/facts.json: {file name: {size, fact name: data}}."""
    return json.loads(FACTS.read_text(encoding="utf-8")) if FACTS.is_file() else {}


def _bundled_fact(face: Face, name: str) -> Any:
    """Return a fact of a bundled file from facts.json, or None when the file is not one of ours as shipped."""
    entry = _bundled_facts().get(face.path.name)
    if entry is None or face.index or face.path.resolve().parent != FONTS_DIR.resolve():
        return None
    return entry.get(name) if entry["size"] == face.path.stat().st_size else None


def _cached_fact(face: Face, key: str, name: str) -> Any:
    """Return a fact from the disk cache, computing and storing it when absent or stale."""
    data = _stored_fact(key, name)
    if data is not None:
        return data
    data = font_facts(face, (name,))[name]
    _store_fact(key, name, data)
    return data


def _stored_fact(key: str, name: str) -> Any:
    """Return a fact kept in the disk cache for the font file whose source key is `key`, or None."""
    try:
        stored = json.loads(_fact_path(key, name).read_text(encoding="utf-8"))
        return stored[name] if stored.get("key") == key else None
    except (OSError, ValueError, KeyError):
        return None


def _fact_path(key: str, name: str) -> Path:
    return _fonts_cache() / f"{name}-{_digest(key)[:32]}.json"


def _store_fact(key: str, name: str, data: Any) -> None:
    """Keep one fact (as JSON data) of the font file whose source key is `key` in the disk cache."""
    path = _fact_path(key, name)
    with atomic.staged(path) as temp:
        temp.write_text(json.dumps({"key": key, name: data}, separators=(",", ":")), encoding="utf-8")
        atomic.commit({temp: path})


def _store_facts(face: Face, facts: dict[str, Any]) -> None:
    """Keep the facts of a font file that were known when it was written, so that no build has to measure it."""
    key = source_key(face)
    for name, data in facts.items():
        _store_fact(key, name, data)


def coverage(face: Face) -> frozenset[int]:
    """Return the code points the face covers (its best cmap)."""
    return _fact(face, "coverage")


def missing(face: Face, text: str) -> str:
    """Return the distinct characters of `text` the face lacks, in order (controls ignored)."""
    covered = coverage(face)
    return "".join(c for c in dict.fromkeys(text) if ord(c) >= 0x20 and ord(c) not in covered)


# ---------------------------------------------------------------- prepare


def _subset_options() -> Any:
    """Return the fontTools.subset options used for every prepared font."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.legacy_kern = False
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.drop_tables += ["BASE"]
    return options


def _new_maxp(num_glyphs: int) -> Any:
    """Return a version 1.0 maxp table; the glyph counts are recalculated on save."""
    from fontTools.ttLib import newTable

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = num_glyphs
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                 "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    return maxp


def _cff_to_glyf(font: TTFont) -> TTFont:
    """Return `font` with its CFF outlines replaced by quadratic glyf ones (fontTools' otf2ttf approach)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        glyph.recalcBounds(glyf)
        if glyph.numberOfContours:
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["glyf"], font["loca"], font["maxp"] = glyf, newTable("loca"), _new_maxp(len(order))
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 3.0, [], {}, None
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def build_subset(face: Face, charset: str, out: Path) -> Path:
    """Return `out` after writing to it (atomically) the glyf subset of `face` holding `charset`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(_subset_options())
        subsetter.populate(unicodes=[ord(c) for c in charset])
        subsetter.subset(font)
        if "CFF " in font:
            _cff_to_glyf(font)
        with atomic.staged(out) as temp:
            font.save(temp)
            atomic.commit({temp: out})
    return out


def prepare(face: Face, chars: str) -> Path:
    """Return the path of a cached TrueType-outline font of the face holding `chars` + base_chars().

    The face's common subset serves when it holds them all; otherwise its base (the common subset, or for a face
    without one a subset of base_chars()) grown by the glyphs it lacks (see publisher.fonts.subsets), each glyph
    converted once and kept. Characters the face does not cover are left out (check with `missing`). The file is
    rebuilt only when the source file, the characters, fontTools or PIPELINE_VERSION change; the same inputs give the
    same bytes.
    """
    plan = _planned(face, chars)
    if not plan.path.is_file():
        _grow(face, plan)
    _PREPARED[plan.path] = source_key(face)
    return plan.path


def prepare_all(requests: list[tuple[Face, str]]) -> list[Path]:
    """Return prepare() of every (face, chars) request; faces with much to convert (a base subset to make, or more
    than GLYPHS_IN_PROCESS new glyphs) are prepared in parallel processes."""
    plans = {request: _planned(*request) for request in requests}
    missing = [request for request, plan in plans.items() if not plan.path.is_file()]
    heavy = [request for request in missing if not plans[request].base.is_file()
             or len(_glyph_store(request[0]).missing(plans[request].extra)) > GLYPHS_IN_PROCESS]
    if len(heavy) > 1 and multiprocessing.parent_process() is None:  # a batch worker's variants keep cores busy
        from publisher.runtime.processes import pool

        with pool(min(len(missing), os.cpu_count() or 1)) as workers:
            list(workers.map(prepare, *zip(*heavy, strict=True)))
    return [prepare(face, chars) for face, chars in requests]


def source_identity(prepared: Path) -> str | None:
    """Return the identity of the source file a prepared font comes from (None for another file): what a drawing
    in it depends on, whichever of the face's prepared files holds the glyphs."""
    if prepared not in _PREPARED:
        common = [face for family in bundled_families() for face in _bundled_family(family) or ()
                  if face.common == prepared]
        try:
            found = source_key(common[0]) if common else _stored_fact(source_key(Face("", False, prepared)),
                                                                         "source")
        except OSError:
            return None
        if found is None:
            return None
        _PREPARED[prepared] = found
    return _PREPARED[prepared]


_PREPARED: dict[Path, str] = {}


@dataclass(frozen=True)
class _Plan:
    """Where prepare() finds or puts a face's file, the base it grows, and the characters it adds to the base."""

    path: Path
    base: Path | None
    extra: str


def _planned(face: Face, chars: str) -> _Plan:
    """Return the plan of prepare(face, chars)."""
    import fontTools

    covered = coverage(face)
    charset = {c for c in chars + base_chars() if ord(c) in covered}
    base = face.common
    if base:
        held, identity = coverage(Face("", False, base)), f"{base.name}|{base.stat().st_size}"
        if all(ord(c) in held for c in charset):
            return _Plan(base, None, "")
    else:
        base = _base_path(face)
        held, identity = {ord(c) for c in base_chars() if ord(c) in covered}, base.name  # its name holds its key
    extra = "".join(sorted(c for c in charset if ord(c) not in held))
    key = "|".join((source_key(face), identity, _digest(extra), fontTools.version, PIPELINE_VERSION))
    return _Plan(_fonts_cache() / f"{_stem(face)}-{face.index}-grown-{_digest(key)[:20]}.ttf", base, extra)


def _stem(face: Face) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in face.path.stem)


def _base_path(face: Face) -> Path:
    """Return where the subset of base_chars() that a face without a common subset grows from is kept."""
    import fontTools

    key = "|".join((source_key(face), "base", _digest(base_chars()), fontTools.version, PIPELINE_VERSION))
    return _fonts_cache() / f"{_stem(face)}-{face.index}-base-{_digest(key)[:20]}.ttf"


def _glyph_store(face: Face) -> Any:
    """Return the store of the face's converted glyphs."""
    from publisher.fonts import subsets

    return subsets.GlyphStore(_fonts_cache() / f"glyphs-{_digest(source_key(face) + PIPELINE_VERSION)[:20]}")


def _grow(face: Face, plan: _Plan) -> None:
    """Write the plan's file: its base with the glyphs of its extra characters appended; store its facts."""
    from publisher.fonts import subsets

    if not plan.base.is_file():
        covered = coverage(face)
        build_subset(face, "".join(c for c in base_chars() if ord(c) in covered), plan.base)
    glyphs = _glyph_store(face).get(face.path, face.index, [ord(c) for c in plan.extra])
    with atomic.staged(plan.path) as temp:
        with temp.open("wb") as out:
            subsets.grow(plan.base, glyphs, out)
        atomic.commit({temp: plan.path})
    base = Face("", False, plan.base)
    upem = subsets.units_per_em(plan.base)
    advances = {str(cp): a for cp, a in _fact(base, "advances").items()} | {
        str(g.codepoint): g.advance / upem for g in glyphs}
    _store_facts(Face("", False, plan.path), {"coverage": _ranges(_fact(base, "coverage") | {
        g.codepoint for g in glyphs}), "advances": advances, "ink": _fact(base, "ink"), "source": source_key(face)})
    _prune_grown()


def _prune_grown(kept: int = GROWN_KEPT, age: float = GROWN_AGE) -> None:
    """Remove the oldest grown fonts (and their facts) beyond the newest `kept`, if older than `age` seconds: a
    batch whose units each add a character would otherwise fill the disk, 2 to 3 MB a font. A removed font is
    grown again, in a few hundredths of a second, by the next build that needs it; one in use by a build is younger."""
    import re
    import time

    grown = []
    for path in _fonts_cache().glob("*-grown-*.ttf"):
        if re.fullmatch(r".+-[0-9]+-grown-[0-9a-f]{20}\.ttf", path.name):
            try:
                grown.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
    grown.sort(reverse=True)
    for mtime, path in grown[kept:]:
        if time.time() - mtime < age:
            continue
        try:
            key = source_key(Face("", False, path))
            path.unlink()
        except FileNotFoundError:
            continue
        for name in (*FACT_KINDS, "source"):
            _fact_path(key, name).unlink(missing_ok=True)


def exact_subset(path: Path, chars: str) -> Path:
    """Return a cached TrueType subset of a prepared (glyf) font file holding exactly the characters of `chars` that
    it covers, nothing more (no base_chars): what a deck embeds. Advances are the file's, glyph for glyph. The glyphs
    are copied as bytes (publisher.fonts.subsets.pick), so a deck with one more character costs no conversion."""
    import fontTools

    face = Face("", False, path)
    covered = coverage(face)
    charset = "".join(sorted({c for c in chars if ord(c) in covered}))
    key = "|".join((source_key(face), _digest(charset), fontTools.version, PIPELINE_VERSION, "exact"))
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in path.stem)
    out = _fonts_cache() / f"{stem}-exact-{_digest(key)[:20]}.ttf"
    if out.is_file():
        return out
    from publisher.fonts import subsets

    with atomic.staged(out) as temp:
        with temp.open("wb") as f:
            picked = subsets.pick(path, map(ord, charset), f)
        if not picked:  # composite glyphs: fontTools' subsetter keeps their components
            temp.unlink()
            return build_subset(face, charset, out)
        atomic.commit({temp: out})
    return out


# ---------------------------------------------------------------- renderers


class Metrics:
    """Advance widths from a prepared TTF: {codepoint: advance/unitsPerEm}, read once and cached on disk."""

    def __init__(self, ttf_path: Path):
        self.path = Path(ttf_path)
        self.advances = dict(_fact(Face("", False, self.path), "advances"))
        if 0x20 in self.advances:  # reportlab treats NBSP as a space
            self.advances.setdefault(0xA0, self.advances[0x20])

    def ink_centre(self, char: str) -> float:
        """Return the horizontal centre of an opening mark's ink in ems of its advance box (0.5 for other
        characters): a CJK font's full-width opening quotation mark is inked at the right of its box."""
        return _fact(Face("", False, self.path), "ink").get(char, 0.5)

    def width(self, text: str, size: float) -> float:
        """Return the width of `text` in points at `size` pt; an unknown character counts 1 em."""
        get = self.advances.get
        return sum(get(ord(c), 1.0) for c in text) * size


def reportlab_name(path: Path) -> str:
    """Return the reportlab name of a TrueType file, registering it first if needed.

    The name is unique to the file's path, size and time: reportlab's registry is global to the process and
    never rebinds a name. It also binds a new name to the first font registered with the same PostScript name
    (every subset of Noto Sans SC Bold shares one), which would draw with another subset's glyphs; so the face
    is registered under the unique name and gets its real name back for the PDF.
    """
    import hashlib

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    stat = path.stat()
    digest = hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:10]
    name = f"{path.stem}-{digest}"
    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, str(path))
        postscript_name, font.face.name = font.face.name, name.encode()
        pdfmetrics.registerFont(font)
        font.face.name = postscript_name
    return name
