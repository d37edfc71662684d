"""The context page's published figures, as an indicator table: children in the area, the children's
social work workforce, and hospital admissions for injuries to children.

Sources (Open Government Licence v3.0), in ``data/raw/dfe/``:

* ONS mid-year estimates of children aged 0-17 (``ons_mid-year_population_estimates_2012_to_2024.csv``);
  a configured area with its own ``population.csv`` uses that instead. A reporting year uses the
  estimate for the mid-year it starts in (mid-2024 for 2024-25), as DfE does.
* DfE, "Children's social work workforce" (``csww_indicators_2017_to_2025.csv``): ``time_period``
  2025 is the census at 30 September 2024, reported here for 2024-25.

  - ``social_workers_fte``: children and family social workers in post, full-time equivalent (count).
  - ``social_worker_turnover``: leavers in the year as a % of social workers in post (FTE), DfE's
    ``turnover_rate_fte``.
  - ``agency_worker_rate``: agency workers as a % of agency workers and social workers in post (FTE),
    ``agency_rate_fte``.
  - ``vacancy_rate``: vacancies as a % of vacancies and social workers in post (FTE), ``vacancy_rate_fte``.
  - ``caseload_per_social_worker``: cases held divided by case-holding social workers (FTE),
    ``caseload_fte`` (unit "ratio": cases per worker).
* OHID Fingertips indicator 90284 (``ohid_hospital_admissions_injuries_0_14_2011_to_2024.csv``):
  ``hospital_admissions_injuries_0_14``, emergency hospital admissions caused by unintentional and
  deliberate injuries in children aged 0-14 per 10,000, with OHID's 95% limits; ``2023/24`` is
  reporting year 2023-24.

The workforce counts are of professionals, not children, and are not suppressed. Comparators are
England, the area's region (workforce only: the OHID file has no regions) and the simple mean of
the statistical neighbours' rates and percentages (as DfE's LAIT averages them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear

__all__ = ["CSWW_FILE", "OHID_FILE", "CSWW", "indicators", "workforce", "injuries", "children"]

CSWW_FILE = "csww_indicators_2017_to_2025.csv"
OHID_FILE = "ohid_hospital_admissions_injuries_0_14_2011_to_2024.csv"
SOURCE_CSWW = "DfE children's social work workforce"
SOURCE_OHID = "OHID Fingertips (indicator 90284)"
SOURCE_ONS = "ONS mid-year population estimates"
NEIGHBOURS = "Statistical neighbours"

# indicator -> (CSWW column, unit)
CSWW = {
    "social_workers_fte": ("inpost_fte", "count"),
    "social_worker_turnover": ("turnover_rate_fte", "percent"),
    "agency_worker_rate": ("agency_rate_fte", "percent"),
    "vacancy_rate": ("vacancy_rate_fte", "percent"),
    "caseload_per_social_worker": ("caseload_fte", "ratio"),
}


def _dir() -> Path:
    from lscb_analysis.inputs import dfe

    return dfe.data_dir()


def _read(name: str) -> pd.DataFrame:
    from lscb_analysis.inputs import clean

    path = _dir() / name
    clean.require_file(path, f"dfe/{name}")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _num(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = s.astype(str).str.strip()
    num = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").astype("float64")
    return num, text.where(num.isna() & text.ne(""), "")


def _who(area) -> tuple[str | None, str | None, list[str], str]:
    """(DfE old LA code or None for a synthetic area, region, neighbour names, display name)."""
    from lscb_analysis.inputs import config, dfe

    a = config.load_area(area)
    code = a.old_la_code
    if code is None and not a.synthetic:
        try:
            code = dfe.lookup_area(a.name)["old_la_code"]
        except Exception:  # noqa: BLE001 - not a DfE authority
            code = None
    return code, a.region, list(a.statistical_neighbours), a.name


def _codes(names: list[str]) -> dict[str, str]:
    from lscb_analysis.inputs import dfe

    out = {}
    for n in names:
        try:
            la = dfe.lookup_area(n)
            out[la["old_la_code"]] = la["new_la_code"]
        except Exception:  # noqa: BLE001 - a neighbour unknown to the files is left out
            continue
    return out


def _years(years) -> set[str] | None:
    if years is None:
        return None
    if isinstance(years, (str, int, ReportingYear)):
        years = [years]
    return {ReportingYear(y).label for y in years}


def _mean_rows(df: pd.DataFrame, label: str, source: str) -> pd.DataFrame:
    rated = df[df["unit"].ne("count") & df["value"].notna()]
    if rated.empty:
        return ind.empty()
    g = rated.groupby(["period", "indicator", "breakdown", "unit"], sort=True)["value"]
    avg = g.mean().rename("value").reset_index()
    avg["numerator"] = g.count().to_numpy().astype(float)
    avg = avg[avg["numerator"] > 0]
    return ind.table(avg.assign(area=label, denominator=np.nan, lower=np.nan, upper=np.nan,
                                source=f"{source}: mean of statistical neighbours", symbol=""))


def workforce(area: str, years=None) -> pd.DataFrame:
    """Social work workforce indicators (see module docstring) for the area (a real authority), England,
    its region and its statistical neighbours' mean."""
    code, region, neighbours, name = _who(area)
    raw = _read(CSWW_FILE)
    tp = pd.to_numeric(raw["time_period"], errors="coerce")
    raw = raw.assign(period=[ReportingYear(int(y) - 1).label for y in tp])
    wanted = _years(years)
    if wanted is not None:
        raw = raw[raw["period"].isin(wanted)]
    level = raw["geographic_level"].str.strip()
    who = pd.Series("", index=raw.index)
    who[level.eq("National")] = "England"
    if region:
        who[level.eq("Regional") & raw["region_name"].str.strip().eq(region)] = region
    if code:
        who[level.eq("Local authority") & raw["old_la_code"].str.strip().eq(code)] = name
    sn_codes = _codes(neighbours)
    is_sn = level.eq("Local authority") & raw["old_la_code"].str.strip().isin(sn_codes)
    rows = []
    for indicator, (column, unit) in CSWW.items():
        value, symbol = _num(raw[column])
        part = pd.DataFrame({"who": who, "sn": is_sn, "period": raw["period"], "value": value, "symbol": symbol})
        part = part.assign(indicator=indicator, unit=unit, breakdown="all")
        rows.append(part)
    long = pd.concat(rows, ignore_index=True)
    named = long[long["who"].ne("")]
    own = ind.table(named.assign(area=named["who"], numerator=np.where(named["unit"].eq("count"), named["value"], np.nan),
                                 denominator=np.nan, lower=np.nan, upper=np.nan, source=SOURCE_CSWW
                                 )[ind.COLUMNS + ["symbol"]])
    sn = long[long["sn"]].assign(area=NEIGHBOURS, numerator=np.nan, denominator=np.nan, lower=np.nan, upper=np.nan,
                                 source=SOURCE_CSWW)
    return ind.concat([own, _mean_rows(sn, NEIGHBOURS, SOURCE_CSWW)])


def injuries(area: str, years=None) -> pd.DataFrame:
    """Hospital admissions caused by injuries to children aged 0-14 per 10,000 (OHID 90284, persons),
    for the area (a real authority), England and the statistical neighbours' mean."""
    from lscb_analysis.inputs import dfe

    code, _region, neighbours, name = _who(area)
    raw = _read(OHID_FILE)
    raw = raw[raw["Sex"].eq("Persons") & raw["Category Type"].eq("")]
    raw = raw.assign(period=raw["Time period"].str.replace("/", "-", regex=False))
    raw = raw[raw["period"].str.fullmatch(r"\d{4}-\d{2}")]
    wanted = _years(years)
    if wanted is not None:
        raw = raw[raw["period"].isin(wanted)]
    own_code = None
    if code:
        try:
            own_code = dfe.lookup_area(code)["new_la_code"]
        except Exception:  # noqa: BLE001
            own_code = None
    sn_new = set(_codes(neighbours).values())
    area_code = raw["Area Code"].str.strip()
    who = pd.Series("", index=raw.index)
    who[raw["Area Type"].eq("England")] = "England"
    if own_code:
        who[area_code.eq(own_code)] = name
    value, symbol = _num(raw["Value"])
    lower, _ = _num(raw["Lower CI 95.0 limit"])
    upper, _ = _num(raw["Upper CI 95.0 limit"])
    count, _ = _num(raw["Count"])
    denom, _ = _num(raw["Denominator"])
    frame = pd.DataFrame({"area": who, "period": raw["period"], "indicator": "hospital_admissions_injuries_0_14",
                          "breakdown": "all", "numerator": count, "denominator": denom, "value": value,
                          "lower": lower, "upper": upper, "unit": "per 10,000 aged 0-14", "source": SOURCE_OHID,
                          "symbol": symbol.where(value.isna(), "")})
    sn = frame[area_code.isin(sn_new).to_numpy()].assign(area=NEIGHBOURS)
    own = frame[frame["area"].ne("")]
    own = ind.table(own.drop_duplicates(["area", "period"]) if len(own) else own)
    return ind.concat([own, _mean_rows(sn, NEIGHBOURS, SOURCE_OHID) if len(sn) else ind.empty()])


def children(area: str, raw_dir: Path | str | None = None, years=None) -> pd.DataFrame:
    """Children aged 0-17 in the area for each reporting year (the mid-year estimate of the year it
    starts in): from the area's own ``population.csv`` when it has one, else the ONS figures; England's
    from ONS."""
    from lscb_analysis.inputs import dfe, population

    _code, _region, _neighbours, name = _who(area)
    wanted = _years(years)
    rows = []
    ons = pd.read_csv(_dir() / dfe.FILES["ons"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    ons_value, _ = _num(ons["population_estimate"])
    ons = ons.assign(v=ons_value, period=[ReportingYear(int(y)).label for y in pd.to_numeric(ons["time_period"])])
    local = None
    if raw_dir is not None:
        from lscb_analysis.inputs import config

        local = population.load(config.load_area(area).data_dir(raw_dir))
    nat = ons[ons["geographic_level"].str.strip().eq("National")]
    mine = ons[ons["geographic_level"].str.strip().eq("Local authority") & ons["la_name"].str.strip().eq(name)]
    periods = sorted(set(nat["period"]) | set(mine["period"]))
    for p in periods:
        if wanted is not None and p not in wanted:
            continue
        e = nat.loc[nat["period"].eq(p), "v"]
        if len(e):
            rows.append(ind.count_row("England", p, "children_aged_0_17", float(e.iloc[0]), source=SOURCE_ONS))
        if local is not None:
            n = population.for_year(local, name, p)
            if not pd.isna(n):
                rows.append(ind.count_row(name, p, "children_aged_0_17", n, source="local population file"))
        elif len(mine.loc[mine["period"].eq(p)]):
            rows.append(ind.count_row(name, p, "children_aged_0_17",
                                      float(mine.loc[mine["period"].eq(p), "v"].iloc[0]), source=SOURCE_ONS))
    return ind.table(rows) if rows else ind.empty()


def indicators(area: str, years=None, raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Every context figure for ``area`` (a config name or a real authority), England, region and
    statistical neighbours, as one indicator table."""
    return ind.concat([children(area, raw_dir, years), workforce(area, years), injuries(area, years)])
