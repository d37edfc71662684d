"""The partnership page's tables, built only from an indicator table."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.report.display import format_value
from lscb_analysis.sections.partnership.load import GRADES, RATINGS

__all__ = ["board_tables", "audits_sentence", "budget_view", "budget_trend_view", "spend_view", "audit_view", "section11_view", "attendance_view"]


def _rows(table: pd.DataFrame, period: str, indicator: str, unit: str, dimension: str) -> pd.DataFrame:
    rows = table[table["period"].eq(period) & table["indicator"].eq(indicator) & table["unit"].eq(unit)
                 & table["breakdown"].str.startswith(f"{dimension}:")]
    return rows.assign(name=rows["breakdown"].str.split(":", n=1).str[1])


def _fmt(row, unit: str) -> str:
    return format_value(row["value"], unit, (row.get("symbol", "") or "") if hasattr(row, "get") else "")


def _total(table: pd.DataFrame, period: str, indicator: str, unit: str) -> str:
    rows = table[table["period"].eq(period) & table["indicator"].eq(indicator) & table["unit"].eq(unit)
                 & table["breakdown"].eq("all")]
    return "x" if rows.empty else _fmt(rows.iloc[0], unit)


def budget_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Each partner's contribution and share, and the total, as the seed reports print them."""
    money = _rows(table, year.label, "partner_contributions", "GBP", "partner")
    shares = _rows(table, year.label, "partner_contribution_share", "percent", "partner").set_index("name")
    rows = [{"Partner": r["name"], "Contribution": _fmt(r, "GBP"),
             "Share (%)": format_value(shares.loc[r["name"], "value"], "percent", digits=2)
             if r["name"] in shares.index else "x"} for _, r in money.iterrows()]
    rows.append({"Partner": "Total", "Contribution": _total(table, year.label, "partner_contributions", "GBP"),
                 "Share (%)": "100.00" if rows else "x"})
    return pd.DataFrame(rows).set_index("Partner")


def spend_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Spend by heading and the total."""
    spend = _rows(table, year.label, "partnership_spend", "GBP", "heading")
    rows = [{"Heading": r["name"], "Spend": _fmt(r, "GBP")} for _, r in spend.iterrows()]
    rows.append({"Heading": "Total", "Spend": _total(table, year.label, "partnership_spend", "GBP")})
    return pd.DataFrame(rows).set_index("Heading")


def audit_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Cases audited by grade: number and share."""
    counts = _rows(table, year.label, "audit_grades", "count", "grade").set_index("name")
    shares = _rows(table, year.label, "audit_grades", "percent", "grade").set_index("name")
    rows = [{"Grade": g.replace("_", " ").capitalize(),
             "Cases": _fmt(counts.loc[g], "count") if g in counts.index else "x",
             "%": _fmt(shares.loc[g], "percent") if g in shares.index else "x"} for g in GRADES]
    rows.append({"Grade": "All cases audited", "Cases": _total(table, year.label, "cases_audited", "count"),
                 "%": "100.0"})
    return pd.DataFrame(rows).set_index("Grade")


def audits_sentence(table: pd.DataFrame, year: ReportingYear) -> str:
    """How many multi-agency audits were completed in the year (audits are the partnership's work, not
    children: the number is shown whatever its size)."""
    n = _total(table, year.label, "multi_agency_audits", "count")
    cases = _total(table, year.label, "cases_audited", "count")
    if n == "x":
        return f"No multi-agency audits are recorded for {year.label}."
    return (f"The partnership completed {n} multi-agency audit{'s' if n != '1' else ''} in {year.label}, "
            f"looking at {cases} children's cases.")


def section11_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Each partner's share of Section 11 standards met in its latest self-assessment."""
    met = _rows(table, year.label, "section11_standards_met", "percent", "partner")
    rows = [{"Partner": r["name"], "Standards met (%)": _fmt(r, "percent"),
             "Standards assessed": format_value(r["denominator"], "count")} for _, r in met.iterrows()]
    rows.append({"Partner": "All partners", "Standards met (%)": _total(table, year.label, "section11_standards_met",
                                                                        "percent"), "Standards assessed": ""})
    ratings = _rows(table, year.label, "section11_standards_met", "count", "rating").set_index("name")
    for r in RATINGS:
        if r in ratings.index:
            rows.append({"Partner": f"Standards {r.replace('_', ' ')}", "Standards met (%)": "",
                         "Standards assessed": _fmt(ratings.loc[r], "count")})
    return pd.DataFrame(rows).set_index("Partner")


def attendance_view(table: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Each partner's attendance at board meetings in the year."""
    att = _rows(table, year.label, "board_attendance", "percent", "partner")
    rows = [{"Partner": r["name"], "Meetings attended": format_value(r["numerator"], "count"),
             "Meetings held": format_value(r["denominator"], "count"), "Attendance (%)": _fmt(r, "percent")}
            for _, r in att.iterrows()]
    rows.append({"Partner": "All partners", "Meetings attended": "", "Meetings held": "",
                 "Attendance (%)": _total(table, year.label, "board_attendance", "percent")})
    return pd.DataFrame(rows).set_index("Partner")


def budget_trend_view(table: pd.DataFrame) -> pd.DataFrame:
    """Each partner's contribution and the total in every year the table holds."""
    money = table[table["indicator"].eq("partner_contributions") & table["unit"].eq("GBP")]
    if money.empty:
        return pd.DataFrame()
    names = money["breakdown"].where(money["breakdown"].eq("all"), money["breakdown"].str.split(":", n=1).str[1])
    view = money.assign(Partner=names.replace({"all": "Total"})).pivot_table(
        index="Partner", columns="period", values="value", aggfunc="first", sort=False)
    order = [n for n in dict.fromkeys(names.replace({"all": "Total"})) if n != "Total"] + ["Total"]
    return view.reindex(order).apply(lambda col: col.map(lambda v: format_value(v, "GBP")))


def board_tables(table: pd.DataFrame, year: str | ReportingYear) -> dict[str, pd.DataFrame]:
    """Every table on the partnership page (each says x where the area holds no such record)."""
    year = ReportingYear(year)
    return {"budget": budget_view(table, year), "budget_trend": budget_trend_view(table), "spend": spend_view(table, year), "audits": audit_view(table, year),
            "section11": section11_view(table, year), "attendance": attendance_view(table, year)}
