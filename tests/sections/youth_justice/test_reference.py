"""The youth justice figures are those of the direct, one-call-at-a-time method (kept here as the reference),
and nothing is kept between calls: every figure follows the tables as they are when it is asked for, also after
an analyst edits a table in place (the section protocol's rule: no cache)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lscb_analysis.periods import ReportingYear
from pandas.testing import assert_frame_equal

from lscb_analysis import indicators as ind
from lscb_analysis import yos
from lscb_analysis.sections.youth_justice.kpis import KPIS
from lscb_analysis.sections.youth_justice.records import age_band, sex_label

from .sample import ASSESSMENTS, OUTCOMES, RELEASES, REMANDS, _population, pid

ROOT = Path(__file__).resolve().parents[3]
BUNDLED = ROOT / "data" / "raw" / "exampleshire"
KEY = b"test-key"
YEARS = [ReportingYear(y) for y in range(2015, 2026)]
KEYS = ["area", "period", "indicator", "breakdown", "unit"]


def _area(tmp_path: Path, files: dict[str, str]) -> Path:
    d = tmp_path / "exampleshire"
    (d / "yos").mkdir(parents=True)
    for name, text in files.items():
        (d / "yos" / name).write_text(text)
    _population(d)
    return d


FULL = {"outcomes.csv": OUTCOMES, "custody_releases.csv": RELEASES, "remands.csv": REMANDS,
        "assessments.csv": ASSESSMENTS}


@pytest.fixture(scope="module")
def bundled() -> yos.YOSData:
    return yos.load(BUNDLED, key=KEY)


@pytest.fixture
def small(tmp_path) -> yos.YOSData:
    return yos.load(_area(tmp_path, FULL), key=KEY)


@pytest.fixture
def no_releases(tmp_path) -> yos.YOSData:
    return yos.load(_area(tmp_path, {"outcomes.csv": OUTCOMES}), key=KEY)


def fresh(data: yos.YOSData) -> yos.YOSData:
    """The same tables in a new YOSData."""
    return dataclasses.replace(data)


# --- the direct method, the reference --------------------------

def reference_cohort_members(data: yos.YOSData, cohort_start, cohort_end) -> pd.DataFrame:
    s, e = pd.Timestamp(cohort_start).normalize(), pd.Timestamp(cohort_end).normalize()
    o = data.outcomes
    custody_occasion = (o[o["outcome"].isin(yos.CUSTODY)][["young_person_id", "outcome_date"]]
                        .drop_duplicates().assign(_custody=True))
    o_idx = o.merge(custody_occasion, on=["young_person_id", "outcome_date"], how="left")
    events = o_idx.loc[o_idx["outcome"].isin(yos.INDEX_OUTCOMES) & o_idx["outcome_date"].between(s, e)
                       & o_idx["_custody"].isna(),
                       ["young_person_id", "outcome_date", "outcome", "outcome_group", "date_of_birth", "sex"]]
    events = events.rename(columns={"outcome_date": "index_date", "outcome": "index_event",
                                    "outcome_group": "index_outcome"})
    rel = data.custody_releases
    rel = rel.loc[rel["release_date"].between(s, e), ["young_person_id", "release_date", "date_of_birth", "sex"]]
    rel = rel.rename(columns={"release_date": "index_date"}).assign(index_event="RELEASE", index_outcome="custody")
    allev = pd.concat([events, rel[events.columns]], ignore_index=True)
    allev = allev.sort_values(["young_person_id", "index_date", "index_event"], kind="stable")
    cohort = allev.drop_duplicates("young_person_id", keep="first").copy()
    cohort["age_at_index"] = yos.age_at(cohort["date_of_birth"], cohort["index_date"])
    cohort = cohort[cohort["age_at_index"].between(10, 17)]
    cohort["follow_up_end"] = cohort["index_date"] + yos.FOLLOW_UP
    cohort["waiting_end"] = cohort["follow_up_end"] + yos.WAITING
    proven = o.loc[o["outcome"].isin(yos.SUBSTANTIVE), ["young_person_id", "offence_date", "outcome_date"]]
    m = cohort[["young_person_id", "index_date", "follow_up_end", "waiting_end"]].merge(proven, on="young_person_id")
    counted = ((m["offence_date"] > m["index_date"]) & (m["offence_date"] <= m["follow_up_end"])
               & (m["outcome_date"] <= m["waiting_end"]))
    n = m[counted].groupby("young_person_id").size()
    cohort["reoffences"] = cohort["young_person_id"].map(n).fillna(0).astype("int64")
    cohort["reoffender"] = cohort["reoffences"] > 0
    cols = ["young_person_id", "index_date", "index_event", "index_outcome", "age_at_index", "sex",
            "follow_up_end", "waiting_end", "reoffences", "reoffender"]
    return cohort[cols].sort_values(["index_date", "young_person_id"], kind="stable").reset_index(drop=True)


def reference_sentencing_occasions(data: yos.YOSData, year) -> pd.DataFrame:
    y = ReportingYear(year)
    o = data.outcomes
    court = o[o["outcome"].isin(yos.COURT) & y.contains(o["outcome_date"])]
    court = court.assign(_sev=court["outcome_group"].map({"custody": 4, "community": 3, "first tier": 2,
                                                          "pre-court": 1, "not substantive": 0}))
    court = court.sort_values(["young_person_id", "outcome_date", "_sev"], ascending=[True, True, False], kind="stable")
    return court.drop_duplicates(["young_person_id", "outcome_date"])[
        ["young_person_id", "outcome_date", "outcome", "outcome_group", "age_at_outcome"]].reset_index(drop=True)


def reference_counts(data: yos.YOSData, year) -> dict[tuple[str, str], float]:
    """Every count in a year's table, from the records with pandas, one figure at a time."""
    y = ReportingYear(year)
    out: dict[tuple[str, str], float] = {}
    fte = yos.entrants(data, y)
    out["first_time_entrants", "all"] = len(fte)
    for dim, values in (("sex", sex_label(fte["sex"])), ("age", age_band(fte["age_at_outcome"])),
                        ("first_outcome", fte["outcome_group"].where(fte["outcome_group"].eq("pre-court"), "court"))):
        for lv, n in values.value_counts().items():
            out["first_time_entrants", f"{dim}:{lv}"] = n
    occ = reference_sentencing_occasions(data, y)
    out["custodial_sentences", "all"] = int(occ["outcome_group"].eq("custody").sum())
    o = data.outcomes
    work = o[o["outcome"].isin(yos.SUPERVISED) & y.contains(o["outcome_date"])]
    out["interventions", "all"] = len(work)
    out["young_people_supervised", "all"] = work["young_person_id"].nunique()
    kind = work["outcome_group"].where(work["outcome"].ne("TRIAGE"), "triage")
    for lv, n in kind.value_counts().items():
        out["interventions", f"type:{lv}"] = n
    r = data.remands
    out["custody_remands", "all"] = r.loc[r["remand_type"].eq("custody") & y.contains(r["remand_start"]),
                                          "young_person_id"].nunique()
    a = data.assessments
    start = a[a["stage"].eq("start") & y.contains(a["assessment_date"])]
    for indicator, col in (("asset_vulnerability", "vulnerability"), ("asset_risk_of_serious_harm",
                                                                      "risk_of_serious_harm")):
        out[indicator, "all"] = len(start)
        for lv, n in start[col].value_counts().items():
            out[indicator, f"level:{lv}"] = n
    return out


# --- the same figures as the direct method -----------------------------------------------------

def _periods():
    for y in YEARS:
        yield y.start, y.end
        yield from yos.quarterly_cohorts(y)
    yield pd.Timestamp("2022-05-17"), pd.Timestamp("2023-02-03")
    yield pd.Timestamp("2022-10-01"), pd.Timestamp("2022-10-01")


@pytest.mark.parametrize("which", ["bundled", "small", "no_releases"])
def test_cohort_members_are_those_of_the_direct_method(which, request):
    data = request.getfixturevalue(which)
    sizes = []
    for s, e in _periods():
        got = yos.cohort_members(data, s, e)
        assert_frame_equal(got, reference_cohort_members(data, s, e), check_exact=True)
        sizes.append(len(got))
    assert max(sizes) > 0 and min(sizes) == 0  # both kinds of period are exercised


def test_cohort_members_rejects_a_period_that_ends_before_it_starts(small):
    with pytest.raises(ValueError, match="before it starts"):
        yos.cohort_members(small, "2023-01-01", "2022-12-31")
    with pytest.raises(ValueError, match="before it starts"):
        yos.reoffending(small, "2023-01-01", "2022-12-31")


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_year_counts_are_those_of_the_direct_method(which, request):
    data = request.getfixturevalue(which)
    for y in YEARS:
        assert_frame_equal(yos.sentencing_occasions(data, y), reference_sentencing_occasions(data, y),
                           check_exact=True)
        table = yos.indicators(data, y)
        counts = table[table["unit"].eq("count") & table["cohort_start"].eq("") & ~table["indicator"].isin(KPIS)]
        got = {(i, b): v for i, b, v in zip(counts["indicator"], counts["breakdown"], counts["value"])}
        expected = reference_counts(data, y)
        assert {k: v for k, v in got.items() if v} == {k: float(v) for k, v in expected.items() if v}
        hist = yos.fte_history(data, y)
        fte = yos.entrants(data, y)
        assert hist.entrants == len(fte)
        if hist.data_start is not None:
            tenth = fte["date_of_birth"] + pd.DateOffset(years=10)
            assert hist.unconfirmed == int((tenth < hist.data_start).sum())


@pytest.mark.parametrize("as_of", [None, "2023-05-01", "2024-06-30"])
def test_trend_is_each_years_table_with_repeats_dropped(bundled, as_of):
    years = ReportingYear("2024-25").trend(6)
    tables = [yos.indicators(bundled, y, as_of=as_of) for y in years]
    expected = pd.concat(tables, ignore_index=True).drop_duplicates(KEYS, keep="last").reset_index(drop=True)
    assert_frame_equal(yos.trend(bundled, "2024-25", 6, as_of=as_of), expected, check_exact=True)
    if as_of == "2023-05-01":  # several years report the same cohort: the repeats really are dropped
        assert sum(len(t) for t in tables) > len(expected)


def test_trend_needs_at_least_one_year(small):
    with pytest.raises(ValueError):
        yos.trend(small, "2024-25", 0)


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_reoffending_rows_are_the_cohort_tables(which, request):
    data = request.getfixturevalue(which)
    for y in YEARS[2:]:
        table = yos.indicators(data, y)
        re = table[table["cohort_start"].ne("")].reset_index(drop=True)
        c = ReportingYear(re["cohort_start"].iloc[0][:4])
        parts = [yos.reoffending(data, c.start, c.end, by=["index_outcome", "age", "sex"])]
        parts += [yos.reoffending(data, s, e) for s, e in yos.quarterly_cohorts(c)]
        expected = pd.concat(parts, ignore_index=True)
        assert_frame_equal(re, expected[re.columns], check_exact=True)

        later = yos.provisional_cohorts(data, y)
        last = yos.latest_complete_cohort_year(min(data.extract_date, y.end))
        parts = [yos.reoffending(data, k.start, k.end, provisional="omit")
                 for k in (ReportingYear(n) for n in range(last.start_year + 1, y.start_year + 1))]
        parts = [p[p["status"].eq("provisional")] for p in parts]
        expected = pd.concat(parts, ignore_index=True) if parts else ind.empty()
        assert_frame_equal(later, expected, check_exact=True)


# --- nothing is kept: edits are seen --------------------------------------------------------------

def _all(data: yos.YOSData) -> dict[str, pd.DataFrame]:
    return {"indicators": yos.indicators(data, "2022-23"),
            "trend": yos.trend(data, "2024-25", 5),
            "later": yos.provisional_cohorts(data, "2024-25"),
            "cohort": yos.cohort_members(data, "2022-04-01", "2023-03-31"),
            "fte": yos.entrants(data, "2022-23"),
            "occasions": yos.sentencing_occasions(data, "2022-23"),
            "reoffending": yos.reoffending(data, "2022-04-01", "2023-03-31", by="sex")}


def _same_as_fresh(data: yos.YOSData) -> dict[str, pd.DataFrame]:
    got = _all(data)
    for name, table in _all(fresh(data)).items():
        assert_frame_equal(got[name], table, check_exact=True, obj=name)
    return got


def _differs(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame], names) -> None:
    for name in names:
        assert not a[name].equals(b[name]), name


def test_a_table_edited_in_place_is_seen(small):
    before = _same_as_fresh(small)
    o = small.outcomes
    # C1's youth caution (index 15/06/2022) becomes no further action: C1 leaves the 2022-23 cohort and
    # is no longer a first time entrant in 2022-23
    i = o.index[o["outcome_date"].eq(pd.Timestamp("2022-06-15"))][0]
    small.outcomes.loc[i, "outcome"] = "NFA"
    small.outcomes.loc[i, "outcome_group"] = "not substantive"
    after = _same_as_fresh(small)
    _differs(before, after, ["indicators", "cohort", "fte", "reoffending"])


def test_a_date_edited_in_place_is_seen(small):
    before = _same_as_fresh(small)
    o = small.outcomes
    i = o.index[o["outcome_date"].eq(pd.Timestamp("2023-11-10"))][0]  # C1's re-offence, proven in month 17
    small.outcomes.loc[i, "outcome_date"] = pd.Timestamp("2024-02-25")  # now month 20: not counted
    after = _same_as_fresh(small)
    _differs(before, after, ["cohort", "reoffending"])


def test_a_replaced_table_is_seen(small):
    before = _same_as_fresh(small)
    small.custody_releases = small.custody_releases.iloc[0:0]
    after = _same_as_fresh(small)
    _differs(before, after, ["cohort", "reoffending"])
    small.remands = small.remands.iloc[0:0]
    small.assessments = small.assessments[small.assessments["stage"].ne("start")]
    again = _same_as_fresh(small)
    assert not after["indicators"].equals(again["indicators"])


def test_population_changes_are_seen(small):
    before = _same_as_fresh(small)
    small.population["population"] = small.population["population"] * 2  # same object, new column
    doubled = _same_as_fresh(small)
    _differs(before, doubled, ["indicators", "trend"])
    small.population = None
    gone = _same_as_fresh(small)
    rate = ind.select(gone["indicators"], "first_time_entrants", unit="per 100,000 aged 10-17")
    assert rate["symbol"].iloc[0] == "x" and np.isnan(rate["value"].iloc[0])


def test_settings_changes_are_seen(small):
    before = _same_as_fresh(small)
    small.history_start = pd.Timestamp("2022-06-01")  # after the 2022-23 cohort starts: not available
    later_start = _same_as_fresh(small)
    re = ind.select(later_start["reoffending"], "reoffending_binary_rate")
    assert re["symbol"].iloc[0] == "x"
    _differs(before, later_start, ["indicators", "reoffending"])
    small.history_start = None
    assert_frame_equal(_same_as_fresh(small)["indicators"], before["indicators"], check_exact=True)
    small.files["assessments"] = False  # edited in place
    assert not ind.select(yos.indicators(small, "2022-23"), "asset_vulnerability", breakdown=None).size
    small.area = "Elsewhere"
    assert set(yos.indicators(small, "2022-23")["area"]) == {"Elsewhere"}


def test_editing_a_result_does_not_change_later_results(small):
    before = _all(small)
    for table in _all(small).values():
        for col in table.columns:
            if pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(table[col]):
                table.loc[:, col] = 0
            elif pd.api.types.is_datetime64_any_dtype(table[col]):
                table.loc[:, col] = pd.Timestamp("2000-01-01")
            else:
                table.loc[:, col] = "changed" if table[col].dtype != bool else False
    for name, table in _all(small).items():
        assert_frame_equal(table, before[name], check_exact=True, obj=name)


def test_an_in_place_edit_of_the_outcomes_changes_first_time_entrants(small):
    """Hand-checked: in 2022-23 the first time entrants are B1 (youth caution 01/10/2022), C1 (15/06/2022),
    D1 (referral order 20/07/2022), E1 (youth conditional caution 10/08/2022), F1 (01/09/2022), G1
    (10/05/2022) and K1 (01/12/2022): 7 children (H1 entered in 2021-22, I1 was 18). Making C1's caution
    "no further action" in place leaves 6, and C1 enters instead on the referral order of 10/11/2023."""
    def count(d, y):
        return ind.select(yos.indicators(d, y), "first_time_entrants", unit="count")["value"].iloc[0]
    assert count(small, "2022-23") == 7
    assert count(small, "2023-24") == 0
    o = small.outcomes
    i = o.index[o["young_person_id"].eq(pid("C1")) & o["outcome_date"].eq(pd.Timestamp("2022-06-15"))][0]
    small.outcomes.loc[i, "outcome"] = "NFA"  # edited in place: the same DataFrame object
    assert count(small, "2022-23") == 6
    assert count(small, "2023-24") == 1
    assert pid("C1") in set(yos.entrants(small, "2023-24")["young_person_id"])
