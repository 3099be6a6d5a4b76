"""The answer index's build cache: read back when warm, rebuilt when anything it depends on changes or is damaged."""
from __future__ import annotations

import dataclasses
import mmap
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import bot
from bot.core.answer import AnswerEngine
from bot.core.answer import cache as build_cache
from bot.core.answer.cache import BuildCache
from bot.core.loader import load_content
from bot.core.store import ContentStore
from tests.conftest import MAIN_ID, SECOND_ID

QUESTIONS = ("How much cocaine was seized in Antwerp in 2023?", "Who is Bart De Wever?", "when did it start",
             "what is the capital of peru")


@pytest.fixture(autouse=True)
def _fresh_code_version() -> Iterator[None]:
    """code_version() is worked out once per process; tests that change what it hashes start and end fresh."""
    build_cache.code_version.cache_clear()
    yield
    build_cache.code_version.cache_clear()


def answers(engine: AnswerEngine) -> list[dict[str, object]]:
    return [engine.ask(q, b).as_json() for q in QUESTIONS for b in (MAIN_ID, SECOND_ID)]


def build(content: Path, folder: Path | None) -> tuple[AnswerEngine, BuildCache]:
    cache = BuildCache(folder)
    return AnswerEngine(ContentStore(load_content(content)), cache=cache), cache


def counts(cache: BuildCache) -> tuple[int, int, int, int]:
    return cache.tables_read, cache.tables_written, cache.indexes_read, cache.indexes_written


def test_a_warm_cache_is_read_instead_of_built_and_answers_the_same(two_briefings: Path, tmp_path: Path) -> None:
    """The second build reads both briefings' tables and the index from disk, builds nothing, answers the same."""
    first, cold = build(two_briefings, tmp_path / "cache")
    second, warm = build(two_briefings, tmp_path / "cache")
    assert counts(cold) == (0, 2, 0, 1)
    assert counts(warm) == (2, 0, 1, 0)
    assert answers(second) == answers(first) == answers(AnswerEngine(ContentStore(load_content(two_briefings)),
                                                                     cache=BuildCache(None)))


def test_a_changed_briefing_rebuilds_its_table_only(two_briefings: Path, tmp_path: Path) -> None:
    """An edited article is analysed again; the other briefing's table is read back; the index is rebuilt."""
    build(two_briefings, tmp_path / "cache")
    article = two_briefings / SECOND_ID / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line of the article.\n", encoding="utf-8")
    engine, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (1, 1, 0, 1)
    assert answers(engine) == answers(AnswerEngine(ContentStore(load_content(two_briefings)), cache=BuildCache(None)))


def test_tables_are_found_in_any_index_file_kept_and_old_files_pruned(two_briefings: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An index file names the briefings it holds: a briefing set that no file indexes exactly reads each table
    from whichever kept file holds it (here the first, two files back), and files past INDEXES_KEPT are pruned,
    least recently used first."""
    build(two_briefings, tmp_path / "cache")  # file 1: both briefings
    second = two_briefings.parent / "second"
    shutil.move(two_briefings / SECOND_ID, second)
    assert counts(build(two_briefings, tmp_path / "cache")[1]) == (1, 0, 0, 1)  # file 2: the main one only
    article = two_briefings / MAIN_ID / "article.txt"
    original = article.read_text(encoding="utf-8")
    article.write_text(original + "\nA new closing line of the article.\n", encoding="utf-8")
    assert counts(build(two_briefings, tmp_path / "cache")[1]) == (0, 1, 0, 1)  # file 3: the edited main one
    article.write_text(original, encoding="utf-8")
    shutil.move(second, two_briefings / SECOND_ID)
    monkeypatch.setattr(build_cache, "INDEXES_KEPT", 3)
    shutil.rmtree(two_briefings / MAIN_ID)
    engine, cache = build(two_briefings, tmp_path / "cache")  # file 4: the second one, from file 1
    assert counts(cache) == (1, 0, 0, 1)
    assert len(list((tmp_path / "cache" / "index").glob("*.npy"))) == 3
    assert answers(engine) == answers(AnswerEngine(ContentStore(load_content(two_briefings)), cache=BuildCache(None)))


def test_a_new_code_version_is_never_trusted(two_briefings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """Another briefbot version finds none of the entries an older one wrote, and builds everything."""
    build(two_briefings, tmp_path / "cache")
    monkeypatch.setattr(bot, "__version__", f"{bot.__version__}.post1")
    build_cache.code_version.cache_clear()
    _, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 2, 0, 1)


def test_a_new_library_version_is_never_trusted(two_briefings: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgraded bm25s (or any library the analysis uses) makes every entry stale."""
    build(two_briefings, tmp_path / "cache")
    real = build_cache._library
    monkeypatch.setattr(build_cache, "_library", lambda name: "99.0" if name == "bm25s" else real(name))
    build_cache.code_version.cache_clear()
    _, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 2, 0, 1)


def test_a_changed_engine_source_is_never_trusted(two_briefings: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A different engine source file (same version number) makes every entry stale."""
    build(two_briefings, tmp_path / "cache")
    engine = tmp_path / "engine"
    shutil.copytree(build_cache._ENGINE, engine)
    (engine / "passages.py").write_text("# edited\n", encoding="utf-8")
    monkeypatch.setattr(build_cache, "_ENGINE", engine)
    build_cache.code_version.cache_clear()
    _, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 2, 0, 1)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrong arrays", "header"])
def test_a_damaged_entry_is_rebuilt_silently(two_briefings: Path, tmp_path: Path, damage: str) -> None:
    """A truncated, corrupt, empty or foreign index file, or one whose record header changed, is built again and
    rewritten with every table, and answers do not change."""
    expected = answers(build(two_briefings, tmp_path / "cache")[0])
    [f] = (tmp_path / "cache").rglob("*.np[yz]")
    data = f.read_bytes()
    if damage == "truncated":
        f.write_bytes(data[:len(data) // 2])
    elif damage == "garbage":
        f.write_bytes(b"\x93NUMPY not really" * 40)
    elif damage == "empty":
        f.write_bytes(b"")
    elif damage == "wrong arrays":
        np.save(f, np.arange(3))
    else:  # a record's header damaged (its array's length): the checksum differs
        at = data.index(b"'shape': (") + len(b"'shape': (")
        f.write_bytes(data[:at] + (b"1" if data[at] != ord("1") else b"2") + data[at + 1:])
    engine, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 2, 0, 1)
    assert answers(engine) == expected
    assert counts(build(two_briefings, tmp_path / "cache")[1]) == (2, 0, 1, 0)


def test_a_table_whose_text_does_not_inflate_is_rebuilt_and_the_others_read(two_briefings: Path,
                                                                             tmp_path: Path) -> None:
    """An index file whose arrays agree and whose checksum holds, but one of whose tables' compressed text is not
    zlib's, is not used: that table is built again, the other one read back from the file, the index rewritten."""
    expected = answers(build(two_briefings, tmp_path / "cache")[0])
    cache = BuildCache(tmp_path / "cache")
    [path] = (tmp_path / "cache" / "index").glob("*.npy")
    found = cache._map_index(path)
    assert found is not None
    tables = [(d, {**t, "blob": np.frombuffer(b"not zlib at all", dtype=np.uint8)} if i == 0 else t)
              for i, (d, t) in enumerate(found.tables.items())]
    cache.write_index(path.stem, found.arrays, tables)
    del found, tables
    engine, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (1, 1, 0, 1)
    assert answers(engine) == expected


def test_entries_are_written_whole_or_not_at_all(two_briefings: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way (a full disk) leaves no file under an entry's name and no temporary file,
    and the build itself still succeeds."""
    def half_an_array(file: object, array: object, **options: object) -> None:
        assert hasattr(file, "write")
        file.write(b"\x93NUMPY half an array")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np.lib.format, "write_array", half_an_array)
    engine, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 0, 0, 0)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
    assert engine.ask("Who is Bart De Wever?", MAIN_ID).answered


def test_no_folder_builds_without_caching(two_briefings: Path) -> None:
    """BuildCache(None) builds everything and writes nothing."""
    _, cache = build(two_briefings, None)
    assert counts(cache) == (0, 0, 0, 0)


def test_temporary_files_a_crashed_writer_left_are_removed_when_the_cache_opens(tmp_path: Path) -> None:
    """A writer that died between writing and renaming leaves a .tmp file: once it is older than STALE_SECONDS
    the next cache opened deletes it. A fresh one (a live writer's) and the entries are kept."""
    folder = tmp_path / "cache"
    (folder / "index").mkdir(parents=True)
    for name in ("old.123.tmp", "new.456.tmp", "entry.npy"):
        (folder / "index" / name).write_bytes(b"x")
    old = time.time() - build_cache.STALE_SECONDS - 60
    os.utime(folder / "index" / "old.123.tmp", (old, old))
    assert BuildCache(folder).stale_removed == 1
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*")) == [
        "index/entry.npy", "index/new.456.tmp"]
    assert BuildCache(tmp_path / "missing").stale_removed == 0


@pytest.mark.parametrize("cached", [True, False])
def test_a_reload_reads_back_the_keys_an_index_build_forgot(two_briefings: Path, tmp_path: Path, cached: bool
                                                            ) -> None:
    """Once an index is built its tables drop their passages' keys; a reload that edits one briefing rebuilds the
    index from the unchanged briefing's keys read back from the cache (or its table built again, with no cache
    folder), and answers as a fresh build does."""
    folder = tmp_path / "cache" if cached else None
    first, _ = build(two_briefings, folder)
    assert all(a.table.key_ids() is None for a in first._index.analysed.values())
    article = two_briefings / SECOND_ID / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line of the article.\n", encoding="utf-8")
    cache = BuildCache(folder)
    reloaded = AnswerEngine(ContentStore(load_content(two_briefings)), first, cache=cache)
    assert (*counts(cache), cache.keys_read) == ((0, 1, 0, 1, 1) if cached else (0, 0, 0, 0, 0))
    assert answers(reloaded) == answers(AnswerEngine(ContentStore(load_content(two_briefings)),
                                                     cache=BuildCache(None)))


def test_a_briefing_is_keyed_by_its_file_text_or_else_its_model(two_briefings: Path) -> None:
    """The loader's hash of the briefing file keys its table (no model serialised); a briefing made in memory,
    with no file, is keyed by its model; either changes when the briefing does."""
    cache = BuildCache(None)
    loaded = {lb.briefing.id: lb for lb in load_content(two_briefings)}
    main = loaded[MAIN_ID]
    assert len(main.source_sha256) == 64
    assert cache.digest(main) == cache.digest({lb.briefing.id: lb for lb in load_content(two_briefings)}[MAIN_ID])
    unfiled = dataclasses.replace(main, source_sha256="")
    assert len({cache.digest(main), cache.digest(unfiled), cache.digest(loaded[SECOND_ID])}) == 3
    renamed = dataclasses.replace(unfiled, briefing=main.briefing.model_copy(update={"id": "another"}))
    assert cache.digest(renamed) != cache.digest(unfiled)
    briefing = two_briefings / MAIN_ID / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.digest(next(lb for lb in load_content(two_briefings) if lb.briefing.id == MAIN_ID)) \
        != cache.digest(main)


def test_the_index_is_memory_mapped_read_only_and_answers_the_same(two_briefings: Path, tmp_path: Path) -> None:
    """The whole index and the briefings' tables are mapped from their file, not copied into the heap, when read
    back warm; answers are those of a cold build and of one that caches nothing."""
    cold, _ = build(two_briefings, tmp_path / "cache")
    warm, _ = build(two_briefings, tmp_path / "cache")
    [path] = (tmp_path / "cache" / "index").glob("*.npy")
    found = BuildCache(tmp_path / "cache").read_index(path.stem)
    assert found is not None
    # the warm engine's tables too: their compressed text is a view of the file
    blobs = [a.table._blob for a in warm._index.analysed.values()]
    for a in (found.data, found.indices, found.indptr, *blobs):
        base: object = a
        while isinstance(base, np.ndarray):  # a table's array is a view of the file's tables record
            base = base.base
        assert isinstance(base, memoryview) and isinstance(base.obj, mmap.mmap) and not a.flags.writeable
    assert answers(warm) == answers(cold) == answers(AnswerEngine(ContentStore(load_content(two_briefings)),
                                                                  cache=BuildCache(None)))


def test_an_index_file_replaced_or_deleted_while_mapped_still_answers(two_briefings: Path, tmp_path: Path) -> None:
    """Another instance replacing the file (an atomic rename), or pruning it, leaves a running engine's mapping
    of the old file intact."""
    engine, _ = build(two_briefings, tmp_path / "cache")
    expected = answers(engine)
    [path] = (tmp_path / "cache" / "index").glob("*.npy")
    other = path.with_suffix(".tmp")
    other.write_bytes(b"\0" * path.stat().st_size)
    os.replace(other, path)
    assert answers(engine) == expected
    path.unlink()
    assert answers(engine) == expected


def test_a_changed_vocabulary_in_a_mapped_index_is_found_by_its_checksum(two_briefings: Path, tmp_path: Path
                                                                         ) -> None:
    """A damaged byte in the index's small arrays (its vocabulary), the length and headers intact, makes the file
    unusable: the index and the tables it held are built again."""
    expected = answers(build(two_briefings, tmp_path / "cache")[0])
    [path] = (tmp_path / "cache" / "index").glob("*.npy")
    data = bytearray(path.read_bytes())
    at = data.index(b"antwerp")
    data[at] = ord("b")
    path.write_bytes(bytes(data))
    engine, cache = build(two_briefings, tmp_path / "cache")
    assert counts(cache) == (0, 2, 0, 1)
    assert answers(engine) == expected
