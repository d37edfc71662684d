"""The synthetic child protection returns in the official layouts that sit beside the CIN census
(:mod:`lscb_analysis.synth.cp` runs the simulation and calls these): Ofsted's Annex A workbook and the SSDA903
header and missing tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import cin_spec


def _label(code: str, codes: list[str], text: str = "") -> str:
    """A value as Ofsted's Annex A template writes it: a letter for its place in the list, then the code and
    its label (``q) 6: Police``), or the label alone (``b) Female``)."""
    letter = chr(ord("a") + codes.index(code)) if code in codes else "z"
    return f"{letter}) {code}: {text}" if text else f"{letter}) {code}"


_YES_NO = {True: "a) Yes", False: "b) No"}
_GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
_CATEGORY = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
             "MUL": "e) Multiple/not recommended"}


def _annex_a_workbook(sim, episodes: list[dict], path: Path, start_year: int, incidents: list[list[str]]) -> list[dict]:
    """Lists 3 (referrals), 5 (section 47), 7 (plans) and 8 (looked after, with missing episodes and return
    interviews) of an Annex A workbook for one year, in the template's layout and labels (List 1, contacts,
    stays in ``contacts.csv``). Lists 3, 5 and 7 carry no faults: their rows are all in the census's years, which
    take precedence. List 8's missing and absent counts are the child's SSDA903 incidents (``incidents``: the
    missing table's rows before faults) coded M and A that started in the year (the list's 12 months); return
    interviews after the last missing episode are offered to most children who went missing and accepted by
    about three in five; faults only the missing children section catches (:func:`_list8_faults`). Written
    byte-identically for a seed (fixed workbook and zip times). Returns list 8's faults."""
    import io
    import zipfile

    import openpyxl

    from lscb_analysis.inputs import annex_a_spec
    from lscb_analysis.synth.cp import SEED, SOURCE_LABELS

    rng = np.random.default_rng(SEED + 2)  # its own stream: the other files are as before
    y = ReportingYear(start_year)
    sources = sorted(cin_spec.codes(start_year + 1)["ReferralSource"], key=lambda c: (int(re.match(r"\d+", c)[0]), c))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)

    def sheet(n: int, title: str, rows: list[list]):
        ws = wb.create_sheet(f"List {n} - {title}")
        ws.append([h for h, col, kind in annex_a_spec.LISTS[n][1]])
        for r in rows:
            ws.append(r)

    def child(cid: str) -> list:
        c = sim.children[cid]
        return [cid, _GENDER[c["sex"]], c["eth"], c["dob"].to_pydatetime().date(), ""]

    day = lambda d: pd.Timestamp(d).to_pydatetime().date()  # noqa: E731
    staff = ["Team", "Worker"]  # the template's staff columns: dropped on load
    eps = [ep for ep in sim.episodes if y.contains(ep.referral)]
    sheet(3, "Referrals", [child(ep.child) + [day(ep.referral), _label(ep.source, sources, SOURCE_LABELS.get(ep.source, "")),
                                              _YES_NO[ep.nfa], 1] + staff for ep in eps])
    s47 = [(ep, s) for ep in sim.episodes for s in ep.s47 if y.contains(s[0])]
    sheet(5, "Section 47", [child(ep.child) + ["b) No", day(s[0]), _YES_NO[bool(s[3])], day(s[2]) if s[2] is not None
                                                and s[2] <= y.end else None, _YES_NO[bool(ep.plans)], 1, 1] + staff
                            for ep, s in s47])
    plans = [(ep, p) for ep in sim.episodes for p in ep.plans if p["start"] <= y.end and p["end"] >= y.start]
    sheet(7, "Child protection", [child(ep.child) + ["b) No", day(p["start"]), _CATEGORY[p["initial"]],
                                                     _CATEGORY[p["latest"]], None, None, None,
                                                     day(p["end"]) if p["end"] <= y.end else None, "b) No",
                                                     p["previous"]] + staff for ep, p in plans])
    open_eps, seen = [], set()
    for r in episodes:
        if r["DECOM"] <= y.end and (r["DEC"] is None or r["DEC"] >= y.start) and r["CHILD"] not in seen:
            seen.add(r["CHILD"])
            open_eps.append(r)
    counts: dict[tuple[str, str], int] = {}
    for cid, _dob, code, start, _end in incidents:
        if y.contains(pd.to_datetime(start, dayfirst=True)):
            counts[cid, code] = counts.get((cid, code), 0) + 1
    tails = []
    for r in open_eps:
        missing, absent = counts.get((r["CHILD"], "M"), 0), counts.get((r["CHILD"], "A"), 0)
        offered = missing > 0 and bool(rng.random() < 0.88)
        accepted = offered and bool(rng.random() < 0.6)
        tails.append([missing, absent, _YES_NO[offered] if missing else None, _YES_NO[accepted] if missing else None])
    faults = _list8_faults(tails, rng, f"annex_a/{path.name} [List 8]")
    rows8 = [[r["CHILD"], "a) Male", "WBRI", None, "", "b) No", day(r["DECOM"]), r["CIN"], "b) No", None, r["LS"], None,
              None, None, None, None, None, 1, day(r["DEC"]) if r["DEC"] is not None else None, r["REC"] or None, None,
              r["PLACE"], r["PLACE_PROVIDER"], "XX1 1XX", "SC000000", None, None] + tail + staff
             for r, tail in zip(open_eps, tails)]
    sheet(8, "Looked after", rows8)
    fixed = pd.Timestamp(start_year + 1, 4, 1).to_pydatetime()
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<", lambda m: b"<dcterms:" + m[1] + m[2]
                              + b">" + fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + b"<", data)
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(start_year + 1, 4, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return faults


LIST8_KINDS = ["accepted_not_offered", "flag_spelling"]


def _list8_faults(tails: list[list], rng, label: str) -> list[dict]:
    """Two faults of each kind in list 8's return interview columns (``tails``: MissingEpisodes, AbsentEpisodes,
    offered, accepted per row, changed in place), at rows of children who went missing drawn from the list's own
    stream: ``accepted_not_offered`` (offered "b) No", accepted "a) Yes": rejected by the missing children
    section) and ``flag_spelling`` (Y/N for the template's labels: read as the same answer). Neither is a fault the
    Annex A reader rejects, so every section that reads the list counts the same rows."""
    went = [i for i, t in enumerate(tails) if t[0] > 0]
    picks = rng.choice(len(went), size=2 * len(LIST8_KINDS), replace=False)
    faults = []
    for i in sorted(int(went[p]) for p in picks[:2]):
        tails[i][2:] = ["b) No", "a) Yes"]
        faults.append({"file": label, "row": i + 2, "column": "ReturnInterviewAccepted", "kind": LIST8_KINDS[0]})
    for i in sorted(int(went[p]) for p in picks[2:]):
        expected = [tails[i][2], tails[i][3]]
        tails[i][2:] = [v[3].upper() for v in expected]  # "a) Yes" -> "Y", "b) No" -> "N"
        faults.append({"file": label, "row": i + 2, "column": "ReturnInterviewOffered+ReturnInterviewAccepted",
                       "kind": LIST8_KINDS[1], "expected": "+".join(v[3:].lower() for v in expected)})
    return faults


def _write_903_more(rows: list[dict], directory: Path) -> tuple[list[str], list[list[str]]]:
    """The SSDA903 header (one row per child) and missing tables beside ``episodes.csv``, as the DfE's CSV format
    lays them out (DD/MM/YYYY dates; no postcodes or URNs); the missing table's faults are listed in
    ``ssda903/injected_faults.json`` (:func:`_missing_903`). Returns the two tables' names and the missing
    table's incidents before faults (for Annex A list 8)."""
    from lscb_analysis.synth.cp import ETHNICITIES, SEED, _choice, _dmy

    rng = np.random.default_rng(SEED + 3)
    first: dict[str, dict] = {}
    for r in rows:
        first.setdefault(r["CHILD"], r)
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    dobs: dict[str, pd.Timestamp] = {}
    for cid in sorted(first):
        r = first[cid]
        dob = r.get("_dob")
        if dob is None:  # short breaks: a disabled child aged 5-15 at the first break
            dob = r["DECOM"] - pd.Timedelta(days=int(rng.integers(5 * 365, 15 * 365)))
        dobs[cid] = dob
        sex = "1" if rng.random() < 0.56 else "2"
        header.append(",".join([cid, sex, _dmy(dob), _choice(rng, ETHNICITIES), "", "", ""]))
        if r["LS"] not in ("V3", "V4"):
            _spent_draws(rng, [e for e in rows if e["CHILD"] == cid])
    (directory / "header.csv").write_text("\n".join(header) + "\n", encoding="utf-8", newline="\n")
    lines, faults, incidents = _missing_903(rows, dobs, np.random.default_rng(SEED + 5))
    (directory / "missing.csv").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    record = {"generator": "lscb_analysis.synth.cp_formats", "files": ["ssda903/missing.csv"],
              "repaired_kinds": sorted(MISSING_REPAIRED), "injected_faults": faults}
    (directory / "injected_faults.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8",
                                                    newline="\n")
    return ["ssda903/header.csv", "ssda903/missing.csv"], incidents


def _spent_draws(rng, episodes: list[dict]) -> None:
    """The draws the first version of the missing table took from the header's stream, still taken (and thrown
    away) so that ``header.csv`` stays byte-identical; the table now has a stream of its own."""
    from lscb_analysis.synth.cp import LAST_RETURN

    for ep in episodes:
        end = ep["DEC"] if ep["DEC"] is not None else pd.Timestamp(LAST_RETURN + 1, 3, 31)
        days = (end - ep["DECOM"]).days
        for _ in range(int(rng.poisson(days / 365 * 0.25)) if days > 2 else 0):
            rng.integers(1, days), rng.integers(0, 3), rng.random()


# the chance that a looked-after child goes missing in a year, by age at the start of the year (DfE: about one in
# nine children looked after during the year, nearly all aged 10 or over; 6.8 incidents per child who went missing)
GOES_MISSING = [(10, 0.01), (13, 0.12), (16, 0.36), (18, 0.4)]
MISSING_KINDS = ["missing_identifier", "end_before_start", "unknown_code", "duplicate_row", "outside_care",
                 "date_format", "lower_case_code"]
MISSING_REPAIRED = {"date_format", "lower_case_code"}


def _missing_903(rows: list[dict], dobs: dict, rng) -> tuple[list[str], list[dict], list[list[str]]]:
    """The SSDA903 missing table (``CHILD, DOB, MISSING, MIS_START, MIS_END``) for 2019-20 to 2024-25: for each
    child looked after in a year (not on short breaks), a chance of going missing by age (:data:`GOES_MISSING`),
    then 1 or more incidents (geometric, mean about 7), each starting on a day the child is in an episode of care
    whose row carries no rejected fault, lasting 0 to 7 days (``MIS_END`` blank if still missing at 31 March 2025),
    a seventh recorded as away without authorisation (A). Then two rows of each fault kind of
    :data:`MISSING_KINDS`; returns (lines, faults, incidents): the incidents as rows before any fault."""
    from lscb_analysis.synth.cp import FIRST_RETURN, LAST_RETURN, _dmy, _iso

    last_day = pd.Timestamp(LAST_RETURN + 1, 3, 31)
    spells: dict[str, list[tuple]] = {}
    for r in rows:
        if r["LS"] not in ("V3", "V4") and not r.get("_rejected"):
            spells.setdefault(r["CHILD"], []).append((r["DECOM"], r["DEC"] if r["DEC"] is not None else last_day))
    out = []
    for cid in sorted(spells):
        adult = dobs[cid] + pd.DateOffset(years=18) - pd.Timedelta(days=1)  # the last day aged 17
        for start in range(FIRST_RETURN, LAST_RETURN + 1):
            y = ReportingYear(start)
            days = [d for a, b in spells[cid] for d in pd.date_range(max(a, y.start), min(b, y.end, adult))]
            if not days:
                continue
            age = (y.start - dobs[cid]).days // 365
            chance = next((p for limit, p in GOES_MISSING if age < limit), 0.0)
            if rng.random() >= chance:
                continue
            n = min(int(rng.geometric(0.14)), 40)
            starts = sorted({days[int(i)] for i in rng.integers(0, len(days), size=n)})
            back_by = None
            for s in starts:
                if back_by is not None and s <= back_by:
                    continue  # one incident at a time
                back = s + pd.Timedelta(days=int(rng.choice([0, 0, 1, 1, 1, 2, 3, 7])))
                code = "A" if rng.random() < 1 / 7 else "M"
                out.append([cid, _dmy(dobs[cid]), code, _dmy(s), _dmy(back) if back <= last_day else ""])
                back_by = back
    # faults: two rows of each kind, at places drawn from the table's own stream
    picks = rng.choice(len(out), size=2 * len(MISSING_KINDS), replace=False)
    kinds = {int(i): MISSING_KINDS[k // 2] for k, i in enumerate(picks)}
    lines, faults = ["CHILD,DOB,MISSING,MIS_START,MIS_END"], []
    for i, row in enumerate(out):
        kind, row = kinds.get(i), list(row)
        copies, column, expected = 1, None, None
        if kind == "missing_identifier":
            row[0], column = "", "CHILD"
        elif kind == "end_before_start":
            row[4], column = _dmy(pd.to_datetime(row[3], dayfirst=True) - pd.Timedelta(days=1)), "MIS_END"
        elif kind == "unknown_code":
            row[2], column = "U", "MISSING"
        elif kind == "duplicate_row":
            copies, column = 2, "CHILD+MIS_START"
        elif kind == "outside_care":  # an incident dated after the child's last episode of care ended
            end = max(b for _, b in spells[row[0]])
            if end >= last_day - pd.Timedelta(days=40):
                kind = None
            else:
                row[3], row[4], column = _dmy(end + pd.Timedelta(days=30)), _dmy(end + pd.Timedelta(days=31)), \
                    "MIS_START"
        elif kind == "date_format":
            expected = _iso(pd.to_datetime(row[3], dayfirst=True))
            row[3], column = expected, "MIS_START"
        elif kind == "lower_case_code":
            expected, row[2], column = row[2], row[2].lower(), "MISSING"
        for copy in range(copies):
            lines.append(",".join(row))
            if kind and (copy or kind != "duplicate_row"):
                fault = {"file": "ssda903/missing.csv", "row": len(lines), "column": column, "kind": kind}
                faults.append({**fault, "expected": expected} if kind in MISSING_REPAIRED else fault)
    return lines, faults, out
