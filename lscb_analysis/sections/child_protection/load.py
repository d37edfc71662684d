"""Loading a council's child protection extracts: find the files, read them by the official
specifications, clean every column, pseudonymise identifiers, and log every rejected row.

Inputs (DESIGN.md section 4, ``data/raw/<area>/``):

* ``cin_census/*.xml``: DfE Children in Need census returns, one or more years (read safely and
  streamed by :mod:`lscb_analysis.inputs.cin_xml`); or the same tables as flat files in ``cin/``
  (``children``, ``referrals``, ``assessments``, ``section47``, ``cp_plans``, ``cp_reviews``, CSV or XLSX);
* ``contacts.csv``: Ofsted Annex A list 1 (Child Unique ID, Date of Contact, Contact Source), and optionally the
  Date of Decision (carried as text for the front door, which checks it);
* ``ssda903/episodes.csv``: the SSDA903 looked-after children episodes;
* ``population.csv``: the local denominators (:mod:`lscb_analysis.inputs.population`).

Every row read is either used or logged in ``CPData.rejections`` with its file, row, column and reason,
so that for every file rows read = rows used + rows rejected. Identifiers are pseudonymised on load
(:func:`lscb_analysis.inputs.pseudonyms.pseudonymise`). The same record in two census returns (an
episode open across 31 March is in both years' returns) is kept once, from the later return, and the
earlier copy is logged as superseded. The cleaned tables may be kept on disk (:mod:`lscb_analysis.inputs.cache`,
keyed by the input files' and the code's hashes); nothing is kept in memory between calls.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import annex_a, cin_spec, cin_xml, clean, population
from lscb_analysis.inputs.pseudonyms import pseudonym_key, pseudonymise
from lscb_analysis.sections.child_protection.codes import (
    _FALSE,
    _TRUE,
    CONTACT_COLUMNS,
    CONTACT_OPTIONAL,
    FACTORS,
    FLAT_ALIASES,
    KEYS,
    ORDER,
    REQUIRED,
    SPECS,
    SUPERSEDED,
    TABLES,
)

__all__ = ["CPData", "AreaCoverage", "load", "load_many", "has_local_data", "pool", "clean_table"]

@dataclass
class CPData:
    """The cleaned child protection tables of one area, with its population and rejection log.

    Child-level tables keep the CIN census item names; ``LAchildID``/``CHILD`` are pseudonyms.
    ``_file`` and ``_row`` say where each record came from; ``_census`` is the reference date
    (31 March) of the census return it was taken from (NaT for flat files).
    """

    area: str
    children: pd.DataFrame
    referrals: pd.DataFrame
    assessments: pd.DataFrame
    section47: pd.DataFrame
    cp_plans: pd.DataFrame
    cp_reviews: pd.DataFrame
    contacts: pd.DataFrame | None = None
    episodes: pd.DataFrame | None = None
    population: pd.DataFrame | None = None
    rejections: clean.Rejections = field(default_factory=clean.Rejections)
    census_years: list[ReportingYear] = field(default_factory=list)
    has_cin: bool = False
    # pooled data only (see pool()): each area's CIN coverage and population; tables carry ``_area``
    members: dict[str, AreaCoverage] | None = field(default=None, repr=False)

    def covers(self, year) -> bool:
        """True where the CIN data cover the whole reporting year."""
        return ReportingYear(year) in self.census_years


def has_local_data(area_dir: Path | str) -> bool:
    """True when ``area_dir`` holds any child protection extract this module reads."""
    d = Path(area_dir)
    return bool(cin_xml.census_files(d / "cin_census")) or (d / "cin").is_dir() \
        or bool(annex_a.workbooks(d / "annex_a")) or clean.find_file(d, "contacts") is not None or clean.find_file(d / "ssda903", "episodes") is not None


def coded_column(raw: pd.DataFrame, col: str) -> tuple[np.ndarray, pd.Series]:
    """A raw column as its distinct texts and each row's position among them: row ``i`` reads as
    ``texts[codes[i]]`` (a missing value, or a missing column, as ""; anything not text converted with
    ``str``). Every check is made once per distinct text and spread to the rows by position."""
    if col not in raw.columns:
        return np.zeros(len(raw), dtype=np.intp), pd.Series([""], dtype="str")
    values = raw[col]
    if not (isinstance(values.dtype, pd.StringDtype) or (
            values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"))):
        values = values.fillna("").astype(str)  # numbers, dates, mixed objects: as text first
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(uniques), codes)
    return codes, pd.Series(np.append(np.asarray(uniques, dtype=object), ""), dtype="str")  # last: missing


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Values computed for the distinct texts of a column (:func:`coded_column`), given to its rows."""
    return pd.Series(values.array.take(codes), index=index)


def clean_table(raw: pd.DataFrame, table: str, label: str, rej: clean.Rejections,
                not_after: pd.Timestamp | str | None = clean.TODAY,
                key: bytes | None = None) -> pd.DataFrame:
    """Validate and type one table (text in, typed out, same rows and ``_row``), logging every problem.

    Identifiers are pseudonymised with ``key`` (default: the project's key); dates parsed (ISO, dd/mm/yyyy, Excel serials); codes trimmed,
    upper-cased and mapped from labels; an end date before its start date is rejected. ``not_after``
    (a census return's reference date, or one per row; by default today) rejects later dates, except
    expected dates of birth of unborn children.

    Each column is read as its distinct texts (:func:`coded_column`): each check is made once per distinct
    text and its result given to the rows, which is what checking every row gives (the checks of
    :mod:`lscb_analysis.clean`, in the same order, with the same log).
    """
    out = pd.DataFrame({"_row": raw["_row"].to_numpy()}, index=raw.index)
    key = key if key is not None else pseudonym_key()
    rows = raw["_row"].to_numpy()
    index = raw.index
    coded: dict[str, tuple[np.ndarray, pd.Series]] = {}

    def code_of(col: str) -> tuple[np.ndarray, pd.Series]:
        if col not in coded:
            coded[col] = coded_column(raw, col)
        return coded[col]

    def log(col: str, mask, reason: str) -> None:
        # as rej.add_rows(rows with col as text, mask, ...): the row number and the value as read
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        codes, texts = code_of(col)
        rej.records.extend({"file": label, "row": None if pd.isna(r) else int(r), "column": col, "value": v,
                            "reason": reason}
                           for r, v in zip(rows[mask].tolist(), texts.to_numpy()[codes[mask]].tolist()))

    for col, kind, opt in SPECS[table]:
        codes, texts = code_of(col)
        if kind == "id":
            log(col, texts.str.strip().isin(clean.MISSING_MARKS).to_numpy()[codes], "missing required value")
            out[col] = _spread(pseudonymise(texts, key), codes, index).rename(col)
        elif kind == "date":
            limit = None if opt.get("future_ok") else not_after
            parsed, blank = clean.date_text(texts.str.strip())
            out[col] = clean.check_dates(_spread(parsed, codes, index), _spread(blank, codes, index),
                                         functools.partial(log, col), required=opt.get("required", False),
                                         not_after=limit)
        elif kind == "code":
            allowed = set(opt["allowed"])
            values = clean.normalise_codes(texts, opt.get("aliases"))
            unknown, blank = clean.unknown_codes(values, allowed)
            log(col, unknown.to_numpy()[codes], f"unknown code (expected one of {', '.join(sorted(allowed))})")
            if opt.get("required", False):
                log(col, blank.to_numpy()[codes], "missing required value")
            out[col] = _spread(values, codes, index)
        elif kind == "flag":
            text = texts.str.strip().str.casefold()
            log(col, (~text.isin(_TRUE | _FALSE)).to_numpy()[codes],
                "not a yes/no value (expected true/false, 1/0 or Y/N)")
            out[col] = _spread(text.isin(_TRUE), codes, index)
        elif kind == "count":
            text = texts.str.strip()
            bad = text.ne("") & ~text.str.fullmatch(r"\d{1,3}")
            log(col, bad.to_numpy()[codes], "not a whole number")
            out[col] = _spread(pd.to_numeric(text.where(~bad & text.ne("")), errors="coerce").astype("float64"),
                               codes, index)
        elif kind == "factors":
            # factor codes upper-cased and joined with ';' ("3b, 4B" -> "3B;4B"); an unknown code rejects the row
            norm = texts.str.upper().str.replace(r"[;,\s]+", ";", regex=True).str.strip(";")
            each = norm.str.split(";").explode()
            each = each[each.fillna("").ne("")]
            bad = np.zeros(len(texts), dtype=bool)
            bad[each.index[~each.isin(FACTORS)].unique()] = True
            log(col, bad[codes], "unknown assessment factor code (expected a code from the CIN census guide, "
                "such as 3B or 16A)")
            out[col] = _spread(norm, codes, index)
        elif col in raw.columns:
            out[col] = _spread(texts.str.strip(), codes, index)
        else:  # as the blank text of a missing column is trimmed
            out[col] = pd.Series("", index=index, dtype=object).str.strip()
    for start, end in ORDER.get(table, []):
        before = out[end].notna() & out[start].notna() & (out[end] < out[start])
        log(end, before.to_numpy(), f"{end} is before {start}")
    out["_file"] = label
    return out


def dedupe_file(df: pd.DataFrame, table: str, label: str, rej: clean.Rejections) -> None:
    """Log repeats of a record within one file (the first good copy is kept)."""
    bad = rej.rejected_rows(label)
    ok = df[~df["_row"].isin(bad)]
    if len(ok):
        clean.dedupe(ok, KEYS[table], label, rej)


def kept_rows(parts: list[pd.DataFrame], table: str, rej: clean.Rejections) -> pd.DataFrame:
    kept = [rej.apply(p, p["_file"].iat[0]) for p in parts if len(p)]
    if not kept:
        return empty_table(table)
    return pd.concat(kept, ignore_index=True)


def empty_table(table: str) -> pd.DataFrame:
    cols = [c for c, _, _ in SPECS[table]]
    df = pd.DataFrame({c: pd.Series(dtype=object) for c in cols + ["_row", "_file"]})
    for c, kind, _ in SPECS[table]:
        if kind == "date":
            df[c] = pd.Series(dtype="datetime64[ns]")
        elif kind == "flag":
            df[c] = pd.Series(dtype=bool)
        elif kind == "count":
            df[c] = pd.Series(dtype="float64")
    df["_census"] = pd.Series(dtype="datetime64[ns]")
    return df


def _clean_stacked(raws: list[pd.DataFrame], table: str, labels: list[str], reference_dates: list[pd.Timestamp],
                   key: bytes) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list[list[dict]]]:
    """:func:`clean_table` on one table of several census returns at once (one pass over all their rows
    instead of one per return: the fixed cost of each check is paid once). Returns the typed rows of every
    return, in order, each with its own ``_row`` and ``_file`` (its return's label); each row's return
    (its position in ``raws``); which rows were rejected; and each return's rejections, under its own
    label and row numbers, in the order cleaning that return alone would log them. Dates after each
    return's own reference date are rejected."""
    if len(raws) == 1:
        log = clean.Rejections()
        typed = clean_table(raws[0], table, labels[0], log, not_after=reference_dates[0], key=key)
        bad = typed["_row"].isin(log.rejected_rows(labels[0])).to_numpy() if log.records \
            else np.zeros(len(typed), dtype=bool)
        return typed, np.zeros(len(typed), dtype=np.intp), bad, [log.records]
    sizes = [len(r) for r in raws]
    which = np.repeat(np.arange(len(raws)), sizes)
    both = pd.concat(raws, ignore_index=True)
    rows = both["_row"].to_numpy()
    both["_row"] = np.arange(len(both))  # a position in ``both``: mapped back to (return, row) below
    limits = pd.Series(np.repeat(np.array(reference_dates, dtype="datetime64[ns]"), sizes), index=both.index)
    log = clean.Rejections()
    typed = clean_table(both, table, "", log, not_after=limits, key=key)
    bad = np.zeros(len(both), dtype=bool)
    logs: list[list[dict]] = [[] for _ in raws]
    for r in log.records:
        at = r["row"]
        bad[at] = True
        i = which[at]
        logs[i].append({**r, "file": labels[i], "row": int(rows[at])})
    typed["_row"] = rows
    typed["_file"] = pd.array(labels, dtype="str").take(which)
    return typed, which, bad, logs


def clean_returns(raws: list[pd.DataFrame], table: str, labels: list[str], reference_dates: list[pd.Timestamp],
                   rej: clean.Rejections, key: bytes) -> list[pd.DataFrame]:
    """:func:`_clean_stacked` split back into one typed frame per return (what :func:`clean_table` gives
    for each return alone), the returns' rejections logged in ``rej`` one return after another."""
    typed, which, _, logs = _clean_stacked(raws, table, labels, reference_dates, key)
    for records in logs:
        rej.records.extend(records)
    bounds = np.cumsum([0, *(len(r) for r in raws)])
    return [typed.iloc[bounds[i]:bounds[i + 1]].reset_index(drop=True) for i in range(len(raws))]


def _records(rows: np.ndarray, values, file: str, column: str, reason: str) -> list[dict]:
    """Rejection records (:meth:`clean.Rejections.add_rows`) for whole-number rows and text values."""
    return [{"file": file, "row": r, "column": column, "value": v, "reason": reason}
            for r, v in zip(rows.tolist(), values)]


def _first_copies(record: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of a sequence of numbers repeat an earlier one (``duplicated``), and the position of the first
    of each one's number."""
    codes, _ = pd.factorize(record)  # numbered in order of first appearance
    first = pd.Series(codes).drop_duplicates().index.to_numpy()  # so the c-th first one is number c's
    copies = np.ones(len(record), dtype=bool)
    copies[first] = False
    return copies, first[codes]


def census_table(typed: pd.DataFrame, which: np.ndarray, bad: np.ndarray, returns: list[cin_xml.CensusReturn],
                  table: str, logs: list[list[dict]]) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """De-duplicate and supersede one table of all the census returns, cleaned together (:func:`_clean_stacked`).

    Within each return, a repeat of a record (on ``KEYS``) is logged in that return's ``logs`` after its
    cleaning rejections (the first good copy is kept, as :func:`dedupe_file`); across returns, each record is
    kept from the latest return (by reference date; the first of two returns for one date) and the earlier
    copies are logged as superseded. Returns the table's kept rows (with ``_census``), each return's
    count of kept rows, and the superseded records (by file label, then row, as they are logged)."""
    keys = KEYS[table]
    labels = [ret.table_label(table) for ret in returns]
    typed["_census"] = pd.Series([ret.reference_date for ret in returns]).array.take(which)
    column = "+".join(keys)
    rows = typed["_row"].to_numpy()
    # each row's record as a number: equal numbers for equal keys (blanks equal, as DataFrame.duplicated has them)
    record = typed.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    # repeats within a return, among its rows that passed cleaning: the first copy is kept
    ok = np.flatnonzero(~bad)
    dropped = bad.copy()
    if len(ok):
        copies, first = _first_copies(record[ok] * len(returns) + which[ok])
        dup = np.flatnonzero(copies)
        if len(dup):
            at = ok[dup]
            dropped[at] = True
            reason = f"duplicate of an earlier row on {', '.join(keys)}"
            seen = rows[ok[first[dup]]]  # the row of each one's first copy
            parts = which[at]
            for i in np.unique(parts).tolist():
                mine = parts == i
                logs[i].extend(_records(rows[at[mine]], [f"first seen on row {f}" for f in seen[mine].tolist()],
                                        labels[i], column, reason))
    # across returns: each record kept from the latest return (the first of two for one date; a stable sort)
    superseded: list[dict] = []
    good = np.flatnonzero(~dropped)
    if len(returns) > 1 and len(good):
        good = good[np.argsort(-typed["_census"].to_numpy()[good].view(np.int64), kind="stable")]
        copies, first = _first_copies(record[good])
        dup = np.flatnonzero(copies)
        if len(dup):
            at = good[dup]
            dropped[at] = True
            # the return each is kept from; none for a key with a blank (not grouped by groupby): logged as ""
            values = np.array(labels, dtype=object)[which[good[first[dup]]]]
            blank = typed[keys].isna().to_numpy().any(axis=1)[at]
            values[blank] = ""
            parts = which[at]
            for i in sorted(set(parts.tolist()), key=lambda i: labels[i]):
                mine = parts == i
                # a return's superseded rows in file order (the sort by reference date is stable)
                superseded.extend(_records(rows[at[mine]], values[mine].tolist(), labels[i], column, SUPERSEDED))
    kept = np.flatnonzero(~dropped)
    used = np.bincount(which[kept], minlength=len(returns))
    return typed.iloc[kept].reset_index(drop=True), used, superseded


def load_census(files: list[Path], area_dir: Path, rej: clean.Rejections,
                 key: bytes) -> tuple[dict, list[ReportingYear]]:
    returns = [cin_xml.read_census(f, label=f.relative_to(area_dir).as_posix()) for f in files]
    years = [ret.year for ret in returns]
    for ret in returns:
        for note in ret.notes:  # e.g. a reference date other than 31 March of the collection year
            rej.note(ret.label, note)
        for t in TABLES:
            rej.record_read(ret.table_label(t), len(ret.tables[t]))
            rej.record_used(ret.table_label(t), 0)
    # each table cleaned, de-duplicated and superseded for all returns at once; the log is then put in the
    # order of cleaning and de-duplicating each return's tables in turn (return by return, table by table),
    # then the superseded records table by table
    logs: dict[tuple[int, int], list[dict]] = {}
    tables, superseded, used = {}, {}, {}
    for j, t in enumerate(TABLES):
        labels = [ret.table_label(t) for ret in returns]
        raws = [ret.tables[t] for ret in returns]
        typed, which, bad, table_logs = _clean_stacked(raws, t, labels, [ret.reference_date for ret in returns],
                                                       key)
        # a code valid in some year but not in the return's own collection year is rejected
        wrong_year, year_logs = cin_spec.codes_not_in_year(typed, which, [ret.year.start_year + 1 for ret in returns],
                                                           t, labels, bad)
        bad = bad | wrong_year
        for i, records in enumerate(year_logs):
            table_logs[i].extend(records)
        for ret in returns:
            ret.tables[t] = None  # the text tables are done with: free them as the load goes
        if len(typed):
            tables[t], used[t], superseded[t] = census_table(typed, which, bad, returns, t, table_logs)
        else:  # no rows in any return
            tables[t], used[t], superseded[t] = empty_table(t), np.zeros(len(returns), dtype=np.int64), []
        del typed, raws
        for i, records in enumerate(table_logs):
            logs[i, j] = records
    for key in sorted(logs):
        rej.records.extend(logs[key])
    dup_years = sorted({y.label for y in years if years.count(y) > 1})
    if dup_years:
        rej.note("cin_census", f"more than one return for {', '.join(dup_years)}: records in both are kept once")
    for t in TABLES:
        rej.records.extend(superseded[t])
        for ret, n in zip(returns, used[t].tolist()):
            rej.record_used(ret.table_label(t), n)
    return tables, sorted(set(years))


def _read_flat(path: Path, table: str, label: str, rej: clean.Rejections, required: list[str],
               optional: list[str], aliases: dict | None = None) -> pd.DataFrame:
    raw = clean.read_table(path, rej, label=label, header_hint=[c.lower() for c in required])
    present = [c for c in optional if c.lower() in raw.columns
               or any(a.lower() in raw.columns for a in (aliases or {}).get(c, []))]
    raw = clean.require_columns(raw, required + present, label, aliases=aliases, rejections=rej)
    for c in optional:
        if c not in raw.columns:
            raw[c] = ""
    return raw


def _load_flat(directory: Path, area_dir: Path, rej: clean.Rejections,
               key: bytes) -> tuple[dict, list[ReportingYear]]:
    tables = {}
    for t in TABLES:
        path = clean.find_file(directory, t)
        if path is None:
            raise clean.InputError(f"is missing: the flat-file CIN data need {t}.csv (or .xlsx) beside the others",
                                   file=(directory / f"{t}.csv").relative_to(area_dir).as_posix())
        label = path.relative_to(area_dir).as_posix()
        optional = [c for c in cin_xml.TABLES[t] if c not in REQUIRED[t]]
        raw = _read_flat(path, t, label, rej, REQUIRED[t], optional, FLAT_ALIASES.get(t))
        typed = clean_table(raw, t, label, rej, key=key)
        typed["_census"] = pd.NaT
        dedupe_file(typed, t, label, rej)
        tables[t] = kept_rows([typed], t, rej)
    ref = tables["referrals"]["CINreferralDate"].dropna()
    years = [] if ref.empty else [ReportingYear(y) for y in range(ReportingYear.containing(ref.min()).start_year,
                                                                  ReportingYear.containing(ref.max()).start_year + 1)]
    return tables, years


def _load_contacts(path: Path, area_dir: Path, rej: clean.Rejections, key: bytes) -> pd.DataFrame:
    label = path.relative_to(area_dir).as_posix()
    raw = clean.read_table(path, rej, label=label, header_hint=["child unique id", "date of contact", "child_id"])
    raw = raw.rename(columns={c.lower(): c for c in CONTACT_OPTIONAL})  # the canonical name, in any case
    raw = clean.require_columns(raw, list(CONTACT_COLUMNS), label, aliases={**CONTACT_COLUMNS, **CONTACT_OPTIONAL},
                                rejections=rej)
    raw["ContactSource"] = annex_a.decode_labels(raw["ContactSource"].fillna("").astype(str))  # q) 6: Police
    typed = clean_table(raw, "contacts", label, rej, key=key)
    dedupe_file(typed, "contacts", label, rej)
    return rej.apply(typed, label).reset_index(drop=True)


def _load_episodes(path: Path, area_dir: Path, rej: clean.Rejections, key: bytes) -> pd.DataFrame:
    label = path.relative_to(area_dir).as_posix()
    cols = [c for c, _, _ in SPECS["episodes"]]
    raw = clean.read_table(path, rej, label=label, header_hint=["child", "decom"])
    raw = clean.require_columns(raw, cols, label, rejections=rej)
    typed = clean_table(raw, "episodes", label, rej, key=key)
    dedupe_file(typed, "episodes", label, rej)
    return rej.apply(typed, label).reset_index(drop=True)


def _area_name(area_dir: Path) -> str:
    try:
        from lscb_analysis.inputs.config import load_area

        return load_area(area_dir.name).name
    except Exception:  # no config and not a DfE authority: the folder name
        return area_dir.name.replace("-", " ").replace("_", " ").title()


def load(area_dir: Path | str, area: str | None = None, *, cache: bool = True) -> CPData:
    """Load, validate and clean an area's child protection extracts (see the module docstring).

    ``area`` is the name used in the indicator table and to find the area's rows in
    ``population.csv`` (default: the config file or DfE name for the folder, e.g. "Exampleshire").
    CIN census XML returns are used where there are any; otherwise the flat files in ``cin/``.
    Raises :class:`clean.InputError` when the folder has no child protection data at all, or a
    file is missing a required column (naming the file and the column).

    The result is cached (:mod:`lscb_analysis.cache`, in ``data/interim/cache/``): loading the same
    files again, with the same code and pseudonymisation key, on the same day, reads the cleaned
    tables and the rejection log back instead of parsing. ``cache=False`` (or ``LSCB_CACHE=0``) skips
    the cache.
    """
    from lscb_analysis.inputs import cache as _cache

    area_dir = Path(area_dir)
    if not has_local_data(area_dir):
        raise clean.InputError("has no child protection data (cin_census/*.xml, cin/, contacts.csv or "
                               "ssda903/episodes.csv)", file=str(area_dir))
    key = pseudonym_key()
    name = area or _area_name(area_dir)
    entry = _cache.entry(area_dir, area=name, pseudonym_key=key) if cache else None
    hit = _from_cache(entry) if entry is not None else None
    if hit is not None:
        return hit
    data = _load(area_dir, name, key)
    if entry is not None:
        _to_cache(entry, data)
    return data


_CACHED_TABLES = TABLES + ["contacts", "episodes", "population"]


def _to_cache(entry, data: CPData) -> bool:
    """Store ``data`` in the cache entry ``entry`` (a :class:`lscb_analysis.cache.Entry`)."""
    from lscb_analysis.inputs import cache as _cache

    rej = data.rejections
    meta = {"area": data.area, "census_years": [y.label for y in data.census_years], "has_cin": data.has_cin,
            "rejections": {"records": rej.records, "notes": rej.notes, "read": rej.read, "used": rej.used}}
    return _cache.write(entry, {t: getattr(data, t) for t in _CACHED_TABLES}, meta)


def _from_cache(entry) -> CPData | None:
    """The result stored in the cache entry ``entry``, or None (no entry, or an unreadable one)."""
    from lscb_analysis.inputs import cache as _cache

    stored = _cache.read(entry)
    if stored is None:
        return None
    meta, tables = stored["meta"], stored["tables"]
    r = meta["rejections"]
    rej = clean.Rejections(records=r["records"], read=r["read"], used=r["used"], notes=r["notes"])
    return CPData(area=meta["area"], **{t: tables[t] for t in _CACHED_TABLES}, rejections=rej,
                  census_years=[ReportingYear(y) for y in meta["census_years"]], has_cin=meta["has_cin"])


def _load(area_dir: Path, name: str, key: bytes) -> CPData:
    """:func:`load` without the cache."""
    rej = clean.Rejections()
    xml_files = cin_xml.census_files(area_dir / "cin_census")
    has_cin = True
    if xml_files:
        tables, years = load_census(xml_files, area_dir, rej, key)
        if (area_dir / "cin").is_dir():
            rej.note("cin/", "flat files not read: the CIN census XML returns in cin_census/ were used")
    elif (area_dir / "cin").is_dir():
        tables, years = _load_flat(area_dir / "cin", area_dir, rej, key)
    else:
        tables, years, has_cin = {t: empty_table(t) for t in TABLES}, [], False
    contacts_path = clean.find_file(area_dir, "contacts")
    episodes_path = clean.find_file(area_dir / "ssda903", "episodes")
    # the Annex A workbook(s): List 1 when there is no contacts.csv; referrals, assessments, section 47s and
    # plans for dates after the census (annex_a.combine: the census for the years it covers); lists 8-9 read
    # and counted
    annex: dict[str, list[pd.DataFrame]] = {}
    for book in annex_a.workbooks(area_dir / "annex_a"):
        for t, df in annex_a.read_workbook(book, rej, label=book.relative_to(area_dir).as_posix(),
                                           pseudonymise=lambda values: pseudonymise(values, key),
                                           skip_lists=(1,) if contacts_path else ()).items():
            annex.setdefault(t, []).append(df)
    annex_tables = {t: pd.concat(dfs, ignore_index=True) for t, dfs in annex.items()}
    if annex_tables:
        tables = annex_a.combine(tables, annex_tables, max(years).end if years else None, rej)
    annex_contacts = annex_tables.get("contacts")
    if annex_contacts is not None:
        annex_contacts = annex_contacts.reindex(columns=[c for c, _, _ in SPECS["contacts"]] + ["_row", "_file"])
        annex_contacts["DateOfDecision"] = pd.Series("", index=annex_contacts.index, dtype=object)  # list 1 has none
    return CPData(
        area=name,
        **tables,
        contacts=_load_contacts(contacts_path, area_dir, rej, key) if contacts_path else annex_contacts,
        episodes=_load_episodes(episodes_path, area_dir, rej, key) if episodes_path else None,
        population=population.load_for(area_dir, name, rej),
        rejections=rej,
        census_years=years,
        has_cin=has_cin,
    )


def _load_worker(area_dir: str, env: dict, cwd: str) -> CPData:
    """:func:`load` in a worker of :func:`load_many`, which hands the result back pickled (measured in issue 8:
    no slower than through the cache). Workers fork from a server process that has imported the library
    once (quick to start, and safe with the threads pandas and pyarrow start)."""
    import os

    # a forkserver worker has the environment and folder of when the server started: use the caller's
    # (the pseudonymisation key, the cache settings, where the key file is found)
    for k in [k for k in os.environ if k.startswith("LSCB_")]:
        if k not in env:
            del os.environ[k]
    os.environ.update(env)
    os.chdir(cwd)
    return load(area_dir)


def load_many(area_dirs, *, jobs: int | None = None, on_loaded=None) -> list[CPData]:
    """:func:`load` for many area folders at once, in ``jobs`` worker processes (default: one per CPU).

    Returns the areas' data in the order of ``area_dirs``. An error in one area is raised again here,
    naming the area folder (an :class:`clean.InputError` stays one). Areas already in the cache are read
    here; the others are loaded by workers, which hand their results back pickled.
    ``on_loaded(i, data)``, if given, is called as each area is ready (in the order they finish; ``i`` is
    its position in ``area_dirs``): for progress messages, or timing how long the first areas took.
    """
    on_loaded = on_loaded or (lambda i, data: None)
    import concurrent.futures as cf
    import multiprocessing
    import os

    dirs = [Path(d) for d in area_dirs]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(dirs) or 1))
    pseudonym_key()  # made once here (if new), so that the workers do not each make a different one

    def reraise(d: Path, exc: BaseException):
        if isinstance(exc, clean.InputError):
            err = clean.InputError(f"area folder {d}: {exc}")
            err.file, err.row, err.column = exc.file, exc.row, exc.column
            raise err from exc
        raise RuntimeError(f"loading the area folder {d} failed: {type(exc).__name__}: {exc}") from exc

    results: list[CPData | None] = [None] * len(dirs)
    if jobs > 1:  # areas already in the cache are read here: a worker would only add its start-up time
        from lscb_analysis.inputs import cache as _cache

        key = pseudonym_key()
        for i, d in enumerate(dirs):
            folder = _cache.area_folder(d)
            if folder is None or not folder.is_dir():  # no entry at all: not worth hashing the inputs to find one
                continue
            try:
                entry = _cache.entry(d, area=_area_name(d), pseudonym_key=key) if has_local_data(d) else None
            except Exception:  # noqa: BLE001 - the worker's load reports it
                entry = None
            if entry is not None:
                results[i] = _from_cache(entry)
                if results[i] is not None:
                    on_loaded(i, results[i])
    todo = [i for i, r in enumerate(results) if r is None]
    if jobs == 1 or len(todo) <= 1:
        for i in todo:
            try:
                results[i] = load(dirs[i])
            except Exception as exc:  # noqa: BLE001
                reraise(dirs[i], exc)
            on_loaded(i, results[i])
        return results  # type: ignore[return-value]
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["lscb_analysis.sections.child_protection"])
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx) as pool:
        env = {k: v for k, v in os.environ.items() if k.startswith("LSCB_")}
        futures = {pool.submit(_load_worker, str(dirs[i]), env, os.getcwd()): i for i in todo}
        try:
            for fut in cf.as_completed(futures):
                i = futures[fut]
                try:
                    data = fut.result()
                except Exception as exc:  # noqa: BLE001
                    reraise(dirs[i], exc)
                results[i] = data
                on_loaded(i, data)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return results  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# pooling several areas
# ---------------------------------------------------------------------------------------------

@dataclass
class AreaCoverage:
    """What one area of pooled data holds: whether it has CIN data, which census years, its population."""

    has_cin: bool
    census_years: list[ReportingYear]
    population: pd.DataFrame | None


_CHILD_TABLES = ("children", "referrals", "assessments", "section47", "cp_plans", "cp_reviews", "contacts",
                 "episodes")


def pool(datas: list[CPData], name: str = "pooled areas") -> CPData:
    """Several areas' cleaned tables stacked into one :class:`CPData`, each row tagged with its area in an
    ``_area`` column, so that :func:`indicators_for_years` works out every indicator for every area and year
    in one grouped pass (a regional alliance's pooled data). Each area keeps its own census years and
    population (``members``); the indicators are exactly those of each area alone. Rejection logs stay with
    each area's own :class:`CPData`. Raises ``ValueError`` if two areas have the same name."""
    names = [d.area for d in datas]
    if len(set(names)) != len(names):
        raise ValueError(f"areas must have different names to be pooled: {sorted(n for n in set(names) if names.count(n) > 1)}")
    areas = pd.CategoricalDtype(names)
    tables = {}
    for t in _CHILD_TABLES:
        parts = [getattr(d, t).assign(_area=pd.Categorical.from_codes(np.full(len(getattr(d, t)), i), dtype=areas))
                 for i, d in enumerate(datas) if getattr(d, t) is not None]
        tables[t] = pd.concat(parts, ignore_index=True) if parts else None
    return CPData(area=name, **tables, has_cin=any(d.has_cin for d in datas),
                  census_years=sorted({y for d in datas for y in d.census_years}),
                  members={d.area: AreaCoverage(d.has_cin, list(d.census_years), d.population) for d in datas})


