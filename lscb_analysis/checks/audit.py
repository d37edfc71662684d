"""Check that the figures a published report prints agree with each other.

Input is the long format of ``data/raw/published/published_figures.csv``: one printed
figure a row, with ``seed, section, area, period, indicator, breakdown, value, unit, note``.
The ``breakdown`` column says what kind of figure a row is:

* blank: the headline figure for the indicator (a rate, count or percentage in ``unit``);
* ``count``: the number behind it; ``total``: a stated total of the row's parts;
* ``dimension:value`` (``sex:female``, ``agency:Police``, ``category:neglect``...): a part;
* ``pct_dimension:value``: a part as a share of 100% (``pct_category:neglect``);
* ``pct_change`` / ``count_pct_change``: the stated % change from the previous year of
  the headline figure / of the count; ``change``: the stated change in the count;
* ``pct_of_X``: the headline as a % of indicator X's headline (seed 000's "% of referrals");
  ``pct_to_X``: indicator X's count as a % of this one's (contacts leading to a referral);
* anything else (``pct_nfa``, ``target_...``): a figure the file alone cannot check.

Notes that state a figure in a fixed form are checked too: ``47%`` or ``stated as 2.6%``
(a part's share of its total), ``stated as 2.6% of 151``, ``24 out of 169 (14%)``,
``up 45% from 135``, ``sum of 2+6+8`` and ``of 235 start ASSETs`` (the total of a part's group).

The checks (:func:`checks` lists every comparison; :func:`check` only the disagreements):

``conflict``
    The same figure (seed, area, period, indicator, breakdown, unit) printed twice with
    values no common rounding can reconcile.
``rate``
    A rate against its count and the population (``population_under_18`` for a rate per
    10,000 under 18), unless the count is stated for another date ("at the time of...").
``change``
    A stated % change against the two values it compares (or against the stated change
    and the new value, which give the old one).
``percent``
    ``pct_of_`` / ``pct_to_`` percentages and note percentages against their parts and totals.
``parts``
    Parts against their total: equal where the parts cover every value of a complete
    dimension (sex, category of abuse, ASSET level) or the total is labelled ``total``;
    not more than it otherwise; each no more than it where one case can be in several
    parts (assessment factors). Figures for a period "A to B" against the sum of the years.
``shares``
    Shares of one dimension against 100%: never above it beyond the rounding of the parts,
    and equal to it for dimensions with no "not known" group (category of abuse, ASSET level).

Rounding (what "agree" means): counts and amounts of money are exact as printed; a
stated rate, percentage or change agrees with the value recomputed from the printed
figures if it is that value rounded to the printed number of decimal places (a figure
printed as 2.4 covers 2.35 to 2.45) or cut off there (documents often truncate:
8.664 printed as 8.6). Inputs are taken as printed, as a reader of the table must take
them (every other stated change in seed 000's table agrees exactly with the printed
rates beside it); an input the note calls approximate (35,600 children) may be anywhere
its trailing zeros allow (35,550 to 35,650), and a sum of rounded shares may be off 100%
by the rounding of each share. Where a figure is printed twice with different values,
the other checks pass if either printing agrees, so the disagreement is reported once,
by ``conflict``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import clean

__all__ = ["load", "check", "checks", "agrees", "format_findings", "main", "COLUMNS", "FINDING_COLUMNS"]

COLUMNS = ["seed", "section", "area", "period", "indicator", "breakdown", "value", "unit", "note"]
FINDING_COLUMNS = ["check", "status", "seed", "section", "area", "period", "indicator", "breakdown",
                   "stated", "expected", "difference", "rows", "detail"]

# dimensions whose listed values are every value there is (a full split must add to the total)
COMPLETE = {
    "sex": {"female", "male"},
    "category": {"neglect", "physical_abuse", "sexual_abuse", "emotional_abuse", "multiple"},
    "level": {"very_high", "high", "medium", "low"},
}
# dimensions with no "not known" group: shares of them must add to 100%
NO_UNKNOWN = {"category", "level"}
# dimensions where one case can fall in several parts (an assessment records many factors)
OVERLAPPING = {"factor"}
# the population figure behind a rate unit
POPULATION_FOR_UNIT = [(re.compile(r"under 18|aged 0-17", re.I), "population_under_18")]
OTHER_DATE = re.compile(r"\bat the time of\b|\bat the date of\b|\bnot 31 march\b", re.I)
APPROXIMATE = re.compile(r"\bapprox|\babout\b|\baround\b|\broughly\b", re.I)
RATE_UNIT = re.compile(r"^per\s+(\d[\d,]*)\b", re.I)
EPS = 1e-9


# --------------------------------------------------------------------------------------------
# loading


def _decimals(text: pd.Series) -> pd.Series:
    return text.str.extract(r"\.(\d+)$")[0].str.len().fillna(0).astype(int)


def _half_width(value: float, decimals: int, approximate: bool) -> float:
    """How far the true value may be from a printed input: 0 when taken as printed; for an
    approximate whole number, half a unit of its last non-zero digit (35600 -> 50)."""
    if not approximate:
        return 0.0
    if decimals > 0:
        return 0.5 * 10.0 ** -decimals
    n = abs(int(round(value)))
    zeros = 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return 0.5 * 10.0 ** zeros if zeros else 0.5


def load(path: Path | str, rejections: clean.Rejections | None = None) -> pd.DataFrame:
    """Read a file of published figures (CSV or XLSX) for :func:`check`.

    Returns the columns of the file plus ``row`` (its spreadsheet row: header 1, first
    figure 2), ``printed`` (the value as printed, without thousands separators, £ or %),
    ``decimals`` (decimal places printed) and ``value`` as a number. A row whose value is
    not a number is logged in ``rejections`` (also in ``.attrs["rejections"]``) and left out.
    A missing column raises :class:`clean.InputError` naming the file and column.
    """
    path = Path(path)
    rejections = rejections if rejections is not None else clean.Rejections()
    label = path.name
    raw = clean.read_table(path, rejections)
    raw = clean.require_columns(raw, COLUMNS, label, rejections=rejections)
    printed = (raw["value"].astype(str).str.strip().str.replace(",", "", regex=False)
               .str.replace("£", "", regex=False).str.rstrip("%").str.strip())
    number = pd.to_numeric(printed.where(printed.str.fullmatch(r"[-+]?\d+(\.\d+)?")), errors="coerce")
    rejections.add_rows(raw, number.isna(), label, "value", "not a number")
    missing = raw["indicator"].astype(str).str.strip().eq("") | raw["area"].astype(str).str.strip().eq("")
    rejections.add_rows(raw, missing & number.notna(), label, "indicator", "no area or indicator")
    kept = rejections.apply(raw, label)
    out = pd.DataFrame({c: kept[c].astype(str).str.strip() for c in COLUMNS if c != "value"})
    out["printed"] = printed.loc[kept.index]
    out["value"] = number.loc[kept.index].astype("float64")
    out["decimals"] = _decimals(out["printed"])
    out["row"] = kept["_row"].astype(int)
    out = out[["row"] + COLUMNS + ["printed", "decimals"]].reset_index(drop=True)
    out.attrs["rejections"] = rejections
    out.attrs["file"] = label
    return out


def _prepare(figures: pd.DataFrame) -> pd.DataFrame:
    """Accept the output of :func:`load` or any frame with :data:`COLUMNS`."""
    df = figures.copy()
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"published figures are missing the column {missing[0]!r}")
    if "printed" not in df.columns:
        df["printed"] = df["value"].map(lambda v: v if isinstance(v, str) else repr(float(v)).removesuffix(".0"))
        df["printed"] = df["printed"].astype(str).str.replace(",", "", regex=False).str.strip()
        df["value"] = pd.to_numeric(df["printed"], errors="raise")
    if "decimals" not in df.columns:
        df["decimals"] = _decimals(df["printed"].astype(str))
    if "row" not in df.columns:
        df["row"] = np.arange(2, len(df) + 2)
    for c in ["seed", "section", "area", "period", "indicator", "breakdown", "unit", "note"]:
        df[c] = df[c].fillna("").astype(str).str.strip()
    df["value"] = df["value"].astype("float64")
    df["approximate"] = df["note"].str.contains(APPROXIMATE)
    df["half"] = [_half_width(v, d, a) for v, d, a in zip(df["value"], df["decimals"], df["approximate"])]
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# agreement within rounding


def agrees(stated: float, decimals: int, low: float, high: float | None = None) -> bool:
    """Could ``stated``, printed to ``decimals`` places, be a printing of a true value in
    ``[low, high]``? Yes if it is one rounded (within half a unit of the last printed place)
    or cut off (truncated towards zero) at that place."""
    high = low if high is None else high
    if any(math.isnan(x) for x in (stated, low, high)):
        return False
    unit = 10.0 ** -decimals
    half = unit / 2
    if low - half - EPS <= stated <= high + half + EPS:
        return True
    if stated >= 0:
        t_low, t_high = stated, stated + unit
    else:
        t_low, t_high = stated - unit, stated
    return high >= t_low - EPS and low < t_high - EPS


def _interval(func: Callable[..., float], values: list[float], halves: list[float]) -> tuple[float, float]:
    """The range of ``func`` over the inputs' intervals (monotone in each input: check the corners)."""
    corners = itertools.product(*[(v - h, v + h) if h else (v,) for v, h in zip(values, halves)])
    results = []
    for c in corners:
        try:
            r = func(*c)
        except ZeroDivisionError:
            continue
        if r is not None and not math.isnan(r):
            results.append(r)
    if not results:
        return math.nan, math.nan
    return min(results), max(results)


def _fmt(x: float, decimals: int | None = None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if decimals is None:
        decimals = 0 if float(x).is_integer() else (1 if abs(x) >= 100 else 2)
    from lscb_analysis.core.rates import round_half_up

    r = round_half_up(float(x), decimals)
    return f"{r:,.{decimals}f}"


# --------------------------------------------------------------------------------------------
# the checks


@dataclass
class _Result:
    check: str
    ok: bool | None  # None: not comparable
    rows: list[pd.Series]  # the rows involved, the stated figure first
    stated: str
    expected: float
    detail: str
    stated_value: float = math.nan  # the stated figure as a number, for ``difference``


class _Index:
    """Rows by (seed, area, period, indicator, breakdown): every printing of a figure."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self.by_key: dict[tuple, list[pd.Series]] = {}
        for _, r in df.iterrows():
            self.by_key.setdefault((r["seed"], r["area"], r["period"], r["indicator"], r["breakdown"]), []).append(r)
        self.indicators = {(r["seed"], r["indicator"]) for _, r in df.iterrows()}

    def get(self, seed, area, period, indicator, breakdown) -> list[pd.Series]:
        return self.by_key.get((seed, area, period, indicator, breakdown), [])

    def headline(self, seed, area, period, indicator) -> list[pd.Series]:
        """The headline printings: the blank breakdown, else the count."""
        return self.get(seed, area, period, indicator, "") or self.get(seed, area, period, indicator, "count")


def _where(r: pd.Series) -> str:
    return f"{r['section']} ({r['printed']})"


def _check_conflicts(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    for _, g in df.groupby(["seed", "area", "period", "indicator", "breakdown", "unit"], sort=False):
        if len(g) < 2:
            continue
        rows = [r for _, r in g.iterrows()]
        bad = [(a, b) for a, b in itertools.combinations(rows, 2)
               if not (agrees(a["value"], a["decimals"], b["value"] - 0.5 * 10.0 ** -b["decimals"],
                              b["value"] + 0.5 * 10.0 ** -b["decimals"]))]
        first = rows[0]
        what = f"{first['area']} {first['period']} {first['indicator']}"
        if first["breakdown"]:
            what += f" ({first['breakdown']})"
        if bad:
            detail = (f"{what} is printed as " + " and as ".join(_where(r) for r in rows)
                      + ": the document gives two different values for one figure")
            hint = _rate_hint(ix, first)
            if hint:
                detail += f"; {hint}"
            out.append(_Result("conflict", False, rows, " / ".join(r["printed"] for r in rows), math.nan, detail))
        else:
            out.append(_Result("conflict", True, rows, " / ".join(r["printed"] for r in rows), math.nan,
                               f"{what} is printed {len(rows)} times with the same value"))
    return out


def _rate_parts(ix: _Index, r: pd.Series):
    """(per, counts, populations) behind a headline rate row, or None."""
    m = RATE_UNIT.match(r["unit"])
    if not m or r["breakdown"] != "":
        return None
    per = float(m.group(1).replace(",", ""))
    pop_indicator = next((name for pat, name in POPULATION_FOR_UNIT if pat.search(r["unit"])), None)
    if pop_indicator is None:
        return None
    counts = ix.get(r["seed"], r["area"], r["period"], r["indicator"], "count")
    pops = ix.get(r["seed"], r["area"], r["period"], pop_indicator, "") or ix.get(
        r["seed"], r["area"], r["period"], pop_indicator, "count")
    if not counts or not pops:
        return None
    return per, counts, pops


def _rate_range(per, count, pop) -> tuple[float, float]:
    return _interval(lambda c, p: c / p * per, [count["value"], pop["value"]], [count["half"], pop["half"]])


def _rate_hint(ix: _Index, r: pd.Series) -> str:
    parts = _rate_parts(ix, r)
    if not parts:
        return ""
    per, counts, pops = parts
    c, p = counts[0], pops[0]
    if OTHER_DATE.search(c["note"]):
        return ""
    low, high = _rate_range(per, c, p)
    d = max(int(r["decimals"]), 1)
    return (f"{_fmt(c['value'])} ({c['section']}) of a population of {_fmt(p['value'])} (section {p['section']}) "
            f"is {_fmt((low + high) / 2, d)} per {_fmt(per)}")


def _check_rates(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    heads = df[df["breakdown"].eq("") & df["unit"].str.match(RATE_UNIT)]
    for _key, g in heads.groupby(["seed", "area", "period", "indicator"], sort=False):
        rows = [r for _, r in g.iterrows()]
        parts = _rate_parts(ix, rows[0])
        if not parts:
            continue
        per, counts, pops = parts
        for c, p in itertools.product(counts, pops):
            what = f"{rows[0]['area']} {rows[0]['period']} {rows[0]['indicator']}"
            if OTHER_DATE.search(c["note"]) or OTHER_DATE.search(p["note"]):
                out.append(_Result("rate", None, rows + [c, p], " / ".join(r["printed"] for r in rows), math.nan,
                                   f"{what}: the count {_fmt(c['value'])} is for another date ({c['note']}), "
                                   "so it is not compared with the rate"))
                continue
            low, high = _rate_range(per, c, p)
            ok = any(agrees(r["value"], r["decimals"], low, high) for r in rows)
            mid = (low + high) / 2
            d = max(int(rows[0]["decimals"]), 1)
            detail = (f"{what}: the rate {' / '.join(r['printed'] for r in rows)} per {_fmt(per)} against "
                      f"{_fmt(c['value'])} of {_fmt(p['value'])}"
                      f"{' (approximate)' if p['approximate'] else ''}, which gives {_fmt(mid, d)}")
            if low != high:
                detail += f" ({_fmt(low, d + 1)} to {_fmt(high, d + 1)})"
            out.append(_Result("rate", ok, rows + [c, p], " / ".join(r["printed"] for r in rows), mid, detail))
    return out


def _previous(period: str) -> str | None:
    try:
        return ReportingYear(period).previous().label
    except ValueError:
        return None


def _check_changes(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    stated_rows = df[df["breakdown"].isin(["pct_change", "count_pct_change"])]
    for _, s in stated_rows.iterrows():
        seed, area, period, indicator = s["seed"], s["area"], s["period"], s["indicator"]
        prev = _previous(period)
        if s["breakdown"] == "count_pct_change":
            base = "count"
        else:
            base = "" if ix.get(seed, area, period, indicator, "") else "count"
        new = ix.get(seed, area, period, indicator, base)
        old = ix.get(seed, area, prev, indicator, base) if prev else []
        what = f"{area} {indicator}{' count' if base == 'count' else ''}"
        if new and old:
            combos = []
            for n, o in itertools.product(new, old):
                low, high = _interval(lambda a, b: (a - b) / b * 100, [n["value"], o["value"]], [n["half"], o["half"]])
                combos.append((agrees(s["value"], s["decimals"], low, high), (low + high) / 2, n, o))
            hit = next((c for c in combos if c[0]), combos[0])
            ok, expected, n, o = hit
            detail = (f"{what}: the stated change of {s['printed']}% from {prev} to {period} against "
                      f"{o['printed']} ({o['section']}) and {n['printed']} ({n['section']}), which is "
                      f"{_fmt(expected, 2)}% ({_fmt(expected, s['decimals'])}% to {s['decimals']} decimal "
                      f"place{'s' if s['decimals'] != 1 else ''})")
            out.append(_Result("change", ok, [s, o, n], s["printed"], expected, detail))
            continue
        changes = ix.get(seed, area, period, indicator, "change")
        if new and changes:
            ch, n = changes[0], new[0]
            old_value = n["value"] - ch["value"]
            expected = ch["value"] / old_value * 100 if old_value else math.nan
            ok = agrees(s["value"], s["decimals"], expected)
            detail = (f"{what}: the stated rise of {s['printed']}% against the stated increase of "
                      f"{ch['printed']} to {n['printed']} (so from {_fmt(old_value)}), which is "
                      f"{_fmt(expected, 1)}%")
            out.append(_Result("change", ok, [s, ch, n], s["printed"], expected, detail))
    # a stated absolute change with both values printed
    for _, ch in df[df["breakdown"].eq("change")].iterrows():
        prev = _previous(ch["period"])
        base = "count"
        new = ix.get(ch["seed"], ch["area"], ch["period"], ch["indicator"], base)
        old = ix.get(ch["seed"], ch["area"], prev, ch["indicator"], base) if prev else []
        if new and old:
            expected = new[0]["value"] - old[0]["value"]
            ok = agrees(ch["value"], ch["decimals"], expected)
            out.append(_Result("change", ok, [ch, old[0], new[0]], ch["printed"], expected,
                               f"{ch['area']} {ch['indicator']}: the stated change of {ch['printed']} against "
                               f"{old[0]['printed']} and {new[0]['printed']}, which is {_fmt(expected)}"))
    return out


def _resolve_indicator(ix: _Index, seed: str, name: str) -> str | None:
    for candidate in (name, name + "s"):
        if (seed, candidate) in ix.indicators:
            return candidate
    return None


def _check_percent_of(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    for _, s in df[df["breakdown"].str.match(r"^pct_(of|to)_")].iterrows():
        kind, other = re.match(r"^pct_(of|to)_(.+)$", s["breakdown"]).groups()
        other = _resolve_indicator(ix, s["seed"], other)
        if other is None:
            continue
        mine = ix.headline(s["seed"], s["area"], s["period"], s["indicator"])
        theirs = ix.headline(s["seed"], s["area"], s["period"], other)
        if not mine or not theirs:
            continue
        nums, dens = (mine, theirs) if kind == "of" else (theirs, mine)
        combos = []
        for n, d in itertools.product(nums, dens):
            same_kind = n["unit"] == d["unit"] or (n["breakdown"] == "count" and d["breakdown"] == "count")
            if not same_kind:
                continue
            low, high = _interval(lambda a, b: a / b * 100, [n["value"], d["value"]], [n["half"], d["half"]])
            combos.append((agrees(s["value"], s["decimals"], low, high), (low + high) / 2, n, d))
        if not combos:
            continue
        ok, expected, n, d = next((c for c in combos if c[0]), combos[0])
        detail = (f"{s['area']} {s['period']} {s['indicator']}: {s['printed']}% ({s['breakdown']}) against "
                  f"{n['indicator']} {n['printed']} of {d['indicator']} {d['printed']}, which is {_fmt(expected, 1)}%")
        out.append(_Result("percent", ok, [s, n, d], s["printed"], expected, detail))
    return out


def _dimension(breakdown: str) -> tuple[str, str] | None:
    m = re.match(r"^([a-z_]+):(.+)$", breakdown)
    return (m.group(1), m.group(2)) if m else None


NOTE_TOTAL = re.compile(r"^of (\d[\d,]*)\b")


def _part_groups(df: pd.DataFrame) -> dict[tuple, list[pd.Series]]:
    groups: dict[tuple, list[pd.Series]] = {}
    for _, r in df.iterrows():
        dim = _dimension(r["breakdown"])
        if dim is None or dim[0].startswith("pct_"):
            continue
        groups.setdefault((r["seed"], r["area"], r["period"], r["indicator"], r["unit"], dim[0]), []).append(r)
    return groups


def _group_total(ix: _Index, key: tuple, parts: list[pd.Series]):
    """(total value, its rows, labelled) for a group of parts: a 'total' row, a 'count' row in the
    same unit, or a note 'of N ...' on one of the parts."""
    seed, area, period, indicator, unit, _dim = key
    for name, labelled in (("total", True), ("count", False), ("", False)):
        rows = [r for r in ix.get(seed, area, period, indicator, name) if r["unit"] == unit]
        if rows:
            return rows[0]["value"], rows, labelled, int(rows[0]["decimals"])
    for p in parts:
        m = NOTE_TOTAL.match(p["note"])
        if m:
            return float(m.group(1).replace(",", "")), [p], False, 0
    return None


def _check_parts(ix: _Index) -> list[_Result]:
    out = []
    for key, parts in _part_groups(ix.df).items():
        if len(parts) < 1:
            continue
        found = _group_total(ix, key, parts)
        if found is None:
            continue
        total, total_rows, labelled, decimals = found
        dim = key[5]
        values = {_dimension(p["breakdown"])[1] for p in parts}
        complete = dim in COMPLETE and COMPLETE[dim] <= values
        seed, area, period, indicator, unit, _ = key
        what = f"{area} {period} {indicator} by {dim}"
        parts_text = " + ".join(p["printed"] for p in parts)
        source = total_rows[0]
        total_text = (source["printed"] if source["breakdown"] in ("total", "count", "")
                      else f"{_fmt(total)} (in a note)")
        if dim in OVERLAPPING:
            over = [p for p in parts if p["value"] > total + EPS]
            ok = not over
            detail = (f"{what}: each part ({parts_text}) is at most the total {total_text}"
                      + (f"; {', '.join(p['breakdown'] for p in over)} exceed it" if over else ""))
            biggest = max(p["value"] for p in parts)
            out.append(_Result("parts", ok, total_rows + parts, total_text, biggest, detail, total))
            continue
        s = sum(p["value"] for p in parts)
        half = 0.5 * 10.0 ** -decimals + sum(p["half"] for p in parts)
        if labelled or complete:
            ok = abs(s - total) <= half + EPS
            why = "a stated total" if labelled else f"every {dim} is listed"
            detail = (f"{what}: the total {total_text} ({why}) against its parts {parts_text}, "
                      f"which add to {_fmt(s, decimals)}")
        else:
            ok = s <= total + half + EPS
            part_words = "the part" if len(parts) == 1 else "the parts"
            detail = (f"{what}: the total {total_text} is not less than {part_words} {parts_text}"
                      + (f", which add to {_fmt(s, decimals)}" if len(parts) > 1 else ""))
        out.append(_Result("parts", ok, total_rows + parts, total_text, s, detail, total))
    return out


def _period_range(period: str) -> list[str] | None:
    m = re.match(r"^(.+?)\s+to\s+(.+)$", period)
    if not m:
        return None
    try:
        first, last = ReportingYear(m.group(1)), ReportingYear(m.group(2))
    except ValueError:
        return None
    if last < first:
        return None
    return [ReportingYear(y).label for y in range(first.start_year, last.start_year + 1)]


def _check_period_totals(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    for _, r in df.iterrows():
        years = _period_range(r["period"])
        if not years or r["breakdown"].startswith("pct_"):
            continue
        yearly = [ix.get(r["seed"], r["area"], y, r["indicator"], r["breakdown"]) for y in years]
        yearly = [[x for x in rows if x["unit"] == r["unit"]] for rows in yearly]
        if not all(yearly):
            continue
        parts = [rows[0] for rows in yearly]
        s = sum(p["value"] for p in parts)
        ok = agrees(r["value"], r["decimals"], s)
        out.append(_Result("parts", ok, [r] + parts, r["printed"], s,
                           f"{r['area']} {r['indicator']} ({r['breakdown'] or 'all'}) over {r['period']}: "
                           f"{r['printed']} against the sum of the {len(years)} years, {_fmt(s)}"))
    return out


def _check_shares(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    groups: dict[tuple, list[pd.Series]] = {}
    for _, r in df.iterrows():
        m = re.match(r"^pct_([a-z_]+):(.+)$", r["breakdown"])
        if m:
            groups.setdefault((r["seed"], r["area"], r["period"], r["indicator"], m.group(1)), []).append(r)
    for key, parts in groups.items():
        if len(parts) < 2:
            continue
        dim = key[4]
        s = sum(p["value"] for p in parts)
        tol = sum(0.5 * 10.0 ** -int(p["decimals"]) for p in parts)
        values = {p["breakdown"].split(":", 1)[1] for p in parts}
        must_be_100 = dim in NO_UNKNOWN and COMPLETE.get(dim, set()) <= values
        ok = (abs(s - 100) <= tol + EPS) if must_be_100 else (s <= 100 + tol + EPS)
        rule = "should add to 100%" if must_be_100 else "should not add to more than 100%"
        out.append(_Result("shares", ok, parts, " + ".join(p["printed"] for p in parts), 100.0,
                           f"{key[1]} {key[2]} {key[3]} shares by {dim} add to {_fmt(s, 1)}% and {rule} "
                           f"(within {_fmt(tol, 2)} for rounding)"))
    return out


NOTE_SHARE = re.compile(r"^(?:stated as )?(\d+(?:\.\d+)?)%$|;\s*(\d+(?:\.\d+)?)%$")
NOTE_SHARE_OF = re.compile(r"(\d+(?:\.\d+)?)% of [^\d;]*?(\d[\d,]*(?:\.\d+)?)\b")
NOTE_OUT_OF = re.compile(r"(\d[\d,]*) out of (\d[\d,]*) \((\d+(?:\.\d+)?)%\)")
NOTE_UP_FROM = re.compile(r"\bup (\d+(?:\.\d+)?)% from (\d[\d,]*(?:\.\d+)?)\b")
NOTE_SUM = re.compile(r"\bsum of (\d+(?:\s*\+\s*\d+)+)")


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _check_notes(ix: _Index) -> list[_Result]:
    out = []
    df = ix.df
    groups = _part_groups(df)
    for _, r in df.iterrows():
        note = r["note"]
        if not note:
            continue
        what = f"{r['area']} {r['period']} {r['indicator']} ({r['breakdown'] or 'all'})"
        m = NOTE_SHARE.search(note)
        if m and _dimension(r["breakdown"]) and not r["breakdown"].startswith("pct_"):
            share = m.group(1) or m.group(2)
            key = (r["seed"], r["area"], r["period"], r["indicator"], r["unit"], _dimension(r["breakdown"])[0])
            parts = groups.get(key, [])
            found = _group_total(ix, key, parts)
            base_rows: list[pd.Series]
            if found is not None:
                total, base_rows = found[0], found[1]
                base_text = f"the total {base_rows[0]['printed']}"
            else:
                shares = [NOTE_SHARE.search(p["note"]) for p in parts]
                if not all(shares):
                    continue
                share_sum = sum(float(x.group(1) or x.group(2)) for x in shares)
                tol = sum(0.5 * 10.0 ** -_places(x.group(1) or x.group(2)) for x in shares)
                if abs(share_sum - 100) > tol + EPS:
                    continue  # the noted shares are not of the listed parts alone
                total = sum(p["value"] for p in parts)
                base_rows = [p for p in parts if p["row"] != r["row"]]
                base_text = f"the sum of the parts, {_fmt(total, int(r['decimals']))}"
            expected = r["value"] / total * 100 if total else math.nan
            ok = agrees(float(share), _places(share), expected)
            out.append(_Result("percent", ok, [r] + base_rows, share + "%", expected,
                               f"{what}: noted as {share}% of {base_text}; {r['printed']} is {_fmt(expected, 2)}%"))
            continue
        m = NOTE_OUT_OF.search(note)
        if m:
            a, b, share = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", "")), m.group(3)
            expected = a / b * 100
            ok = agrees(float(share), _places(share), expected)
            out.append(_Result("percent", ok, [r], share + "%", expected,
                               f"{what}: noted as {m.group(0)}; {m.group(1)} of {m.group(2)} is {_fmt(expected, 2)}%"))
            continue
        m = NOTE_SHARE_OF.search(note)
        if m:
            share, base = m.group(1), float(m.group(2).replace(",", ""))
            expected = r["value"] / base * 100 if base else math.nan
            ok = agrees(float(share), _places(share), expected)
            out.append(_Result("percent", ok, [r], share + "%", expected,
                               f"{what}: noted as {share}% of {m.group(2)}; {r['printed']} of {m.group(2)} is "
                               f"{_fmt(expected, 2)}%"))
            continue
        m = NOTE_UP_FROM.search(note)
        if m:
            share, old = m.group(1), float(m.group(2).replace(",", ""))
            expected = (r["value"] - old) / old * 100 if old else math.nan
            ok = agrees(float(share), _places(share), expected)
            out.append(_Result("change", ok, [r], share + "%", expected,
                               f"{what}: noted as up {share}% from {m.group(2)}; {m.group(2)} to {r['printed']} is "
                               f"{_fmt(expected, 2)}%"))
            continue
        m = NOTE_SUM.search(note)
        if m:
            terms = [float(t) for t in re.findall(r"\d+", m.group(1))]
            expected = sum(terms)
            ok = agrees(r["value"], r["decimals"], expected)
            out.append(_Result("parts", ok, [r], r["printed"], expected,
                               f"{what}: {r['printed']} against the noted {m.group(1).replace(' ', '')} = "
                               f"{_fmt(expected)}"))
    return out


CHECKS = [_check_conflicts, _check_rates, _check_changes, _check_percent_of, _check_parts,
          _check_period_totals, _check_shares, _check_notes]


def _to_row(res: _Result) -> dict:
    first = res.rows[0]
    stated_value = res.stated_value
    if math.isnan(stated_value) and res.check != "conflict":
        try:
            stated_value = float(res.stated.rstrip("%"))
        except ValueError:
            stated_value = math.nan
    diff = stated_value - res.expected if not (math.isnan(stated_value) or math.isnan(res.expected)) else math.nan
    rows = []
    for r in res.rows:
        if int(r["row"]) not in rows:
            rows.append(int(r["row"]))
    return {
        "check": res.check,
        "status": {True: "agrees", False: "disagrees", None: "not comparable"}[res.ok],
        "seed": first["seed"],
        "section": first["section"],
        "area": first["area"],
        "period": first["period"],
        "indicator": first["indicator"],
        "breakdown": first["breakdown"],
        "stated": res.stated,
        "expected": res.expected,
        "difference": diff,
        "rows": ", ".join(str(x) for x in rows),
        "detail": res.detail,
    }


def checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Every comparison the audit makes, with ``status`` "agrees", "disagrees" or "not comparable".

    Columns :data:`FINDING_COLUMNS`: the check, where the stated figure is (seed, section, area,
    period, indicator, breakdown), the figure as printed, the value recomputed from the other
    figures (``expected``, unrounded), ``difference`` (stated minus expected), the file rows
    involved (stated figure first) and a sentence saying what was compared.
    """
    df = _prepare(figures)
    ix = _Index(df)
    results: list[_Result] = []
    for fn in CHECKS:
        results.extend(fn(ix))
    out = pd.DataFrame([_to_row(r) for r in results], columns=FINDING_COLUMNS)
    out["expected"] = out["expected"].astype("float64")
    out["difference"] = out["difference"].astype("float64")
    return out.reset_index(drop=True)


def check(figures: pd.DataFrame) -> pd.DataFrame:
    """The disagreements among published figures: one row per disagreement (see :func:`checks`)."""
    all_checks = checks(figures)
    return all_checks[all_checks["status"].eq("disagrees")].reset_index(drop=True)


def format_findings(findings: pd.DataFrame, all_checks: pd.DataFrame | None = None, *, file: str = "") -> str:
    """The findings as plain text for the terminal."""
    lines = []
    if all_checks is not None:
        n = len(all_checks)
        agree = int(all_checks["status"].eq("agrees").sum())
        skipped = int(all_checks["status"].eq("not comparable").sum())
        lines.append(f"{file + ': ' if file else ''}{n} comparisons between printed figures: {agree} agree, "
                     f"{len(findings)} disagree" + (f", {skipped} not comparable" if skipped else "") + ".")
    if not len(findings):
        lines.append("No disagreements found: every figure checked is consistent within the rounding printed.")
        return "\n".join(lines)
    for i, f in enumerate(findings.itertuples(index=False), start=1):
        diff = "" if pd.isna(f.difference) else f" Difference {f.difference:+.3g}."
        lines.append(f"{i}. [{f.check}] seed {f.seed}, section {f.section}: {f.detail}.{diff} Rows {f.rows}.")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m lscb_analysis.audit FILE``: print the disagreements between the figures in FILE.

    Exit status 0 when the audit ran (whatever it found), 1 with ``--fail-on-findings`` when
    there are disagreements, 2 when the file cannot be read.
    """
    parser = argparse.ArgumentParser(prog="lscb audit",
                                     description="Check that the figures a report prints agree with each other.")
    parser.add_argument("file", help="published figures in the long format of data/raw/published/published_figures.csv")
    parser.add_argument("--all", action="store_true", help="list every comparison, not only the disagreements")
    parser.add_argument("--fail-on-findings", action="store_true", help="exit 1 if any figures disagree")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        figures = load(args.file)
    except clean.InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    all_checks = checks(figures)
    findings = all_checks[all_checks["status"].eq("disagrees")].reset_index(drop=True)
    print(format_findings(findings, all_checks, file=str(args.file)))
    rej = figures.attrs.get("rejections")
    if rej is not None and len(rej):
        print(f"{len(rej.rejected_rows(figures.attrs.get('file', '')))} rows could not be read:")
        for rec in rej.to_frame().itertuples(index=False):
            print(f"  row {rec.row}, column {rec.column}: {rec.reason} ({rec.value!r})")
    if args.all:
        print()
        for f in all_checks.itertuples(index=False):
            print(f"- {f.status}: [{f.check}] seed {f.seed} {f.section}: {f.detail}")
    return 1 if (args.fail_on_findings and len(findings)) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
