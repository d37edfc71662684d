"""A local cache of cleaned tables, so that loading the same extracts again skips parsing and cleaning.

:func:`lscb_analysis.cp.load` asks :func:`entry` for the cache entry of its inputs, returns
:func:`read` of it when there is one, and otherwise loads and :func:`write` s the result.

* **What is stored**: the cleaned tables as Parquet, and the rejection log, notes, row counts,
  census years and flags as JSON: the whole result of a load, so a cache hit gives the same frames
  (same dtypes) and the same rejections, and the counts still reconcile.
* **Key**: SHA-256 of every input file the loader reads (relative path and contents, plus the
  listing of the folders it looks in), of the source of the modules that shape the result, of
  the area name, of the date (dates after today are rejected), of the pandas and pyarrow versions,
  and of a fingerprint of the pseudonymisation key (an HMAC of a fixed string under the key, never
  the key). Any change to one of these is a miss.
* **Where**: ``data/interim/cache/`` under the project root (the folder holding ``pyproject.toml``),
  or ``$LSCB_CACHE_DIR``. The entries hold child-level records (pseudonymised identifiers, but also
  dates of birth): they are **as sensitive as ``data/raw/``**, are git-ignored, and must never go in
  ``data/processed/`` or ``reports/`` (outputs meant for sharing). ``LSCB_CACHE=0`` turns the cache off;
  with no project root and no ``$LSCB_CACHE_DIR`` it is off too (it never writes beside the data by
  surprise).
* **Permissions**: the cache's folders are created owner-only (0700) and its files 0600.
* **Safety**: an entry is written in a temporary folder and renamed into place, so a reader never
  sees half an entry; one entry is kept per area folder (older keys are deleted), so the cache does
  not grow without bound; an unreadable or corrupt entry is ignored, deleted and rewritten, never
  an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lscb_analysis.inputs.hashing import sha256_file

__all__ = ["CACHE_DIR_ENV", "CACHE_ENV", "enabled", "directory", "Entry", "area_folder", "entry", "read", "write",
           "key_fingerprint"]

CACHE_DIR_ENV = "LSCB_CACHE_DIR"
CACHE_ENV = "LSCB_CACHE"
DEFAULT = Path("data") / "interim" / "cache"
FORMAT = "lscb-cache-1"
META = "meta.json"
_OFF = {"0", "false", "no", "off"}
# the modules whose code decides what a load returns
# the code that turns raw files into cached tables: a change to any of it invalidates the cache
_MODULES = ("sections/child_protection", "inputs", "core/periods.py")
_STALE_TEMP_SECONDS = 3600


def enabled() -> bool:
    """False when ``$LSCB_CACHE`` is 0 (or false, no, off)."""
    return os.environ.get(CACHE_ENV, "1").strip().lower() not in _OFF


def directory() -> Path | None:
    """``$LSCB_CACHE_DIR``, else ``data/interim/cache`` under the project root found from the working
    directory, else None (no cache)."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env)
    here = Path.cwd()
    root = next((p for p in [here, *here.parents] if (p / "pyproject.toml").exists()), None)
    return None if root is None else root / DEFAULT


def key_fingerprint(key: bytes) -> str:
    """An HMAC of a fixed string under the pseudonymisation key: tells keys apart, reveals nothing of them."""
    return hmac.new(key, b"lscb-analysis cache key fingerprint", hashlib.sha256).hexdigest()


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []


def input_files(area_dir: Path) -> tuple[list[str], list[Path]]:
    """What a child protection load of ``area_dir`` can read: the names in the folders it looks in
    (a new, renamed or duplicated file changes what is read) and the files whose contents it reads."""
    names, read = [], []
    for sub in ("", "cin_census", "cin", "ssda903", "annex_a"):
        folder = area_dir / sub if sub else area_dir
        for p in _listing(folder):
            rel = p.relative_to(area_dir).as_posix()
            names.append(rel)
            stem = p.name.lower().split(".")[0]
            if sub in ("cin_census", "cin", "annex_a") or (sub == "ssda903" and stem == "episodes") \
                    or (sub == "" and stem in ("contacts", "population")):
                read.append(p)
    return names, read


@dataclass(frozen=True)
class Entry:
    """Where the cached result of one load lives: ``folder / key``."""

    folder: Path  # one per area folder
    key: str

    @property
    def path(self) -> Path:
        return self.folder / self.key


def area_folder(area_dir: Path | str) -> Path | None:
    """The cache's folder for ``area_dir`` (which holds its one entry), or None when the cache is off. Named from
    the folder's path alone: nothing is read, so a caller can see that an area has no entry at all (a cold
    cache) without hashing its inputs."""
    if not enabled():
        return None
    base = directory()
    if base is None:
        return None
    resolved = Path(area_dir).resolve()
    place = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    slug = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.name)[:40]
    return base / f"cp-{slug}-{place}"


def entry(area_dir: Path | str, *, area: str, pseudonym_key: bytes, extra: dict | None = None) -> Entry | None:
    """The cache entry for loading ``area_dir`` as ``area`` under ``pseudonym_key`` (None when the cache is off)."""
    folder = area_folder(area_dir)
    if folder is None:
        return None
    area_dir = Path(area_dir)
    h = hashlib.sha256()

    def add(label: str, value) -> None:
        h.update(f"{label}\0{value}\0".encode())

    add("format", FORMAT)
    names, read = input_files(area_dir)
    add("listing", "\n".join(names))
    for p in read:
        add(p.relative_to(area_dir).as_posix(), sha256_file(p))
    package = Path(__file__).resolve().parents[1]
    for name in _MODULES:
        target = package / name
        for module in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            add(f"module {module.relative_to(package).as_posix()}", sha256_file(module) if module.exists() else "absent")
    add("area", area)
    add("today", dt.date.today().isoformat())
    import pyarrow

    add("versions", f"pandas {pd.__version__} pyarrow {pyarrow.__version__}")
    add("pseudonym key", key_fingerprint(pseudonym_key))
    for k in sorted(extra or {}):
        add(f"extra {k}", extra[k])
    return Entry(folder=folder, key=h.hexdigest())


def _private(path: Path) -> None:
    """Create ``path`` owner-only (0700), with the folders of the cache above it that are missing
    (``data/interim`` and ``data/interim/cache``, or ``$LSCB_CACHE_DIR``) owner-only too."""
    base = directory()
    chain = [path]
    while base is not None and chain[-1] != base and base in chain[-1].parents:
        chain.append(chain[-1].parent)
    if base is not None and base == chain[-1] and not os.environ.get(CACHE_DIR_ENV):
        chain.append(base.parent)  # data/interim: private too
    for d in reversed(chain):
        d.parent.mkdir(parents=True, exist_ok=True)
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            pass
        os.chmod(d, 0o700)


def _drop(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def read(e: Entry) -> dict | None:
    """The stored result (``{"tables": {name: DataFrame | None}, "meta": {...}}``), or None when there is
    no entry or it cannot be read (a corrupt entry is deleted, so that it is rewritten)."""
    path = e.path
    if not (path / META).is_file():
        return None
    try:
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("key") != e.key:
            raise ValueError("not this entry")
        tables: dict[str, pd.DataFrame | None] = {}
        for name, info in meta["tables"].items():
            if info is None:
                tables[name] = None
                continue
            df = pd.read_parquet(path / info["file"])
            if list(df.columns) != info["columns"] or len(df) != info["rows"]:
                raise ValueError(f"table {name} does not match its description")
            for col, dtype in zip(info["columns"], info["dtypes"]):
                if str(df[col].dtype) != dtype:  # Parquet has no seconds unit: datetime64[s] comes back as [ms]
                    df[col] = df[col].astype(dtype)
            tables[name] = df
        return {"tables": tables, "meta": meta}
    except Exception as exc:  # noqa: BLE001 - a bad cache is never an error: load afresh
        warnings.warn(f"ignoring an unreadable cache entry {path} ({type(exc).__name__}: {exc}); it is rebuilt",
                      RuntimeWarning, stacklevel=2)
        _drop(path)
        return None


def write(e: Entry, tables: dict[str, pd.DataFrame | None], meta: dict) -> bool:
    """Store a result atomically (a temporary folder renamed into place) and delete the area folder's
    older entries. Returns False (and writes nothing) when it cannot."""
    tmp = e.folder / f".tmp-{uuid.uuid4().hex}"
    try:
        _private(e.folder)
        tmp.mkdir(mode=0o700)
        described: dict[str, dict | None] = {}
        for name, df in tables.items():
            if df is None:
                described[name] = None
                continue
            file = f"{name}.parquet"
            df.to_parquet(tmp / file, index=True)
            described[name] = {"file": file, "columns": [str(c) for c in df.columns],
                               "dtypes": [str(t) for t in df.dtypes], "rows": len(df)}
        body = {**meta, "format": FORMAT, "key": e.key, "tables": described,
                "written": dt.datetime.now().isoformat(timespec="seconds")}
        (tmp / META).write_text(json.dumps(body), encoding="utf-8")
        for f in tmp.iterdir():
            os.chmod(f, 0o600)
        try:
            os.rename(tmp, e.path)
        except OSError:  # another process stored the same entry first: theirs is as good
            _drop(tmp)
            if not (e.path / META).is_file():
                return False
        _prune(e)
        return True
    except Exception as exc:  # noqa: BLE001 - failing to cache never fails the load
        warnings.warn(f"could not write the cache entry {e.path} ({type(exc).__name__}: {exc})",
                      RuntimeWarning, stacklevel=2)
        _drop(tmp)
        return False


def _prune(e: Entry) -> None:
    """Delete the area folder's other entries (and temporary folders abandoned over an hour ago)."""
    now = time.time()
    for p in e.folder.iterdir():
        if p.name == e.key:
            continue
        if p.name.startswith(".tmp-"):
            try:
                if now - p.stat().st_mtime < _STALE_TEMP_SECONDS:
                    continue
            except OSError:
                continue
        _drop(p) if p.is_dir() else p.unlink(missing_ok=True)
