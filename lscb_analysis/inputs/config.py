"""Areas: a ``config/<area>.yml`` file, or any English local authority looked up from the DfE files.

A config file gives ``name``, ``slug``, ``synthetic``, ``old_la_code``, ``new_la_code``,
``region``, ``statistical_neighbours`` (authority names) and ``panel_areas`` (the areas of
residence its child death overview panel covers). Without a file, a real authority is found
by name, three-digit code or nine-character code in the DfE statistics, with its region and
its ten DfE statistical neighbours (2025 model).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["Area", "load_area", "project_root", "config_dir", "slugify", "list_configured"]


def project_root() -> Path:
    """The project folder (the one holding ``pyproject.toml``) for a source checkout."""
    return Path(__file__).resolve().parents[2]


def config_dir() -> Path:
    return Path(os.environ.get("LSCB_CONFIG_DIR", project_root() / "config"))


def slugify(name: str) -> str:
    """'Central Bedfordshire' -> 'central-bedfordshire'."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).casefold()).strip("-")


@dataclass(frozen=True)
class Area:
    name: str
    slug: str
    synthetic: bool = False
    old_la_code: str | None = None
    new_la_code: str | None = None
    region: str | None = None
    statistical_neighbours: list[str] = field(default_factory=list)
    panel_areas: list[str] = field(default_factory=list)
    configured: bool = False

    def data_dir(self, raw_dir: Path | str) -> Path:
        """Where this area's local extracts live: ``<raw_dir>/<slug>``."""
        return Path(raw_dir) / self.slug

    @property
    def label(self) -> str:
        return f"{self.name} (synthetic data)" if self.synthetic else self.name


def list_configured() -> list[str]:
    d = config_dir()
    return sorted(p.stem for p in d.glob("*.yml")) if d.is_dir() else []


def load_area(name_or_code: str) -> Area:
    """The area for a config file name/slug, or a real authority's name or code.

    Raises ``ValueError`` (listing close matches) when nothing matches.
    """
    key = slugify(name_or_code)
    path = config_dir() / f"{key}.yml"
    if path.exists():
        raw = yaml.safe_load(path.read_text()) or {}
        if "name" not in raw:
            raise ValueError(f"{path}: the config file must give a 'name'")
        return Area(
            name=raw["name"],
            slug=raw.get("slug", key),
            synthetic=bool(raw.get("synthetic", False)),
            old_la_code=None if raw.get("old_la_code") is None else str(raw["old_la_code"]),
            new_la_code=raw.get("new_la_code"),
            region=raw.get("region"),
            statistical_neighbours=list(raw.get("statistical_neighbours") or []),
            panel_areas=list(raw.get("panel_areas") or [raw["name"]]),
            configured=True,
        )
    from lscb_analysis.inputs import dfe

    la = dfe.lookup_area(name_or_code)
    return Area(
        name=la["name"],
        slug=slugify(la["name"]),
        old_la_code=la["old_la_code"],
        new_la_code=la["new_la_code"],
        region=la["region"],
        statistical_neighbours=dfe.statistical_neighbours(la["name"]),
        panel_areas=[la["name"]],
    )
