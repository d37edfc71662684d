"""What a rejection log may show of a rejected value: the value only when it has the shape its column
expects, never a value from a child's record out of place.

A rejection says which file, row and column to fix. The value helps only when it shows what is wrong with a
code, number or date ("NEGX", "11", "31/02/2024"); anything else (a child's identifier typed into the sex
column, a person's name in the sector column, a formula, free text) is shown as ``[withheld]``, and so is
every value of an identifier, birth date, name or comment column. :meth:`clean.Rejections.to_frame`, the
one way out of the log, applies :func:`shown_values` to every row.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["WITHHELD", "SENSITIVE_COLUMN", "shown_value", "shown_values"]

WITHHELD = "[withheld]"
# columns whose values identify a person (identifiers, dates of birth, names, free text): never shown
SENSITIVE_COLUMN = re.compile(r"(?:^child$|id$|_id|childid|person|birth|dob|name|comment|delegate|learner|case)",
                              re.I)
_OWN_TEXT = re.compile(r"first seen on row \d+|\d+ values")  # what the loaders write themselves
_NUMBER = re.compile(r"[+-]?\d{1,7}(?:\.\d{1,6})?")
_DATE_SHAPE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_CODE_LIST = re.compile(r"[0-9A-Z]{1,4}(?:[;,][0-9A-Z]{1,4})*")
_EXPECTED_CODES = re.compile(r"\(expected one of ([^)]*)\)")


def _code_shaped(value: str, allowed: list[str]) -> bool:
    """Whether ``value`` looks like one of the ``allowed`` codes: no longer than the longest by more than
    two characters, and made only of the kinds of character they use (capitals, small letters, digits,
    and the same punctuation). A name ("Jane Smith") or an identifier in a code column fails."""
    if not allowed or len(value) > max(map(len, allowed)) + 2:
        return False
    chars = set("".join(allowed))
    kinds = ((str.isupper, any(c.isupper() for c in chars)), (str.islower, any(c.islower() for c in chars)),
             (str.isdigit, any(c.isdigit() for c in chars)))
    for c in value:
        if c in chars:
            continue
        if not any(test(c) and ok and c.isascii() for test, ok in kinds):
            return False
    return True


def shown_value(value: str, column: str, reason: str) -> str:
    """The value a rejection log may show: the value itself when it has the shape its column expects (a code
    like the allowed ones, a number, a date, a list of codes), or what the loader wrote itself ("first seen
    on row 12"); ``[withheld]`` for anything else, and always for identifier, birth date, name and comment
    columns. A child's identifier typed in a code column, or a name in the sector column, is never shown."""
    text = "" if value is None else str(value)
    v = text.strip()
    if not v:
        return text
    if _OWN_TEXT.fullmatch(v):
        return text
    if SENSITIVE_COLUMN.search(column or ""):
        return WITHHELD
    codes = _EXPECTED_CODES.search(reason or "")
    if codes:
        return text if _code_shaped(v, [c.strip() for c in codes.group(1).split(",") if c.strip()]) else WITHHELD
    if _NUMBER.fullmatch(v) or _DATE_SHAPE.fullmatch(v) or _CODE_LIST.fullmatch(v):
        return text
    return WITHHELD


def shown_values(log: pd.DataFrame) -> pd.Series:
    """:func:`shown_value` for every row of a rejection log (once per distinct value, column and reason)."""
    keys = list(zip(log["value"].tolist(), log["column"].tolist(), log["reason"].tolist()))
    memo = {k: shown_value(*k) for k in set(keys)}
    return pd.Series([memo[k] for k in keys], index=log.index, dtype=object)
