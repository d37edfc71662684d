import numpy as np
import pytest

from lscb_analysis import indicators as ind


def test_rows_and_table_shape():
    t = ind.table([ind.count_row("A", "2024-25", "referrals", 120),
                   ind.rate_row("A", "2024-25", "referrals", 120, 40_000),
                   ind.proportion_row("A", "2024-25", "referrals_nfa", 6, 120)])
    assert list(t.columns[:11]) == ind.COLUMNS
    assert t.loc[1, "value"] == pytest.approx(30.0)
    assert t.loc[1, "unit"] == "per 10,000 aged 0-17"
    assert t.loc[2, "value"] == pytest.approx(5.0)
    assert t.loc[2, "lower"] < 5 < t.loc[2, "upper"]


def test_validation_errors():
    with pytest.raises(ValueError, match="unknown unit 'per cent'"):
        ind.table([ind.value_row("A", "2024-25", "x", 1, "per cent")])
    with pytest.raises(ValueError, match="more than one row"):
        ind.table([ind.count_row("A", "2024-25", "x", 1)] * 2)
    with pytest.raises(ValueError, match="outside its limits"):
        ind.table([ind.value_row("A", "2024-25", "x", 10, "percent", lower=11, upper=12)])


def test_zero_denominator_share_is_missing_not_error():
    row = ind.proportion_row("A", "2024-25", "icpc_to_plan", 0, 0)
    assert np.isnan(row["value"])


def test_vectorised_helpers_match_rows():
    t = ind.table([ind.count_row("A", "2024-25", "x", 30)])
    t["denominator"] = 40_000.0
    r = ind.with_rates(t)
    assert r.loc[0, "value"] == pytest.approx(7.5)


def test_breakdown_rows_count_every_code_in_order_with_shares_of_all():
    import pandas as pd

    values = pd.Series(["needs_met", "stepped_up", "needs_met", "other_text"])
    rows = ind.breakdown_rows("A", "2024-25", "early_help_closures", values, ["needs_met", "disengaged"], "reason")
    assert [(r["breakdown"], r["unit"], r["numerator"]) for r in rows] == [
        ("reason:needs_met", "count", 2.0), ("reason:needs_met", "percent", 2.0),
        ("reason:disengaged", "count", 0.0), ("reason:disengaged", "percent", 0.0)]
    assert rows[1]["denominator"] == 4.0 and rows[1]["value"] == 50.0  # 2 of all 4 records
    assert rows[3]["value"] == 0.0  # a code no record has is 0, not missing
    assert len(ind.breakdown_rows("A", "2024-25", "x", values, ["needs_met"], "reason", shares=False)) == 1
