"""The output folder belongs to the dataset (OUTPUT.md "Files in OUTDIR").

- A manifest (.plan-extract-manifest.json inside the folder) lists the files the last run wrote,
  taken from what the writers actually put in the staging folder. A rerun replaces exactly those;
  a file not listed is never deleted, and a folder holding one is refused unless --force
  (hidden files such as a log the caller redirected there are left alone, not refused).
- One run per folder: a lock file beside it (.NAME.plan-extract.lock) held with flock and holding
  the holder's pid. The kernel drops the flock when its holder dies, so a lock left by a killed
  run is taken over (with a note), never waited on.
- The dataset is replaced as a whole: the writers write into a staging folder beside the output
  folder, then the two are exchanged in one step (Linux renameat2 RENAME_EXCHANGE), so a kill at
  any moment leaves the previous dataset or the new one. Without renameat2: two renames, and the
  next run puts back a folder a kill left half-swapped. Folders that cannot be swapped (they hold
  other files under --force, contain the working folder, or are a mount point) get the files
  moved in one by one, each atomically.
- Everything is checked before any input is read: the folder can be created and written, it is
  not a file, nobody else holds it.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from schemas.output import TMP_PREFIX, json_bytes, remove_stale_temporaries, write_atomic

MANIFEST = ".plan-extract-manifest.json"
RENAME_EXCHANGE = 2          # linux/fs.h
AT_FDCWD = -100


class OutputRefused(Exception):
    """The output folder cannot be used (exit 2); the message names the folder or file."""


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.plan-extract.lock"


def staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.plan-extract-staging"


def old_path(target: Path) -> Path:
    return target.parent / f".{target.name}.plan-extract-old"


def read_manifest(folder: Path) -> list[str]:
    """File names a plan-extract run wrote into `folder`; [] when there is no manifest. Only
    plain names count (a manifest naming ../x cannot make us touch anything outside)."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes().decode("utf-8"))
        names = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [n for n in names if isinstance(n, str) and n not in ("", ".", "..")
            and "/" not in n and "\\" not in n and "\0" not in n]


def manifest_bytes(names: Iterable[str]) -> bytes:
    return json_bytes({"written_by": "plan-extract", "files": sorted(names)})


def _ours(name: str, listed: set[str]) -> bool:
    return name in listed or name == MANIFEST or (name.startswith(TMP_PREFIX)
                                                   and name.endswith(".tmp"))


def foreign_entries(folder: Path) -> list[str]:
    """Names in `folder` that no plan-extract run wrote (sorted)."""
    listed = set(read_manifest(folder))
    return sorted(n for n in os.listdir(folder) if not _ours(n, listed))


def remove_dataset(folder: Path) -> list[str]:
    """Delete the files of `folder`'s manifest (and our temporaries), then the folder if that
    empties it. Returns the names left behind (not ours: kept)."""
    listed = set(read_manifest(folder))
    for name in os.listdir(folder):
        p = folder / name
        if _ours(name, listed) and not p.is_dir():
            p.unlink(missing_ok=True)
    left = sorted(os.listdir(folder))
    if not left:
        folder.rmdir()
    return left


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (renameat2 RENAME_EXCHANGE); False where the C library or the
    file system cannot."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class OutputFolder:
    """A claimed output folder: locked, checked, with a fresh staging folder to write into."""
    target: Path
    staging: Path
    swap: bool                          # replaced as a whole (else file by file)
    inputs: frozenset = frozenset()     # resolved input files: never overwritten
    notes: list[str] = field(default_factory=list)
    published: bool = False

    def publish(self) -> list[str]:
        """Put the staged dataset in place; returns the manifest's names."""
        names = sorted(n for n in os.listdir(self.staging) if not n.startswith(TMP_PREFIX)
                       and (self.staging / n).is_file())
        for n in names:
            if (self.target / n).resolve() in self.inputs:
                raise OutputRefused(f"出力先 {self.target} の {n} は入力ファイルでもあるため上書き"
                                    f"しません (output file {n} is also an input)")
        write_atomic(self.staging / MANIFEST, manifest_bytes(names))
        _fsync_dir(self.staging)
        if self.swap:
            self._swap()
        else:
            self._move_in(names)
        self.published = True
        return names

    def _swap(self) -> None:
        target, staging = self.target, self.staging
        if not target.exists():
            os.rename(staging, target)
        else:
            os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
            if _exchange(staging, target):
                self._drop_previous(staging)
            else:                       # two renames; recover_half_swap mends a kill between
                os.rename(target, old_path(target))
                os.rename(staging, target)
                self._drop_previous(old_path(target))
        _fsync_dir(target.parent)

    def _drop_previous(self, folder: Path) -> None:
        left = remove_dataset(folder)
        if left:
            self.notes.append(f"前のデータセットのフォルダ {folder} に plan-extract が書いていない "
                              f"{left[0]} などが残っています (left in place)")

    def _move_in(self, names: list[str]) -> None:
        previous = set(read_manifest(self.target))
        for n in names:
            try:
                os.replace(self.staging / n, self.target / n)
            except OSError as e:
                if e.errno != errno.EXDEV:
                    raise
                write_atomic(self.target / n, (self.staging / n).read_bytes())
        for n in sorted(previous - set(names)):
            p = self.target / n
            if p.is_file():
                p.unlink()
        write_atomic(self.target / MANIFEST, (self.staging / MANIFEST).read_bytes())
        remove_stale_temporaries(self.target)
        shutil.rmtree(self.staging, ignore_errors=True)


def _take_lock(target: Path, notes: list[str]) -> int:
    """flock on the lock file beside `target`, our pid written in it; OutputRefused when another
    live run holds it."""
    path = lock_path(target)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise OutputRefused(f"出力先 {target} の置き場所 {target.parent} に書き込めません: "
                                f"{e.strerror} (cannot create the lock file {path})")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip()
            os.close(fd)
            raise OutputRefused(f"出力先 {target} は別の plan-extract（pid {holder or '?'}）が使用中"
                                f"です。終わるのを待つか、別の出力先を指定してください "
                                f"(locked: {path})")
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)                    # the holder removed the file as we opened it: again
    previous = os.read(fd, 64).decode("ascii", "replace").strip()
    if previous.isdigit() and int(previous) != os.getpid():
        state = "実行中ではない" if not _pid_alive(int(previous)) else "応答しない"
        notes.append(f"{state}以前の実行（pid {previous}）が残したロック {path} を引き継ぎました "
                     f"(stale lock taken over)")
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd


def _release_lock(target: Path, fd: int) -> None:
    try:
        lock_path(target).unlink(missing_ok=True)    # while still held: no one can be between
    finally:
        os.close(fd)


def recover_half_swap(target: Path, notes: list[str]) -> None:
    """Mend what a killed run left beside the folder: a staging folder (dropped) and, after a
    kill between the two renames of the fallback swap, the previous dataset put back."""
    staging, old = staging_path(target), old_path(target)
    if staging.exists():
        shutil.rmtree(staging)
    if old.exists():
        if not target.exists():
            os.rename(old, target)
            notes.append(f"中断された前回の実行のあと、前のデータセットを {target} に戻しました")
        else:
            remove_dataset(old)


def _cwd_inside(target: Path) -> bool:
    cwd = Path.cwd().resolve()
    return cwd == target or target in cwd.parents


def _probe(folder: Path) -> None:
    write_atomic(folder / f"{TMP_PREFIX}probe", b"")
    (folder / f"{TMP_PREFIX}probe").unlink()


@contextmanager
def claim(outdir: Path, *, force: bool = False,
          inputs: Iterable[Path] = ()) -> Iterator[OutputFolder]:
    """Check, lock and prepare `outdir` before any input is read. Raises OutputRefused (exit 2)
    naming what is wrong. On leaving, an unpublished staging folder is removed (the previous
    dataset stays as it was) and the lock released."""
    target = Path(os.path.abspath(outdir))
    if target.is_symlink() or target.exists():
        target = target.resolve()        # a link to a folder: the folder it names is replaced
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"出力先 {outdir} はフォルダではなくファイルです "
                            f"(output path is a file)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputRefused(f"出力先 {outdir} を作れません: {e.strerror} "
                            f"(cannot create {e.filename or target.parent})")
    notes: list[str] = []
    fd = _take_lock(target, notes)
    folder: Optional[OutputFolder] = None
    try:
        recover_half_swap(target, notes)
        swap = True
        if target.exists():
            foreign = foreign_entries(target)
            # Hidden entries (a shell's `-o out > out/.log`, .DS_Store, .gitkeep) are not refused:
            # they are left untouched, and the files are moved in one by one instead of swapped.
            visible = [n for n in foreign if not n.startswith(".")]
            if visible and not force:
                raise OutputRefused(
                    f"出力先 {outdir} には plan-extract が書いていないファイル {visible[0]} "
                    f"{'など ' + str(len(visible)) + ' 件' if len(visible) > 1 else ''}があります。"
                    f"--force で上書きを許可できます（plan-extract が書いていないファイルは削除"
                    f"しません） (folder holds files plan-extract did not write)")
            swap = not foreign and not _cwd_inside(target) and not os.path.ismount(target)
        staging = staging_path(target)
        try:
            staging.mkdir()
            _probe(staging)
            if target.exists() and not swap:
                _probe(target)
        except OSError as e:
            raise OutputRefused(f"出力先 {outdir} に書き込めません: {e.strerror} "
                                f"(cannot write {e.filename or target})")
        folder = OutputFolder(target, staging, swap,
                              frozenset(Path(p).resolve() for p in inputs), notes)
        yield folder
    finally:
        try:
            if folder is not None and not folder.published:
                shutil.rmtree(folder.staging, ignore_errors=True)
        finally:
            _release_lock(target, fd)
