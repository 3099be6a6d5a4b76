"""The answer index's build cache: each briefing's passage table, and the whole BM25 index, kept on disk.

Building the index for a thousand briefings takes seconds; reading it back takes a fraction of that. Two kinds of
entry live in the cache folder:

- `briefings/<digest>.npz`: one briefing's passage table (`passages.Table`), keyed by a digest of that briefing's
  content (its validated model and article) and of the code version. A reload that changes one briefing rebuilds
  only its table; every other one is read back.
- `index/<digest>.npy`: bm25s's score arrays and vocabulary for one exact list of briefing digests: numpy .npy
  records one after another, each starting on a 64-byte boundary, then a SHA-256 of everything but the large
  arrays' data. A warm start maps it, not reads it: the score arrays (~29 MB at 1,000 briefings) stay in the page cache,
  shared and read when a question needs them, not copied into the heap. Damage is found by the checksum (the
  records' headers and small arrays) and the exact file size, not by reading every byte. A file replaced or pruned
  while mapped stays readable: `os.replace` and unlink leave the mapped inode alive until the mapping goes.

Every digest includes `code_version()`: briefbot's version, a hash of the engine's source and data files, and the
versions of the libraries the analysis depends on. An entry from other code is never found, so it is never trusted.
Files are written to a temporary name and renamed into place, so a reader never sees half a file; a temporary
file a crashed writer left behind is deleted once it is STALE_SECONDS old, when a cache is next opened. A missing,
truncated or corrupt file is logged and rebuilt, never an error. The folder is safe to delete at any time.

The formats are numpy's .npz and .npy read with `allow_pickle=False` (no object arrays): arrays of numbers and
bytes only, no code is ever unpickled, whoever wrote the folder. Old entries are pruned, least recently written
first, past a bound.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import mmap
import os
import time
import zipfile
from collections.abc import Callable
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

FORMAT = 3  # of the files below; part of every digest
LIBRARIES = ("bm25s", "numpy", "scipy", "lemminflect", "PyStemmer", "breame", "pydantic", "PyYAML")
_ENGINE = Path(__file__).resolve().parent  # bot/core/answer: its modules and data files
# normalisation, the briefing model, and how a briefing file is read into it (a briefing is keyed by its file's text)
_SOURCES = tuple(_ENGINE.parent / f for f in ("text.py", "briefing.py", "loader.py", "yamlfile.py"))
INDEXES_KEPT = 8  # whole-index files: one per content version; a few let two instances or a rollback share it
TABLES_SPARE = 1024  # briefing tables kept beyond those of the index just built (edits leave old ones behind)
STALE_SECONDS = 600  # a temporary file this old was left by a writer that died: no live write takes minutes
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)  # what a damaged file raises
SUFFIX = {"briefings": ".npz", "index": ".npy"}
INDEX_ARRAYS = ("data", "indices", "indptr", "vocabulary", "vocabulary_offsets")  # an index file's records, in order
_ALIGN = 64  # each record starts here, so its data (numpy pads the header to 64 bytes) is aligned too
_CHECKED = 1 << 20  # arrays up to this size are in a mapped file's checksum whole; larger ones by header and size
_CHECKSUM = hashlib.sha256().digest_size


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


class BuildCache:
    """The cache folder, or no caching at all (`folder` None). Counts what it read and what had to be built."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.tables_read = self.tables_written = self.indexes_read = self.indexes_written = 0
        self.stale_removed = 0
        self.keys_read = 0  # tables read back for their keys only: an index rebuilt from briefings kept in memory
        if folder is not None:
            self._remove_stale()

    def _remove_stale(self) -> None:
        """Delete temporary files older than STALE_SECONDS: a writer that crashed between writing and renaming
        leaves one behind, and nothing else would ever remove it. A live writer's file is seconds old."""
        assert self.folder is not None
        before = time.time() - STALE_SECONDS
        for kind in ("briefings", "index"):
            try:
                for partial in (self.folder / kind).glob("*.tmp"):
                    if partial.stat().st_mtime < before:
                        partial.unlink(missing_ok=True)
                        self.stale_removed += 1
            except OSError as e:  # the folder is missing, or another process removed the file first
                log.debug("answer build cache: cleaning %s: %s", self.folder / kind, e)

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
        """A briefing's table, None when not cached or unusable; `keys_only`: read for its passages' keys (counted
        in `keys_read`, not `tables_read`)."""
        from bot.core.answer.passages import Table  # passages imports the index's modules, not this one

        arrays = self._read("briefings", digest)
        if arrays is None:
            return None
        try:
            table = Table.from_arrays(briefing, arrays)
            table.check()
        except (KeyError, ValueError) as e:
            log.info("answer build cache: %s/%s.npz unusable (%s); rebuilding it", "briefings", digest, e)
            return None
        if keys_only:
            self.keys_read += 1
        else:
            self.tables_read += 1
        return table

    def write_table(self, digest: str, table: Table) -> None:
        if self._write("briefings", digest, table.arrays()):
            self.tables_written += 1

    def read_index(self, digest: str, passages: int) -> IndexArrays | None:
        """The whole index, memory-mapped (see the module's doc); None when not cached or unusable."""
        found = self._map_index(digest)
        if found is not None:
            self.indexes_read += 1
        return found

    def _map_index(self, digest: str) -> IndexArrays | None:
        if self.folder is None:
            return None
        path = self.folder / "index" / f"{digest}{SUFFIX['index']}"
        try:
            with open(path, "rb") as f:
                arrays, checksum, end = _map_records(f, len(INDEX_ARRAYS))
                f.seek(end)
                if f.read() != checksum:  # and nothing after it
                    raise ValueError("checksum differs, or not the records expected")
            data, indices, indptr, blob, offsets = arrays
            if (data.dtype.kind != "f" or blob.dtype != np.uint8
                    or any(a.dtype.kind not in "iu" for a in (indices, indptr, offsets))):
                raise ValueError("not an index's arrays")
            found = IndexArrays(data, indices, indptr, _unstrings(blob, offsets))
            if (len(found.indptr) != len(found.vocabulary) or len(found.data) != len(found.indices)
                    or int(found.indptr[-1]) != len(found.data)):
                raise ValueError("inconsistent index arrays")
            os.utime(path)  # recently used: pruning goes by modification time
        except FileNotFoundError:
            return None
        except (*_UNREADABLE, UnicodeDecodeError) as e:  # truncated, corrupt, or not ours: built again
            log.info("answer build cache: %s unusable (%s); rebuilding it", path, e)
            return None
        return found

    def write_index(self, digest: str, arrays: IndexArrays, tables: int) -> None:
        """Write the whole index, then prune: `tables` briefing tables are in use. The build keeps its heap copy:
        mapping the file just written and freeing the copy measured +15 MB RSS at 1,000 briefings, not less
        (glibc keeps the freed space), so only a warm start maps."""
        blob, offsets = _strings(arrays.vocabulary)
        records = [arrays.data, arrays.indices, arrays.indptr, blob, offsets]

        def write(f: BinaryIO) -> None:
            _write_records(f, records)
            f.flush()
            checksum = _map_records(f, len(records))[1]  # as a reader works it out
            f.seek(0, os.SEEK_END)
            f.write(checksum)

        if self._put("index", digest, write):
            self.indexes_written += 1
            self._prune(tables)

    def _read(self, kind: str, digest: str) -> dict[str, np.ndarray] | None:
        if self.folder is None:
            return None
        path = self.folder / kind / f"{digest}{SUFFIX[kind]}"
        try:
            with open(path, "rb") as f:
                found = np.load(f, allow_pickle=False)
                if not isinstance(found, np.lib.npyio.NpzFile):
                    raise ValueError("not an .npz archive")
                with found:
                    arrays = {name: found[name] for name in found.files}
            os.utime(path)  # recently used: pruning goes by modification time
            return arrays
        except FileNotFoundError:
            return None
        except _UNREADABLE as e:  # truncated, corrupt, or not ours: built again and rewritten
            log.info("answer build cache: %s unreadable (%s); rebuilding it", path, e)
            return None

    def _write(self, kind: str, digest: str, arrays: dict[str, np.ndarray]) -> bool:
        return self._put(kind, digest, lambda f: np.savez(f, allow_pickle=False, **arrays))

    def _put(self, kind: str, digest: str, write: Callable[[BinaryIO], None]) -> bool:
        """Write an entry to a temporary file, then rename it into place: readers see the whole file or none."""
        if self.folder is None:
            return False
        folder = self.folder / kind
        partial = folder / f"{digest}.{os.getpid()}.tmp"
        entry = folder / f"{digest}{SUFFIX[kind]}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "w+b") as f:
                write(f)
            os.replace(partial, entry)
        except (OSError, ValueError) as e:
            log.debug("answer build cache: %s not written: %s", entry, e)
            partial.unlink(missing_ok=True)
            return False
        return True

    def _prune(self, tables: int) -> None:
        """Drop the oldest whole-index files past INDEXES_KEPT, and the least recently used briefing tables past
        the `tables` of the index just built plus TABLES_SPARE, so edits do not fill the disk."""
        assert self.folder is not None
        for kind, keep in (("index", INDEXES_KEPT), ("briefings", tables + TABLES_SPARE)):
            try:
                found = sorted((self.folder / kind).glob(f"*{SUFFIX[kind]}"), key=lambda f: f.stat().st_mtime)
                for old in found[:max(0, len(found) - keep)]:
                    old.unlink(missing_ok=True)
            except OSError as e:  # another process pruned the same file first
                log.debug("answer build cache: pruning %s: %s", self.folder / kind, e)
