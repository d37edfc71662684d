"""Disclosure control for board (published) outputs, following DfE practice.

Rules (DfE children's social care statistics; ONS disclosure control guidance for
tables produced from administrative sources):

1. **Primary**: a count from 1 to ``threshold`` (5) is shown as ``c``. Zeros are shown.
   A rate or percentage whose numerator is 1 to 5, or whose base count
   (denominator, when it is not a population) is 1 to 5, is suppressed with it.
2. **Secondary**: within an additive group (the rows of one area, period and indicator
   that share a breakdown dimension, e.g. every ``category:*`` row), if exactly one
   cell is suppressed, the next smallest cell is suppressed too, so the hidden value
   cannot be recovered by subtracting the others from the total.
3. Every row that shares a suppressed cell's numerator (the same area, period,
   indicator and breakdown in another unit) is suppressed as well.

4. **Linked groups** (optional, ``groups`` and ``links``): a section whose figures add up
   across rows in ways the breakdown alone does not show (a pooled period is the sum of its
   years, a panel the sum of its areas, an area's total is one of the panel's cells) names
   those groups, and the rule of step 2 is applied to them, with the links, repeatedly until
   nothing changes, so no hidden cell can be worked out by adding or subtracting shown ones.

Indicators that count professionals, courses or organisations rather than children (their definition's
``subject`` in :mod:`lscb_analysis.core.definitions`, e.g. every training indicator) are left shown:
disclosure control protects children and families (DESIGN.md section 7).

The table keeps all its rows: suppressed cells have ``numerator``, ``value``,
``lower``, ``upper`` emptied, ``symbol`` "c" and ``suppressed`` True.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import pandas as pd

from lscb_analysis.core.definitions import counts_children
from lscb_analysis.core.indicators import RATE_UNITS

__all__ = ["suppress", "is_small", "THRESHOLD", "SYMBOL", "display_value"]

THRESHOLD = 5
SYMBOL = "c"


def is_small(values, threshold: int = THRESHOLD) -> np.ndarray:
    """True where a count is from 1 to ``threshold`` (zeros and missing are not small)."""
    v = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(values)), errors="coerce"), dtype="float64")
    return (v >= 1) & (v <= threshold)


def _dimension(breakdown: pd.Series) -> pd.Series:
    return breakdown.where(breakdown.eq("all"), breakdown.str.split(":", n=1).str[0])


CELL = ["area", "period", "indicator", "breakdown"]
Cell = tuple[Hashable, Hashable, Hashable, Hashable]  # (area, period, indicator, breakdown)


def _about_children(indicator: pd.Series) -> np.ndarray:
    """True for each row whose indicator counts children (see :func:`definitions.counts_children`)."""
    codes, names = pd.factorize(indicator)
    return np.array([counts_children(n) for n in names] + [True], dtype=bool)[codes]


def suppress(table: pd.DataFrame, threshold: int = THRESHOLD, *,
             groups: Iterable[tuple[Sequence[Cell], Cell | None]] = (),
             links: Iterable[tuple[Cell, Sequence[Cell]]] = ()) -> pd.DataFrame:
    """Apply primary and secondary suppression to an indicator table (see module docstring).

    ``groups``: further additive groups as (parts, total) in cells (area, period, indicator,
    breakdown): when exactly one part is hidden, the smallest other non-zero part is hidden too (or,
    with no part left to hide, the total). ``links``: (target, sources): the target is hidden when
    any source is. Both are applied after steps 1 to 3, repeatedly until nothing changes (step 4);
    a group with a cell the table lacks is left out. Without them the result is steps 1 to 3 alone.

    Returns a copy with the same rows, in the same order.
    """
    out = table.copy()
    if "symbol" not in out.columns:
        out["symbol"] = ""
    n = len(out)
    if n == 0:
        out["suppressed"] = pd.Series(dtype=bool)
        return out
    numerator = out["numerator"].to_numpy(dtype="float64")
    denominator = out["denominator"].to_numpy(dtype="float64")
    base_is_count = ~out["unit"].isin(list(RATE_UNITS)).to_numpy()
    about_children = _about_children(out["indicator"])
    primary = (is_small(numerator, threshold) | (base_is_count & is_small(denominator, threshold))) & about_children
    hidden = primary.copy()

    # secondary suppression within additive groups of count-like cells
    dims = _dimension(out["breakdown"]).to_numpy()
    keys = pd.DataFrame({"area": out["area"], "period": out["period"], "indicator": out["indicator"],
                         "unit": out["unit"], "dim": dims})
    for _, idx in keys[dims != "all"].groupby(["area", "period", "indicator", "unit", "dim"], sort=False).groups.items():
        idx = np.asarray(idx)
        if len(idx) < 2:
            continue
        if hidden[idx].sum() != 1:
            continue
        candidates = [i for i in idx if not hidden[i] and not np.isnan(numerator[i])]
        if not candidates:
            continue
        nonzero = [i for i in candidates if numerator[i] > 0]
        pool = nonzero or candidates
        nxt = min(pool, key=lambda i: (numerator[i], i))
        hidden[nxt] = True

    # rows sharing a hidden numerator (same area, period, indicator, breakdown in another unit)
    cell = out["area"] + "\x1f" + out["period"] + "\x1f" + out["indicator"] + "\x1f" + out["breakdown"]
    hidden_cells = set(cell[hidden])
    hidden |= cell.isin(hidden_cells).to_numpy()

    for col in ("numerator", "value", "lower", "upper"):
        out.loc[hidden, col] = np.nan
    base_hidden = hidden & base_is_count & is_small(denominator, threshold)
    out.loc[base_hidden, "denominator"] = np.nan
    out.loc[hidden, "symbol"] = SYMBOL
    out["suppressed"] = hidden
    groups, links = list(groups), list(links)
    if groups or links:
        _suppress_linked(out, table["numerator"], groups, links)
    return out


def _suppress_linked(out: pd.DataFrame, numerator: pd.Series, groups: list, links: list) -> None:
    """Step 4 on ``out`` (already through steps 1 to 3), in place: cells are compared by their largest
    original ``numerator``; ties go to the cell that comes first in the table."""
    grouped = out.groupby(CELL, sort=False)
    cells = grouped["suppressed"].any().rename("hidden").reset_index()
    keys = list(cells[CELL].itertuples(index=False, name=None))
    pos = {k: i for i, k in enumerate(keys)}
    num = numerator.groupby([out[c] for c in CELL], sort=False).max().reindex(
        pd.MultiIndex.from_tuples(keys)).to_numpy(dtype="float64")
    hidden = cells["hidden"].to_numpy().copy()
    where = [(np.array(idx), pos.get(total, -1) if total is not None else -1)
             for parts, total in groups if None not in (idx := [pos.get(p) for p in parts])]
    linked = [(pos[t], idx) for t, sources in links if t in pos
              and None not in (idx := [pos.get(s) for s in sources])]
    changed = True
    while changed:
        changed = False
        for target, sources in linked:
            if not hidden[target] and hidden[sources].any():
                hidden[target] = changed = True
        for parts, total in where:
            if hidden[parts].sum() != 1:
                continue
            visible = [i for i in parts if not hidden[i] and not np.isnan(num[i])]
            if visible:
                pool = [i for i in visible if num[i] > 0] or visible
                hidden[min(pool, key=lambda i: (num[i], i))] = changed = True
            elif total >= 0 and not hidden[total]:
                hidden[total] = changed = True
    hidden_keys = pd.MultiIndex.from_tuples([k for k, h in zip(keys, hidden) if h], names=CELL)
    mask = pd.MultiIndex.from_frame(out[CELL]).isin(hidden_keys) if len(hidden_keys) else np.zeros(len(out), bool)
    out.loc[mask, ["numerator", "value", "lower", "upper"]] = np.nan
    out.loc[mask, "symbol"] = SYMBOL
    out["suppressed"] = mask


def display_value(value, symbol: str = "", digits: int = 1) -> str:
    """A cell as shown in a board table: the symbol where there is no value, else the value
    rounded half up (counts with thousands separators)."""
    from lscb_analysis.core.rates import round_half_up

    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return symbol or "x"
    r = round_half_up(float(value), digits)
    if digits == 0:
        return f"{int(r):,}"
    return f"{r:,.{digits}f}"
