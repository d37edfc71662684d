"""Ingest: CIN census XML parsed per second and per megabyte, against the parser's own floors.

Measured on the plain-XML returns of the regional data set (``regional.py``), 1, 4 and 16 returns
(about 8 MB each), and on the bundled Exampleshire sample (gzipped):

* **library**: :func:`lscb_analysis.cin_xml.read_census`, the whole read (safety check of the prolog,
  streaming parse, flattening into six text tables), by its fast path (the C tree builder with no
  per-element events; complete ``Child`` elements read with C-level ``find``/``findtext``);
* **general reader**: the same function with the fast path switched off, so every file goes through
  the ``iterparse`` start/end event loop that matches elements by local name (the reader used before
  the fast path, and still its fallback for unusual returns and for every error): the before/after
  comparison, measured in the same run; its tables are checked to equal the fast path's;
* **expat floor**: the same bytes through the standard library's C parser with no handlers: the least
  any pure-stdlib reader can spend;
* **tree-builder floor**: the C parser and tree builder fed in 64 KB pieces, deleting complete elements,
  reading nothing, with the garbage collector paused as in the library: what the fast path costs before
  it looks at a ``Child``;
* **iterparse floor**: ``xml.etree.ElementTree.iterparse`` with start and end events, doing nothing with
  them: what the general reader's loop costs before it looks at an element.

Figures: seconds, MB per second, ``Child`` elements and records (rows of the six tables) per second,
the ratio to each floor, peak memory of the parse (tracemalloc), and the 1x/4x/16x growth. The machine
may be shared: compare ratios measured in the same run, or use ``--repeat`` (best of N).

    python benchmarks/ingest.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import TreeBuilder, XMLParser, iterparse
from xml.parsers import expat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common as C  # noqa: E402

from lscb_analysis.inputs import cin_xml  # noqa: E402

REPEAT = 1


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def expat_floor(path: Path) -> None:
    p = expat.ParserCreate()
    with _open(path) as fh:
        p.ParseFile(fh)


def tree_floor(path: Path) -> None:
    paused = gc.isenabled()
    gc.disable()  # as the library's fast path does
    try:
        _tree_floor(path)
    finally:
        if paused:
            gc.enable()


def _tree_floor(path: Path) -> None:
    p = XMLParser(target=TreeBuilder())
    events: list = []
    p._setevents(events, ("start",))
    root = None
    with _open(path) as fh:
        while data := fh.read(65_536):
            p.feed(data)
            if root is None and events:
                root = events[0][1]
                p._setevents(events, ())
            if root is not None and len(root):
                del root[:-1]
                if len(root) and len(root[-1]) > 1:
                    del root[-1][:-1]
    p.close()


def iterparse_floor(path: Path) -> int:
    n = 0
    with _open(path) as fh:
        for _event, elem in iterparse(fh, events=("start", "end")):
            n += 1
            if elem.tag == "Child" and _event == "end":
                elem.clear()
    return n


@contextmanager
def _general_reader():
    """read_census with the fast path switched off: every file goes to the general reader."""
    def off(*args):
        raise cin_xml._NotPlain("switched off for the benchmark")

    real = cin_xml._read_plain
    cin_xml._read_plain = off
    try:
        yield
    finally:
        cin_xml._read_plain = real


def general_read(path: Path):
    with _general_reader():
        return cin_xml.read_census(path)


def _timed(fn, *args):
    """Seconds for one call (the best of REPEAT calls) and the call's result."""
    best, out = None, None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn(*args)
        s = time.perf_counter() - t0
        best = s if best is None else min(best, s)
    return best, out


def _same_tables(a, b) -> bool:
    return (a.reference_date == b.reference_date and list(a.tables) == list(b.tables)
            and all(a.tables[t].equals(b.tables[t]) and a.tables[t].dtypes.equals(b.tables[t].dtypes)
                    for t in a.tables))


def measure(files: list[Path], memory: bool = True) -> dict:
    size = sum(f.stat().st_size for f in files)
    unpacked = sum(len(_open(f).read()) for f in files) if any(f.name.endswith(".gz") for f in files) else size
    lib_s, gen_s, rows, children = 0.0, 0.0, 0, 0
    same = True
    for f in files:
        s, ret = _timed(cin_xml.read_census, f)
        lib_s += s
        counts = {t: len(df) for t, df in ret.tables.items()}
        rows += sum(counts.values())
        children += counts["children"]
        s, gen = _timed(general_read, f)
        gen_s += s
        same &= _same_tables(ret, gen)
    expat_s = sum(_timed(expat_floor, f)[0] for f in files)
    tree_s = sum(_timed(tree_floor, f)[0] for f in files)
    iter_s = sum(_timed(iterparse_floor, f)[0] for f in files)
    peak = peak_general = None
    if memory:
        tracemalloc.start()
        cin_xml.read_census(files[0])
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.reset_peak()
        general_read(files[0])
        peak_general = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return {"files": len(files), "bytes": size, "xml_bytes": unpacked, "children": children, "records": rows,
            "library_s": lib_s, "general_s": gen_s, "general_same_tables": same, "expat_s": expat_s,
            "tree_s": tree_s, "iterparse_s": iter_s, "repeat": REPEAT,
            "peak_traced_mb_one_file": peak, "peak_traced_mb_one_file_general": peak_general}


def summarise(res: dict) -> list[str]:
    lines = []
    for label, m in res["runs"].items():
        mb = m["xml_bytes"] / 1e6
        lines.append(f"{label}: {m['files']} file(s), {mb:,.0f} MB of XML, {m['children']:,} children, "
                     f"{m['records']:,} records" + (f" (best of {m['repeat']})" if m.get("repeat", 1) > 1 else ""))
        lines.append(f"    library read_census {C.fmt_s(m['library_s'])}: {mb / m['library_s']:.1f} MB/s, "
                     f"{m['children'] / m['library_s']:,.0f} children/s, {m['records'] / m['library_s']:,.0f} records/s"
                     + (f", peak {m['peak_traced_mb_one_file']:.0f} MB traced for one file"
                        if m.get("peak_traced_mb_one_file") else ""))
        if m.get("general_s"):
            lines.append(f"    general reader (fast path off) {C.fmt_s(m['general_s'])}: "
                         f"{mb / m['general_s']:.1f} MB/s, {m['records'] / m['general_s']:,.0f} records/s; "
                         f"library {m['general_s'] / m['library_s']:.2f}x faster; same tables: "
                         f"{m['general_same_tables']}"
                         + (f"; peak {m['peak_traced_mb_one_file_general']:.0f} MB traced for one file"
                            if m.get("peak_traced_mb_one_file_general") else ""))
        floors = [f"expat {C.fmt_s(m['expat_s'])} ({mb / m['expat_s']:.0f} MB/s, library "
                  f"{m['library_s'] / m['expat_s']:.1f}x)"]
        if m.get("tree_s"):
            floors.append(f"tree builder {C.fmt_s(m['tree_s'])} ({mb / m['tree_s']:.0f} MB/s, library "
                          f"{m['library_s'] / m['tree_s']:.1f}x)")
        floors.append(f"iterparse {C.fmt_s(m['iterparse_s'])} ({mb / m['iterparse_s']:.0f} MB/s, library "
                      f"{m['library_s'] / m['iterparse_s']:.1f}x)")
        lines.append("    floors: " + ", ".join(floors))
        if m.get("sketch_s"):  # figures saved before the fast path
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


def main(argv=None) -> int:
    global REPEAT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1, help="time each call N times and keep the best (default 1)")
    REPEAT = max(1, ap.parse_args(argv).repeat)
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
