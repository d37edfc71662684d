"""The statutory checklist: what a yearly report must and should contain, and which part of the pack covers it.

Each item cites the guidance that asks for it and names what in the pack covers it: a section's indicator table
(``section:<name>``, the CSV the section's notebook writes), an indicator (``indicator:<name>``, present with a
value in any section's table) or the partnership's commentary (``commentary:<notebook stem>``, the file
``commentary/<area>/<year>/<stem>.md``). An item is covered when everything it names is there, partly covered
when some is, and flagged "not covered" when nothing is.

Sources: Children Act 2004, section 16G (the yearly report); Working Together to Safeguard Children 2023,
chapter 2 ("Reporting"); Child Death Review Statutory and Operational Guidance (England) 2018; Crime and
Disorder Act 1998, section 40 (the youth justice plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lscb_analysis.core.periods import ReportingYear

__all__ = ["Item", "ITEMS", "status", "STATUSES"]

WT = "Working Together to Safeguard Children 2023, chapter 2 (Reporting)"
CA = "Children Act 2004, section 16G"
STATUSES = ("covered", "partly covered", "not covered")


@dataclass(frozen=True)
class Item:
    """One thing the yearly report must or should contain."""

    requirement: str
    duty: str  # "must" (statute) or "should" (statutory guidance)
    source: str
    covered_by: tuple[str, ...]


ITEMS = (
    Item("Published at least once in every 12-month period", "must", CA, ("commentary:00_overview",)),
    Item("What the partners have done as a result of the arrangements, including on child safeguarding practice "
         "reviews", "must", CA, ("section:reviews", "commentary:00_overview")),
    Item("How effective the arrangements have been in practice", "must", CA,
         ("section:partnership", "commentary:00_overview")),
    Item("Evidence of impact on outcomes for children and families, from early help to looked-after children and "
         "care leavers, including training", "should", WT, ("section:cp", "section:training")),
    Item("An analysis of any areas with little or no evidence of progress on agreed priorities", "should", WT,
         ("commentary:00_overview",)),
    Item("Actions taken (or planned) on the recommendations of local and national practice reviews, and the "
         "improvements they brought", "should", WT,
         ("indicator:review_actions", "indicator:review_actions_with_impact_evidence")),
    Item("How the partners sought and used feedback from children and families", "should", WT,
         ("commentary:00_overview",)),
    Item("How independent scrutiny was carried out and what it found", "should", WT, ("commentary:00_overview",)),
    Item("The shared budget: each partner's contribution", "should", WT, ("indicator:partner_contributions",)),
    Item("The data the partners agreed to use to understand practice", "should", WT, ("section:cp", "section:cdop")),
    Item("The contribution of education and childcare settings", "should", WT,
         ("indicator:delegates_by_sector", "indicator:lado_referrals")),
    Item("Allegations against people who work with children (LADO)", "should", WT, ("section:lado",)),
    Item("The child death review partners' report", "should",
         "Child Death Review Statutory and Operational Guidance (England) 2018", ("section:cdop",)),
    Item("The youth justice plan and its performance", "should", "Crime and Disorder Act 1998, section 40",
         ("section:yos",)),
)


def _tables(processed_dir: Path, area: str, year: ReportingYear) -> dict[str, pd.DataFrame]:
    folder = Path(processed_dir) / area / year.label
    out = {}
    for p in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        if not p.name.startswith("rejections_"):
            out[p.stem] = pd.read_csv(p, dtype={"indicator": str}, usecols=lambda c: c in ("indicator", "value"))
    return out


def _present(ref: str, tables: dict[str, pd.DataFrame], commentary_dir: Path) -> bool:
    kind, _, name = ref.partition(":")
    if kind == "section":
        return name in tables and tables[name]["value"].notna().any()
    if kind == "indicator":
        return any(t.loc[t["indicator"].eq(name), "value"].notna().any() for t in tables.values())
    if kind == "commentary":  # the partnership's own words: the bundled example text does not count
        from lscb_analysis.report.commentary import is_example

        path = commentary_dir / f"{name}.md"
        return path.is_file() and path.read_text(encoding="utf-8-sig").strip() != "" and not is_example(path)
    raise ValueError(f"unknown kind of coverage {kind!r} in {ref!r}")


def _describe(ref: str) -> str:
    kind, _, name = ref.partition(":")
    return {"section": f"the {name} page", "indicator": f"{name.replace('_', ' ')}",
            "commentary": f"commentary ({name})"}[kind]


def status(processed_dir: Path | str, area: str, reporting_year, commentary_root: Path | str) -> pd.DataFrame:
    """Each checklist item with its duty, guidance, what covers it and whether the pack for ``area`` and
    ``reporting_year`` covers it (from the section tables in ``processed_dir`` and the commentary files under
    ``commentary_root/<area>/<year>/``)."""
    year = ReportingYear(reporting_year)
    tables = _tables(Path(processed_dir), area, year)
    commentary_dir = Path(commentary_root) / area / year.label
    rows = []
    for item in ITEMS:
        found = [_present(ref, tables, commentary_dir) for ref in item.covered_by]
        state = STATUSES[0] if all(found) else STATUSES[1] if any(found) else STATUSES[2]
        rows.append({"What the report must or should contain": item.requirement, "Duty": item.duty,
                     "Guidance": item.source, "Covered by": "; ".join(_describe(r) for r in item.covered_by),
                     "Status": state})
    return pd.DataFrame(rows)
