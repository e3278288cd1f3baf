"""Single glyphs read straight out of an OpenType font file: its table directory, and a CFF table's charstrings.

A CJK font holds some 65,000 glyphs; decoding its CFF table with fontTools reads every offset of every INDEX before
the first glyph can be drawn (about 0.1 s, plus 0.1 s of imports). A document that adds one character needs one
glyph, so this reads the few entries that glyph needs: the Top DICT, the glyph's charstring, its font DICT
(FDSelect, for CID-keyed fonts) and Private DICT, and the subroutines it calls, on demand. Charstrings are drawn by
fontTools' own T2 interpreter.
"""
from __future__ import annotations

import mmap
import struct
from pathlib import Path
from types import SimpleNamespace
from typing import Any

COLLECTION = b"ttcf"
OP_CHARSTRINGS, OP_PRIVATE, OP_SUBRS, OP_DEFAULT_WIDTH, OP_NOMINAL_WIDTH = 17, 18, 19, 20, 21
OP_FDARRAY, OP_FDSELECT = 1236, 1237  # two-byte operators 12 36 and 12 37, as _dict keys them


def tables(path: Path, index: int = 0) -> dict[str, memoryview]:
    """Return {tag: table bytes} of face `index` of a font file, mapped from the file rather than read (the map
    closes when the last view of it goes)."""
    with path.open("rb") as f:
        view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    start = struct.unpack_from(">I", view, 12 + 4 * index)[0] if bytes(view[:4]) == COLLECTION else 0
    count = struct.unpack_from(">H", view, start + 4)[0]
    found = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", view, start + 12 + 16 * i)
        found[tag.decode("latin-1")] = view[offset:offset + length]
    return found


class Index:
    """A CFF INDEX whose entries are read when asked for."""

    def __init__(self, data: memoryview, offset: int):
        self.data = data
        self.count = struct.unpack_from(">H", data, offset)[0]
        if self.count == 0:
            self.end = offset + 2
            return
        self.size = data[offset + 2]
        self.offsets = offset + 3
        self.base = self.offsets + (self.count + 1) * self.size - 1
        self.end = self.base + self._offset(self.count)

    def _offset(self, i: int) -> int:
        at = self.offsets + i * self.size
        return int.from_bytes(self.data[at:at + self.size], "big")

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> bytes:
        if not 0 <= i < self.count:
            raise IndexError(i)
        return bytes(self.data[self.base + self._offset(i):self.base + self._offset(i + 1)])


class Subrs:
    """Subroutines as fontTools' T2 interpreter calls them: T2CharStrings made on first call."""

    def __init__(self, index: Index | None, private: Any = None, global_subrs: Any = None):
        self.index, self.private, self.global_subrs, self.made = index, private, global_subrs, {}

    def __len__(self) -> int:
        return len(self.index) if self.index else 0

    def __getitem__(self, i: int) -> Any:
        from fontTools.misc.psCharStrings import T2CharString

        if i not in self.made:
            if self.index is None:
                raise IndexError(i)
            self.made[i] = T2CharString(self.index[i], private=self.private, globalSubrs=self.global_subrs)
        return self.made[i]


class CFF:
    """The charstrings of a CFF (version 1) table, one glyph at a time."""

    def __init__(self, data: memoryview):
        self.data = data
        names = Index(data, data[2])
        top_index = Index(data, names.end)
        strings = Index(data, top_index.end)
        self.global_subrs = Subrs(Index(data, strings.end))
        self.top = _dict(top_index[0])
        self.charstrings = Index(data, self.top[OP_CHARSTRINGS][0])
        fd_array = self.top.get(OP_FDARRAY)
        self.fonts = Index(data, fd_array[0]) if fd_array else None
        self.privates: dict[int, Any] = {}

    def charstring(self, gid: int) -> Any:
        """Return the T2CharString of a glyph id, ready to draw."""
        from fontTools.misc.psCharStrings import T2CharString

        return T2CharString(self.charstrings[gid], private=self._private(self._font_of(gid)),
                            globalSubrs=self.global_subrs)

    def _font_of(self, gid: int) -> int:
        """Return the font DICT of a glyph in a CID-keyed font (FDSelect), or -1 for the top one."""
        if self.fonts is None:
            return -1
        at = self.top[OP_FDSELECT][0]
        form = self.data[at]
        if form == 0:
            return self.data[at + 1 + gid]
        if form != 3:
            raise ValueError(f"FDSelect format {form} is not CFF version 1")
        ranges = struct.unpack_from(">H", self.data, at + 1)[0]
        low, high = 0, ranges - 1
        while low < high:  # the last range whose first glyph is <= gid
            middle = (low + high + 1) // 2
            if struct.unpack_from(">H", self.data, at + 3 + 3 * middle)[0] <= gid:
                low = middle
            else:
                high = middle - 1
        return self.data[at + 3 + 3 * low + 2]

    def _private(self, font: int) -> Any:
        """Return the Private DICT of a font DICT as the T2 interpreter reads it."""
        if font not in self.privates:
            size, offset = (self.top if font < 0 else _dict(self.fonts[font]))[OP_PRIVATE]
            private = _dict(bytes(self.data[offset:offset + size]))
            local = Index(self.data, offset + private[OP_SUBRS][0]) if OP_SUBRS in private else None
            found = SimpleNamespace(nominalWidthX=private.get(OP_NOMINAL_WIDTH, [0])[0],
                                    defaultWidthX=private.get(OP_DEFAULT_WIDTH, [0])[0])
            found.Subrs = Subrs(local, found, self.global_subrs)
            self.privates[font] = found
        return self.privates[font]


def _dict(data: bytes) -> dict[int, list[float]]:
    """Return a CFF DICT as {operator: operands}; a two-byte operator 12 x is keyed 1200 + x."""
    found: dict[int, list[float]] = {}
    operands: list[float] = []
    i = 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:
            if b0 == 12:
                i += 1
                b0 = 1200 + data[i]
            found[b0], operands = operands, []
            i += 1
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, i + 1)[0])
            i += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, i + 1)[0])
            i += 5
        elif b0 == 30:
            number, i = _real(data, i + 1)
            operands.append(number)
        elif b0 <= 246:
            operands.append(b0 - 139)
            i += 1
        elif b0 <= 250:
            operands.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError(f"reserved CFF DICT byte {b0}")
    return found


def _real(data: bytes, i: int) -> tuple[float, int]:
    """Return a DICT real number starting at i and the offset after it."""
    text = ""
    while True:
        byte = data[i]
        i += 1
        for nibble in (byte >> 4, byte & 15):
            if nibble == 15:
                return float(text or 0), i
            text += "0123456789.EE?-?"[nibble] + ("-" if nibble == 12 else "")
