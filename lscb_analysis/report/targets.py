"""The partnership's targets: each indicator's figure judged met, within tolerance or not met.

Targets live in the area's config file (``config/<area>.yml``)::

    targets:
      cp_plans_second_or_subsequent:        # an indicator of the indicator table
        label: "NI 65: repeat child protection plans"
        value: 15                           # the target, in the indicator's unit
        better: lower                       # higher | lower
        tolerance: 2                        # how far on the wrong side still counts as "within tolerance"
        unit: percent                       # optional: which unit of the indicator (else percent, a rate, a count)
        breakdown: all                      # optional: "dimension:value"; "all" by default
        measure: value                      # optional: value (default) or change (% change on the year before)

The rule (:data:`RULE`, printed in the method note): the figure is rounded half up as printed
(:func:`lscb_analysis.report.display.format_value`); with ``better: higher`` it has **met** the
target when it is at least the target, is **within tolerance** when it is short of it by no more
than the tolerance, and otherwise has **not met** it; with ``better: lower`` the same, the other way
round. ``measure: change`` judges the percentage change from the year before instead of the figure
(as in Bedford Borough's 2011-12 report: first-time entrants "< -5%" a year). A figure that is
suppressed or missing is not judged ("no figure").

Seeds: Central Bedfordshire's 2010 Stay Safe plan (NI 59, NI 65, NI 67, seed 004) and Bedford
Borough's first-time-entrant target (seed 000, section 5.10).
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core.rates import pct_change, round_half_up

__all__ = ["RULE", "STATUS", "load_targets", "validate_targets", "assess", "targets_html", "show_targets",
           "show_judgements", "status_for", "target_text"]

RULE = ("Targets are the partnership's own, from its config file. Each figure is rounded as printed and "
        "compared with its target: where higher is better it has met the target if it is at least the "
        "target, is within tolerance if it falls short by no more than the tolerance, and has not met it "
        "otherwise (where lower is better, the same the other way round). A target on the change judges "
        "the percentage change from the year before. Suppressed or missing figures are not judged. The "
        "status is given in words and by a symbol; colour only repeats it.")

# status -> (words, symbol, colour class); the words and symbol carry the meaning, colour repeats it
STATUS = {
    "met": ("Met", "✓", "lscb-target-met"),
    "within tolerance": ("Within tolerance", "≈", "lscb-target-near"),
    "not met": ("Not met", "✗", "lscb-target-missed"),
    "no figure": ("No figure to judge", "–", "lscb-target-none"),
}
_COLOURS = {"lscb-target-met": "#28A197", "lscb-target-near": "#F46A25", "lscb-target-missed": "#801650",
            "lscb-target-none": "#3D3D3D"}
_PREFERRED_UNITS = ["percent", *ind.RATE_UNITS, "days", "score", "ratio", "count"]


def load_targets(area: str, config_dir: Path | str | None = None) -> dict:
    """The ``targets`` mapping of ``config/<area>.yml`` (empty if the area has no file or no targets),
    checked by :func:`validate_targets`."""
    import yaml

    from lscb_analysis.inputs import config

    folder = Path(config_dir) if config_dir is not None else config.config_dir()
    path = folder / f"{config.slugify(area)}.yml"
    if not path.is_file():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    targets = raw.get("targets") or {}
    validate_targets(targets, source=str(path.name))
    return targets


def validate_targets(targets: dict, source: str = "targets") -> dict:
    """Raise ``ValueError`` naming the indicator and field for a target that cannot be judged."""
    if not isinstance(targets, dict):
        raise ValueError(f"{source}: 'targets' must map indicator names to targets")
    for name, t in targets.items():
        if not isinstance(t, dict):
            raise ValueError(f"{source}: target {name!r} must give value, better and tolerance")
        for key in ("value", "better"):
            if key not in t:
                raise ValueError(f"{source}: target {name!r} has no {key!r}")
        if str(t["better"]) not in ("higher", "lower"):
            raise ValueError(f"{source}: target {name!r}: better must be 'higher' or 'lower', not {t['better']!r}")
        for key in ("value", "tolerance"):
            if key in t and not isinstance(t[key], (int, float)):
                raise ValueError(f"{source}: target {name!r}: {key} must be a number")
        if t.get("tolerance", 0) < 0:
            raise ValueError(f"{source}: target {name!r}: tolerance cannot be negative")
        if str(t.get("measure", "value")) not in ("value", "change"):
            raise ValueError(f"{source}: target {name!r}: measure must be 'value' or 'change'")
        if "unit" in t and t["unit"] not in ind.UNITS:
            raise ValueError(f"{source}: target {name!r}: unknown unit {t['unit']!r}")
    return targets


def status_for(actual: float, target: float, better: str, tolerance: float = 0.0) -> str:
    """'met', 'within tolerance', 'not met' or 'no figure' for one (already rounded) figure."""
    if actual is None or pd.isna(actual):
        return "no figure"
    gap = (actual - target) if better == "higher" else (target - actual)  # >= 0: on the right side
    gap = round_half_up(gap, 6)
    if gap >= 0:
        return "met"
    if -gap <= tolerance:
        return "within tolerance"
    return "not met"


def _digits(unit: str) -> int:
    from lscb_analysis.report.display import UNIT_DIGITS

    return UNIT_DIGITS.get(unit, 1)


def _unit_for(rows: pd.DataFrame, wanted: str | None) -> str | None:
    units = list(dict.fromkeys(rows["unit"]))
    if wanted:
        return wanted if wanted in units else None
    for u in _PREFERRED_UNITS:
        if u in units:
            return u
    return units[0] if units else None


def assess(table: pd.DataFrame, targets: dict) -> pd.DataFrame:
    """Every target judged for every area and reporting year of ``table`` that has its indicator.

    Columns: area, period, indicator, breakdown, unit, label, measure ("value" or "change"), target,
    better, tolerance, actual (the figure rounded as printed, or the % change rounded to 1 place),
    status (see :data:`STATUS`), sentence. A target whose indicator is not in the table gives no row.
    """
    validate_targets(targets)
    cols = ["area", "period", "indicator", "breakdown", "unit", "label", "measure", "target", "better",
            "tolerance", "actual", "status", "sentence"]
    out = []
    if table is None or table.empty:
        return pd.DataFrame(columns=cols)
    sym = table["symbol"] if "symbol" in table.columns else pd.Series("", index=table.index)
    t_all = table.assign(symbol=sym.fillna("").astype(str))
    yearly = t_all["period"].astype(str).str.fullmatch(r"\d{4}-\d{2}")
    for name, spec in targets.items():
        breakdown = str(spec.get("breakdown", "all"))
        rows = t_all[t_all["indicator"].eq(name) & t_all["breakdown"].eq(breakdown) & yearly]
        unit = _unit_for(rows, spec.get("unit"))
        if unit is None:
            continue
        rows = rows[rows["unit"].eq(unit)]
        measure = str(spec.get("measure", "value"))
        target, better, tol = float(spec["value"]), str(spec["better"]), float(spec.get("tolerance", 0))
        label = str(spec.get("label") or name.replace("_", " ").capitalize())
        for (area, period), r in rows.groupby(["area", "period"], sort=True):
            r = r.iloc[0]
            value = np.nan if r["symbol"] else float(r["value"])
            if measure == "change":
                from lscb_analysis.core.periods import ReportingYear

                prev = rows[rows["area"].eq(area) & rows["period"].eq(ReportingYear(period).previous().label)]
                old = np.nan if prev.empty or prev["symbol"].iloc[0] else float(prev["value"].iloc[0])
                change = float(pct_change(value, old)) if not (pd.isna(value) or pd.isna(old)) else np.nan
                actual = round_half_up(change, 1) if np.isfinite(change) else np.nan
            else:
                actual = round_half_up(value, _digits(unit)) if not pd.isna(value) else np.nan
            status = status_for(actual, target, better, tol)
            out.append({"area": area, "period": period, "indicator": name, "breakdown": breakdown, "unit": unit,
                        "label": label, "measure": measure, "target": target, "better": better, "tolerance": tol,
                        "actual": actual, "status": status,
                        "sentence": _sentence(label, measure, actual, target, better, tol, unit, status)})
    return pd.DataFrame(out, columns=cols)


def _fmt(x: float, unit: str, measure: str) -> str:
    from lscb_analysis.report.display import format_value

    if measure == "change":
        return f"{'+' if x > 0 else ('−' if x < 0 else '')}{format_value(abs(x), 'percent')}%"
    text = format_value(x, unit)
    return text + ("%" if unit == "percent" else ("" if unit == "count" else f" {unit}"))


def target_text(target: float, better: str, unit: str, measure: str) -> str:
    """'at least 85.0%', 'no more than 15.0%', 'a change of −5.0% or less on the year before'."""
    t = _fmt(target, unit, measure)
    if measure == "change":
        return f"a change on the year before of {t} or {'more' if better == 'higher' else 'less'}"
    return f"{'at least' if better == 'higher' else 'no more than'} {t}"


def _sentence(label, measure, actual, target, better, tol, unit, status) -> str:
    goal = target_text(target, better, unit, measure)
    if status == "no figure":
        return f"{label}: target {goal}; there is no figure to judge (suppressed or not available)."
    words = STATUS[status][0].lower()
    what = "the change was" if measure == "change" else "the figure was"
    tol_text = f" (tolerance {tol:g}{'%' if unit == 'percent' or measure == 'change' else ''})" \
        if status == "within tolerance" else ""
    return f"{label}: target {goal}; {what} {_fmt(actual, unit, measure)}: {words}{tol_text}."


def targets_html(assessed: pd.DataFrame, caption: str) -> str:
    """An accessible table of targets: measure, target, figure, and the status in words with a symbol,
    coloured by status (colour never the only signal). Followed by the rule."""
    if assessed is None or assessed.empty:
        return ""
    rows = []
    for _, a in assessed.iterrows():
        words, symbol, cls = STATUS[a["status"]]
        figure = "" if pd.isna(a["actual"]) else _fmt(a["actual"], a["unit"], a["measure"])
        rows.append(
            "<tr>"
            f"<th scope=\"row\">{html.escape(a['label'])}</th>"
            f"<td>{html.escape(target_text(a['target'], a['better'], a['unit'], a['measure']))}</td>"
            f"<td>{html.escape(figure or 'x')}</td>"
            f"<td class=\"{cls}\" style=\"color:{_COLOURS[cls]};font-weight:bold\">"
            f"<span aria-hidden=\"true\">{symbol} </span>{html.escape(words)}</td>"
            "</tr>")
    return (f'<div class="lscb-table-wrap"><table class="lscb-table lscb-targets" aria-label="{html.escape(caption)}">'
            f"<caption>{html.escape(caption)}</caption><thead><tr><th scope=\"col\">Measure</th>"
            "<th scope=\"col\">Target</th><th scope=\"col\">This year</th><th scope=\"col\">Status</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p class=\"lscb-note\">{html.escape(RULE)}</p></div>")


def show_judgements(assessed: pd.DataFrame, caption: str) -> None:
    """Display a table of judged targets (:func:`targets_html`); nothing when there are none."""
    if assessed is not None and len(assessed):
        from lscb_analysis.report.display import _display

        _display(targets_html(assessed, caption))


def show_targets(table: pd.DataFrame, area: str, reporting_year, *, area_name: str | None = None,
                 config_dir: Path | str | None = None, show: bool = True) -> pd.DataFrame:
    """Judge ``area``'s configured targets on its rows of ``table`` for ``reporting_year`` and display
    them (nothing is shown when the area has no target for these indicators). Returns the judgements."""
    from lscb_analysis.core.periods import ReportingYear

    targets = load_targets(area, config_dir)
    year = ReportingYear(reporting_year).label
    assessed = assess(table, targets)
    if len(assessed):
        if area_name is None:
            from lscb_analysis.report.overview import area_name as configured_name

            area_name = configured_name(area)
        name = area_name
        assessed = assessed[assessed["period"].eq(year) & assessed["area"].eq(name)].reset_index(drop=True)
    if show:
        show_judgements(assessed, f"Targets set by the partnership, {year}")
    return assessed
