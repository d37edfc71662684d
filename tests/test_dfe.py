"""Published DfE statistics: the Bexley 2016-17 figures printed in its annual report (seed 003, section 3.2)."""

import numpy as np
import pytest
from lscb_analysis.rates import round_half_up

from lscb_analysis import dfe

BEXLEY_SEED_003_S3_2 = {
    # indicator: {period: published percentage}
    "section_47_to_icpc": {"2014-15": 45.2, "2015-16": 34.4, "2016-17": 39.4},
    "icpc_within_15_working_days": {"2014-15": 70.7, "2015-16": 84.2, "2016-17": 81.8},
    "icpc_to_plan": {"2014-15": 84.0, "2015-16": 80.8, "2016-17": 82.8},
    "cp_plans_second_or_subsequent": {"2014-15": 10.3, "2015-16": 11.2, "2016-17": 15.2},
    "referrals_nfa": {"2014-15": 4.9, "2015-16": 4.1, "2016-17": 4.7},
}


@pytest.fixture(scope="module")
def bexley():
    return dfe.indicators("Bexley")


@pytest.mark.parametrize("indicator,period", [(i, p) for i, ps in BEXLEY_SEED_003_S3_2.items() for p in ps])
def test_seed003_s3_2_bexley_published_percentages(bexley, indicator, period):
    row = bexley[(bexley["indicator"] == indicator) & (bexley["period"] == period) & (bexley["unit"] == "percent")]
    assert len(row) == 1
    assert round_half_up(row["value"].item(), 1) == BEXLEY_SEED_003_S3_2[indicator][period]
    assert row["lower"].item() < row["value"].item() < row["upper"].item()


def test_bexley_2016_17_counts(bexley):
    sel = bexley[(bexley["period"] == "2016-17") & (bexley["unit"] == "count")].set_index("indicator")["value"]
    assert sel["section_47_enquiries"] == 766
    assert sel["initial_cp_conferences"] == 302
    assert sel["cp_plans_started"] == 250
    assert sel["referrals"] == 3134


def test_rate_uses_previous_mid_year(bexley):
    # 2016-17 uses the mid-2016 ONS estimate, 56,523 children aged 0-17
    row = bexley[(bexley["indicator"] == "section_47_enquiries") & (bexley["period"] == "2016-17")
                 & (bexley["unit"] == "per 10,000 aged 0-17")]
    assert row["denominator"].item() == 56_523
    assert round_half_up(row["value"].item(), 1) == 135.5


def test_lookup_by_code_and_loose_name():
    assert dfe.lookup_area("303")["name"] == "Bexley"
    assert dfe.lookup_area("E09000004")["name"] == "Bexley"
    assert dfe.lookup_area("Bedford Borough")["name"] == "Bedford"
    with pytest.raises(ValueError, match="Did you mean: Bexley"):
        dfe.lookup_area("Bexly")


def test_suppressed_cells_keep_symbol_never_zero():
    # City of London and Isles of Scilly have suppressed cells in the published files
    t = dfe.indicators("Isles of Scilly")
    sym = t[t["symbol"].ne("")]
    assert len(sym) > 0
    assert sym["value"].isna().all()
    assert set(sym["symbol"]) <= dfe.SYMBOLS


def test_comparators_england_region_neighbours():
    c = dfe.comparators("Bexley", ["2016-17"])
    assert {"England", "London", "Statistical neighbours"} <= set(c["area"])
    eng = c[(c["area"] == "England") & (c["indicator"] == "icpc_to_plan") & (c["unit"] == "percent")]
    assert 80 < eng["value"].item() < 90
    sn = c[(c["area"] == "Statistical neighbours") & (c["indicator"] == "section_47_to_icpc")]
    # Bournemouth, Christchurch and Poole (formed 2019) has no 2016-17 figures: the mean is of the other nine
    assert sn["numerator"].item() == 9
    assert len(dfe.statistical_neighbours("Bexley")) == 10


def test_every_english_la_loads():
    las = dfe.all_local_authorities()
    assert len(las) >= 150
    t = dfe.indicators(las["name"].iloc[0])
    assert np.isfinite(t["value"]).any()
