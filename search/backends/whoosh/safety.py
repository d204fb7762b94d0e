"""Crash safety of an index folder: what a writer does when it takes the writer lock
(recover from a writer that died) and when it lets go (seal the new segments), the
atomic swap of a rebuilt index. (The lock itself and write errors: search/folder.py.)

Whoosh writes a commit as new segment files, then a new table of contents
(``_MAIN_N.toc``, written as a temporary file and renamed), then deletes what the
new TOC no longer names. A writer killed half way leaves its temporary files
(``MAIN.tmp/``, ``_MAIN_N.toc.<time>``, segment files no TOC names); the last
TOC and the segments it names are intact. `recover` removes the leftovers, finishes
or abandons an interrupted `reindex` (``whoosh.new/``), and undoes a batch that
reached the index but not the capture store (``ingest.journal``, see search/writing.py).

Segments never change once written (deletions live in the TOC), so the first
writer after a commit records each new segment file's size and CRC-32 in
``whoosh/newsfacet.json`` (`seal`); `newsfacet check` compares them.
"""
from __future__ import annotations

import ctypes
import errno
import json
import logging
import os
import re
import shutil
import sqlite3
import uuid
import zlib
from pathlib import Path
from typing import Callable

from search.backends.whoosh.schema import WHOOSH_DIR
from search.folder import STORE_FILE, fsync_dir
from search.store import CaptureStore

log = logging.getLogger("newsfacet")

NEW_DIR = WHOOSH_DIR + ".new"     # a reindex being built (or the old index just after the swap)
OLD_DIR = WHOOSH_DIR + ".old"     # the old index after a swap, being deleted
MANIFEST = "newsfacet.json"       # in a Whoosh folder: {"build": id, "files": {name: [size, crc32]}}
INDEXNAME = "MAIN"
_TOC = re.compile(r"^_%s_([0-9]+)\.toc$" % INDEXNAME)
_TOC_TMP = re.compile(r"^_%s_[0-9]+\.toc\..+$" % INDEXNAME)
_SEGMENT_FILE = re.compile(r"^(%s_[0-9a-z]+)\.[A-Za-z0-9_.]+$" % INDEXNAME)


# --------------------------------------------------------------------------- the manifest


def read_manifest(wdir: Path) -> dict:
    try:
        data = json.loads((wdir / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_manifest(wdir: Path, manifest: dict) -> None:
    """Write the manifest atomically (temporary file, fsync, rename)."""
    tmp = wdir / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, wdir / MANIFEST)


def file_sum(path: Path) -> list[int]:
    """[size, CRC-32] of a file."""
    crc, size = 0, 0
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            crc = zlib.crc32(block, crc)
            size += len(block)
    return [size, crc]


def toc_state(wdir: Path):
    """(generation, segments) of the newest TOC of a Whoosh folder (Whoosh's own reader;
    the file is closed also when it does not read)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    class Closing(FileStorage):
        opened: list = []

        def open_file(self, name, **kwargs):
            f = super().open_file(name, **kwargs)
            self.opened.append(f)
            return f

    storage = Closing(str(wdir))
    storage.opened = []
    try:
        toc = TOC.read(storage, INDEXNAME)
    finally:
        for f in storage.opened:
            try:
                f.close()
            except Exception:
                pass
    return toc.generation, toc.segments


def segment_files(wdir: Path, segments) -> dict[str, list[str]]:
    """The files of each segment (by segment id) present in the folder."""
    ids = {seg.segment_id(): [] for seg in segments}
    for name in sorted(os.listdir(wdir)):
        m = _SEGMENT_FILE.match(name)
        if m and m.group(1) in ids:
            ids[m.group(1)].append(name)
    return ids


def seal(wdir: Path) -> int:
    """Record size and CRC-32 of the files of segments not yet recorded; forget those of
    segments that are gone. Returns how many files were added."""
    if not _has_toc(wdir):
        return 0
    try:
        _, segments = toc_state(wdir)
    except Exception:      # a damaged TOC: nothing to seal (`check` reports it)
        return 0
    manifest = read_manifest(wdir)
    files = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    present = {name for names in segment_files(wdir, segments).values() for name in names}
    current = {seg.segment_id() for seg in segments}
    added = 0
    for name in sorted(present - set(files)):
        files[name] = file_sum(wdir / name)
        added += 1
    # Forget the files of segments the TOC no longer names (a file of a current segment
    # that went missing stays recorded: `check` reports it).
    gone = {name for name in files if (m := _SEGMENT_FILE.match(name)) is None or m.group(1) not in current}
    for name in gone:
        del files[name]
    if added or gone or "files" not in manifest:
        manifest["files"] = files
        write_manifest(wdir, manifest)
    return added


def _has_toc(wdir: Path) -> bool:
    try:
        return any(_TOC.match(n) for n in os.listdir(wdir))
    except OSError:
        return False


# --------------------------------------------------------------------------- durable commits


def durable_storage(folder: str | os.PathLike):
    """A Whoosh FileStorage whose commits survive a power cut: before a new TOC is
    renamed into place, the segment files (and the TOC itself) are flushed to disk
    (fsync), and the folder after the rename. Whoosh alone flushes nothing, so a
    power cut could leave a TOC naming segments the disk never got."""
    from whoosh.filedb.filestore import FileStorage

    class DurableStorage(FileStorage):
        def __init__(self, path, *args, **kwargs):
            super().__init__(path, *args, **kwargs)
            self._synced: set[tuple[str, int]] = set()

        def rename_file(self, oldname, newname, safe=False):
            toc = _TOC.match(newname) is not None
            if toc:
                for name in os.listdir(self.folder):
                    if name == oldname or _SEGMENT_FILE.match(name):
                        self._fsync(name)
            super().rename_file(oldname, newname, safe)
            if toc:
                fsync_dir(Path(self.folder))

        def _fsync(self, name):
            p = os.path.join(self.folder, name)
            try:
                key = (name, os.stat(p).st_size)
                if key in self._synced:
                    return
                fd = os.open(p, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                self._synced.add(key)
            except FileNotFoundError:
                pass

    return DurableStorage(str(folder))


# --------------------------------------------------------------------------- leftovers


def leftovers(wdir: Path) -> list[str]:
    """Files and folders of the Whoosh folder that no reader needs: a dead writer's
    temporary files, TOCs older than the newest, segment files the newest TOC does not
    name. Call only while holding the writer lock."""
    if not wdir.is_dir() or not _has_toc(wdir):
        return []
    gen, segments = toc_state(wdir)
    current = {seg.segment_id() for seg in segments}
    out = []
    for name in sorted(os.listdir(wdir)):
        m = _TOC.match(name)
        seg = _SEGMENT_FILE.match(name)
        if m and int(m.group(1)) != gen:
            out.append(name)
        elif _TOC_TMP.match(name) or name in (INDEXNAME + ".tmp", MANIFEST + ".tmp"):
            out.append(name)
        elif seg and seg.group(1) not in current:
            out.append(name)
    return out


def clean(wdir: Path) -> list[str]:
    """Remove `leftovers`; returns their names."""
    removed = leftovers(wdir)
    for name in removed:
        p = wdir / name
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            try:
                p.unlink()
            except FileNotFoundError:
                pass
    return removed


# --------------------------------------------------------------------------- recovery


def recover(path: Path, undo_journal: Callable[[Path], int | None] | None = None) -> list[str]:
    """Bring the index folder to its last committed state after a writer died; returns
    what was done, in plain words (empty: nothing to do). Call while holding the lock.

    `undo_journal(path)` undoes a batch that reached the index but not the capture store
    (search/writing.py): the number of captures it named, or None if there was none."""
    notes: list[str] = []
    wdir = path / WHOOSH_DIR
    new, old = path / NEW_DIR, path / OLD_DIR
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
        notes.append(f"removed {OLD_DIR}/ (an old index left by a reindex)")
    swap = path / (WHOOSH_DIR + ".swap")     # `exchange` without renameat2, stopped half way
    if swap.exists():
        if wdir.exists() or (new.exists() and _reindex_committed(path, new, wdir)):
            shutil.rmtree(swap, ignore_errors=True)
        else:
            os.replace(swap, wdir)
        notes.append("finished a folder swap that a reindex left half done")
    if new.exists():
        if _reindex_committed(path, new, wdir):
            swap_in(new, wdir)
            notes.append("finished an interrupted reindex (its new index was complete and recorded)")
        else:
            shutil.rmtree(new, ignore_errors=True)
            notes.append(f"removed {NEW_DIR}/ (an unfinished reindex; the index is as before it)")
    if wdir.is_dir() and _has_toc(wdir):
        try:
            toc_state(wdir)
        except Exception:
            notes.append("the index's table of contents cannot be read: nothing cleaned "
                         "(`newsfacet check` says more; `newsfacet reindex` rebuilds it)")
            return notes
        removed = clean(wdir)
        if removed:
            notes.append(f"removed {len(removed)} leftover file(s) of an interrupted writer: "
                         + ", ".join(removed[:5]) + (", …" if len(removed) > 5 else ""))
        n = undo_journal(path) if undo_journal is not None else None
        if n is not None:
            notes.append(f"undid a batch of {n} capture(s) that reached the index but not the capture store "
                         "(run the same ingest again to add them)")
        try:
            seal(wdir)
        except OSError as exc:   # a full disk: the checksums are written by the next writer
            notes.append(f"could not record the new segments' checksums ({exc.strerror or exc})")
    return notes


def _reindex_committed(path: Path, new: Path, live: Path) -> bool:
    """True if `new` is a complete rebuilt index that the capture store already
    describes (the reindex committed the store, then died before the swap)."""
    build = read_manifest(new).get("build")
    if not build or not _has_toc(new) or build == read_manifest(live).get("build"):
        return False
    store_file = path / STORE_FILE
    if not store_file.exists():
        return False
    store = CaptureStore(store_file, readonly=True)
    try:
        return store.get_meta("build") == build
    except sqlite3.Error:
        return False
    finally:
        store.close()


def new_build() -> str:
    return uuid.uuid4().hex


# --------------------------------------------------------------------------- the swap


def set_generation(wdir: Path, generation: int) -> None:
    """Renumber the newest TOC of `wdir` to `generation` (when higher), so that readers
    of the folder it replaces see a newer generation and reopen."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(wdir))
    toc = TOC.read(storage, INDEXNAME)
    old = toc.generation
    if generation <= old:
        return
    toc.generation = generation
    toc.write(storage, INDEXNAME)
    storage.delete_file(TOC._filename(INDEXNAME, old))


def latest_generation(wdir: Path) -> int:
    gens = [int(m.group(1)) for n in os.listdir(wdir) if (m := _TOC.match(n))] if wdir.is_dir() else []
    return max(gens, default=-1)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE): there is no moment
    when `b` does not exist. Where the system cannot, two renames (a reader in between
    finds no index and retries: see Index.open)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        r = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        if r == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
            raise OSError(err, os.strerror(err), str(a))
    tmp = b.with_name(b.name + ".swap")
    os.replace(b, tmp)
    os.replace(a, b)
    os.replace(tmp, a)


def swap_in(new: Path, live: Path) -> None:
    """Make the complete index in `new` the live one; the old one is deleted. Readers
    that have the old one open keep reading it (its files stay until they close them)."""
    if live.exists():
        set_generation(new, max(latest_generation(live), latest_generation(new)) + 1)
        exchange(new, live)
        old = live.with_name(OLD_DIR)
        os.replace(new, old)          # `new` now holds the old index
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, live)
    fsync_dir(live.parent)
