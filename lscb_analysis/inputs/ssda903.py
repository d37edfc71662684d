"""Reading the SSDA903 looked-after children return as the DfE specifies it.

The return comes as one CSV (or XLSX) per table in ``data/raw/<area>/ssda903/``, named as the DfE's CSV
format names them: ``header`` (the child), ``episodes`` (each change of legal status or placement), and when
present ``missing`` (missing and away-from-placement episodes), ``reviews``, ``uasc``, ``oc2`` (outcomes of
children looked after 12 months) and ``oc3`` (care leavers). Column names are the DfE's item names (CHILD,
DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, ...), matched ignoring case. Dates are DD/MM/YYYY as
specified (ISO and Excel dates accepted).

Codes are checked by collection year: each row against the codes of the collection year its date falls in
(an episode by ``DECOM``, a missing episode by ``MIS_START``). The code lists are those of the DfE's
specifications as machine-read by SocialFinanceDigitalLabs/liia-tools (``liiatools/spec/s903/``, for the
2017 and 2024 collections); where they differ, a code is valid up to 2017 or from 2024 as those lists have it,
and either is accepted for the years between (no list for them was to hand): :data:`CHANGES`.

Home and placement postcodes and the placement URN (``HOME_POST``, ``PL_POST``, ``URN``) identify places:
they are dropped on load and never stored. Every row read is used or rejected (file, row, column, reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.inputs import clean

__all__ = ["TABLES", "CODES", "CHANGES", "codes", "read_return", "DROPPED"]

_YN = {"0", "1"}
CODES: dict[str, frozenset[str]] = {
    "SEX": frozenset({"1", "2"}),
    "RNE": frozenset("SLPTBU"),
    "LS": frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}),
    "CIN": frozenset(f"N{i}" for i in range(1, 9)),
    "PLACE": frozenset({"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
                        "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}),
    "PLACE_PROVIDER": frozenset(f"PR{i}" for i in range(6)),
    "REC": frozenset({"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46", "E47",
                      "E48", "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"}),
    "REASON_PLACE_CHANGE": frozenset({"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
                                      "PLACE", "CUSTOD", "OTHER"}),
    "MISSING": frozenset({"M", "A"}),
    "REVIEW_CODE": frozenset(f"PN{i}" for i in range(8)),
    "IN_TOUCH": frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}),
    "ACTIV": frozenset({"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"}),
    "ACCOM": frozenset({f"{a}{b}" for a in "BCDEGHKRSTUVWXYZ" for b in "12"} | {"0"}),
    "SDQ_REASON": frozenset(f"SDQ{i}" for i in range(1, 6)),
    "MOTHER": frozenset(_YN),
}
# (item, code): (first collection year it is valid in, last) where the 2017 and 2024 lists differ; None: open
CHANGES: dict[tuple[str, str], tuple[int | None, int | None]] = {
    ("REC", "E43"): (None, 2023), ("REC", "E44"): (None, 2023),
    ("REC", "E45"): (2018, None), ("REC", "E46"): (2018, None), ("REC", "E47"): (2018, None), ("REC", "E48"): (2018, None),
    ("ACTIV", "F3"): (None, 2023), ("ACTIV", "P3"): (None, 2023),
    ("ACTIV", "F4"): (2018, None), ("ACTIV", "P4"): (2018, None), ("ACTIV", "F5"): (2018, None), ("ACTIV", "P5"): (2018, None),
    ("REASON_PLACE_CHANGE", "CUSTOD"): (2018, None),
}
# table -> [(column, kind, required)]; kind: id, date, code, count, text. The date column that files a row in a
# collection year is the first date listed.
TABLES: dict[str, list[tuple[str, str, bool]]] = {
    "header": [("CHILD", "id", True), ("SEX", "code", True), ("DOB", "date", True), ("ETHNIC", "text", False),
               ("MOTHER", "code", False), ("MC_DOB", "date", False)],
    "episodes": [("CHILD", "id", True), ("DECOM", "date", True), ("RNE", "code", True), ("LS", "code", True),
                 ("CIN", "code", True), ("PLACE", "code", True), ("PLACE_PROVIDER", "code", False),
                 ("DEC", "date", False), ("REC", "code", False), ("REASON_PLACE_CHANGE", "code", False)],
    "missing": [("CHILD", "id", True), ("MIS_START", "date", True), ("MISSING", "code", True),
                ("MIS_END", "date", False), ("DOB", "date", False)],
    "reviews": [("CHILD", "id", True), ("REVIEW", "date", True), ("REVIEW_CODE", "code", False), ("DOB", "date", False)],
    "uasc": [("CHILD", "id", True), ("DUC", "date", False), ("SEX", "code", False), ("DOB", "date", False)],
    "oc2": [("CHILD", "id", True), ("DOB", "date", False), ("SDQ_SCORE", "count", False),
            ("SDQ_REASON", "code", False)] + [(c, "code", False) for c in (
                "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")],
    "oc3": [("CHILD", "id", True), ("DOB", "date", False), ("IN_TOUCH", "code", True), ("ACTIV", "code", False),
            ("ACCOM", "code", False)],
}
DROPPED = ("HOME_POST", "PL_POST", "URN")  # identify places: never stored
_YES_NO_ITEMS = {"CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                 "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED", "MOTHER"}


def codes(item: str, collection: int) -> frozenset[str]:
    """The codes of an item in a collection year (2025: the 2024-25 return)."""
    base = CODES.get(item, frozenset(_YN) if item in _YES_NO_ITEMS else frozenset())
    out = set()
    for code in base:
        first, last = CHANGES.get((item, code), (None, None))
        if (first is None or collection >= first) and (last is None or collection <= last):
            out.add(code)
    return frozenset(out)


def _collection(dates: pd.Series) -> np.ndarray:
    """Each date's collection year (the year ending 31 March in which it falls); 0 where there is no date."""
    years = dates.dt.year.to_numpy(dtype="float64")
    after_march = (dates.dt.month >= 4).to_numpy()
    out = np.where(after_march, years + 1, years)
    return np.nan_to_num(out, nan=0).astype(int)


def _clean(raw: pd.DataFrame, table: str, label: str, rej: clean.Rejections, not_after,
           pseudonymise: Callable | None) -> pd.DataFrame:
    out = pd.DataFrame({"_row": raw["_row"].to_numpy()}, index=raw.index)
    spec = TABLES[table]
    bad = np.zeros(len(raw), dtype=bool)

    def log(col: str, mask, reason: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        rej.add_rows(raw, pd.Series(mask, index=raw.index), label, col, reason)
        bad[mask] = True

    filing = next(c for c, kind, _ in spec if kind == "date")
    for col, kind, required in spec:
        text = (raw[col] if col in raw.columns else pd.Series("", index=raw.index)).fillna("").astype(str).str.strip()
        if kind == "id":
            log(col, text.isin(clean.MISSING_MARKS).to_numpy(), "missing required value")
            out[col] = pseudonymise(text) if pseudonymise else text
        elif kind == "date":
            parsed, blank = clean.date_text(text)
            out[col] = clean.check_dates(parsed, blank, lambda m, reason, c=col: log(c, m, reason),
                                         required=required, not_after=not_after)
        elif kind == "count":
            wrong = text.ne("") & ~text.str.fullmatch(r"\d{1,3}")
            log(col, wrong.to_numpy(), "not a whole number")
            out[col] = pd.to_numeric(text.where(~wrong & text.ne("")), errors="coerce")
        elif kind == "code":
            out[col] = text.str.upper()
        else:
            out[col] = text
    years = _collection(out[filing])
    for col, kind, required in spec:
        if kind != "code":
            continue
        values = out[col].to_numpy()
        blank = out[col].eq("").to_numpy()
        if required:
            log(col, blank, "missing required value")
        wrong = np.zeros(len(out), dtype=bool)
        for year in np.unique(years):
            valid = codes(col, int(year)) if year else codes(col, 2024) | codes(col, 2017)
            mine = (years == year) & ~blank
            wrong[mine] = ~np.isin(values[mine], list(valid))
        any_year = codes(col, 2017) | codes(col, 2024) | codes(col, 2020)
        in_other_year = np.isin(values, list(any_year))
        log(col, wrong & ~in_other_year, f"unknown code (expected one of {', '.join(sorted(any_year))})")
        log(col, wrong & in_other_year, "code not valid in the collection year of the row's date")
    for start, end in (("DECOM", "DEC"), ("MIS_START", "MIS_END")):
        if start in out.columns and end in out.columns:
            log(end, (out[end].notna() & out[start].notna() & (out[end] < out[start])).to_numpy(),
                f"{end} is before {start}")
    out["_file"] = label
    keys = {"header": ["CHILD"], "episodes": ["CHILD", "DECOM"], "missing": ["CHILD", "MIS_START"],
            "reviews": ["CHILD", "REVIEW"], "uasc": ["CHILD"], "oc2": ["CHILD"], "oc3": ["CHILD"]}[table]
    ok = np.flatnonzero(~bad)
    dup = out.iloc[ok].duplicated(subset=keys, keep="first").to_numpy()
    for r in out["_row"].to_numpy()[ok[dup]].tolist():
        rej.add(label, r, "+".join(keys), "", f"duplicate of an earlier row on {', '.join(keys)}")
    bad[ok[dup]] = True
    return out[~bad].reset_index(drop=True)


def read_return(directory: Path | str, rej: clean.Rejections, *, area_dir: Path | str | None = None,
                not_after="today", pseudonymise: Callable[[pd.Series], pd.Series] | None = None,
                tables: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read the SSDA903 tables in ``directory`` (those present; ``episodes`` at least, else an empty result):
    typed tables with ``_row`` and ``_file``, rows read and used counted in ``rej`` under each file's label
    (relative to ``area_dir``). ``tables``: only these (default: every table of :data:`TABLES`). Raises
    :class:`clean.InputError` for a table missing a required column."""
    directory = Path(directory)
    base = Path(area_dir) if area_dir is not None else directory.parent
    out: dict[str, pd.DataFrame] = {}
    wanted = TABLES if tables is None else {t: TABLES[t] for t in tables}
    for table, spec in wanted.items():
        path = clean.find_file(directory, table)
        if path is None:
            continue
        label = path.relative_to(base).as_posix()
        raw = clean.read_table(path, rej, label=label, header_hint=["child"])
        required = [c for c, _, req in spec if req]
        raw = clean.require_columns(raw, required, label, rejections=rej,
                                    optional=[c for c, _, req in spec if not req])
        raw = raw.drop(columns=[c for c in raw.columns if c.upper() in DROPPED])  # places: never stored
        raw = raw.rename(columns={c: c.upper() for c in raw.columns if c != "_row"})
        typed = _clean(raw, table, label, rej, not_after, pseudonymise)
        rej.record_used(label, len(typed))
        out[table] = typed
    return out
