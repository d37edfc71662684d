"""Locks, atomic replacement and private folders (lscb_analysis.runner.lock)."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from lscb_analysis.runner.lock import Locked, lock, private_dir, replace_dir, write_atomic


def test_the_lock_is_exclusive_and_released(tmp_path):
    path = tmp_path / ".lock-2024-25"
    with lock(path):
        assert "pid" in path.read_text()
        with pytest.raises(Locked, match="another run is writing this report"):
            with lock(path):
                pass
    with lock(path):  # released when the first holder finished
        pass


def test_replacing_a_folder_never_leaves_a_mixture(tmp_path):
    target, new = tmp_path / "2024-25", tmp_path / ".work"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    replace_dir(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-25"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    page = tmp_path / "index.html"
    page.write_text("the last good page")

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomic(page, "a new page")
    assert page.read_text() == "the last good page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_private_folders_are_owner_only_below_their_root(tmp_path):
    made = private_dir(tmp_path / "data" / "interim", "failed", "area")
    for d in (tmp_path / "data" / "interim", tmp_path / "data" / "interim" / "failed", made):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
