"""Load missing episodes from two sources, either or both:

* ``missing/episodes.csv``: the council's local extract, one row per episode of a child going missing from home
  or from care. Data contract (docs/data_contract_children.md): ``child_id, date_of_birth, sex, missing_start,
  missing_end, looked_after, rhi_offered, rhi_accepted, rhi_date``. Dates may carry a time (return interviews are
  timed from the return: 72 hours); a date without a time is taken as midnight at its start. Dates of birth are
  used only for the age at the start of the episode and then dropped.
* ``ssda903/missing.csv`` with ``ssda903/episodes.csv``: the SSDA903 looked-after children return's missing table
  (``CHILD, DOB, MISSING, MIS_START, MIS_END``; ``MISSING`` is ``M``, missing, or ``A``, away from placement
  without authorisation) and its episodes (for the children looked after during the year), read by
  :func:`lscb_analysis.inputs.ssda903.read_return`. A missing episode must start within one of the child's
  episodes of care (``DECOM`` to ``DEC``), as the DfE's validation of the return requires; one that does not is
  rejected. Looked-after children only.
* ``annex_a/*.xlsx``: list 8 (children in care) of Ofsted's Annex A workbook, read by
  :func:`lscb_analysis.inputs.annex_a.read_workbook`: one row per child looked after in the 12 months before the
  council extracted the list for inspection, with the number of episodes the child was missing and absent from
  their placement in those 12 months and whether the child was offered, and accepted, a return interview after
  their last missing episode. Each workbook is one reporting year: the year its file name gives
  (``annex_a_2024-25.xlsx``), else the year of the latest date the list records (the extract date). Here a return
  interview accepted but not offered is rejected, and a child listed twice is counted once (the row with the
  latest ``DECOM``). Looked-after children only.

Identifiers are pseudonymised on load, with one key, so a child is the same pseudonym in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import annex_a, clean, pseudonyms, ssda903
from lscb_analysis.inputs.extracts import read_extract, yes_no

__all__ = ["MissingData", "load", "available", "DIR", "SSDA903_DIR", "ANNEX_A_DIR", "ANNEX_A_LIST", "SEXES",
           "SHORT_BREAKS", "workbook_year"]

DIR = "missing"
SSDA903_DIR = "ssda903"
ANNEX_A_DIR = "annex_a"
ANNEX_A_LIST = 8  # children in care
NOT_OFFERED = "a return interview accepted but not offered (ReturnInterviewOffered is not yes)"
REPEATED_YEAR = "the list for the same year is given in a later Annex A workbook, which is used"
_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*[-_]?\s*(\d{2})(?!\d)|(20\d{2})(?!\d)")
# the list's dates: the latest of them stands for the date the list was extracted
_LIST_DATES = ("DECOM", "DEC", "LegalStatusStartDate", "DateOfLatestReview", "DateOfLastSocialWorkVisit",
               "DateOfLastIROContact", "DateOfLastHealthAssessment", "DateOfLastDentalCheck", "PlacementStartDate")
SHORT_BREAKS = ("V3", "V4")  # legal status of an agreed series of short-term placements
SEXES = {"m": "male", "f": "female", "male": "male", "female": "female", "1": "male", "2": "female",
         "u": "unknown", "unknown": "unknown", "0": "unknown", "9": "unknown", "a) male": "male",
         "b) female": "female"}
REQUIRED = ["child_id", "date_of_birth", "sex", "missing_start", "looked_after"]
OPTIONAL = ["missing_end", "rhi_offered", "rhi_accepted", "rhi_date"]
ALIASES = {"child_id": ["LAchildID", "Child Unique ID", "CHILD"], "missing_start": ["MIS_START", "start"],
           "missing_end": ["MIS_END", "end"]}


LOCAL_COLUMNS = ["child_id", "age", "sex", "missing_start", "missing_end", "looked_after", "rhi_offered",
                 "rhi_accepted", "rhi_date"]


@dataclass
class MissingData:
    """Missing episodes, cleaned.

    ``episodes`` (the local extract; empty when ``local`` is False): ``child_id`` (pseudonym), ``age`` at the
    start, ``sex``, ``missing_start``, ``missing_end``, ``looked_after`` (bool), ``rhi_offered``,
    ``rhi_accepted`` ("yes"/"no"/""), ``rhi_date``.
    ``care_episodes`` (SSDA903 episodes; None when the return's missing table is not held): ``child_id``,
    ``start`` (DECOM), ``end`` (DEC, NaT while open), ``short_break`` (legal status V3 or V4).
    ``care_missing`` (the SSDA903 missing table): ``child_id``, ``missing_start`` (MIS_START), ``missing_end``
    (MIS_END, NaT while still missing), ``code`` ("M" missing, "A" away from placement without authorisation).
    ``care_list`` (Ofsted Annex A list 8; None when no workbook has the list): one row per child and workbook:
    ``child_id``, ``period`` (the workbook's reporting year), ``missing_episodes`` and ``absent_episodes`` (in the
    12 months before the extract; a blank is none), ``rhi_offered`` and ``rhi_accepted`` (after the last missing
    episode; bool, a blank is no). ``care_lists``: one row per workbook used: ``period``, ``file``, ``latest``
    (the latest date the list records, standing for its extract date), ``named`` (the year is in the file name).
    """

    area: str
    episodes: pd.DataFrame
    rejections: clean.Rejections = field(default_factory=clean.Rejections)
    local: bool = True
    care_episodes: pd.DataFrame | None = None
    care_missing: pd.DataFrame | None = None
    care_list: pd.DataFrame | None = None
    care_lists: pd.DataFrame | None = None

    @property
    def care(self) -> bool:
        """Whether the SSDA903 missing table (looked-after children) is held."""
        return self.care_missing is not None

    @property
    def annex_a(self) -> bool:
        """Whether list 8 (children in care) of an Annex A workbook is held."""
        return self.care_list is not None


def _has_care_return(area_dir: Path) -> bool:
    return clean.find_file(area_dir / SSDA903_DIR, "missing") is not None


def _list_books(area_dir: Path) -> list[Path]:
    """The area's Annex A workbooks that have a sheet for list 8 (children in care)."""
    return [b for b in annex_a.workbooks(area_dir / ANNEX_A_DIR) if ANNEX_A_LIST in annex_a.list_numbers(b)]


def available(area_dir: Path | str) -> bool:
    """Whether the area holds missing episodes: the local extract, the SSDA903 missing table or list 8 of an
    Annex A workbook."""
    area_dir = Path(area_dir)
    return (clean.find_file(area_dir / DIR, "episodes") is not None or _has_care_return(area_dir)
            or bool(_list_books(area_dir)))


def workbook_year(name: str, latest: pd.Timestamp | None) -> tuple[ReportingYear | None, bool]:
    """The reporting year of an Annex A workbook: the year in its file name ("annex_a_2024-25.xlsx" or
    "annex_a_2025.xlsx", the year ending 31 March 2025), else the year containing ``latest`` (the latest date the
    list records, which stands for its extract date); and whether it came from the name."""
    m = _YEAR_IN_NAME.search(name)
    if m and m.group(1) and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return ReportingYear(int(m.group(1))), True
    if m and m.group(3):
        return ReportingYear(int(m.group(3)) - 1), True
    if latest is None or pd.isna(latest):
        return None, False
    return ReportingYear.containing(latest), False


def _timestamps(df: pd.DataFrame, column: str, label: str, rej: clean.Rejections, *, required: bool) -> pd.Series:
    """Dates with an optional time ("2024-05-01 18:30", "01/05/2024 18:30"); bad values rejected (no value
    shown). A date alone is midnight at its start."""
    text = df[column].fillna("").astype(str).str.strip()
    parsed = pd.to_datetime(text, errors="coerce", dayfirst=False, format="ISO8601")
    retry = parsed.isna() & text.ne("")
    if retry.any():
        parsed.loc[retry] = pd.to_datetime(text[retry], errors="coerce", dayfirst=True, format="mixed")
    bad = parsed.isna() & text.ne("")
    rej.add_rows(df, bad, label, column, "not a date (and time)", values=pd.Series("", index=df.index))
    if required:
        rej.add_rows(df, text.eq(""), label, column, "missing required value")
    return parsed


def _local(area_dir: Path, rej: clean.Rejections, key: bytes | None) -> pd.DataFrame | None:
    """The local extract ``missing/episodes.csv``, cleaned; None when the area does not hold it."""
    df, label = read_extract(area_dir / DIR, "episodes", REQUIRED, OPTIONAL, rej, aliases=ALIASES)
    if df is None:
        return None
    dob = clean.parse_dates(df, "date_of_birth", label, rej)
    sex = df["sex"].fillna("").astype(str).str.strip().str.lower().map(SEXES)
    rej.add_rows(df, sex.isna(), label, "sex", "unknown code (expected M, F or U)",
                 values=pd.Series("withheld", index=df.index))
    start = _timestamps(df, "missing_start", label, rej, required=True)
    end = _timestamps(df, "missing_end", label, rej, required=False)
    rhi = _timestamps(df, "rhi_date", label, rej, required=False)
    rej.add_rows(df, end < start, label, "missing_end", "before the child went missing",
                 values=pd.Series("", index=df.index))
    rej.add_rows(df, rhi < end, label, "rhi_date", "before the child returned", values=pd.Series("", index=df.index))
    age = (start.dt.year - dob.dt.year) - ((start.dt.month * 100 + start.dt.day) < (dob.dt.month * 100 + dob.dt.day))
    rej.add_rows(df, (age < 0) | (age > 17), label, "date_of_birth", "not a child (aged 0-17) when missing",
                 values=pd.Series("", index=df.index))
    flags = {c: yes_no(df[c]) for c in ("looked_after", "rhi_offered", "rhi_accepted")}
    for column, values in flags.items():
        allowed = ["yes", "no"] if column == "looked_after" else ["yes", "no", ""]
        rej.add_rows(df, ~values.isin(allowed), label, column, "unknown value (expected yes or no)",
                     values=pd.Series("withheld", index=df.index))
    out = pd.DataFrame({"child_id": df["child_id"], "age": age, "sex": sex, "missing_start": start,
                        "missing_end": end, "looked_after": flags["looked_after"].eq("yes"),
                        "rhi_offered": flags["rhi_offered"], "rhi_accepted": flags["rhi_accepted"], "rhi_date": rhi,
                        "_row": df["_row"]})
    clean.dedupe(out, ["child_id", "missing_start"], label, rej)
    kept = rej.apply(out, label).drop(columns="_row").copy()
    kept["child_id"] = pseudonyms.pseudonymise(kept["child_id"], key, prefix="M")
    kept["age"] = kept["age"].astype(int)
    return kept.sort_values(["missing_start", "child_id"], kind="stable").reset_index(drop=True)


def _care(area_dir: Path, rej: clean.Rejections, key: bytes | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The SSDA903 episodes and missing tables, cleaned; None when the return's missing table is not held. A
    missing episode that does not start within one of the child's episodes of care is rejected."""
    if not _has_care_return(area_dir):
        return None
    tables = ssda903.read_return(area_dir / SSDA903_DIR, rej, area_dir=area_dir, tables=("episodes", "missing"),
                                 pseudonymise=lambda ids: pseudonyms.pseudonymise(ids, key, prefix="M"))
    if "episodes" not in tables:
        raise clean.InputError("not found: the SSDA903 missing table needs the return's episodes table beside it "
                               "(children looked after during the year are counted from it)",
                               file=f"{SSDA903_DIR}/episodes.csv")
    eps, mis = tables["episodes"], tables["missing"]
    pairs = mis[["CHILD", "MIS_START", "_row"]].merge(eps[["CHILD", "DECOM", "DEC"]], on="CHILD")
    inside = (pairs["MIS_START"] >= pairs["DECOM"]) & (pairs["DEC"].isna() | (pairs["MIS_START"] <= pairs["DEC"]))
    covered = set(pairs.loc[inside, "_row"])
    if len(mis):
        rej.withdraw(mis, ~mis["_row"].isin(covered), mis["_file"].iat[0], "MIS_START",
                     "not within an episode of care in the return's episodes table (DECOM to DEC)")
    mis = mis[mis["_row"].isin(covered)]
    care_episodes = pd.DataFrame({"child_id": eps["CHILD"], "start": eps["DECOM"], "end": eps["DEC"],
                                  "short_break": eps["LS"].isin(SHORT_BREAKS)}).reset_index(drop=True)
    care_missing = pd.DataFrame({"child_id": mis["CHILD"], "missing_start": mis["MIS_START"],
                                 "missing_end": mis["MIS_END"], "code": mis["MISSING"]})
    return care_episodes, care_missing.sort_values(["missing_start", "child_id"], kind="stable").reset_index(drop=True)


def _withdraw(rows: pd.DataFrame, mask: pd.Series, column: str, reason: str, rej: clean.Rejections) -> pd.DataFrame:
    """:meth:`clean.Rejections.withdraw` for rows that may come from several workbooks (their ``_file``); the
    rows not withdrawn are returned."""
    for file in rows.loc[mask, "_file"].unique():
        rej.withdraw(rows, mask & rows["_file"].eq(file), file, column, reason)
    return rows[~mask]


def _care_list(area_dir: Path, rej: clean.Rejections, key: bytes | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """List 8 of the area's Annex A workbooks, one row per child and workbook year; None when no workbook has
    the list. The reader rejects a row without an identifier or start date, with a count that is not a whole
    number or a flag that is not yes/no; here a return interview accepted but not offered is rejected, and a
    workbook whose year a later workbook (by file name) also gives is withdrawn."""
    books = _list_books(area_dir)
    if not books:
        return None
    parts, lists = [], []
    for book in books:
        label = book.relative_to(area_dir).as_posix()
        rows = annex_a.read_workbook(book, rej, label=label, lists=(ANNEX_A_LIST,),
                                     pseudonymise=lambda ids: pseudonyms.pseudonymise(ids, key, prefix="M")
                                     ).get("looked_after")
        if rows is None:
            continue
        if len(rows) and rows["MissingEpisodes"].isna().all():
            _withdraw(rows, pd.Series(True, index=rows.index), "MissingEpisodes",
                      "no missing episode counts in the list: not used for children missing from care", rej)
            continue
        rows = _withdraw(rows, rows["ReturnInterviewAccepted"] & ~rows["ReturnInterviewOffered"],
                         "ReturnInterviewAccepted", NOT_OFFERED, rej)
        dates = [rows[c] for c in _LIST_DATES if c in rows.columns]
        latest = pd.concat(dates).max() if dates and len(rows) else pd.NaT
        year, named = workbook_year(book.name, latest)
        if year is None:
            rej.note(f"{label} [List {ANNEX_A_LIST}]", "no year in its name and no date in the list: not used")
            _withdraw(rows, pd.Series(True, index=rows.index), "DECOM", "the list's year cannot be told", rej)
            continue
        parts.append(rows.assign(period=year.label))
        lists.append({"period": year.label, "file": f"{label} [List {ANNEX_A_LIST}]", "latest": latest,
                      "named": named})
    if not parts:
        return None
    rows = pd.concat(parts, ignore_index=True)
    books_used = pd.DataFrame(lists).drop_duplicates("period", keep="last")
    rows = _withdraw(rows, ~rows["_file"].isin(set(books_used["file"])), "LAchildID", REPEATED_YEAR, rej)
    # a child listed twice (two periods of care in the 12 months) is counted once: the latest DECOM
    rows = rows.sort_values(["period", "LAchildID", "DECOM"], kind="stable").drop_duplicates(
        ["period", "LAchildID"], keep="last")
    table = pd.DataFrame({"child_id": rows["LAchildID"], "period": rows["period"],
                          "missing_episodes": rows["MissingEpisodes"].fillna(0).astype(int),
                          "absent_episodes": rows["AbsentEpisodes"].fillna(0).astype(int),
                          "rhi_offered": rows["ReturnInterviewOffered"].astype(bool),
                          "rhi_accepted": rows["ReturnInterviewAccepted"].astype(bool)})
    return table.reset_index(drop=True), books_used.sort_values("period").reset_index(drop=True)


def load(area_dir: Path | str, *, key: bytes | None = None) -> MissingData:
    """Read and clean the local extract ``missing/episodes.csv``, the SSDA903 return's missing and episodes
    tables and list 8 of the Annex A workbook(s), whichever the area holds (at least one); every row is used or
    rejected with a reason."""
    area_dir = Path(area_dir)
    rej = clean.Rejections()
    local = _local(area_dir, rej, key)
    care = _care(area_dir, rej, key)
    care_list = _care_list(area_dir, rej, key)
    if local is None and care is None and care_list is None:
        raise clean.InputError("not found: missing episodes (missing/episodes.csv), the SSDA903 return's missing "
                               "table (ssda903/missing.csv) or list 8 of an Annex A workbook (annex_a/*.xlsx) are "
                               "needed for this section", file=f"{DIR}/episodes.csv")
    from lscb_analysis.report.overview import area_name

    return MissingData(area=area_name(area_dir.name),
                       episodes=local if local is not None else pd.DataFrame(columns=LOCAL_COLUMNS),
                       rejections=rej, local=local is not None,
                       care_episodes=care[0] if care else None, care_missing=care[1] if care else None,
                       care_list=care_list[0] if care_list else None, care_lists=care_list[1] if care_list else None)
