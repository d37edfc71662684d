"""What a report was built from: input hashes, code, git state, package versions, the fingerprint.

A year whose fingerprint is unchanged since its last good report is skipped; ``manifest.json``
beside each report records every part of it (DESIGN.md section 8).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

from lscb_analysis.inputs.hashing import sha256_file
from lscb_analysis.runner.model import PROJECT_ROOT

__all__ = ["PACKAGES", "sha256_file", "input_hashes", "code_hash", "git_state", "package_versions", "fingerprint"]

PACKAGES = ("lscb-analysis", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "pandera", "pyarrow",
            "openpyxl", "python-calamine", "holidays", "pyyaml", "defusedxml", "papermill", "nbconvert", "nbformat", "nbclient",
            "ipykernel", "jupyter_client")
_SKIP = {"__pycache__", ".ipynb_checkpoints", ".git"}


def _files(root: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP)
        out.extend(Path(dirpath) / f for f in sorted(filenames) if not f.endswith((".pyc", ".pyo")))
    return out


def input_hashes(raw_dir: Path | str, area: str) -> dict[str, str]:
    """SHA-256 of every file under ``<raw_dir>/<area>`` and ``<raw_dir>/dfe``, keyed by the path
    relative to ``raw_dir`` (POSIX separators), sorted."""
    raw = Path(raw_dir)
    out = {}
    for sub in (area, "dfe"):
        root = raw / sub
        if root.is_dir():
            for p in _files(root):
                out[p.relative_to(raw).as_posix()] = sha256_file(p)
    return dict(sorted(out.items()))


def code_hash(dirs: Iterable[Path | str]) -> str:
    """One SHA-256 over the path and content of every file in ``dirs`` (caches excluded)."""
    h = hashlib.sha256()
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for p in _files(d):
            h.update(f"{d.name}/{p.relative_to(d).as_posix()}\0".encode())
            h.update(sha256_file(p).encode())
    return h.hexdigest()


def git_state(root: Path | str = PROJECT_ROOT) -> dict:
    """``{"commit": <sha or None>, "clean": <bool or None>}`` for the checkout at ``root``
    (``clean`` is False when any tracked file is changed or an untracked file exists)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "clean": None}
        status = git("status", "--porcelain")
        clean = status.returncode == 0 and not status.stdout.strip()
        return {"commit": head.stdout.strip(), "clean": clean}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "clean": None}


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the figures and pages, and Python's."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def fingerprint(*, inputs: dict, parameters: dict, code: dict, sections: Sequence[str],
                packages: dict, kernel: str) -> str:
    """The SHA-256 that decides whether a year must be rebuilt: its inputs, parameters, code
    (git commit and content hash), the notebooks run, package versions and kernel."""
    doc = {"inputs": inputs, "parameters": parameters, "code": code, "sections": list(sections),
           "packages": packages, "kernel": kernel}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
