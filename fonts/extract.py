#!/usr/bin/env python3
"""Cut the Simplified Chinese faces out of Debian's Noto CJK collections.

Maintenance tool, not used at run time. It rebuilds the four bundled fonts:

    python fonts/extract.py [--source /usr/share/fonts/opentype/noto] [--out fonts]

Each Noto CJK .ttc (Debian package fonts-noto-cjk) holds ten faces that share one
CFF table; face #2 is SC (Simplified Chinese). For each of the four collections
the script loads face #2 with fontTools, renames it from "Noto Sans CJK SC" to
"Noto Sans SC" (and "Noto Serif CJK SC" to "Noto Serif SC"; PostScript names
"NotoSansCJKsc-*" to "NotoSansSC-*"; the shared CFF top dict, which says
"NotoSansCJKjp-*", gets the same PostScript name), and saves it as a
standalone CFF-flavoured .otf. Outlines, metrics, cmap and layout tables are
kept as they are. Timestamps are not touched, so the output is byte-identical
from run to run.

It then writes each face's GB 2312 TrueType subset (`*.common.ttf`) and `facts.json`:
the coverage of every file and the advances and ink centres of the TrueType ones,
which builds read instead of parsing these fonts.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

SC_FACE_INDEX = 2
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto")

# output file -> (source collection, old family, new family)
FACES: dict[str, tuple[str, str, str]] = {
    "NotoSansSC-Regular.otf": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Noto Sans SC"),
    "NotoSansSC-Bold.otf": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "Noto Sans SC"),
    "NotoSerifSC-Regular.otf": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "Noto Serif SC"),
    "NotoSerifSC-Bold.otf": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "Noto Serif SC"),
}


def rename(font: TTFont, old_family: str, new_family: str) -> str:
    """Return the new PostScript name after renaming the name table and CFF top dict."""
    old_ps, new_ps = old_family.replace(" ", ""), new_family.replace(" ", "")
    old_ps = old_ps[:-2] + old_ps[-2:].lower()  # NotoSansCJKSC -> NotoSansCJKsc
    for record in font["name"].names:
        text = record.toUnicode().replace(old_family, new_family).replace(old_ps, new_ps)
        record.string = text
    ps_name = font["name"].getDebugName(6)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    old_cff_name = cff.fontNames[0]
    cff.fontNames = [ps_name]
    top.FullName = font["name"].getDebugName(4)
    top.FamilyName = new_family
    for fd in getattr(top, "FDArray", []):
        fd.FontName = fd.FontName.replace(old_cff_name, ps_name)
    return ps_name


def cut(source: Path, out: Path, old_family: str, new_family: str) -> Path:
    """Return `out` after writing face #2 of `source` to it as a renamed standalone .otf."""
    font = TTFont(source, fontNumber=SC_FACE_INDEX, recalcTimestamp=False, recalcBBoxes=False)
    family = font["name"].getDebugName(1)
    if family != old_family:
        sys.exit(f"{source} face #{SC_FACE_INDEX} is {family!r}, expected {old_family!r}")
    rename(font, old_family, new_family)
    tmp = out.with_suffix(".tmp")
    font.save(tmp)
    return tmp.replace(out)


def gb2312_chars() -> str:
    """Return every character of GB 2312 (the 7,445 of its 94×94 table that decode), in code order."""
    pairs = (bytes([row, cell]) for row in range(0xA1, 0xF8) for cell in range(0xA1, 0xFF))
    return "".join(c for c in (p.decode("gb2312", errors="ignore") for p in pairs) if c)


def common_subset(otf: Path) -> Path:
    """Return the prebuilt TrueType subset of an extracted face holding GB 2312 and the base characters."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from publisher.fonts import families as fonts

    face = fonts.Face(new_family_of(otf), "Bold" in otf.stem, otf)
    out = otf.with_name(f"{otf.stem}.common.ttf")
    return fonts.build_subset(face, gb2312_chars() + fonts.base_chars(), out)


def write_facts(folder: Path) -> Path:
    """Return facts.json after writing to it the coverage of every bundled file, and the advances and ink
    centres of the TrueType ones, so that builds never parse these fonts' cmaps."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from publisher.fonts import families as fonts

    facts = {}
    for path in sorted(folder.glob("*.otf")) + sorted(folder.glob("*.common.ttf")):
        names = ("coverage",) if path.suffix == ".otf" else tuple(fonts.FACT_KINDS)
        facts[path.name] = {"size": path.stat().st_size, **fonts.font_facts(fonts.Face("", False, path), names)}
    out = folder / "facts.json"
    out.write_text(json.dumps(facts, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return out


def new_family_of(otf: Path) -> str:
    """Return the family a cut face was renamed to."""
    return next(new for name, (_, _, new) in FACES.items() if name == otf.name)


def main(argv: list[str] | None = None) -> int:
    """Return 0 after cutting all four faces and printing their sizes and SHA-256."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder holding the .ttc files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (collection, old_family, new_family) in FACES.items():
        out = args.out / name
        cut(args.source / collection, out, old_family, new_family)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        print(f"{name}: {out.stat().st_size} bytes sha256 {digest}")
        common = common_subset(out)
        print(f"{common.name}: {common.stat().st_size} bytes")
    facts = write_facts(args.out)
    print(f"{facts.name}: {facts.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
