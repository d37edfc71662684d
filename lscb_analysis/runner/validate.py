"""``lscb validate``: load every section of an area and print its data-quality summary."""

from __future__ import annotations

import importlib
from pathlib import Path

from lscb_analysis.runner.model import EXIT_BAD_INPUT, EXIT_OK
from lscb_analysis.runner.years import SECTION_MODULES, section_has_data, section_years

__all__ = ["validate"]


def _error_text(e: Exception) -> str:
    """A loader's error, with its text only when it is known to hold no value from the data."""
    from lscb_analysis.runner.execute import failure_text

    return failure_text(type(e).__name__, str(e), "details withheld: the message may quote data; load the "
                        "section in JupyterLab (its notebook) to read it")


def validate(area: str, raw_dir: Path) -> int:
    """Print, for each section with local extracts, the years covered, rows read, used and rejected,
    and the rejections by reason. Returns 0, or 2 when a section fails to load or does not reconcile."""
    import pandas as pd

    area_dir = Path(raw_dir) / area
    if not area_dir.is_dir():
        print(f"lscb: error: no local data for {area!r}: {area_dir} does not exist")
        return EXIT_BAD_INPUT
    errors = loaded = 0
    with pd.option_context("display.width", 160, "display.max_columns", 20, "display.max_rows", 200,
                           "display.max_colwidth", 60):
        for name, (title, _) in SECTION_MODULES.items():
            try:
                module = importlib.import_module(f"lscb_analysis.{name}")
            except ImportError as e:
                print(f"== {title}: the {name} module is not available ({type(e).__name__})")
                continue
            if not section_has_data(module, name, area_dir):
                print(f"== {title}: no local extracts")
                continue
            try:
                data = module.load(area_dir)
            except Exception as e:  # noqa: BLE001 - any loader failure is an error for this area
                errors += 1
                print(f"== {title}: ERROR {_error_text(e)}")
                continue
            loaded += 1
            rej = data.rejections
            summary = rej.summary()
            years = section_years(name, data)
            print(f"== {title}: years {years[0]} to {years[-1]}" if years else f"== {title}: no dated records")
            if summary.empty:
                print("   no files read")
            else:
                print(summary.to_string(index=False))
                bad = summary[~summary["reconciles"]] if "reconciles" in summary.columns else summary.iloc[0:0]
                if len(bad):
                    errors += 1
                    print(f"   ERROR: rows read != used + rejected for {', '.join(map(str, bad['file']))}")
            reasons = rej.by_reason()
            if not reasons.empty:
                print("   rejected rows by reason:")
                for rec in reasons.itertuples(index=False):
                    print(f"     {rec[0]}: {rec[1]} ({rec[2]} row{'s' if rec[2] != 1 else ''})")
            for note in getattr(rej, "notes", []) or []:
                print(f"   note: {note.get('file', '')}: {note.get('note', '')}")
        from lscb_analysis.inputs import cin_spec  # conformance to each return's schema: findings, never a crash

        for line in cin_spec.conformance_lines(area_dir):
            print(line)
    if errors:
        print(f"{errors} section(s) with errors")
        return EXIT_BAD_INPUT
    if not loaded:
        print("no section had local extracts")
    return EXIT_OK
