"""The answer index's build cache: the whole BM25 index and every briefing's passage table, in one file.

Building the index for a thousand briefings takes seconds; reading it back takes a fraction of that. The cache
folder holds `index/<digest>.npy` files, one per exact list of briefing digests: bm25s's score arrays and
vocabulary, the digests of the briefings it indexes, and each of those briefings' passage tables
(`passages.Table`), as numpy .npy records one after another, each starting on a 64-byte boundary, then a SHA-256
of everything but the large arrays' data. A briefing's digest covers its content (its validated model and article)
and the code version. A warm start maps the file, not reads it: the score arrays (~29 MB at 1,000 briefings) and the
tables stay in the page cache, shared and read when a question needs them, not copied into the heap. Damage is
found by the checksum (the records' headers and small arrays), the exact file size and each table's own checks,
not by reading every byte. A file replaced or pruned while mapped stays readable: `os.replace` and unlink leave the
mapped inode alive until the mapping goes.

When no file holds the exact list (a briefing was edited, added or removed), each briefing's table is looked for
by its digest in the index files kept: a reload that changes one briefing rebuilds only its table, reads every
other one back, and writes a new index file holding them all. One file per build, not one per briefing: creating
and renaming a thousand files took ~0.6 s of a cold build.

Every digest includes `code_version()`: briefbot's version, a hash of the engine's source and data files, and the
versions of the libraries the analysis depends on. An entry from other code is never found, so it is never trusted.
Files are written to a temporary name and renamed into place, so a reader never sees half a file; a temporary
file a crashed writer left behind is deleted once it is STALE_SECONDS old, when a cache is next opened. A missing,
truncated or corrupt file is logged and rebuilt, never an error. The folder is safe to delete at any time.

The format is numpy's .npy read with `allow_pickle=False` (no object arrays): arrays of numbers and bytes only, no
code is ever unpickled, whoever wrote the folder. Old index files are pruned, least recently used first, past a
bound.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import mmap
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

import bot

if TYPE_CHECKING:
    from bot.core.answer.passages import Table
    from bot.core.loader import LoadedBriefing

__all__ = ["BuildCache", "IndexArrays", "code_version"]

log = logging.getLogger(__name__)

FORMAT = 4  # of the files below; part of every digest
LIBRARIES = ("bm25s", "numpy", "scipy", "lemminflect", "PyStemmer", "breame", "pydantic", "PyYAML")
_ENGINE = Path(__file__).resolve().parent  # bot/core/answer: its modules and data files
# normalisation, the briefing model, and how a briefing file is read into it (a briefing is keyed by its file's text)
_SOURCES = tuple(_ENGINE.parent / f for f in ("text.py", "briefing.py", "loader.py", "yamlfile.py"))
INDEXES_KEPT = 3  # index files, one per content version (61 MB at 1,000 briefings): live, rollback, other instance
STALE_SECONDS = 600  # a temporary file this old was left by a writer that died: no live write takes minutes
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, UnicodeDecodeError)  # what a damaged file raises
SUFFIX = ".npy"
# an index file's records, in order: bm25s's index, then the briefings' digests and tables
INDEX_ARRAYS = ("data", "indices", "indptr", "vocabulary", "vocabulary_offsets", "digests", "directory", "tables")
_ALIGN = 64  # each record starts here, so its data (numpy pads the header to 64 bytes) is aligned too
_CHECKED = 1 << 20  # arrays up to this size are in a mapped file's checksum whole; larger ones by header and size
_CHECKSUM = hashlib.sha256().digest_size
# the types a table's arrays may have; the directory names each array's by its position here
_TABLE_TYPES = tuple(np.dtype(t) for t in ("u1", "i1", "?", "<u2", "<i4", "<i8"))
_TABLE_ALIGN = 8  # each table array starts here in the tables record: no type above is wider


def _library(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@cache
def code_version() -> str:
    """briefbot's version, a hash of the answer engine's source and data, and its libraries' versions."""
    h = hashlib.sha256(f"briefbot {bot.__version__} format {FORMAT}\n".encode())
    for path in sorted([*_ENGINE.glob("*.py"), *(_ENGINE / "data").iterdir(), *_SOURCES]):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        h.update(f"{name} {_library(name)}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class IndexArrays:
    """bm25s's index: per key (`vocabulary` position) the passages that use it and their precomputed scores."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocabulary: list[str]


def _strings(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unstrings(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    data = blob.tobytes()
    bounds = offsets.tolist()
    return [data[a:b].decode("utf-8") for a, b in zip(bounds, bounds[1:], strict=False)]


def _pack(tables: list[dict[str, np.ndarray]], fields: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Tables' arrays as one byte record and its directory: per table and field, where its bytes start, how many
    items, and its type (a position in _TABLE_TYPES)."""
    codes = {t: i for i, t in enumerate(_TABLE_TYPES)}
    chunks: list[bytes] = []
    directory: list[int] = []
    at = 0
    for arrays in tables:
        for name in fields:
            a = arrays[name]
            pad = -at % _TABLE_ALIGN
            chunks.append(b"\0" * pad)
            data = np.ascontiguousarray(a).tobytes()
            directory += (at + pad, len(a), codes[a.dtype])  # KeyError: a type no reader accepts
            chunks.append(data)
            at += pad + len(data)
    return np.frombuffer(b"".join(chunks), dtype=np.uint8), np.array(directory, dtype=np.int64)


def _unpack(blob: np.ndarray, directory: np.ndarray, fields: tuple[str, ...]) -> Iterator[dict[str, np.ndarray]]:
    """The tables `_pack` wrote, each array a view of `blob`. ValueError when the directory points outside it."""
    entries = directory.tolist()
    width = 3 * len(fields)
    if len(entries) % width:
        raise ValueError("a table directory of the wrong length")
    size = len(blob)
    for t in range(0, len(entries), width):
        arrays: dict[str, np.ndarray] = {}
        for f, name in enumerate(fields):
            start, count, code = entries[t + 3 * f:t + 3 * f + 3]
            kind = _TABLE_TYPES[code] if 0 <= code < len(_TABLE_TYPES) else None
            end = start + count * (kind.itemsize if kind is not None else 0)
            if kind is None or start % _TABLE_ALIGN or count < 0 or not 0 <= start <= end <= size:
                raise ValueError("a table directory pointing outside its tables")
            arrays[name] = blob[start:end].view(kind)
        yield arrays


def _write_records(f: BinaryIO, arrays: list[np.ndarray]) -> None:
    """Arrays as .npy records, each from a multiple of _ALIGN."""
    for a in arrays:
        f.write(b"\0" * (-f.tell() % _ALIGN))
        np.lib.format.write_array(f, np.ascontiguousarray(a), allow_pickle=False)


def _map_records(f: BinaryIO, count: int) -> tuple[list[np.ndarray], bytes, int]:
    """The `count` records of a file written by _write_records, memory-mapped read-only, the checksum of their
    headers and small arrays, and where they end. ValueError when a header is not numpy's or an array is not all
    there."""
    mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # ValueError for an empty file
    h = hashlib.sha256()
    found: list[np.ndarray] = []
    at = 0
    for _ in range(count):
        at += -at % _ALIGN
        f.seek(at)
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise ValueError(f"unknown .npy version {version}")
        if dtype.hasobject or fortran or len(shape) != 1:
            raise ValueError("not an array of numbers")
        start = f.tell()
        end = start + shape[0] * dtype.itemsize
        if end > len(mapped):
            raise ValueError("truncated")
        h.update(mapped[at:end if end - start <= _CHECKED else start])
        found.append(np.frombuffer(mapped, dtype=dtype, count=shape[0], offset=start))
        at = end
    return found, h.digest(), at


@dataclass(frozen=True)
class _Stored:
    """One index file as read: bm25s's index, and each briefing's table arrays by the briefing's digest."""

    arrays: IndexArrays
    tables: dict[str, dict[str, np.ndarray]]


class BuildCache:
    """The cache folder, or no caching at all (`folder` None). Counts what it read and what had to be built.

    A build asks for its whole index first (`read_index`), then for each briefing's table (`read_table`): from
    that index file, else from the other index files kept, which are read once per build. `end_build` lets go of
    what the build did not use."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.tables_read = self.tables_written = self.indexes_read = self.indexes_written = 0
        self.stale_removed = 0
        self.keys_read = 0  # tables read back for their keys only: an index rebuilt from briefings kept in memory
        self._tables: dict[str, dict[str, np.ndarray]] = {}  # this build's tables found on disk, by digest
        self._searched = False  # whether this build has looked through every kept index file
        self._checked: set[str] = set()  # digests of tables in _tables checked already (those of the index read)
        if folder is not None:
            self._remove_stale()

    def _remove_stale(self) -> None:
        """Delete temporary files older than STALE_SECONDS: a writer that crashed between writing and renaming
        leaves one behind, and nothing else would ever remove it. A live writer's file is seconds old."""
        assert self.folder is not None
        before = time.time() - STALE_SECONDS
        try:
            for partial in (self.folder / "index").glob("*.tmp"):
                if partial.stat().st_mtime < before:
                    partial.unlink(missing_ok=True)
                    self.stale_removed += 1
        except OSError as e:  # the folder is missing, or another process removed the file first
            log.debug("answer build cache: cleaning %s: %s", self.folder / "index", e)

    def digest(self, lb: LoadedBriefing) -> str:
        """What identifies a briefing's passage table: its content and the code version. The content is the
        briefing file's text when the loader read one (the model is validated from it by the code hashed into
        `code_version`), else the model as JSON (serialising every model costs ~8 MB of lasting heap at 1,000)."""
        h = hashlib.sha256(code_version().encode())
        model = f"file {lb.source_sha256}" if lb.source_sha256 else f"model {lb.briefing.model_dump_json()}"
        for part in (model, lb.article):
            h.update(b"\0" + part.encode("utf-8"))
        return h.hexdigest()

    def index_digest(self, digests: list[str]) -> str:
        return hashlib.sha256("\n".join((code_version(), "index", *digests)).encode()).hexdigest()

    def read_table(self, digest: str, briefing: str, keys_only: bool = False) -> Table | None:
        """A briefing's table from an index file kept, None when none holds it (or its copy is unusable);
        `keys_only`: read for its passages' keys (counted in `keys_read`, not `tables_read`)."""
        from bot.core.answer.passages import Table  # passages imports the index's modules, not this one

        arrays = self._tables.get(digest)
        if arrays is None and not self._searched:
            self._search()
            arrays = self._tables.get(digest)
        if arrays is None:
            return None
        try:
            table = Table.from_arrays(briefing, arrays)
            if digest not in self._checked:
                table.check()
        except (KeyError, ValueError) as e:
            log.info("answer build cache: table %s unusable (%s); rebuilding it", digest, e)
            del self._tables[digest]
            return None
        if keys_only:
            self.keys_read += 1
        else:
            self.tables_read += 1
        return table

    def _search(self) -> None:
        """Every table the kept index files hold, newest file first: a briefing unchanged since one of them is
        read back from it."""
        self._searched = True
        if self.folder is None:
            return
        try:
            files = sorted((self.folder / "index").glob(f"*{SUFFIX}"), key=lambda f: -f.stat().st_mtime)
        except OSError as e:  # another process pruned a file while we looked
            log.debug("answer build cache: listing %s: %s", self.folder / "index", e)
            return
        for path in files[:INDEXES_KEPT]:
            found = self._map_index(path)
            if found is not None:
                for digest, arrays in found.tables.items():
                    self._tables.setdefault(digest, arrays)

    def end_build(self) -> None:
        """Let go of the tables found on disk that the build did not take (and of their files' mappings)."""
        self._tables = {}
        self._searched = False
        self._checked = set()

    def read_index(self, digest: str) -> IndexArrays | None:
        """The whole index, memory-mapped (see the module's doc); None when not cached or unusable, as when one
        of its tables is. Its tables are what `read_table` reads first."""
        if self.folder is None:
            return None
        found = self._map_index(self.folder / "index" / f"{digest}{SUFFIX}", check=True)
        if found is None:
            return None
        self._tables.update(found.tables)
        self._checked.update(found.tables)
        self.indexes_read += 1
        return found.arrays

    def _map_index(self, path: Path, check: bool = False) -> _Stored | None:
        """An index file's contents; `check`: each of its tables checked too (else when one is read)."""
        from bot.core.answer.passages import Table

        try:
            with open(path, "rb") as f:
                arrays, checksum, end = _map_records(f, len(INDEX_ARRAYS))
                f.seek(end)
                if f.read() != checksum:  # and nothing after it
                    raise ValueError("checksum differs, or not the records expected")
            data, indices, indptr, blob, offsets, digests, directory, tables = arrays
            if (data.dtype.kind != "f" or any(a.dtype != np.uint8 for a in (blob, digests, tables))
                    or any(a.dtype.kind not in "iu" for a in (indices, indptr, offsets, directory))
                    or len(digests) % _CHECKSUM):
                raise ValueError("not an index's arrays")
            found = IndexArrays(data, indices, indptr, _unstrings(blob, offsets))
            if (len(found.indptr) != len(found.vocabulary) or len(found.data) != len(found.indices)
                    or int(found.indptr[-1]) != len(found.data)):
                raise ValueError("inconsistent index arrays")
            names = [bytes(d).hex() for d in digests.reshape(-1, _CHECKSUM)]
            held = list(_unpack(tables, directory, Table.FIELDS))
            if len(held) != len(names):
                raise ValueError("not a table for each briefing")
            for table in held if check else ():
                Table.from_arrays("", table).check()
            os.utime(path)  # recently used: pruning goes by modification time
        except FileNotFoundError:
            return None
        except _UNREADABLE as e:  # truncated, corrupt, or not ours: built again
            log.info("answer build cache: %s unusable (%s); rebuilding it", path, e)
            return None
        return _Stored(found, dict(zip(names, held, strict=True)))

    def write_index(self, digest: str, arrays: IndexArrays, tables: list[tuple[str, dict[str, np.ndarray]]]
                    ) -> None:
        """Write the whole index with every briefing's table (digest, arrays), then prune. A table not read from
        an index file counts as written. The build keeps its heap copy: mapping the file just written and freeing
        the copy measured +15 MB RSS at 1,000 briefings, not less (glibc keeps the freed space), so only a warm
        start maps."""
        from bot.core.answer.passages import Table

        blob, offsets = _strings(arrays.vocabulary)
        packed, directory = _pack([t for _, t in tables], Table.FIELDS)
        names = np.frombuffer(b"".join(bytes.fromhex(d) for d, _ in tables), dtype=np.uint8)
        records = [arrays.data, arrays.indices, arrays.indptr, blob, offsets, names, directory, packed]

        def write(f: BinaryIO) -> None:
            _write_records(f, records)
            f.flush()
            checksum = _map_records(f, len(records))[1]  # as a reader works it out
            f.seek(0, os.SEEK_END)
            f.write(checksum)

        if self._put(digest, write):
            self.indexes_written += 1
            self.tables_written += sum(d not in self._tables for d, _ in tables)
            self._prune()

    def _put(self, digest: str, write: Callable[[BinaryIO], None]) -> bool:
        """Write an entry to a temporary file, then rename it into place: readers see the whole file or none."""
        if self.folder is None:
            return False
        folder = self.folder / "index"
        partial = folder / f"{digest}.{os.getpid()}.tmp"
        entry = folder / f"{digest}{SUFFIX}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "w+b") as f:
                write(f)
            os.replace(partial, entry)
        except (OSError, ValueError, KeyError) as e:
            log.debug("answer build cache: %s not written: %s", entry, e)
            partial.unlink(missing_ok=True)
            return False
        return True

    def _prune(self) -> None:
        """Drop the least recently used index files past INDEXES_KEPT, so edits do not fill the disk."""
        assert self.folder is not None
        try:
            found = sorted((self.folder / "index").glob(f"*{SUFFIX}"), key=lambda f: f.stat().st_mtime)
            for old in found[:max(0, len(found) - INDEXES_KEPT)]:
                old.unlink(missing_ok=True)
        except OSError as e:  # another process pruned the same file first
            log.debug("answer build cache: pruning %s: %s", self.folder / "index", e)
