"""Zip members kept compressed: a resident build writes an unchanged member's record (its local header and
compressed bytes, which name no offset) into the next zip as is, neither serialised nor deflated again.

Python's zipfile has no call for adding a member already compressed, so `write_record` does what
`ZipFile.writestr` does after compressing (the record at the end of the members, its entry in the central
directory); `usable` checks once per process that a zip written so is byte for byte the zip writestr gives, and
the stores stay unused for zips when it is not.
"""
from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from publisher.runtime import reuse

STORE = "zip-records"


@dataclass(frozen=True)
class Record:
    """A member as written: its ZipInfo (sizes, CRC, flags) and the bytes from its local header to its end."""

    info: zipfile.ZipInfo
    data: bytes


def member_key(name: str, blob: bytes, method: int, when: datetime) -> bytes:
    """Return the key of a member: its name, content, compression and the build's date (an embedded workbook's
    dates are the build's)."""
    return reuse.key(name, reuse.digest(blob), len(blob), method, when)


def last_record(archive: zipfile.ZipFile, buffer: io.BytesIO) -> Record:
    """Return the record of the member just written into archive, whose file is buffer."""
    info = archive.filelist[-1]
    return Record(copy.copy(info), bytes(buffer.getbuffer()[info.header_offset:archive.start_dir]))


def write_record(archive: zipfile.ZipFile, record: Record) -> None:
    """Append a member's record to archive as writestr appends a member it compressed."""
    info = copy.copy(record.info)
    archive.fp.seek(archive.start_dir)
    info.header_offset = archive.fp.tell()
    archive._writecheck(info)
    archive._didModify = True
    archive.fp.write(record.data)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info


def usable() -> bool:
    """Return whether the stores are on and records written again give the bytes writestr gives."""
    return reuse.enabled() and records_match()


@lru_cache(maxsize=1)
def records_match() -> bool:
    """Return whether a zip of records written again equals, byte for byte, the zip writestr wrote them into."""
    members = [("a.xml", b"<a>" + b"x" * 300 + b"</a>", zipfile.ZIP_DEFLATED), ("b/\u5b57.png", b"\x89PNG" * 9,
                                                                                zipfile.ZIP_STORED)]
    first, records = io.BytesIO(), []
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob, method in members:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), blob, method)
            records.append(last_record(archive, first))
    again = io.BytesIO()
    try:
        with zipfile.ZipFile(again, "w", zipfile.ZIP_DEFLATED) as archive:
            for record in records:
                write_record(archive, record)
    except (AttributeError, TypeError, ValueError):
        return False
    return again.getvalue() == first.getvalue()


def store() -> reuse.Store:
    """Return the store of member records."""
    return reuse.store(STORE)
