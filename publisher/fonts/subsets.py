"""TrueType subsets grown by appending glyphs: a prepared base font plus the glyphs of the characters it lacks.

A document that leaves the bundled common set (GB 2312) needs the glyphs of a few more characters, not a new
conversion of every character it uses. `grow` copies the base file's tables as bytes and appends each new glyph
(quadratic outlines, components decomposed) at the end of the glyph order, so no glyph of the base moves: the glyf,
loca, hmtx and vmtx tables get the new records, cmap the new code points, and head, hhea, vhea, maxp and OS/2 the
bounds and counts that cover them. The other tables (name, post format 3, OS/2, GSUB/GPOS without features) keep
the base's bytes. Nothing is recalculated from the base's outlines, so growing a 7,500-glyph font costs about
the same as copying it.

Glyphs come from the source face once: `convert` draws them from a CFF or TrueType source with fontTools, and
`GlyphStore` keeps each converted glyph on disk, so a character seen in any earlier build costs nothing to draw.
"""
from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

RECORD = struct.Struct(">IHhHhhhhhHH")  # code point, advance, lsb, vertical advance, tsb, bbox, points, contours
FORMAT4_LIMIT = 0xFFFF  # a format 4 cmap subtable measures its length in 16 bits


@dataclass(frozen=True)
class Glyph:
    """One glyph to append: its character, metrics, bounds, point and contour counts, and compiled glyf data."""

    codepoint: int
    advance: int
    lsb: int
    vadvance: int
    tsb: int
    bounds: tuple[int, int, int, int]
    points: int
    contours: int
    data: bytes

    def to_bytes(self) -> bytes:
        """Return the glyph as stored on disk: a fixed header then its glyf data."""
        return RECORD.pack(self.codepoint, self.advance, self.lsb, self.vadvance, self.tsb, *self.bounds,
                           self.points, self.contours) + self.data

    @classmethod
    def from_bytes(cls, raw: bytes) -> Glyph:
        """Return a glyph stored by to_bytes."""
        cp, advance, lsb, vadvance, tsb, x0, y0, x1, y1, points, contours = RECORD.unpack_from(raw)
        return cls(cp, advance, lsb, vadvance, tsb, (x0, y0, x1, y1), points, contours, raw[RECORD.size:])


# ---------------------------------------------------------------- converting glyphs of a source face


def convert(source: Path, index: int, codepoints: Iterable[int]) -> list[Glyph]:
    """Return the glyphs of the code points in a font file (face `index`), as decomposed quadratic TrueType glyphs.

    Code points the face lacks are left out. Only what these glyphs need is read: the cmap is searched, not
    decoded, metrics are read at their glyph's offset, and CFF charstrings one by one (see publisher.fonts.cff)."""
    from publisher.fonts import cff

    found = cff.tables(source, index)
    gids = _lookup(found["cmap"], codepoints)
    if not gids:
        return []
    if "CFF " in found:
        outlines = cff.CFF(found["CFF "])
        draw = lambda gid, pen: outlines.charstring(gid).draw(pen)  # noqa: E731
        return _converted(found, gids, draw, cubic=True)
    return _converted_truetype(source, index, found, gids)


def _converted(found: dict, gids: dict[int, int], draw, cubic: bool) -> list[Glyph]:
    """Return the Glyphs of {code point: glyph id}, each drawn by draw(gid, pen) into quadratic TrueType outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    horizontal = _metric_reader(found["hmtx"], found["hhea"])
    vertical = _metric_reader(found["vmtx"], found["vhea"]) if "vmtx" in found and "vhea" in found else None
    upem = struct.unpack_from(">H", found["head"], 18)[0]
    table = newTable("glyf")
    table.glyphs, table.glyphOrder = {}, []
    glyphs = []
    for cp, gid in gids.items():
        pen = TTGlyphPen(None)
        draw(gid, Cu2QuPen(pen, 1.0, reverse_direction=True) if cubic else pen)
        glyph = pen.glyph()
        glyph.recalcBounds(table)
        vadvance, tsb = vertical(gid) if vertical else (upem, 0)
        glyphs.append(_glyph(cp, horizontal(gid)[0], vadvance, tsb, glyph, table))
    return glyphs


def _converted_truetype(source: Path, index: int, found: dict, gids: dict[int, int]) -> list[Glyph]:
    """Return the Glyphs of a TrueType-outline face, composite glyphs decomposed."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.ttLib import TTFont

    with source.open("rb") as f, TTFont(f, fontNumber=index, lazy=True) as font:
        glyph_set, names = font.getGlyphSet(), font.getGlyphOrder()

        def draw(gid: int, pen) -> None:
            recording = DecomposingRecordingPen(glyph_set)
            glyph_set[names[gid]].draw(recording)
            recording.replay(pen)

        return _converted(found, gids, draw, cubic=False)


def _glyph(cp: int, advance: int, vadvance: int, tsb: int, glyph, table) -> Glyph:
    """Return the Glyph record of a drawn fontTools glyph."""
    if glyph.numberOfContours == 0:
        return Glyph(cp, advance, 0, vadvance, tsb, (0, 0, 0, 0), 0, 0, b"")
    bounds = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
    return Glyph(cp, advance, glyph.xMin, vadvance, tsb, bounds, len(glyph.coordinates), glyph.numberOfContours,
                 glyph.compile(table, recalcBBoxes=False))


def _metric_reader(data: memoryview, header: memoryview):
    """Return a function giving (advance, side bearing) of a glyph id, read from a raw hmtx or vmtx table."""
    longs = struct.unpack_from(">H", header, 34)[0]

    def read(gid: int) -> tuple[int, int]:
        if gid < longs:
            return struct.unpack_from(">Hh", data, 4 * gid)
        return struct.unpack_from(">H", data, 4 * (longs - 1))[0], struct.unpack_from(">h", data, 4 * longs + 2 * (
            gid - longs))[0]

    return read


def _lookup(data: bytes | memoryview, codepoints: Iterable[int]) -> dict[int, int]:
    """Return {code point: glyph id} for the code points a raw cmap table maps, searched in its best Unicode
    subtable (format 12, else format 4) without decoding the rest."""
    import bisect

    subtables = {}
    for i in range(struct.unpack_from(">H", data, 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        subtables[platform, encoding, struct.unpack_from(">H", data, offset)[0]] = offset
    for key in ((3, 10, 12), (0, 4, 12), (0, 6, 12)):
        if key in subtables:
            offset = subtables[key]
            groups = struct.unpack_from(">I", data, offset + 12)[0]
            table = array("I")
            table.frombytes(bytes(data[offset + 16:offset + 16 + 12 * groups]))
            if _little_endian():
                table.byteswap()
            starts = table[0::3]
            found = {}
            for cp in codepoints:
                at = bisect.bisect_right(starts, cp) - 1
                if at >= 0 and cp <= table[3 * at + 1]:
                    found[cp] = table[3 * at + 2] + cp - starts[at]
            return {cp: gid for cp, gid in found.items() if gid}
    for key in ((3, 1, 4), (0, 3, 4), (0, 4, 4)):
        if key in subtables:
            bmp = _read_format4(data, subtables[key])
            return {cp: bmp[cp] for cp in codepoints if cp in bmp}
    return {}


class GlyphStore:
    """Converted glyphs of one source face kept on disk, one small file per code point."""

    def __init__(self, folder: Path):
        self.folder = folder

    def missing(self, chars: str) -> list[int]:
        """Return the code points of chars whose glyphs are not stored yet."""
        return [ord(c) for c in chars if not (self.folder / f"{ord(c):06X}.glyph").is_file()]

    def get(self, source: Path, index: int, codepoints: list[int]) -> list[Glyph]:
        """Return the glyphs of the code points, converting (and keeping) those not stored yet; code points the face
        lacks are left out."""
        import os

        stored = {cp: self.folder / f"{cp:06X}.glyph" for cp in codepoints}
        found = {cp: Glyph.from_bytes(path.read_bytes()) for cp, path in stored.items() if path.is_file()}
        new = convert(source, index, [cp for cp in codepoints if cp not in found]) if len(found) < len(stored) else []
        if new:
            self.folder.mkdir(parents=True, exist_ok=True)
        for glyph in new:
            temp = stored[glyph.codepoint].with_suffix(f".{os.getpid()}.part")
            temp.write_bytes(glyph.to_bytes())
            os.replace(temp, stored[glyph.codepoint])
            found[glyph.codepoint] = glyph
        return [found[cp] for cp in codepoints if cp in found]


# ---------------------------------------------------------------- growing a font


def units_per_em(path: Path) -> int:
    """Return the units per em of a font file (its head table)."""
    from fontTools.ttLib.sfnt import SFNTReader

    with path.open("rb") as f:
        return struct.unpack_from(">H", SFNTReader(f)["head"], 18)[0]


def grow(base: Path, glyphs: list[Glyph], out: BinaryIO) -> None:
    """Write to `out` the TrueType font `base` with `glyphs` appended (their code points mapped to them)."""
    from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

    with base.open("rb") as f:
        reader = SFNTReader(f)
        tables = {tag: reader[tag] for tag in reader.tables}
        flavor_version = reader.sfntVersion
    if tables["post"][:4] != b"\x00\x03\x00\x00" or "glyf" not in tables:
        raise ValueError(f"{base}: not a TrueType font without glyph names")
    count = struct.unpack_from(">H", tables["maxp"], 4)[0]
    tables.update(_grown_outlines(tables, count, glyphs))
    tables["cmap"] = _cmap(_read_cmap(tables["cmap"]) | {g.codepoint: count + i for i, g in enumerate(glyphs)})
    tables["maxp"] = _maxp(tables["maxp"], count + len(glyphs), glyphs)
    if "OS/2" in tables:
        tables["OS/2"] = _os2(tables["OS/2"], glyphs)
    for tag in ("hdmx", "LTSH", "VDMX"):  # per-glyph device tables: optional, and not grown
        tables.pop(tag, None)
    writer = SFNTWriter(out, len(tables), flavor_version)
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()


def pick(base: Path, codepoints: Iterable[int], out: BinaryIO) -> bool:
    """Write to `out` the TrueType font `base` cut down to the glyphs of the code points it maps (and .notdef), in
    their order, tables copied as bytes; return False, writing nothing, when one of them is a composite glyph (whose
    components would have to follow). Layout and per-glyph device tables are left out; the font-wide bounds and
    maxima are the base's, which hold those of any subset."""
    from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

    with base.open("rb") as f:
        reader = SFNTReader(f)
        tables = {tag: reader[tag] for tag in reader.tables}
        flavor_version = reader.sfntVersion
    if tables["post"][:4] != b"\x00\x03\x00\x00" or "glyf" not in tables:
        raise ValueError(f"{base}: not a TrueType font without glyph names")
    count = struct.unpack_from(">H", tables["maxp"], 4)[0]
    offsets = _offsets(tables, count)
    mapping = _read_cmap(tables["cmap"])
    wanted = {cp: mapping[cp] for cp in codepoints if mapping.get(cp)}
    gids = [0, *sorted(set(wanted.values()))]
    data = [tables["glyf"][offsets[gid]:offsets[gid + 1]] for gid in gids]
    if any(len(d) >= 2 and struct.unpack_from(">h", d)[0] < 0 for d in data):
        return False
    glyf, loca = bytearray(), [0]
    for glyph in data:
        glyf += glyph + b"\0" * (-len(glyph) % 4)
        loca.append(len(glyf))
    new = {gid: i for i, gid in enumerate(gids)}
    tables.update({"glyf": bytes(glyf), "loca": struct.pack(f">{len(loca)}I", *loca),
                   "cmap": _cmap({cp: new[gid] for cp, gid in wanted.items()})})
    head = bytearray(tables["head"])
    struct.pack_into(">h", head, 50, 1)
    tables["head"] = bytes(head)
    maxp = bytearray(tables["maxp"])
    struct.pack_into(">H", maxp, 4, len(gids))
    tables["maxp"] = bytes(maxp)
    for tag, header in (("hmtx", "hhea"), ("vmtx", "vhea")):
        if tag in tables and header in tables:
            tables[tag], tables[header] = _picked_metrics(tables[tag], tables[header], count, gids)
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern", "hdmx", "LTSH", "VDMX"):
        tables.pop(tag, None)
    writer = SFNTWriter(out, len(tables), flavor_version)
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()
    return True


def _offsets(tables: dict[str, bytes], count: int) -> list[int]:
    """Return the glyf offsets of a font's loca table (count + 1 of them)."""
    if struct.unpack_from(">h", tables["head"], 50)[0] == 1:
        return list(struct.unpack_from(f">{count + 1}I", tables["loca"]))
    return [2 * o for o in struct.unpack_from(f">{count + 1}H", tables["loca"])]


def _picked_metrics(data: bytes, header: bytes, count: int, gids: list[int]) -> tuple[bytes, bytes]:
    """Return an hmtx or vmtx table holding a full record per picked glyph, and its header counting them."""
    longs = struct.unpack_from(">H", header, 34)[0]
    last = struct.unpack_from(">H", data, 4 * (longs - 1))[0]

    def record(gid: int) -> tuple[int, int]:
        if gid < longs:
            return struct.unpack_from(">Hh", data, 4 * gid)
        return last, struct.unpack_from(">h", data, 4 * longs + 2 * (gid - longs))[0]

    head = bytearray(header)
    struct.pack_into(">H", head, 34, len(gids))
    return b"".join(struct.pack(">Hh", *record(gid)) for gid in gids), bytes(head)


def _grown_outlines(tables: dict[str, bytes], count: int, glyphs: list[Glyph]) -> dict[str, bytes]:
    """Return glyf, loca (long offsets), head, hmtx/hhea and vmtx/vhea with the glyphs appended."""
    long_loca = struct.unpack_from(">h", tables["head"], 50)[0] == 1
    loca = array("I" if long_loca else "H", tables["loca"][:(count + 1) * (4 if long_loca else 2)])
    if array("I").itemsize != 4 or array("H").itemsize != 2:
        raise RuntimeError("unexpected C integer sizes")
    if _little_endian():
        loca.byteswap()
    offsets = list(loca) if long_loca else [2 * o for o in loca]
    glyf = bytearray(tables["glyf"][:offsets[-1]])
    for glyph in glyphs:
        glyf += glyph.data + b"\0" * (-len(glyph.data) % 4)
        offsets.append(len(glyf))
    grown = array("I", offsets)
    if _little_endian():
        grown.byteswap()
    result = {"glyf": bytes(glyf), "loca": grown.tobytes(), "head": _head(tables["head"], glyphs)}
    result.update(_metrics(tables, "hmtx", "hhea", count, [(g.advance, g.lsb) for g in glyphs], glyphs, False))
    if "vmtx" in tables and "vhea" in tables:
        result.update(_metrics(tables, "vmtx", "vhea", count, [(g.vadvance, g.tsb) for g in glyphs], glyphs, True))
    return result


def _little_endian() -> bool:
    import sys

    return sys.byteorder == "little"


def _metrics(tables: dict[str, bytes], tag: str, header: str, count: int, new: list[tuple[int, int]],
             glyphs: list[Glyph], vertical: bool) -> dict[str, bytes]:
    """Return an hmtx or vmtx table with a full record per glyph, new ones appended, and its header updated."""
    head = bytearray(tables[header])
    longs = struct.unpack_from(">H", head, 34)[0]
    data = tables[tag]
    records = [struct.unpack_from(">Hh", data, 4 * i) for i in range(longs)]
    last = records[-1][0]
    records += [(last, struct.unpack_from(">h", data, 4 * longs + 2 * i)[0]) for i in range(count - longs)]
    records += new
    struct.pack_into(">H", head, 34, len(records))
    inked = [(m, g) for m, g in zip(new, glyphs, strict=True) if g.contours]
    if inked:
        extent = (lambda g: g.bounds[3] - g.bounds[1]) if vertical else (lambda g: g.bounds[2] - g.bounds[0])
        max_advance, min_start, min_end, max_extent = struct.unpack_from(">Hhhh", head, 10)
        max_advance = max(max_advance, *(m[0] for m, _ in inked))
        min_start = min(min_start, *(m[1] for m, _ in inked))
        min_end = min(min_end, *(m[0] - m[1] - extent(g) for m, g in inked))
        max_extent = max(max_extent, *(m[1] + extent(g) for m, g in inked))
        struct.pack_into(">Hhhh", head, 10, max_advance, min_start, min_end, max_extent)
    return {tag: b"".join(struct.pack(">Hh", a, b) for a, b in records), header: bytes(head)}


def _head(data: bytes, glyphs: list[Glyph]) -> bytes:
    """Return the head table with long loca offsets and the font's bounds grown to the new glyphs'."""
    head = bytearray(data)
    x0, y0, x1, y1 = struct.unpack_from(">hhhh", head, 36)
    for glyph in glyphs:
        if glyph.contours:
            gx0, gy0, gx1, gy1 = glyph.bounds
            x0, y0, x1, y1 = min(x0, gx0), min(y0, gy0), max(x1, gx1), max(y1, gy1)
    struct.pack_into(">hhhh", head, 36, x0, y0, x1, y1)
    struct.pack_into(">h", head, 50, 1)
    return bytes(head)


def _maxp(data: bytes, count: int, glyphs: list[Glyph]) -> bytes:
    """Return maxp (version 1.0) counting the glyphs, its point and contour maxima grown to the new glyphs'."""
    maxp = bytearray(data)
    points, contours = struct.unpack_from(">HH", maxp, 6)
    points = max(points, *(g.points for g in glyphs), 0)
    contours = max(contours, *(g.contours for g in glyphs), 0)
    struct.pack_into(">HHH", maxp, 4, count, points, contours)
    return bytes(maxp)


def _os2(data: bytes, glyphs: list[Glyph]) -> bytes:
    """Return OS/2 with its first and last character indexes covering the new characters."""
    os2 = bytearray(data)
    first, last = struct.unpack_from(">HH", os2, 64)
    cps = [min(g.codepoint, 0xFFFF) for g in glyphs]
    struct.pack_into(">HH", os2, 64, min(first, *cps, 0xFFFF), max(last, *cps, 0))
    return bytes(os2)


# ---------------------------------------------------------------- cmap


def _read_cmap(data: bytes) -> dict[int, int]:
    """Return {code point: glyph id} of a cmap table's Unicode subtables of format 4 and 12."""
    mapping: dict[int, int] = {}
    count = struct.unpack_from(">H", data, 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue
        fmt = struct.unpack_from(">H", data, offset)[0]
        if fmt == 4:
            mapping.update(_read_format4(data, offset))
        elif fmt == 12:
            mapping.update(_read_format12(data, offset))
    return mapping


def _read_format4(data: bytes, offset: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, offset + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, offset + 14)
    starts = struct.unpack_from(f">{segments}H", data, offset + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, offset + 16 + 4 * segments)
    range_at = offset + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    mapping = {}
    for i, (start, end, delta, rng) in enumerate(zip(starts, ends, deltas, ranges, strict=True)):
        for cp in range(start, end + 1):
            if cp == 0xFFFF:
                continue
            if rng == 0:
                gid = (cp + delta) & 0xFFFF
            else:
                gid = struct.unpack_from(">H", data, range_at + 2 * i + rng + 2 * (cp - start))[0]
                gid = (gid + delta) & 0xFFFF if gid else 0
            if gid:
                mapping[cp] = gid
    return mapping


def _read_format12(data: bytes, offset: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, offset + 12)[0]
    mapping = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">III", data, offset + 16 + 12 * i)
        mapping.update({cp: gid + cp - start for cp in range(start, end + 1)})
    return mapping


def _cmap(mapping: dict[int, int]) -> bytes:
    """Return a cmap table: format 4 for the BMP under (0,3) and (3,1), plus format 12 for every code point under
    (0,4) and (3,10) when some lie beyond the BMP or the BMP does not fit format 4."""
    cps = sorted(mapping)
    bmp = _format4({cp: mapping[cp] for cp in cps if cp < 0xFFFF})
    subtables: list[tuple[int, int, bytes]] = []
    if bmp is not None:
        subtables += [(0, 3, bmp), (3, 1, bmp)]
    if cps and (cps[-1] > 0xFFFF or bmp is None):
        full = _format12(mapping, cps)
        subtables += [(0, 4, full), (3, 10, full)]
    subtables.sort(key=lambda s: s[:2])
    header = struct.pack(">HH", 0, len(subtables))
    offset, records, bodies, placed = 4 + 8 * len(subtables), [], [], {}
    for platform, encoding, body in subtables:
        if id(body) not in placed:
            placed[id(body)] = offset
            bodies.append(body)
            offset += len(body)
        records.append(struct.pack(">HHI", platform, encoding, placed[id(body)]))
    return header + b"".join(records) + b"".join(bodies)


def _format4(mapping: dict[int, int]) -> bytes | None:
    """Return a format 4 subtable: one segment per run of consecutive code points, by delta when their glyph ids
    run alike, else through the glyph id array; the closing 0xFFFF segment last. None when it would not fit."""
    runs: list[list[int]] = []
    for cp in sorted(mapping):
        if runs and runs[-1][-1] == cp - 1:
            runs[-1].append(cp)
        else:
            runs.append([cp])
    runs.append([0xFFFF])
    segments = len(runs)
    ends, starts, deltas, ranges, ids = [], [], [], [], []
    for i, run in enumerate(runs):
        starts.append(run[0])
        ends.append(run[-1])
        if run == [0xFFFF]:
            deltas.append(1)
            ranges.append(0)
            continue
        gids = [mapping[cp] for cp in run]
        if all(g - c == gids[0] - run[0] for g, c in zip(gids, run, strict=True)):
            deltas.append((gids[0] - run[0]) & 0xFFFF)
            ranges.append(0)
        else:
            deltas.append(0)
            ranges.append(2 * (segments - i) + 2 * len(ids))
            ids.extend(gids)
    body = (struct.pack(f">{segments}H", *ends) + b"\0\0" + struct.pack(f">{segments}H", *starts)
            + struct.pack(f">{segments}H", *deltas) + struct.pack(f">{segments}H", *ranges)
            + struct.pack(f">{len(ids)}H", *ids))
    length = 14 + len(body)
    if length > FORMAT4_LIMIT:
        return None
    search = 2 ** (segments.bit_length() - 1)
    return struct.pack(">HHHHHHH", 4, length, 0, 2 * segments, 2 * search, search.bit_length() - 1,
                       2 * segments - 2 * search) + body


def _format12(mapping: dict[int, int], cps: list[int]) -> bytes:
    """Return a format 12 subtable: one group per run of code points whose glyph ids run alike."""
    groups: list[list[int]] = []
    for cp in cps:
        gid = mapping[cp]
        if groups and groups[-1][1] == cp - 1 and groups[-1][2] + cp - groups[-1][0] == gid:
            groups[-1][1] = cp
        else:
            groups.append([cp, cp, gid])
    body = b"".join(struct.pack(">III", *g) for g in groups)
    return struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
