"""The single source of every indicator's definition.

Each canonical indicator (DESIGN.md section 5) has one :class:`Definition`: what it counts,
numerator, denominator, population base, units, confidence-interval method, disclosure
control, source, and the function that computes it (a dotted path). From these:

* :func:`method_note` gives the short plain-English note shown under a table in a notebook
  (``report.method_note`` calls it);
* :func:`render_markdown` writes ``docs/methodology.md`` (with the hand-written sections on
  conventions below), so the document and the notes cannot drift apart. Regenerate the
  document with ``python -m lscb_analysis.core.definitions`` (a test checks the committed file
  equals the rendered one).

Indicators that also come as a change on the previous year (the training section's
``<indicator>_change`` rows) say so in ``change_unit``; :func:`lookup` resolves those names.
"""

# The package: model.py (the record and shared wording), one file of definitions per group of sections,
# and here the assembled table, the look-ups and the methodology document.

from __future__ import annotations

import difflib
import importlib
import re
from pathlib import Path

from lscb_analysis.core.definitions.business import BUSINESS, LADO, PARTNERSHIP, REVIEWS
from lscb_analysis.core.definitions.child_deaths import CHILD_DEATHS
from lscb_analysis.core.definitions.child_protection import CHILD_PROTECTION
from lscb_analysis.core.definitions.children import CHILDREN
from lscb_analysis.core.definitions.children import MODULES as _CHILDREN_MODULES
from lscb_analysis.core.definitions.model import *  # noqa: F403 - the record and shared wording
from lscb_analysis.core.definitions.model import METHODOLOGY_PATH, SECTION_MODULES, SECTIONS, SRC_DFE, Definition
from lscb_analysis.core.definitions.training import TRAINING_DEFINITIONS
from lscb_analysis.core.definitions.youth_justice import YOUTH_JUSTICE

__all__ = [
    "Definition",
    "DEFINITIONS",
    "SECTIONS",
    "SECTION_MODULES",
    "lookup",
    "counts_children",
    "display_digits",
    "names",
    "for_section",
    "method_note",
    "anchor",
    "resolve_function",
    "render_markdown",
    "write_markdown",
    "METHODOLOGY_PATH",
]

_ALL = CHILD_PROTECTION + CHILD_DEATHS + YOUTH_JUSTICE + TRAINING_DEFINITIONS + CHILDREN + BUSINESS
SECTIONS += [*_CHILDREN_MODULES, LADO, REVIEWS, PARTNERSHIP]
SECTION_MODULES.update(_CHILDREN_MODULES)
SECTION_MODULES.update({LADO: "sections.lado", REVIEWS: "sections.practice_reviews",
                        PARTNERSHIP: "sections.partnership"})

DEFINITIONS: dict[str, Definition] = {d.name: d for d in _ALL}
if len(DEFINITIONS) != len(_ALL):  # pragma: no cover - guards against a name written twice
    raise RuntimeError("an indicator is defined twice in lscb_analysis.core.definitions")

CHANGE_SUFFIX = "_change"


# --- lookups --------------------------------------------------------------------------------


def names(section: str | None = None) -> list[str]:
    """Canonical indicator names, in document order (one section's if given)."""
    return [d.name for d in DEFINITIONS.values() if section is None or d.section == section]


def for_section(section: str) -> list[Definition]:
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; expected one of {SECTIONS}")
    return [d for d in DEFINITIONS.values() if d.section == section]


def lookup(indicator: str) -> Definition:
    """The definition of ``indicator``; ``<name>_change`` resolves to ``<name>`` when the library emits a
    change row for it. Raises ``KeyError`` with the closest names for an unknown one."""
    if indicator in DEFINITIONS:
        return DEFINITIONS[indicator]
    if indicator.endswith(CHANGE_SUFFIX):
        base = DEFINITIONS.get(indicator[: -len(CHANGE_SUFFIX)])
        if base is not None and base.change_unit:
            return base
    close = difflib.get_close_matches(indicator, list(DEFINITIONS), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no definition for the indicator {indicator!r} in lscb_analysis.core.definitions.{hint}")


def is_documented(indicator: str, unit: str | None = None) -> bool:
    """True when ``indicator`` (and ``unit``, if given) is documented: a defined name in one of its units,
    or a ``<name>_change`` row in the change unit its definition states."""
    if indicator in DEFINITIONS:
        return unit is None or unit in DEFINITIONS[indicator].units
    try:
        d = lookup(indicator)
    except KeyError:
        return False
    return unit is None or unit == d.change_unit


def counts_children(indicator: str) -> bool:
    """False when ``indicator`` (or its ``<name>_change`` row) counts professionals, courses or organisations
    (its definition's ``subject``), which disclosure control leaves shown; True otherwise, also for a name
    with no definition (hidden when in doubt)."""
    try:
        return lookup(indicator).subject == "children"
    except KeyError:
        return True


def display_digits(indicator: str, unit: str) -> int | None:
    """The decimal places ``indicator`` is shown with in ``unit`` where they differ from the unit's usual ones
    (training days: one place, "33.5"), else None. Every page that prints the figure asks here."""
    d = DEFINITIONS.get(indicator)
    return d.digits if d is not None and unit in d.units else None


def resolve_function(path: str):
    """Import the function a dotted path names (``lscb_analysis.cp.indicators``)."""
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def anchor(indicator: str) -> str:
    """The anchor of an indicator's entry in ``docs/methodology.md`` (``#referrals``)."""
    return "#" + lookup(indicator).name.replace("_", "-")


def _section_anchor(section: str) -> str:
    return "#" + re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-") + "-indicators"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _plain(text: str) -> str:
    """A definition without code references: parentheses holding `code` go, other backticks are dropped."""
    text = re.sub(r"\s*\([^()]*`[^()]*\)", "", text)
    return _sentence(text.replace("`", "").replace("  ", " "))


def method_note(indicator: str, published: bool = False) -> str:
    """A short plain-English note of what a figure counts, for under a table in a notebook.

    Built from the same definition as ``docs/methodology.md``: the definition, what a rate or
    percentage is out of, and the source. ``<name>_change`` adds how the change is expressed.
    ``published``: the figures under the note are published statistics, so the source named is the
    publication (DfE children in need, or children looked after) rather than local records.
    """
    d = lookup(indicator)
    definition = _plain(d.definition)
    first = d.title.split()[0].lower()
    parts = [definition if definition.lower().startswith(first) else f"{d.title}: {definition}"]
    rate_units = [u for u in d.units if u.startswith("per ")]
    if rate_units:
        parts.append(f"Rates are {', '.join(rate_units)}.")
    share_base = d.percent_of or ("" if rate_units else d.denominator)
    if "percent" in d.units and share_base not in ("none", ""):
        parts.append(f"Percentages are of {share_base}.")
    if indicator.endswith(CHANGE_SUFFIX) and indicator not in DEFINITIONS:
        how = {"percent": "as a percentage change on the previous year",
               "percentage points": "as the difference in percentage points from the previous year",
               "score": "as the difference from the previous year's median"}[d.change_unit]
        parts.append(f"The change is shown {how}.")
    source = (d.published_source or SRC_DFE) if published and d.published else d.source
    parts.append(f"Source: {source}.")
    return " ".join(parts)


# --- the methodology document ---------------------------------------------------------------

INTRODUCTION = """\
# Methodology

This document is for peer reviewers of the method, and for anyone who wants to know exactly
what a figure in the board report means. It is generated from `lscb_analysis/core/definitions/`
(the single source of every indicator's definition; the method notes under the tables in the
reports come from the same place) by `python -m lscb_analysis.core.definitions`. Do not edit it by
hand: `tests/test_definitions.py` fails when it differs from the rendered definitions.

## How to review the method

1. Read the conventions below (reporting years, populations, working days, rounding,
   disclosure control, confidence intervals) and the known differences from published figures.
2. For each indicator in the reference that follows, read its definition, then the docstring
   of the function named beside it (every function computing an indicator states its
   definition, formula and source), then the tests that pin it at its edges (`tests/`).
3. Run the tests: `make test` (or `.venv/bin/pytest`). `tests/test_reproduce_published.py`
   reproduces figures printed in the seed reports from the data the project has; each test
   name gives the seed and section (`test_seed003_s3_2_bexley_2016_17_s47_to_icpc`).
4. Run `lscb audit data/raw/published/published_figures.csv` (or
   `python -m lscb_analysis.audit data/raw/published/published_figures.csv`) to see the
   published figures checked against each other, and which disagree.
5. Read the reviewer edition of a report (`reports/<area>/<year>/`), which shows the code
   behind every table and links each section to this document.
"""

CONVENTIONS = """\
## Conventions

### Reporting year

A reporting year runs from 1 April to 31 March: 2016-17 is 1 April 2016 to 31 March 2017,
both days included. Events are counted in the year their date falls in (a plan starting on
1 April 2017 belongs to 2017-18; one ending on 31 March 2017 is still open "at 31 March" only
if it ends after that day). Figures "at 31 March" are a snapshot on the last day of the year.
`periods.ReportingYear` parses "2016-17", "2016/17", "2016-2017" and 2016. Pooled figures
(child deaths over three years) are labelled "2014-15 to 2016-17".

### DfE time periods

In the published DfE files `time_period` 2017 is the year ending 31 March 2017, that is
reporting year 2016-17 (`ReportingYear.from_time_period`). A local report written before DfE
publishes the year's figures compares its own figures with the previous year's national ones
(seed 000 sets its 2011-12 figures beside 2010-11 averages); the tables say which year each
comparator is for.

### Populations

Rates use the ONS mid-year population estimate of the calendar year in which the reporting
year starts, as DfE does: mid-2016 for 2016-17. Local denominators come from the area's
`population.csv` (single years of age and sex); where an area has none, the published ONS
figures for children aged 0-17 in the DfE files are used. Youth justice rates need children
aged 10-17: without a local file the figure says no population is available rather than
guessing. A pooled period's rate divides the pooled count by the sum of the years'
populations (person-years).

### Working days

Timescales in working days ("within 45 working days of the referral", "within 15 working days
of the strategy discussion") skip Saturdays, Sundays and the England and Wales bank holidays,
taken from the maintained `holidays` package (subdivision ENG), never a hand-typed list. The
day of the starting event is day 0 and the next working day is day 1, so a conference on the
15th working day after the strategy discussion is in time and one on the 16th is not
(`periods.working_days`).

### Rounding

Values are kept unrounded in every indicator table and processed file. They are rounded only
for display, half up (away from zero) as DfE and ONS do: 2.25 shows as 2.3, not 2.2
(`rates.round_half_up`; Python's own `round` rounds halves to even). Counts show as whole
numbers with thousands separators, rates and percentages to one decimal place, and training
days to one decimal place on every page that shows them (33.5 days shows as 33.5).

### Disclosure control

Board (published) outputs follow DfE practice (`suppression.suppress`):

* a count from 1 to 5 is shown as `c`; zeros are shown;
* in an additive group (the rows of one breakdown, such as categories of abuse), when one cell
  is hidden the next smallest is hidden too, so nothing can be recovered by subtraction;
* a rate or percentage whose count (or base count) is hidden is hidden with it;
* figures that count professionals, courses or organisations rather than children (every
  training indicator; the `subject` of a definition) are not suppressed;
* child deaths add their own rules (no crossed breakdowns, suppression across years, areas
  and linked measures, given to `suppression.suppress` by
  `sections/child_deaths/disclosure.py`);
* no child identifier, name, date of birth or free-text comment appears in any output;
  identifiers are pseudonymised on load with a keyed hash whose key is not committed.

Published DfE cells keep DfE's symbols: `c` suppressed, `x` not available, `z` not
applicable, `u` low reliability; they are never turned into zeros.

### Rates, percentages and confidence intervals

Methods follow the OHID (formerly PHE) *Technical Guide: Confidence Intervals* and its R
package PHEindicatormethods, in `lscb_analysis/core/rates.py`:

* **rates** per 10,000 or 100,000 (`rates.rate`): the count divided by the population times
  the multiplier, with 95% limits that are exact Poisson limits from the chi-squared
  distribution below 10 events and Byar's approximation from 10 events (as `phe_rate`);
  a zero count is valid (lower limit 0);
* **percentages** (`rates.proportion`): Wilson score limits (as `phe_proportion`);
* **percentage change** (`rates.pct_change`): (new - old) / old x 100, undefined when the old
  value is 0; differences of two percentages are in percentage points, with Newcombe's
  hybrid score interval where the training section reports them;
* **medians** (training confidence ratings): distribution-free limits from the binomial
  order statistics; the before-and-after comparison uses the Wilcoxon signed-rank test;
* **funnel plots** (`rates.funnel_limits_proportion`, `rates.funnel_limits_rate`):
  Spiegelhalter's exact limits with interpolation, at 95% and 99.8%.

Counts of events are a census, not a sample, and carry no interval of their own; the
interval on a rate describes the uncertainty of the underlying risk that the count reflects.
"""

DIFFERENCES = """\
## Known differences from published national figures

* **Rounding of national and regional counts.** DfE rounds national and regional counts to the
  nearest 10 (local authority counts are not rounded) and computes its percentages from the
  unrounded counts, so a percentage recomputed from the published national counts can differ
  from DfE's own by 0.1 point (England 2015-16: 42.3% of section 47 enquiries led to an
  initial conference recomputed from the rounded counts; seed 003, quoting DfE, prints 42.4%).
  The library shows DfE's counts as published and recomputes percentages from them.
* **Revisions.** DfE revises earlier years in later releases: seed 003 quotes England's
  re-referral rate for 2015-16 as 22.3%, where the current DfE file gives 22.5%.
* **Local figures before the census is final.** A board report is written from the council's
  own system before the Children in Need census return is finalised and published, and the
  local measure is sometimes defined differently. Seed 003 prints re-referrals within 12
  months of 19.2% for Bexley in 2016-17 and 20.3% in 2015-16; the published DfE figures are
  22.9% and 20.8%. The other Bexley child protection percentages in seed 003 match the
  published statistics exactly (see `tests/test_reproduce_published.py`).
* **Population estimates.** DfE's rates use the ONS mid-year estimate of the calendar year the
  reporting year starts in, as published at the time (later revisions change them slightly);
  reports often quote another estimate (seed 003 gives Bexley 55,978 children for 2016-17,
  where the ONS mid-2016 estimate in the DfE files is 56,523).
* **Initial conferences leading to a plan.** DfE publishes plans started divided by initial
  conferences held; plans can start without an initial conference (a child moving in on a
  plan), so a local figure counting conferences that led to a plan can be lower.
* **Youth justice.** National first time entrants and re-offending come from the Police
  National Computer, which records outcomes anywhere in England and Wales; a local extract
  sees only the outcomes its own service records, and its history may be too short to tell a
  first outcome from a repeat (the output says how many years it holds). Re-offending
  cohorts whose 6-month waiting period has not ended are marked provisional.
* **Child deaths.** Deaths are counted by the child's area of residence in the year of death;
  reviews are counted in the year the panel completed them, whatever year the death was in
  (DfE's counting unit), so a year's reviews are not the year's deaths. Modifiable factors
  are a percentage of reviews where the panel could decide, leaving out those with
  insufficient information, as DfE did; NCMD reports later used all completed reviews.
* **Comparators.** Statistical neighbours are DfE's children's services statistical
  neighbours (2025 model) and their average is the simple mean of their rates, as DfE's LA
  Interactive Tool does; reports written under an earlier model compare with a different
  group.

## Checking published figures against each other

`lscb audit FILE` (`lscb_analysis/checks/audit.py`) reads figures in the long format of
`data/raw/published/published_figures.csv` and checks them against each other: rates against
counts and populations, stated changes against the two values, percentages against parts and
totals, parts against totals and shares against 100%. Counts and amounts of money are exact
as printed; a stated rate, percentage or change agrees if it is the value recomputed from the
printed figures rounded, or cut off, to the places printed (2.4 covers 2.35 to 2.45); an
input the document calls approximate may be anywhere its trailing zeros allow; a sum of
rounded shares may miss 100% by the rounding of each share. A figure printed twice with
different values is reported once. The module docstring lists every rule.
"""


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _indicator_block(d: Definition) -> list[str]:
    funcs = f"`{d.function}`" + (f"; published figures: `{d.published}`" if d.published else "")
    lines = [
        f'<a id="{d.name.replace("_", "-")}"></a>',
        f"### `{d.name}`: {d.title}",
        "",
        _sentence(d.definition),
        "",
        "| | |",
        "| --- | --- |",
        f"| Numerator | {_md_escape(d.numerator)} |",
        f"| Denominator | {_md_escape(d.denominator)} |",
        f"| Population base | {_md_escape(d.population_base)} |",
        f"| Units | {_md_escape(d.unit)} |",
        f"| Confidence interval | {_md_escape(d.ci_method)} |",
        f"| Disclosure control | {_md_escape(d.suppression)} |",
        f"| Source | {_md_escape(d.source)} |",
        f"| Computed by | {funcs} |",
    ]
    if d.breakdowns:
        lines.append(f"| Breakdowns | {_md_escape(d.breakdowns)} |")
    if d.change_unit:
        lines.append(f"| Change on the previous year | `{d.name}{CHANGE_SUFFIX}`, in {d.change_unit} |")
    if d.differences:
        lines.append(f"| Known differences | {_md_escape(d.differences)} |")
    lines += ["", f"Method note shown in the reports: *{method_note(d.name)}*", ""]
    return lines


def render_markdown() -> str:
    """The whole of ``docs/methodology.md``: introduction, conventions, known differences, then every
    indicator by section (a summary table and one entry each)."""
    out = [INTRODUCTION, CONVENTIONS, DIFFERENCES, "## Indicator reference", ""]
    out.append("Sections: " + ", ".join(f"[{s}]({_section_anchor(s)})" for s in SECTIONS) + ".")
    out.append("")
    for section in SECTIONS:
        defs = for_section(section)
        out += [f'<a id="{_section_anchor(section)[1:]}"></a>', f"## {section.capitalize()} indicators", "",
                f"Computed by `lscb_analysis.{SECTION_MODULES[section]}`.", "",
                "| indicator | what it counts | units | source |", "| --- | --- | --- | --- |"]
        for d in defs:
            out.append(f"| [`{d.name}`]({anchor(d.name)}) | {_md_escape(d.title)} | {_md_escape(d.unit)} | "
                       f"{'DfE published and local' if d.published else 'local records'} |")
        out.append("")
        for d in defs:
            out += _indicator_block(d)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    return text


def write_markdown(path: Path | str | None = None) -> Path:
    """Write :func:`render_markdown` to ``docs/methodology.md`` (or ``path``)."""
    path = Path(path) if path is not None else METHODOLOGY_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8", newline="\n")
    return path
