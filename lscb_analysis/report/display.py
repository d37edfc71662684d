"""Display helpers for the notebooks: formatted tables, charts with alt text, plain sentences,
the data-quality summary, method notes, and writing the indicator table.

Rounding happens here and only here, half up as DfE does (:func:`rates.round_half_up`).
Cells hidden by disclosure control show their symbol (``c``); missing published cells
show theirs (``x``, ``z``...).
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lscb_analysis.core import indicators as ind
from lscb_analysis.core import safe_csv
from lscb_analysis.core.rates import pct_change, round_half_up

__all__ = [
    "format_value",
    "cell_text",
    "indicator_view",
    "table_html",
    "show_table",
    "show_figure",
    "say",
    "heading",
    "data_quality",
    "data_quality_brief",
    "data_quality_sentence",
    "data_quality_appendix",
    "quality_tables_html",
    "APPENDIX_CLASS",
    "write_indicators",
    "write_rejections",
    "method_note",
    "describe_change",
    "describe_comparison",
    "UNIT_DIGITS",
]

UNIT_DIGITS = {"count": 0, "percent": 1, "days": 0, "ratio": 2, "score": 1, "GBP": 2}
SENSITIVE_COLUMN = re.compile(r"(?:^child$|id$|_id|childid|person|birth|dob|name|comment|delegate|learner|case)", re.I)


def _display(obj) -> None:
    try:
        from IPython.display import HTML, display

        display(HTML(obj) if isinstance(obj, str) else obj)
    except ImportError:  # pragma: no cover - outside IPython
        print(obj)


def format_value(value, unit: str = "count", symbol: str = "", digits: int | None = None) -> str:
    """A figure as printed: rounded half up (counts to whole numbers with separators, rates and
    percentages to 1 decimal place unless ``digits``); missing values show their symbol, else 'x'."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return symbol or "x"
    d = UNIT_DIGITS.get(unit, 1) if digits is None else digits
    r = round_half_up(float(value), d)
    if unit == "GBP":
        return f"£{r:,.{d}f}"
    if d == 0:
        return f"{int(r):,}"
    return f"{r:,.{d}f}"


def cell_text(table: pd.DataFrame, period: str, indicator: str, unit: str, breakdown: str = "all") -> str:
    """One cell of an indicator table as printed (:func:`format_value`: rounded half up, ``c`` where hidden),
    or ``x`` where the table has no such row."""
    match = ((table["period"].to_numpy() == period) & (table["indicator"].to_numpy() == indicator)
             & (table["unit"].to_numpy() == unit) & (table["breakdown"].to_numpy() == breakdown))
    at = np.flatnonzero(match)
    if not at.size:
        return "x"
    symbol = table["symbol"].iat[at[0]] if "symbol" in table.columns else ""
    return format_value(table["value"].iat[at[0]], unit, symbol or "")


def indicator_view(table: pd.DataFrame, *, rows: str = "indicator", columns: str = "period",
                   digits: int | None = None, with_limits: bool = False) -> pd.DataFrame:
    """A display frame (strings) from an indicator table: one row per ``rows`` value, one column per
    ``columns`` value, each cell formatted for its unit (and '(lower to upper)' if ``with_limits``)."""
    if table.empty:
        return pd.DataFrame()
    sym = table["symbol"] if "symbol" in table.columns else pd.Series("", index=table.index)
    cells = [
        format_value(v, u, s, digits)
        + (f" ({format_value(lo, u, '', digits)} to {format_value(hi, u, '', digits)})"
           if with_limits and not (pd.isna(lo) or pd.isna(hi)) else "")
        for v, u, s, lo, hi in zip(table["value"], table["unit"], sym, table["lower"], table["upper"])
    ]
    df = table.assign(_cell=cells)
    order_rows = list(dict.fromkeys(df[rows]))
    order_cols = list(dict.fromkeys(sorted(df[columns]) if columns == "period" else df[columns]))
    view = df.pivot_table(index=rows, columns=columns, values="_cell", aggfunc="first")
    return view.reindex(index=order_rows, columns=order_cols).fillna("")


QUALITY_CLASS = "lscb-quality"
NOT_CHILDREN_CLASS = "lscb-not-children"


def table_html(df: pd.DataFrame, caption: str, *, index: bool = True, note: str | None = None,
               quality: bool = False, not_children: bool = False) -> str:
    """An accessible HTML table with a caption (and an optional note below it).

    ``quality`` marks a data-quality table (rows read, used, rejected): its counts are of records,
    not children. ``not_children`` marks a table whose counts are of professionals, organisations, money or
    recommendations (their definitions' ``subject``), which disclosure control leaves shown. The output
    scanner does not treat the counts of either as small counts of children."""
    classes = ["lscb-table"] + ([QUALITY_CLASS] if quality else []) + ([NOT_CHILDREN_CLASS] if not_children else [])
    if index and (df.index.name or df.columns.name):
        # a named index or column axis makes pandas emit a second header row of empty cells,
        # which screen readers announce as empty headers: make the index an ordinary first column
        df = df.copy()
        df.columns.name = None
        if df.index.name in (None, "row", "indicator"):
            df.index.name = "Measure"  # the pivot's internal name is no heading for a reader
        df = df.reset_index()
        index = False
    body = df.to_html(index=index, escape=True, na_rep="", border=0, classes=classes)
    body = body.replace("<table", f'<table aria-label="{html.escape(caption)}"', 1)
    body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1) if "<caption>" not in body else body
    note_html = f'<p class="lscb-note">{html.escape(note)}</p>' if note else ""
    return f'<div class="lscb-table-wrap">{body}{note_html}</div>'


def methods_html(indicators, published: bool = False) -> str:
    """A collapsed "How these figures are defined" block: the method note of each indicator, from the
    single source of definitions (:mod:`lscb_analysis.core.definitions`) that docs/methodology.md is built from.
    ``published``: the table holds published statistics, so each note names the publication."""
    items = []
    for name in dict.fromkeys(indicators):
        note = method_note(name, published=published)
        if note:
            from lscb_analysis.core import definitions

            title = definitions.lookup(name).title if hasattr(definitions, "lookup") else name
            items.append(f"<li><strong>{html.escape(title)}</strong>: {html.escape(note)}</li>")
    if not items:
        return ""
    return ('<details class="lscb-methods"><summary>How these figures are defined</summary><ul>'
            + "".join(items) + "</ul></details>")


def show_table(df: pd.DataFrame, caption: str, *, index: bool = True, note: str | None = None,
               quality: bool = False, not_children: bool = False, methods=None, published: bool = False) -> None:
    """Display a table with a caption (strings as given: use :func:`indicator_view` to format), and, if
    ``methods`` names indicators, their definitions in a collapsed block under it (``published``: the
    table's figures are published statistics, and the notes name the publication as their source)."""
    _display(table_html(df, caption, index=index, note=note, quality=quality, not_children=not_children)
             + (methods_html(methods, published=published) if methods is not None else ""))


EMBED_SVG = True  # also carry each chart as SVG (data-lscb-svg) for the PDF edition, which prints vectors


def figure_html(fig, alt: str | None = None) -> str:
    """A figure as an embedded PNG ``<img>`` with alt text (no external requests); with
    :data:`EMBED_SVG`, the same chart as SVG in ``data-lscb-svg`` for the printed (PDF) edition."""
    import matplotlib.pyplot as plt

    alt = alt or getattr(fig, "lscb_alt", None)
    if not alt:
        raise ValueError("every chart needs alt text: pass alt= or build it with lscb_analysis.plots")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    svg = ""
    if EMBED_SVG:
        vec = io.BytesIO()
        fig.savefig(vec, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
        svg = f' data-lscb-svg="data:image/svg+xml;base64,{base64.b64encode(vec.getvalue()).decode()}"'
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    return (f'<figure class="lscb-figure"><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}"{svg} '
            f'style="max-width:100%"><figcaption>{html.escape(alt)}</figcaption></figure>')


def show_figure(fig, alt: str | None = None) -> None:
    """Display a chart with its alt text, embedded in the page."""
    _display(figure_html(fig, alt))


def heading(text: str, level: int = 2) -> None:
    """Display a heading from code, so that a heading appears only when something follows it (a
    Markdown cell's heading shows even when the cell under it has nothing to show)."""
    level = min(6, max(1, int(level)))
    _display(f"<h{level}>{html.escape(text)}</h{level}>")


def say(text: str) -> None:
    """Display a paragraph of plain English (Markdown)."""
    try:
        from IPython.display import Markdown, display

        display(Markdown(text))
    except ImportError:  # pragma: no cover
        print(text)


def _file_of(name: str) -> str:
    """'cin_census/x.xml.gz [Child]' -> 'cin_census/x.xml.gz': the file a table within it came from."""
    return name.split(" [", 1)[0]


def data_quality_brief(rejections) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data-quality summary per file (tables within one file added together) and rejected rows per
    reason across all files: what a board member needs to judge whether the figures can be trusted."""
    summary = rejections.summary()
    reasons = rejections.by_reason()
    if summary.empty:
        return summary, reasons
    per_file = (summary.assign(file=summary["file"].map(_file_of))
                .groupby("file", sort=True)[["rows_read", "rows_used", "rows_rejected"]].sum().reset_index())
    per_file["reconciles"] = per_file["rows_read"].eq(per_file["rows_used"] + per_file["rows_rejected"])
    per_reason = (reasons.assign(reason=reasons["reason"].str.replace(r" \(expected .*\)$", "", regex=True))
                  .groupby("reason", sort=True)["rows"].sum().sort_values(ascending=False, kind="stable")
                  .reset_index()) if len(reasons) else reasons
    return per_file, per_reason


def data_quality(rejections, *, show: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data-quality summary: per file rows read, used and rejected (and whether they reconcile),
    and rejected rows by reason, with the detail per file and table in a collapsed section. Never shows
    the rejected values themselves (they may identify a child). Returns the detailed (summary, reasons).

    On a board page prefer :func:`data_quality_sentence` where the findings start and
    :func:`data_quality_appendix` at the end of the page."""
    summary = rejections.summary()
    reasons = rejections.by_reason()
    if not show:
        return summary, reasons
    if summary.empty:
        say("No local files were read for this section.")
        return summary, reasons
    _display(quality_tables_html(rejections))
    return summary, reasons


def quality_tables_html(rejections) -> str:
    """The HTML of the data-quality tables (per file, per reason, and the collapsed detail)."""
    summary = rejections.summary()
    reasons = rejections.by_reason()
    if summary.empty:
        return "<p>No local files were read for this section.</p>"
    per_file, per_reason = data_quality_brief(rejections)
    yes_no = {True: "yes", False: "NO"}
    view = per_file.assign(reconciles=per_file["reconciles"].map(yes_no))
    view.columns = ["File", "Rows read", "Rows used", "Rows rejected", "Read = used + rejected"]
    parts = [table_html(view, "Data quality: rows read, used and rejected per file", index=False, quality=True)]
    if len(per_reason):
        r = per_reason.copy()
        r.columns = ["Reason", "Rows"]
        parts.append(table_html(r, "Rejected rows by reason", index=False, quality=True))
    detail = []
    if len(summary) != len(per_file):
        d = summary.assign(reconciles=summary["reconciles"].map(yes_no))
        d.columns = ["File [table]", "Rows read", "Rows used", "Rows rejected", "Read = used + rejected"]
        detail.append(table_html(d, "Rows read, used and rejected per file and table", index=False, quality=True))
    if len(reasons):
        r = reasons.copy()
        r.columns = ["File", "Reason", "Rows"]
        detail.append(table_html(r, "Rejected rows by file and reason", index=False, quality=True))
    notes = getattr(rejections, "notes", [])
    if notes:
        detail.append(table_html(pd.DataFrame(notes).rename(columns={"file": "File", "note": "Note"}),
                                 "Notes on the files read", index=False, quality=True))
    if detail:
        parts.append("<details><summary>Detail for analysts: every file, table and reason</summary>"
                     + "".join(detail) + "</details>")
    return "".join(parts)


APPENDIX_CLASS = "lscb-appendix"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def data_quality_sentence(rejections) -> str:
    """One plain sentence for the board page on whether the section's files could be used, in place
    of the data-quality tables (which go to the appendix: :func:`data_quality_appendix`).

    Counts are of rows in files (records), not of children. Examples::

        All 12,345 rows in 8 files were used.
        Of 12,345 rows in 8 files, 12,300 were used and 45 (0.4%) were set aside, most often for
        "date in the future"; the appendix lists every reason.
    """
    summary = rejections.summary() if rejections is not None else pd.DataFrame()
    if summary is None or summary.empty:
        return "No local files were read for this section."
    files = summary["file"].map(_file_of).nunique()
    read = int(summary["rows_read"].sum())
    used = int(summary["rows_used"].sum())
    rejected = int(summary["rows_rejected"].sum())
    where = f"{_plural(read, 'row')} in {_plural(files, 'file')}"
    if rejected == 0:
        return f"All {where} were used." if read else f"The {_plural(files, 'file')} read held no rows."
    share = format_value(100.0 * rejected / read, "percent") if read else "x"
    _, per_reason = data_quality_brief(rejections)
    reason = ""
    if len(per_reason):
        top = str(per_reason["reason"].iloc[0]).rstrip(".")
        reason = f", most often because: {top}"
    return (f"Of {where}, {used:,} were used and {rejected:,} ({share}%) were set aside{reason}; "
            "the appendix lists every file and reason.")


def data_quality_appendix(rejections, *, heading: str = "Appendix: data quality", show: bool = True) -> str:
    """The data-quality detail (rows read, used and rejected per file, rejected rows by reason, and
    the detail per table) as an appendix at the end of a page: a heading, the plain sentence and the
    tables of :func:`data_quality`, inside ``<section class="lscb-appendix">`` so that the PDF and
    Word editions keep it after the findings. Returns the HTML (and displays it if ``show``)."""
    body = quality_tables_html(rejections) if rejections is not None else ""
    out = (f'<section class="{APPENDIX_CLASS}"><h2>{html.escape(heading)}</h2>'
           f"<p>{html.escape(data_quality_sentence(rejections))}</p>{body}</section>")
    if show:
        _display(out)
    return out


def write_indicators(table: pd.DataFrame, processed_dir, area: str, reporting_year: str, section: str) -> Path:
    """Write an indicator table to ``<processed_dir>/<area>/<year>/<section>.csv``, sorted, so the same
    inputs always give the same bytes. Returns the path."""
    out = Path(processed_dir) / area / str(reporting_year)
    out.mkdir(parents=True, exist_ok=True)
    df = ind.table(table)
    df = df.sort_values(["area", "period", "indicator", "breakdown", "unit"], kind="stable")
    return safe_csv.write_csv(df, out / f"{section}.csv")


def write_rejections(rejections, processed_dir, area: str, reporting_year: str, section: str) -> Path:
    """Write the rejection log to ``<processed_dir>/<area>/<year>/rejections_<section>.csv``.

    The log says which row and column to fix in the source file, not what the child's details are:
    values of identifier, date-of-birth, name and comment columns are withheld, and so is any value that
    looks like a date (any date can be someone's date of birth) or is long free text. Codes and numbers
    that failed validation are kept (only when they have the shape their column expects: clean.Rejections),
    and every cell goes through the one CSV writer (core/safe_csv.py), which neutralises formulas."""
    out = Path(processed_dir) / area / str(reporting_year)
    out.mkdir(parents=True, exist_ok=True)
    df = rejections.to_frame()
    if len(df):
        value = df["value"].fillna("").astype(str)
        sensitive = (df["column"].fillna("").str.contains(SENSITIVE_COLUMN)
                     | value.str.contains(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}") | value.str.len().gt(30))
        df.loc[sensitive, "value"] = "[withheld]"
    return safe_csv.write_csv(df, out / f"rejections_{section}.csv")


def method_note(indicator: str, published: bool = False) -> str:
    """The plain-English note for an indicator, from the single source of definitions (``published``:
    for published statistics, naming the publication as the source)."""
    try:
        from lscb_analysis.core import definitions
    except ImportError:  # pragma: no cover - definitions module not present
        return ""
    return definitions.method_note(indicator, published=published)


def describe_change(what: str, new: float, old: float, *, unit: str = "count", new_label: str = "this year",
                    old_label: str = "last year", digits: int | None = None) -> str:
    """'Referrals rose by 12.3% from 1,000 last year to 1,123 this year.' (rounded half up; the figures to
    ``digits`` places where given, as :func:`format_value`)."""
    if any(pd.isna(v) for v in (new, old)):
        return f"{what}: no comparison with {old_label} is possible (a figure is missing or suppressed)."
    change = pct_change(new, old)
    n, o = format_value(new, unit, digits=digits), format_value(old, unit, digits=digits)
    if unit == "percent":
        n, o = n + "%", o + "%"
        diff = round_half_up(new - old, 1)
        if diff == 0:
            return f"{what} was {n} {new_label}, the same as {old_label} ({o})."
        word = "rose" if diff > 0 else "fell"
        return f"{what} {word} from {o} {old_label} to {n} {new_label} ({abs(diff):.1f} percentage points)."
    if np.isnan(change):
        return f"{what} was {n} {new_label} and {o} {old_label}."
    c = round_half_up(abs(change), 1)
    if c == 0:
        return f"{what} was {n} {new_label}, unchanged from {old_label}."
    word = "rose" if change > 0 else "fell"
    return f"{what} {word} by {c:.1f}% from {o} {old_label} to {n} {new_label}."


def describe_comparison(what: str, value: float, lower: float, upper: float, other: float, other_name: str,
                        unit: str = "per 10,000 aged 0-17") -> str:
    """Whether a figure is significantly above or below a comparator (its 95% interval excludes it)."""
    if any(pd.isna(v) for v in (value, other)):
        return f"{what}: no comparison with {other_name} is possible."
    v, o = format_value(value, unit), format_value(other, unit)
    suffix = "%" if unit == "percent" else f" {unit}"
    if not (pd.isna(lower) or pd.isna(upper)):
        if lower > other:
            verdict = f"significantly higher than {other_name} ({o}{suffix})"
        elif upper < other:
            verdict = f"significantly lower than {other_name} ({o}{suffix})"
        else:
            verdict = f"not significantly different from {other_name} ({o}{suffix})"
    else:
        verdict = f"compared with {o}{suffix} for {other_name}"
    return f"{what} was {v}{suffix}, {verdict}."
