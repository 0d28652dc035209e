"""Publishing without loss: train into <models_dir>/<UTC time>.partial, finish it, prove it loads
and answers, then switch <models_dir>/current with an atomic rename of a symlink."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trainer import TrainerError

log = logging.getLogger(__name__)

CURRENT = "current"
PARTIAL = ".partial"


def check_writable(models_dir: Path) -> None:
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        probe = models_dir / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise TrainerError(f"models dir {models_dir} is not writable: {exc.strerror or exc}") from exc


@contextmanager
def run_lock(models_dir: Path) -> Iterator[None]:
    """One training run per models dir at a time (a second one fails fast)."""
    fd = os.open(models_dir / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TrainerError(f"another training run holds {models_dir}/.lock") from None
        yield
    finally:
        os.close(fd)


def new_partial(models_dir: Path) -> Path:
    """A fresh work folder named by UTC time; stale partials of killed runs are removed first."""
    for stale in models_dir.glob(f"*{PARTIAL}"):
        shutil.rmtree(stale, ignore_errors=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    name, n = stamp, 1
    while (models_dir / name).exists() or (models_dir / f"{name}{PARTIAL}").exists():
        n += 1
        name = f"{stamp}-{n}"
    path = models_dir / f"{name}{PARTIAL}"
    path.mkdir(parents=True)
    return path


@contextmanager
def discard_on_failure(partial: Path) -> Iterator[None]:
    """A run that fails with an error (or Ctrl-C) removes its work folder at once; only a killed
    run leaves one, and the next run's new_partial removes that."""
    try:
        yield
    except BaseException:
        if partial.name.endswith(PARTIAL):
            shutil.rmtree(partial, ignore_errors=True)
        raise


def finalize(partial: Path) -> Path:
    """Rename a complete work folder to its version name (atomic on one filesystem)."""
    _fsync_tree(partial)
    final = partial.with_name(partial.name.removesuffix(PARTIAL))
    os.replace(partial, final)
    _fsync_dir(final.parent)
    return final


def switch_current(models_dir: Path, version_dir: Path) -> None:
    """Point <models_dir>/current at version_dir: a new symlink renamed over the old one."""
    link = models_dir / CURRENT
    tmp = models_dir / f".{CURRENT}.tmp-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(version_dir.name, tmp)  # relative: the models dir can move
    os.replace(tmp, link)
    _fsync_dir(models_dir)
    log.info("%s -> %s", link, version_dir.name)


def current_target(models_dir: Path) -> Path | None:
    link = models_dir / CURRENT
    return link.resolve() if link.is_symlink() else None


def versions(models_dir: Path) -> list[Path]:
    """Published versions, oldest first."""
    return sorted(p for p in models_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
                  and not p.name.endswith(PARTIAL) and p.name[:1].isdigit())


def prune(models_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` versions; never the one `current` points at."""
    cur = current_target(models_dir)
    old = versions(models_dir)[: -keep or None] if keep > 0 else []
    removed = [p for p in old if p.resolve() != cur]
    for p in removed:
        shutil.rmtree(p, ignore_errors=True)
    return removed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(path)
