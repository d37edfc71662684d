"""Reporting years (1 April to 31 March) and working days.

Conventions (DfE children in need and children looked after statistics):

* A reporting year runs from 1 April to 31 March: "2016-17" is 1 April 2016 to
  31 March 2017.
* In DfE files ``time_period`` 2017 is the year ending 31 March 2017, i.e. 2016-17.
* Rates per 10,000 children use the ONS mid-year estimate of the calendar year in
  which the reporting year starts (mid-2016 for 2016-17).
* Working days exclude Saturdays, Sundays and the England and Wales bank holidays
  (from the maintained ``holidays`` package, never a hand-typed list).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

# pandas is imported where it is used, so that parsing a year (``lscb run``, before any notebook
# starts) does not pay for importing it
if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ReportingYear", "working_days", "add_working_days", "bank_holidays", "years_between"]

_PATTERNS = [
    re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2})\s*$"),  # 2016-17, 2016/17
    re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{4})\s*$"),  # 2016-2017, 2016/2017
    re.compile(r"^\s*(\d{4})\s+to\s+(\d{4}|\d{2})\s*$", re.I),  # 2016 to 2017
]


@functools.total_ordering
@dataclass(frozen=True)
class ReportingYear:
    """A reporting year from 1 April of ``start_year`` to 31 March of the next year.

    Accepts "2016-17", "2016/17", "2016-2017", "2016 to 2017", the integer 2016
    (the year it starts) or another ``ReportingYear``.
    """

    start_year: int

    def __init__(self, value: str | int | ReportingYear) -> None:
        object.__setattr__(self, "start_year", self._parse(value))

    @staticmethod
    def _parse(value: str | int | ReportingYear) -> int:
        if isinstance(value, ReportingYear):
            return value.start_year
        if isinstance(value, (bool, np.bool_)):
            raise ValueError(f"not a reporting year: {value!r}")
        if isinstance(value, (int, np.integer)):
            year = int(value)
        elif isinstance(value, str):
            text = value.strip()
            if re.fullmatch(r"\d{4}", text):
                year = int(text)
            else:
                for pattern in _PATTERNS:
                    match = pattern.match(text)
                    if match:
                        year = int(match.group(1))
                        end = match.group(2)
                        end_year = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
                        if len(end) == 2 and end_year < year:
                            end_year += 100
                        if end_year != year + 1:
                            raise ValueError(
                                f"not a reporting year: {value!r} (the years must be consecutive, "
                                f"e.g. '{year}-{(year + 1) % 100:02d}')"
                            )
                        break
                else:
                    raise ValueError(
                        f"not a reporting year: {value!r} (expected e.g. '2016-17', '2016/17', "
                        "'2016-2017' or 2016)"
                    )
        else:
            raise ValueError(f"not a reporting year: {value!r}")
        if not 1900 <= year <= 2200:
            raise ValueError(f"not a plausible reporting year: {value!r}")
        return year

    @classmethod
    def from_time_period(cls, time_period: int | str) -> ReportingYear:
        """The reporting year of a DfE ``time_period`` (2017 -> 2016-17)."""
        return cls(int(time_period) - 1)

    @classmethod
    def containing(cls, date: dt.date | pd.Timestamp | str) -> ReportingYear:
        """The reporting year a date falls in (31 March 2017 -> 2016-17; 1 April 2017 -> 2017-18)."""
        import pandas as pd

        d = pd.Timestamp(date)
        return cls(d.year if d.month >= 4 else d.year - 1)

    @property
    def start(self) -> pd.Timestamp:
        """1 April of the start year."""
        import pandas as pd

        return pd.Timestamp(self.start_year, 4, 1)

    @property
    def end(self) -> pd.Timestamp:
        """31 March of the following year (inclusive)."""
        import pandas as pd

        return pd.Timestamp(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        """The label used in reports and DfE tables: '2016-17'."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def time_period(self) -> int:
        """The DfE ``time_period`` of this year (2017 for 2016-17)."""
        return self.start_year + 1

    @property
    def mid_year(self) -> int:
        """The ONS mid-year estimate used as the denominator (2016 for 2016-17), as DfE does."""
        return self.start_year

    def previous(self, n: int = 1) -> ReportingYear:
        return ReportingYear(self.start_year - n)

    def next(self, n: int = 1) -> ReportingYear:
        return ReportingYear(self.start_year + n)

    def contains(self, dates):
        """True where a date (scalar or Series) falls in the year, 1 April to 31 March inclusive."""
        import pandas as pd

        if isinstance(dates, pd.Series):
            return dates.ge(self.start) & dates.le(self.end)
        d = pd.Timestamp(dates)
        return bool(self.start <= d <= self.end)

    def trend(self, n: int) -> list[ReportingYear]:
        """The ``n`` years ending with this one, oldest first."""
        return [self.previous(k) for k in range(n - 1, -1, -1)]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ReportingYear):
            return NotImplemented
        return self.start_year < other.start_year

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"ReportingYear({self.label!r})"


def years_between(first: str | int | ReportingYear, last: str | int | ReportingYear) -> list[ReportingYear]:
    """Every reporting year from ``first`` to ``last`` inclusive."""
    a, b = ReportingYear(first), ReportingYear(last)
    return [ReportingYear(y) for y in range(a.start_year, b.start_year + 1)]


@functools.cache
def _holiday_array(first_year: int, last_year: int) -> np.ndarray:
    import holidays

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


def bank_holidays(first_year: int, last_year: int) -> list[dt.date]:
    """England and Wales bank holidays from the ``holidays`` package (subdivision ENG)."""
    return [d.astype(dt.date) for d in _holiday_array(first_year, last_year)]



def _as_days(values) -> np.ndarray:
    """Dates (scalar, list, array, Series or Index) as a ``datetime64[D]`` array, NaT where missing."""
    import pandas as pd

    if np.ndim(values) == 0:
        values = [values]
    if isinstance(values, (pd.Series, pd.Index)):
        return pd.to_datetime(values).to_numpy(dtype="datetime64[D]")
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.datetime64):
        return arr.astype("datetime64[D]")
    return pd.to_datetime(pd.Series(list(values))).to_numpy(dtype="datetime64[D]")


def working_days(start, end):
    """Working days from ``start`` to ``end``: days after ``start`` up to and including ``end``
    that are not weekends or England and Wales bank holidays.

    This is how DfE counts timescales ("within 45 working days of the referral",
    "within 15 working days of the strategy discussion"): the day of the
    referral is day 0, the next working day is day 1. A date on the same day gives 0;
    an end before the start gives a negative count. Missing dates give NaN.

    Scalars in, an int out; array-likes (or Series) in, a float array (Series keeps its index).
    """
    import pandas as pd

    scalar = np.ndim(start) == 0 and np.ndim(end) == 0
    s = _as_days(start)
    e = _as_days(end)
    if len(s) == 1 and len(e) > 1:
        s = np.repeat(s, len(e))
    if len(e) == 1 and len(s) > 1:
        e = np.repeat(e, len(s))
    if len(s) != len(e):
        raise ValueError(f"start and end have different lengths ({len(s)} and {len(e)})")
    valid = ~np.isnat(s) & ~np.isnat(e)
    out = np.full(len(s), np.nan)
    if valid.any():
        sd, ed = s[valid], e[valid]
        years = np.concatenate([sd, ed]).astype("datetime64[Y]").astype(int) + 1970
        hol = _holiday_array(int(years.min()) - 1, int(years.max()) + 1)
        out[valid] = np.busday_count(sd + 1, ed + 1, holidays=hol)
    if scalar:
        if not valid[0]:
            return float("nan")
        return int(out[0])
    if isinstance(end, pd.Series):
        return pd.Series(out, index=end.index)
    if isinstance(start, pd.Series):
        return pd.Series(out, index=start.index)
    return out


def add_working_days(start, n: int) -> pd.Timestamp:
    """The date ``n`` working days after ``start`` (England and Wales calendar)."""
    import pandas as pd

    d = np.datetime64(pd.Timestamp(start).date(), "D")
    y = pd.Timestamp(start).year
    hol = _holiday_array(y - 1, y + 2 + n // 200)
    if n <= 0:
        return pd.Timestamp(d)
    # day 1 is the first working day after ``start``; then n - 1 more working days
    return pd.Timestamp(np.busday_offset(d + 1, n - 1, roll="forward", holidays=hol))


def as_years(values: Iterable) -> list[ReportingYear]:
    return sorted(ReportingYear(v) for v in values)
