"""Ingest: CIN census XML parsed per second and per megabyte, against the parser's own floor.

Measured on the plain-XML returns of the regional data set (``regional.py``), 1, 4 and 16 returns
(about 8 MB each), and on the bundled Exampleshire sample (gzipped):

* **library**: :func:`lscb_analysis.cin_xml.read_census`, the whole read (safety check of the prolog,
  streaming parse, flattening into six text tables);
* **expat floor**: the same bytes through the standard library's C parser with no handlers: the least
  any pure-stdlib reader can spend;
* **iterparse floor**: ``xml.etree.ElementTree.iterparse`` with start and end events, doing nothing with
  them: what the library's streaming loop costs before it looks at an element;
* **end-events sketch**: a leaner flattening written here for comparison only (``iterparse`` with end
  events only and C-level ``find``/``findtext`` lookups instead of a Python dictionary per element),
  checked to give the same rows as the library, to show what a rewrite of the inner loop could gain.

Figures: seconds, MB per second, ``Child`` elements and records (rows of the six tables) per second,
the ratio to each floor, peak memory of the parse (tracemalloc), and the 1x/4x/16x growth.

    python benchmarks/ingest.py
"""

from __future__ import annotations

import gzip
import sys
import time
import tracemalloc
from pathlib import Path
from xml.etree.ElementTree import iterparse
from xml.parsers import expat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common as C  # noqa: E402

from lscb_analysis import cin_xml  # noqa: E402


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def expat_floor(path: Path) -> None:
    p = expat.ParserCreate()
    with _open(path) as fh:
        p.ParseFile(fh)


def iterparse_floor(path: Path) -> int:
    n = 0
    with _open(path) as fh:
        for _event, elem in iterparse(fh, events=("start", "end")):
            n += 1
            if elem.tag == "Child" and _event == "end":
                elem.clear()
    return n


def end_events_sketch(path: Path) -> dict[str, int]:
    """Row counts of the six tables, read with end events and C-level lookups (no namespaces, as in the
    regional files; a sketch for timing, not a replacement for the library's reader)."""
    rows = {t: [] for t in cin_xml.TABLES}
    with _open(path) as fh:
        for _event, child in iterparse(fh, events=("end",)):
            if child.tag != "Child":
                continue
            ident = child.find("ChildIdentifiers")
            cid = ident.findtext("LAchildID", "") if ident is not None else ""
            rows["children"].append((cid, ident.findtext("PersonBirthDate", ""),
                                     ident.findtext("ExpectedPersonBirthDate", ""),
                                     ident.findtext("Sex") or ident.findtext("GenderCurrent", ""),
                                     child.findtext("ChildCharacteristics/Ethnicity", ""),
                                     ident.findtext("PersonDeathDate", "")))
            for cin in child.iterfind("CINdetails"):
                ref = cin.findtext("CINreferralDate", "")
                rows["referrals"].append((cid, ref, cin.findtext("ReferralSource", ""),
                                          cin.findtext("PrimaryNeedCode", ""), cin.findtext("CINclosureDate", ""),
                                          cin.findtext("ReasonForClosure", ""), cin.findtext("ReferralNFA", "")))
                for a in cin.iterfind("Assessments"):
                    rows["assessments"].append((cid, ref, a.findtext("AssessmentActualStartDate", ""),
                                                a.findtext("AssessmentAuthorisationDate", ""),
                                                ";".join(f.text or "" for f in a.iter("AssessmentFactors"))))
                for s in cin.iterfind("Section47"):
                    rows["section47"].append((cid, ref, s.findtext("S47ActualStartDate", ""),
                                              s.findtext("InitialCPCtarget", ""), s.findtext("DateOfInitialCPC", ""),
                                              s.findtext("ICPCnotRequired", "")))
                for p in cin.iterfind("ChildProtectionPlans"):
                    start = p.findtext("CPPstartDate", "")
                    rows["cp_plans"].append((cid, ref, start, p.findtext("CPPendDate", ""),
                                             p.findtext("InitialCategoryOfAbuse", ""),
                                             p.findtext("LatestCategoryOfAbuse", ""),
                                             p.findtext("NumberOfPreviousCPP", "")))
                    for d in p.iter("CPPreviewDate"):
                        rows["cp_reviews"].append((cid, start, d.text or ""))
            child.clear()
    return {t: len(v) for t, v in rows.items()}


def _timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def measure(files: list[Path], memory: bool = True) -> dict:
    size = sum(f.stat().st_size for f in files)
    unpacked = sum(len(_open(f).read()) for f in files) if any(f.name.endswith(".gz") for f in files) else size
    lib_s, rows, children = 0.0, 0, 0
    sketch_rows = 0
    same = True
    for f in files:
        s, ret = _timed(cin_xml.read_census, f)
        lib_s += s
        counts = {t: len(df) for t, df in ret.tables.items()}
        rows += sum(counts.values())
        children += counts["children"]
        if not f.name.endswith(".gz"):
            _, sk = _timed(end_events_sketch, f)
            same &= sk == counts
            sketch_rows += sum(sk.values())
    expat_s = sum(_timed(expat_floor, f)[0] for f in files)
    iter_s = sum(_timed(iterparse_floor, f)[0] for f in files)
    sketch_s = sum(_timed(end_events_sketch, f)[0] for f in files if not f.name.endswith(".gz"))
    peak = None
    if memory:
        tracemalloc.start()
        cin_xml.read_census(files[0])
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return {"files": len(files), "bytes": size, "xml_bytes": unpacked, "children": children, "records": rows,
            "library_s": lib_s, "expat_s": expat_s, "iterparse_s": iter_s, "sketch_s": sketch_s or None,
            "sketch_same_rows": same, "peak_traced_mb_one_file": peak}


def summarise(res: dict) -> list[str]:
    lines = []
    for label, m in res["runs"].items():
        mb = m["xml_bytes"] / 1e6
        lines.append(f"{label}: {m['files']} file(s), {mb:,.0f} MB of XML, {m['children']:,} children, "
                     f"{m['records']:,} records")
        lines.append(f"    library read_census {C.fmt_s(m['library_s'])}: {mb / m['library_s']:.1f} MB/s, "
                     f"{m['children'] / m['library_s']:,.0f} children/s, {m['records'] / m['library_s']:,.0f} records/s"
                     + (f", peak {m['peak_traced_mb_one_file']:.0f} MB traced for one file"
                        if m.get("peak_traced_mb_one_file") else ""))
        lines.append(f"    floors: expat {C.fmt_s(m['expat_s'])} ({mb / m['expat_s']:.0f} MB/s, library "
                     f"{m['library_s'] / m['expat_s']:.1f}x), iterparse {C.fmt_s(m['iterparse_s'])} "
                     f"({mb / m['iterparse_s']:.0f} MB/s, library {m['library_s'] / m['iterparse_s']:.1f}x)")
        if m.get("sketch_s"):
            lines.append(f"    end-events sketch {C.fmt_s(m['sketch_s'])} ({mb / m['sketch_s']:.1f} MB/s, "
                         f"{m['library_s'] / m['sketch_s']:.1f}x faster than the library; same rows: "
                         f"{m['sketch_same_rows']})")
    scal = [res["runs"][k] for k in ("1x", "4x", "16x") if k in res["runs"]]
    if len(scal) == 3:
        xs = [m["xml_bytes"] for m in scal]
        lines.append(f"growth exponent over 1x/4x/16x (1 = linear): library "
                     f"{C.slope(xs, [m['library_s'] for m in scal]):.2f}, expat "
                     f"{C.slope(xs, [m['expat_s'] for m in scal]):.2f}")
    return lines


def main() -> int:
    import regional

    runs = {}
    sample = cin_xml.census_files(C.ROOT / "data" / "raw" / "exampleshire" / "cin_census")
    if sample:
        runs["Exampleshire sample (gzipped)"] = measure(sample)
    if regional.read_manifest() is not None:
        files = [f for d in regional.area_dirs("xml") for f in cin_xml.census_files(d / "cin_census")]
        for label, n in (("1x", 1), ("4x", 4), ("16x", 16)):
            runs[label] = measure(files[:n], memory=(n == 1))
            print(f"  {label} done", file=sys.stderr, flush=True)
    res = {"runs": runs}
    C.save("ingest", res)
    print("\n".join(summarise(res)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
