"""lscb-analysis: reproducible analytics for local safeguarding children partnership annual reports.

The package is laid out as the pipeline runs, one folder a stage:

``inputs``   reading and cleaning raw files (CIN census, Annex A, SSDA903, local extracts, DfE statistics)
``sections`` one package per report section, each with ``load``, ``indicators`` and board tables
``core``     what every section shares: periods, rates, the indicator table, suppression, definitions
``report``   display helpers for notebooks, charts, the key facts page
``runner``   papermill execution per area and year, HTML export, manifest (the ``lscb`` command)
``checks``   the output privacy scan and the audit of published figures
``synth``    the synthetic data generator behind the bundled sample

The short names of the design's entry points (``from lscb_analysis import cp, rates``) are
aliases of the modules where the code lives; ``ENTRY_POINTS`` lists them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

__version__ = "0.1.0"

ENTRY_POINTS = {
    "rates": "lscb_analysis.core.rates",
    "periods": "lscb_analysis.core.periods",
    "indicators": "lscb_analysis.core.indicators",
    "suppression": "lscb_analysis.core.suppression",
    "definitions": "lscb_analysis.core.definitions",
    "dfe": "lscb_analysis.inputs.dfe",
    "cp": "lscb_analysis.sections.child_protection",
    "cdop": "lscb_analysis.sections.child_deaths",
    "yos": "lscb_analysis.sections.youth_justice",
    "training": "lscb_analysis.sections.training",
    "audit": "lscb_analysis.checks.audit",
}


class _EntryPointAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes ``import lscb_analysis.cp`` give the module ``lscb_analysis.sections.child_protection`` itself."""

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, name = fullname.rpartition(".")
        if prefix == __name__ and name in ENTRY_POINTS:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return importlib.import_module(ENTRY_POINTS[spec.name.rpartition(".")[2]])

    def exec_module(self, module) -> None:  # the real module is already executed
        return None


if not any(isinstance(f, _EntryPointAlias) for f in sys.meta_path):
    sys.meta_path.insert(0, _EntryPointAlias())


def __getattr__(name: str):
    if name in ENTRY_POINTS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
