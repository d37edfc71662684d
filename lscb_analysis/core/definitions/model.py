"""What every definition is made of: the :class:`Definition` record, the shared wording of methods,
sources and disclosure control, the sections, and the dotted paths of the counting functions.

The definitions themselves are in one file per group of sections beside this one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SECTIONS = ["child protection", "child deaths", "youth justice", "training"]
SECTION_MODULES = {"child protection": "cp", "child deaths": "sections.child_deaths", "youth justice": "yos", "training": "training"}
METHODOLOGY_PATH = Path(__file__).resolve().parents[3] / "docs" / "methodology.md"

# --- shared wording -------------------------------------------------------------------------

RATE_CI = ("95% limits for a Poisson count: exact (chi-squared) limits below 10 events, Byar's method "
           "from 10 (PHE/OHID `phe_rate`), in `rates.rate`")
WILSON_CI = "95% Wilson score limits (PHE/OHID `phe_proportion`), in `rates.proportion`"
COUNT_CI = "none on the count itself (it is a census of events, not a sample)"
COUNT_AND_RATE_CI = f"{COUNT_CI}; the rate has {RATE_CI}"
COUNT_AND_SHARE_CI = f"{COUNT_CI}; the percentage has {WILSON_CI}"
MEDIAN_CI = ("distribution-free 95% limits for a median from the binomial order statistics (Conover 3.6; "
             "Campbell and Gardner 1988), none below 6 values")

SUPPRESS_COUNT = ("Board outputs: a count from 1 to 5 is shown as c (zeros are shown); in a breakdown the next "
                  "smallest cell is hidden too; a rate of a hidden count is hidden with it (`suppression.suppress`).")
SUPPRESS_SHARE = ("Board outputs: hidden (c) when its numerator or its base count is from 1 to 5; in a breakdown "
                  "the next smallest cell is hidden too (`suppression.suppress`).")
SUPPRESS_NONE = "None: not a count of people (courses, days and places cannot identify anyone)."
SUPPRESS_PROFESSIONALS = ("None: it counts professionals (their bookings, forms or organisations), not children "
                          "or families; `suppression.suppress` leaves it shown.")
SUPPRESS_CDOP = ("Board outputs: as for every count (1 to 5 shown as c, secondary suppression), and in addition no "
                 "crossed breakdown (category by age by sex) and suppression across years, areas and linked measures "
                 "(`sections/child_deaths/disclosure.py`, through `suppression.suppress`).")

POP_0_17 = ("children aged 0-17: the area's `population.csv` (ONS mid-year estimate of the calendar year the "
            "reporting year starts in, e.g. mid-2024 for 2024-25), else the ONS figure in the DfE files")
POP_10_17 = ("children aged 10-17 from the area's `population.csv` (mid-year estimate of the calendar year the "
             "reporting year starts in); no rate where there is none")
NO_POP = "none"

SRC_CIN = "council case records in the DfE Children in Need census format (CIN census XML or flat files)"
SRC_DFE = "DfE, Children in need statistics (the published tables bundled in data/raw/dfe)"
SRC_CLA = "DfE, Children looked after in England statistics"
SRC_ANNEX_A = "council contact records (Ofsted Annex A list 1)"
SRC_903 = "council looked-after children records (SSDA903 return)"
SRC_CDOP = ("Child Death Overview Panel case records; definitions from the DfE Child death reviews releases and "
            "the National Child Mortality Database (NCMD)")
SRC_BIRTHS = ("Child Death Overview Panel case records; live births by area of usual residence of the mother (ONS "
              "births, supplied in cdop/births.csv); as ONS and NCMD infant mortality")
BIRTHS_BASE = "live births in the area and period (`cdop/births.csv`: area, year, live_births)"
BIRTHS_UNIT = "per 1,000 live births"
SRC_YOS = ("Youth Offending Service case records; definitions from the Ministry of Justice (MoJ) and Youth Justice "
           "Board (YJB) youth justice and proven reoffending statistics")
SRC_YJB_KPI = ("youth justice service case records; definitions from the Youth Justice Board and Ministry of Justice, "
               "Key performance indicators for youth justice services (GOV.UK guidance, 2023), measured at the end "
               "of each intervention; no national figure is held (the YJB's 2023-24 figures are illustrative)")
SRC_TRAINING = "the partnership's own training, attendance, evaluation and e-learning records"

CP = "lscb_analysis.sections.child_protection.indicators"  # + "." + the indicator: the function counting it
DFE = "lscb_analysis.dfe.indicators"
CDOP_INDICATORS = "lscb_analysis.sections.child_deaths.indicators"


def _cdop(name: str) -> str:
    """The child death function that counts ``name`` (one function per indicator, named after it)."""
    return f"{CDOP_INDICATORS}.{name}"


YJ = "lscb_analysis.sections.youth_justice"  # each youth justice indicator names the function that counts it
YJ_IND = f"{YJ}.indicators"
YJ_REO = f"{YJ}.reoffending"
YJ_KPI = f"{YJ}.kpis"
TRAINING = "lscb_analysis.sections.training.indicators."  # + the function named after the indicator


@dataclass(frozen=True)
class Definition:
    """One indicator: what it means and how it is computed."""

    name: str
    section: str
    title: str
    definition: str
    numerator: str
    denominator: str
    population_base: str
    units: tuple[str, ...]
    ci_method: str
    suppression: str
    source: str
    function: str
    published: str | None = None  # the function returning the published (DfE) figure, if any
    breakdowns: str = ""
    change_unit: str | None = None  # unit of the ``<name>_change`` row, if the library emits one
    differences: str = ""  # known differences from published figures
    percent_of: str = ""  # what a percentage is out of, for the method note (default: the denominator)
    # whom it counts: "children" (disclosure control applies), or "professionals", "courses" or
    # "organisations", which suppression.suppress leaves shown (DESIGN.md section 7)
    subject: str = "children"
    digits: int | None = None  # decimal places at display, where not the unit's usual ones
    published_source: str = ""  # the publication of the published figures (default: DfE children in need)

    @property
    def unit(self) -> str:
        return "; ".join(self.units)

    @property
    def functions(self) -> tuple[str, ...]:
        return (self.function,) + ((self.published,) if self.published else ())


def _d(name, section, title, definition, numerator, denominator, population_base, units, ci_method, suppression,
       source, function, **kw) -> Definition:
    return Definition(name, section, title, definition, numerator, denominator, population_base, tuple(units),
                      ci_method, suppression, source, function, **kw)


COUNT_RATE = ("count", "per 10,000 aged 0-17")
SHARE = ("percent",)
COUNT_SHARE = ("count", "percent")

_CP = "child protection"
_CD = "child deaths"
_YJ = "youth justice"
_TR = "training"

__all__ = [name for name in dir() if not name.startswith("__") and name not in ("annotations", "dataclass")]
