"""Locks and atomic replacement: two runs never write the same report, and a reader sees the old
complete report or the new complete one, never a mixture."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import platform
import shutil
import threading
from pathlib import Path

from lscb_analysis.runner.model import Locked

__all__ = ["lock", "Locked", "replace_dir", "write_atomic", "private_dir", "now"]


def now() -> str:
    """The local time, ISO 8601 to the second, with its offset."""
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


@contextlib.contextmanager
def lock(path: Path):
    """Hold an exclusive lock on ``path`` (created if needed) or raise :class:`Locked` at once.

    Uses ``flock``: the operating system releases it if the process dies, so a crashed run never
    leaves a report locked. The file records who holds it."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = os.pread(fd, 500, 0).decode(errors="replace").strip()
            raise Locked(f"{path.name}: another run is writing this report ({holder or 'holder unknown'})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {platform.node()} since {now()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing releases the lock


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target``: two renames on one filesystem, so readers see
    the old complete folder or the new complete one. If the second rename fails the old one is put
    back."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old.exists():
            os.rename(old, target)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed into place; on failure
    (a full disk) the temporary file is removed and ``path`` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def private_dir(root: Path, *parts: str) -> Path:
    """``root / parts...`` created owner-only (0700): ``root`` and every folder below it (existing
    ones are set to 0700 too); folders above ``root`` are created as usual."""
    root = Path(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    d = root
    for part in ("", *parts):
        d = d / part if part else d
        with contextlib.suppress(FileExistsError):
            d.mkdir(mode=0o700)
        os.chmod(d, 0o700)
    return d
