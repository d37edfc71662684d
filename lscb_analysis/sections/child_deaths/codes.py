"""Child deaths: the code lists, labels and fixed choices every stage of the section shares.

Sources: the CDOP analysis categories of the statutory Child Death Review analysis form (form C);
the NCMD/DfE age bands; DfE *Child death reviews* statistics for the review bands.
"""

from __future__ import annotations

from collections.abc import Iterable

from lscb_analysis.core.periods import ReportingYear

FILE = "child_deaths.csv"
SOURCE = "local extract (CDOP)"
UNIT = "per 100,000 aged 0-17"
# below this many deaths a single year's rate says nothing on its own (and PHE limits are exact)
MIN_DEATHS_FOR_RATE = 10

# the ten categories of the CDOP analysis form (Child Death Review statutory guidance, form C)
CATEGORIES: dict[int, str] = {
    1: "deliberately inflicted injury, abuse or neglect",
    2: "suicide or deliberate self-inflicted harm",
    3: "trauma and other external factors",
    4: "malignancy",
    5: "acute medical or surgical condition",
    6: "chronic medical condition",
    7: "chromosomal, genetic and congenital anomalies",
    8: "perinatal/neonatal event",
    9: "infection",
    10: "sudden unexpected, unexplained death",
}
AGE_BANDS = ["0-27 days", "28-364 days", "1-4 years", "5-9 years", "10-14 years", "15-17 years"]
SEXES = {"F": "female", "M": "male", "U": "unknown"}
MODIFIABLE = {"Y": "yes", "N": "no", "U": "insufficient information"}
REVIEW_BANDS = ["under 6 months", "6 to 12 months", "over 12 months"]

# ethnic groups as NCMD and DfE publish them, from the CIN census / ONS codes (WBRI, MWBC, APKN, BAFR, OOTH...)
ETHNIC_GROUPS = ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic group",
                 "not known"]
_ETHNIC_INITIAL = {"w": "White", "m": "Mixed", "a": "Asian or Asian British", "b": "Black or Black British",
                   "o": "Other ethnic group", "c": "Asian or Asian British"}  # CHNE: Chinese, an Asian group
_ETHNIC_NOT_KNOWN = {"", "refu", "nobt", "not known", "unknown", "not recorded", "refused", "not obtained"}

# Index of Multiple Deprivation quintiles of the LSOA of residence (1: the most deprived fifth of England)
IMD_QUINTILES = ["quintile 1 (most deprived)", "quintile 2", "quintile 3", "quintile 4",
                 "quintile 5 (least deprived)", "not known"]
IMD_FILE = "imd_lookup.csv"
BIRTHS_FILE = "births.csv"
BIRTHS_UNIT = "per 1,000 live births"


def ethnic_group(values) -> list[str]:
    """The ethnic group of each recorded ethnicity (a CIN census / ONS code such as WBRI or a spelled-out
    group such as 'Black African'): White, Mixed, Asian or Asian British, Black or Black British, Other
    ethnic group, or 'not known' (refused, not obtained, blank). Source: ONS 2021 ethnic group
    classification as the CIN census codes it."""
    out = []
    for v in values:
        text = "" if v is None or v != v else str(v).strip().casefold()
        out.append("not known" if text in _ETHNIC_NOT_KNOWN else _ETHNIC_INITIAL.get(text[:1], "not known"))
    return out


def imd_quintile(decile) -> int | None:
    """The IMD quintile of a decile: deciles 1-2 are quintile 1 (most deprived), ..., 9-10 quintile 5;
    None for anything else. Source: MHCLG English Indices of Deprivation (quintiles of the LSOA ranks)."""
    try:
        d = int(decile)
    except (TypeError, ValueError):
        return None
    return (d + 1) // 2 if 1 <= d <= 10 and d == float(decile) else None


def pooled_label(years: list[ReportingYear]) -> str:
    """'2022-23 to 2024-25' for a run of reporting years (the label of a single year alone)."""
    years = sorted(years)
    return years[0].label if len(years) == 1 else f"{years[0].label} to {years[-1].label}"


def panel_label(areas: Iterable[str]) -> str:
    """'Exampleshire, Westbridge and Eastmoor'."""
    areas = list(areas)
    if len(areas) <= 1:
        return "".join(areas)
    return ", ".join(areas[:-1]) + " and " + areas[-1]


def years_between(first, last) -> list[ReportingYear]:
    """Every reporting year from ``first`` to ``last`` inclusive."""
    a, b = ReportingYear(first), ReportingYear(last)
    return [ReportingYear(s) for s in range(a.start_year, b.start_year + 1)]


def spans(years: list) -> list[list[ReportingYear]]:
    """Each year alone, then all of them together (if more than one)."""
    ys = sorted(ReportingYear(y) for y in years)
    return [[y] for y in ys] + ([ys] if len(ys) > 1 else [])
