"""File digests, shared by the runner (what a report was built from) and the cache of cleaned tables
(what a load read). Standard library only, so that ``lscb`` can use it before pandas is imported."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["sha256_file"]


def sha256_file(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, as hex (read a megabyte at a time)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
