"""Published DfE children's social care statistics as indicator tables.

Source: Department for Education, "Children in need" and "Children looked after in
England including adoptions" statistical releases, and ONS mid-year population
estimates (Open Government Licence v3.0), in ``data/raw/dfe/``.

Conventions of the files: ``time_period`` 2017 is the year ending 31 March 2017
(reporting year 2016-17). Rates per 10,000 children use the ONS estimate of children
aged 0-17 for the previous mid-year (mid-2016 for 2016-17). Cells ``c`` (suppressed),
``x`` (not available), ``z`` (not applicable), ``u`` (low reliability) and ``low``
stay missing with their symbol in the ``symbol`` column: never 0. National and regional
counts are rounded to the nearest 10 by DfE, so percentages recomputed from them can
differ from DfE's own by 0.1 point.

Definitions (DfE children in need statistics guide; Working Together to Safeguard Children):

* ``referrals``: referrals to children's social care in the year (c1 ``referral_count``).
* ``rereferrals_within_12_months``: referrals within 12 months of a previous referral
  of the same child, as a percentage of referrals (c1).
* ``referrals_nfa``: referrals resulting in no further action, % of referrals (c1);
  ``referrals_to_assessment``: the rest (referrals less NFA), % of referrals (c1);
  ``assessed_not_in_need``: referrals assessed as not in need, % of referrals (c1 ``not_in_need_count``).
* ``section_47_enquiries``: section 47 enquiries started in the year (c4 ``Section47``).
* ``section_47_to_icpc``: initial child protection conferences as a % of section 47 enquiries (c4).
* ``initial_cp_conferences``: initial child protection conferences in the year (c4 ``ICPC``).
* ``icpc_within_15_working_days``: ICPCs held within 15 working days of the strategy
  discussion (bands 0-10 and 11-15 days), % of ICPCs (c4).
* ``icpc_to_plan``: child protection plans started as a % of ICPCs (d3 ``CPP_start`` / c4 ``ICPC``;
  plans can start without an ICPC, e.g. on transfer in, so this is the published proxy).
* ``cp_plans_started`` and ``cp_plans_second_or_subsequent`` (% of plans started that were a
  second or subsequent plan for the child, ever) (d3).
* ``cp_plans_at_31_march`` and ``cp_plans_by_duration`` (% of plans at 31 March by length) (d5).
* ``children_in_need_at_31_march`` (b1 ``At31_episodes``);
  ``looked_after_children_at_31_march`` (children looked after on 31 March, cla file).
* ``assessment_factors``: factors identified at the end of assessment, % of episodes with
  any factor recorded (c3).

Counts also come as rates per 10,000 children aged 0-17 with Byar/exact Poisson limits;
percentages carry Wilson limits (:mod:`lscb_analysis.rates`).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.periods import ReportingYear

__all__ = [
    "indicators",
    "comparators",
    "lookup_area",
    "statistical_neighbours",
    "all_local_authorities",
    "local_authorities",
    "england",
    "region",
    "neighbour_average",
    "data_dir",
    "SOURCE",
    "SYMBOLS",
]

SOURCE = "DfE children in need statistics"
SOURCE_CLA = "DfE children looked after statistics"
SYMBOLS = {"c", "x", "z", "u", "low", ":", "k"}
SN_LABEL = "Statistical neighbours"

FILES = {
    "b1": "b1_children_in_need_2013_to_2025.csv",
    "c1": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "c3": "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv",
    "c4": "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
    "d3": "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5": "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "cla": "cla_number_and_rate_per_10k_children.csv",
    "ons": "ons_mid-year_population_estimates_2012_to_2024.csv",
    "sn": "sn_model_2025_wide.csv",
}

DURATION_BANDS = {
    "3_months_or_less": "duration:3 months or less",
    "more_than_3_months_6_months": "duration:more than 3 months to 6 months",
    "more_than_6_months_less_than_1_year": "duration:more than 6 months to less than 1 year",
    "1_year_less_than_2_years": "duration:1 year to less than 2 years",
    "2_years_or_more": "duration:2 years or more",
}


def data_dir() -> Path:
    """``$LSCB_DFE_DIR`` or ``data/raw/dfe`` in the project."""
    from lscb_analysis.inputs.config import project_root

    return Path(os.environ.get("LSCB_DFE_DIR", project_root() / "data" / "raw" / "dfe"))


@functools.cache
def _read(key: str, directory: str) -> pd.DataFrame:
    path = Path(directory) / FILES[key]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.strip() for c in df.columns]
    if key == "sn":
        return df
    level = df["geographic_level"].str.strip()
    region = df["region_name"].str.strip().replace({"Inner London": "London", "Outer London": "London"})
    df["_key"] = np.select(
        [level.eq("National"), level.eq("Regional"), level.eq("Local authority")],
        ["England", "R:" + df["region_name"].str.strip(), "L:" + df["old_la_code"].str.strip()],
        default="",
    )
    df["_area"] = np.select([level.eq("National"), level.eq("Regional")],
                            ["England", df["region_name"].str.strip()], default=df["la_name"].str.strip())
    df["_region"] = region
    df["_level"] = level
    df["_tp"] = pd.to_numeric(df["time_period"], errors="coerce").astype("Int64")
    return df[df["_key"].ne("")].reset_index(drop=True)


def _file(key: str) -> pd.DataFrame:
    return _read(key, str(data_dir()))


def _number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers and their symbols: '1,234' -> 1234.0; 'c' -> NaN with symbol 'c'."""
    text = series.fillna("").astype(str).str.strip()
    num = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    symbol = text.where(num.isna() & text.ne(""), "")
    return num.astype("float64"), symbol


def _population() -> pd.DataFrame:
    """ONS children aged 0-17 by geography key and the reporting year it is the denominator for."""
    ons = _file("ons")
    value, _ = _number(ons["population_estimate"])
    # mid-year Y is the denominator for time_period Y + 1 (reporting year Y to Y+1)
    return pd.DataFrame({"_key": ons["_key"], "_tp": ons["_tp"] + 1, "population": value})


@functools.lru_cache(maxsize=4)
def _latest_las(directory: str) -> pd.DataFrame:
    c1 = _read("c1", directory)
    las = c1[c1["_level"].eq("Local authority")].sort_values("_tp")
    las = las.drop_duplicates("old_la_code", keep="last")
    return pd.DataFrame({"name": las["la_name"].str.strip(), "old_la_code": las["old_la_code"].str.strip(),
                         "new_la_code": las["new_la_code"].str.strip(), "region": las["_region"]}
                        ).sort_values("name").reset_index(drop=True)


def all_local_authorities() -> pd.DataFrame:
    """Every local authority in the latest DfE referrals file: name, codes, region."""
    return _latest_las(str(data_dir())).copy()


def _norm(text: str) -> str:
    t = re.sub(r"[^a-z0-9]+", " ", str(text).casefold()).strip()
    t = re.sub(r"\b(borough|council|county|city of|metropolitan|district|royal borough of|london borough of)\b", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def lookup_area(name_or_code: str) -> dict:
    """A local authority by name (any case; 'Bedford Borough' finds 'Bedford'), slug, three-digit
    old code (303) or nine-character code (E09000004). Raises ``ValueError`` with suggestions."""
    las = all_local_authorities()
    q = str(name_or_code).strip()
    hit = las[las["old_la_code"].eq(q) | las["new_la_code"].str.casefold().eq(q.casefold())
              | las["name"].str.casefold().eq(q.casefold())]
    if hit.empty:
        nq = _norm(q.replace("-", " ").replace("_", " "))
        hit = las[las["name"].map(_norm).eq(nq)]
    if hit.empty:
        import difflib

        close = difflib.get_close_matches(q, las["name"].tolist(), n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise ValueError(f"no English local authority called {name_or_code!r} in the DfE statistics.{hint}")
    row = hit.iloc[0]
    return {k: row[k] for k in ("name", "old_la_code", "new_la_code", "region")}


def statistical_neighbours(area: str) -> list[str]:
    """The ten DfE statistical neighbours (2025 model) of a local authority, closest first."""
    la = lookup_area(area)
    sn = _file("sn")
    row = sn[sn["old_la_code"].str.strip().eq(la["old_la_code"])]
    if row.empty:
        return []
    codes = [row.iloc[0][f"SN_{i}"].strip() for i in range(1, 11)]
    las = all_local_authorities().set_index("old_la_code")
    return [las.loc[c, "name"] for c in codes if c in las.index]


def _frame(file_key: str, specs: list[tuple]) -> pd.DataFrame:
    """Long rows from one file: specs are (indicator, breakdown, numerator column, denominator column | None)."""
    df = _file(file_key)
    parts = []
    for indicator, breakdown, num_col, den_col in specs:
        num, num_sym = _number(df[num_col])
        if den_col is None:
            den, den_sym = pd.Series(np.nan, index=df.index), pd.Series("", index=df.index)
        else:
            den, den_sym = _number(df[den_col])
        parts.append(pd.DataFrame({"_key": df["_key"], "_tp": df["_tp"], "area": df["_area"],
                                   "indicator": indicator, "breakdown": breakdown, "numerator": num,
                                   "denominator": den, "symbol": num_sym.where(num_sym.ne(""), den_sym)}))
    return pd.concat(parts, ignore_index=True)


def _counts_and_rates(long: pd.DataFrame, source: str) -> pd.DataFrame:
    counts = long.assign(value=long["numerator"], denominator=np.nan, lower=np.nan, upper=np.nan,
                         unit="count", source=source)
    pop = _population()
    rated = long.drop(columns=["denominator"]).merge(pop, on=["_key", "_tp"], how="left")
    rated = rated.rename(columns={"population": "denominator"}).assign(value=np.nan, lower=np.nan, upper=np.nan,
                                                                       source=source)
    rated = ind.with_rates(rated, "per 10,000 aged 0-17")
    return pd.concat([counts, rated], ignore_index=True)


def _shares(long: pd.DataFrame, source: str) -> pd.DataFrame:
    long = long.assign(value=np.nan, lower=np.nan, upper=np.nan, source=source)
    # a numerator above its denominator (possible with DfE's rounding to 10) is capped for the limits only
    ok = long["denominator"].gt(0) & long["numerator"].le(long["denominator"])
    out = ind.with_proportions(long.where(ok, long.assign(numerator=np.nan)))
    out.loc[~ok, "value"] = (long["numerator"] / long["denominator"] * 100).where(long["denominator"].gt(0))[~ok]
    out["area"], out["indicator"], out["breakdown"], out["symbol"] = long["area"], long["indicator"], long["breakdown"], long["symbol"]
    out["numerator"], out["_key"], out["_tp"] = long["numerator"], long["_key"], long["_tp"]
    return out


def _cache_path(directory: str) -> Path:
    """Where the long table built from the DfE files is cached: keyed by the SHA-256 of every file
    and of this module's source, so a changed file or changed code never reuses a stale cache."""
    import hashlib

    from lscb_analysis.inputs.config import project_root

    h = hashlib.sha256(Path(__file__).read_bytes())
    for key in sorted(FILES):
        h.update((Path(directory) / FILES[key]).read_bytes())
    base = Path(os.environ.get("LSCB_CACHE_DIR", project_root() / "data" / "processed" / ".cache"))
    return base / f"dfe-{h.hexdigest()[:16]}.parquet"


@functools.lru_cache(maxsize=2)
def _all(directory: str) -> pd.DataFrame:
    """:func:`_build_all`, cached as Parquet between processes (each notebook is a new process)."""
    try:
        path = _cache_path(directory)
    except OSError:
        return _build_all(directory)
    if path.exists():
        try:
            return pd.read_parquet(path)
        except Exception:  # a damaged cache is rebuilt, never trusted
            pass
    out = _build_all(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        out.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except OSError:
        pass
    return out


def _build_all(directory: str) -> pd.DataFrame:
    """Every indicator for every geography and year (cached): the basis of indicators() and comparators()."""
    frames = []
    counts = pd.concat([
        _frame("c1", [("referrals", "all", "referral_count", None)]),
        _frame("c4", [("section_47_enquiries", "all", "Section47", None),
                      ("initial_cp_conferences", "all", "ICPC", None)]),
        _frame("d3", [("cp_plans_started", "all", "CPP_start", None)]),
        _frame("d5", [("cp_plans_at_31_march", "all", "CPP_At31", None)]),
        _frame("b1", [("children_in_need_at_31_march", "all", "At31_episodes", None)]),
    ], ignore_index=True)
    frames.append(_counts_and_rates(counts, SOURCE))

    cla = _file("cla")
    cla = cla[cla["population_type"].str.strip().eq("Children looked after on 31 March each year")]
    num, sym = _number(cla["children_count"])
    cla_long = pd.DataFrame({"_key": cla["_key"], "_tp": cla["_tp"], "area": cla["_area"],
                             "indicator": "looked_after_children_at_31_march", "breakdown": "all",
                             "numerator": num, "denominator": np.nan, "symbol": sym})
    frames.append(_counts_and_rates(cla_long, SOURCE_CLA))

    shares = [
        _frame("c1", [("rereferrals_within_12_months", "all", "rereferral_count", "referral_count"),
                      ("referrals_nfa", "all", "no_further_action_count", "referral_count"),
                      ("assessed_not_in_need", "all", "not_in_need_count", "referral_count")]),
        _frame("c4", [("section_47_to_icpc", "all", "ICPC", "Section47")]),
        _frame("d3", [("cp_plans_second_or_subsequent", "all", "CPP_subsequent", "CPP_start")]),
        _frame("d5", [("cp_plans_by_duration", b, col, "CPP_At31") for col, b in DURATION_BANDS.items()]),
    ]
    c1 = _file("c1")
    referred, nfa = _number(c1["referral_count"]), _number(c1["no_further_action_count"])
    shares.append(pd.DataFrame({"_key": c1["_key"], "_tp": c1["_tp"], "area": c1["_area"],
                                "indicator": "referrals_to_assessment", "breakdown": "all",
                                "numerator": referred[0] - nfa[0], "denominator": referred[0],
                                "symbol": nfa[1].where(nfa[1].ne(""), referred[1])}))
    c4 = _file("c4")
    within = _number(c4["Duration_0-10_days"])[0] + _number(c4["Duration_11-15_days"])[0]
    icpc, icpc_sym = _number(c4["ICPC"])
    band_sym = _number(c4["Duration_0-10_days"])[1].where(lambda s: s.ne(""), _number(c4["Duration_11-15_days"])[1])
    shares.append(pd.DataFrame({"_key": c4["_key"], "_tp": c4["_tp"], "area": c4["_area"],
                                "indicator": "icpc_within_15_working_days", "breakdown": "all",
                                "numerator": within, "denominator": icpc,
                                "symbol": band_sym.where(band_sym.ne(""), icpc_sym)}))
    d3 = _frame("d3", [("icpc_to_plan", "all", "CPP_start", None)]).drop(columns=["denominator"])
    icpc_frame = pd.DataFrame({"_key": c4["_key"], "_tp": c4["_tp"], "denominator": icpc, "_dsym": icpc_sym})
    d3 = d3.merge(icpc_frame, on=["_key", "_tp"], how="left")
    d3["symbol"] = d3["symbol"].where(d3["symbol"].ne(""), d3["_dsym"].fillna(""))
    shares.append(d3.drop(columns=["_dsym"]))
    c3 = _file("c3")
    factor_cols = [c for c in c3.columns if c not in {
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
        "region_name", "old_la_code", "new_la_code", "la_name", "category", "Episodes_with_assessment_factor"}
        and not c.startswith("_")]
    shares.append(_frame("c3", [("assessment_factors", "factor:" + c.lower(), c, "Episodes_with_assessment_factor")
                                for c in factor_cols]))
    frames.append(_shares(pd.concat(shares, ignore_index=True), SOURCE))

    out = pd.concat(frames, ignore_index=True)
    out = out[out["_tp"].notna()]
    labels = {t: ReportingYear.from_time_period(int(t)).label for t in out["_tp"].unique()}  # a few dozen years
    out["period"] = out["_tp"].map(labels)
    out["symbol"] = out["symbol"].fillna("")
    out.loc[out["value"].notna(), "symbol"] = ""
    return out.reset_index(drop=True)


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values(["area", "indicator", "breakdown", "unit", "period"], kind="stable")
    return ind.table(df[ind.COLUMNS + ["symbol"]])


def _years_filter(df: pd.DataFrame, years) -> pd.DataFrame:
    if years is None:
        return df
    if isinstance(years, (str, int, ReportingYear)):
        years = [years]
    labels = {ReportingYear(y).label for y in years}
    return df[df["period"].isin(labels)]


def indicators(area: str, years=None) -> pd.DataFrame:
    """Published figures for one local authority (by name or code), every year available or ``years``.

    Returns the indicator table (area = the authority's DfE name). Suppressed and missing
    cells keep their DfE symbol and have no value.
    """
    la = lookup_area(area)
    df = _all(str(data_dir()))
    df = _years_filter(df[df["_key"].eq("L:" + la["old_la_code"])], years)
    return _finish(df.assign(area=la["name"]))


def local_authorities(years=None) -> pd.DataFrame:
    """Published figures for every local authority at once (one indicator table): the basis of funnel
    plots and rankings. Authorities that no longer exist keep their last DfE name."""
    df = _all(str(data_dir()))
    return _finish(_years_filter(df[df["_key"].str.startswith("L:")], years))


def england(years=None) -> pd.DataFrame:
    df = _all(str(data_dir()))
    return _finish(_years_filter(df[df["_key"].eq("England")], years))


def region(name: str, years=None) -> pd.DataFrame:
    df = _all(str(data_dir()))
    key = "R:" + name
    if not df["_key"].eq(key).any():
        known = sorted(k[2:] for k in df["_key"].unique() if k.startswith("R:"))
        raise ValueError(f"no region called {name!r} in the DfE statistics; known: {', '.join(known)}")
    return _finish(_years_filter(df[df["_key"].eq(key)], years))


def neighbour_average(neighbours: list[str], years=None, label: str = SN_LABEL) -> pd.DataFrame:
    """The simple (unweighted) mean of the neighbours' rates and percentages, as DfE's LAIT averages
    statistical neighbours. Counts are not averaged. ``numerator`` holds how many neighbours had a value."""
    if not neighbours:
        return ind.empty()
    keys = ["L:" + lookup_area(n)["old_la_code"] for n in neighbours]
    df = _all(str(data_dir()))
    df = _years_filter(df[df["_key"].isin(keys) & df["unit"].ne("count")], years)
    g = df.groupby(["period", "indicator", "breakdown", "unit"], sort=True)["value"]
    avg = g.mean().rename("value").reset_index()
    avg["numerator"] = g.count().to_numpy().astype(float)
    avg = avg[avg["numerator"] > 0]
    avg = avg.assign(area=label, denominator=np.nan, lower=np.nan, upper=np.nan,
                     source=f"{SOURCE}: mean of {len(keys)} statistical neighbours", symbol="")
    return _finish(avg)


def comparators(area: str, years=None) -> pd.DataFrame:
    """England, the area's region and the average of its statistical neighbours.

    ``area`` is a real authority (its DfE region and ten 2025-model neighbours) or a
    configured area (``config/<area>.yml``: its region and listed neighbours).
    """
    from lscb_analysis.inputs.config import load_area

    a = load_area(area)
    parts = [england(years)]
    if a.region:
        parts.append(region(a.region, years))
    parts.append(neighbour_average(a.statistical_neighbours, years))
    return ind.concat(parts)
