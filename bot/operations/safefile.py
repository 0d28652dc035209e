"""Files the daemon trusts (the index cache, the inbox, the log salt) are opened so that nobody else can
have put them there: the folder must be this user's and writable by nobody else, the file is opened with
O_NOFOLLOW (a symlink is refused, not followed) and checked with fstat on the open descriptor (no
stat-then-open race): a regular file, owned by this user, readable and writable by nobody else (0600).

Why the folder too: once it is ours and closed to others, nobody can swap a checked file for another
between our check and SQLite's own open by path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class UnsafeFile(OSError):
    """A file or folder another user could have written: refused."""


def private_dir(path: Path, create: bool = True) -> Path:
    """`path`, made (0700) when missing, after checking it is a folder of this user that no one else may
    write to. A symlinked folder is allowed (systemd's DynamicUser= makes one), its target is checked."""
    if create:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _check(os.fstat(fd), path, writable_by_others=0o022, what="folder")
    finally:
        os.close(fd)
    return path


def open_private(path: Path, flags: int = os.O_RDONLY, fix_mode: bool = False) -> int:
    """An fd for `path`, never through a symlink, checked with fstat: a regular file of this user that
    nobody else can read or write. `flags` may hold O_CREAT (created 0600). `fix_mode`: a file of ours
    that others may read is set to 0600 instead of refused (a file an older version left 0640)."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        st = os.fstat(fd)
        if fix_mode and st.st_uid == os.geteuid() and stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
            os.fchmod(fd, PRIVATE_FILE)
            st = os.fstat(fd)
        _check(st, path, writable_by_others=0o077, what="file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_private(path: Path) -> bytes:
    fd = open_private(path)
    with os.fdopen(fd, "rb") as f:
        return f.read()


def write_private(path: Path, data: bytes) -> None:
    """Write atomically: a 0600 temporary file beside it, fsynced, renamed over `path`."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _check(st: os.stat_result, path: Path, writable_by_others: int, what: str) -> None:
    kind_ok = stat.S_ISDIR(st.st_mode) if what == "folder" else stat.S_ISREG(st.st_mode)
    if not kind_ok:
        raise UnsafeFile(f"{path} is not a regular {what}")
    if st.st_uid != os.geteuid():
        raise UnsafeFile(f"{path}: {what} owned by uid {st.st_uid}, not by this user (uid {os.geteuid()})")
    if st.st_mode & writable_by_others:
        let = "write to it" if what == "folder" else "read or write it"
        raise UnsafeFile(f"{path}: {what} mode {stat.S_IMODE(st.st_mode):04o} lets other users {let}")
