"""Errors whose message is known to hold no data value.

A message about input data must name the file, the row and the column, never the value in the cell
(a child's identifier, date of birth or name). Exception text from elsewhere (pandas, the standard
library, a notebook) often quotes the offending value, so the runner withholds it from every failure
report (console, ``_failed/README.txt``, kept notebooks) unless the exception is a
:class:`SafeMessage`: raise one (or a subclass) only with text built from file, row and column names
and the library's own words.
"""

from __future__ import annotations

__all__ = ["SafeMessage", "is_safe", "safe_class_names"]


class SafeMessage(Exception):
    """An error whose text is composed only of file, row and column names and fixed wording.

    >>> raise SafeMessage("contacts.csv: row 3, column Date of Contact: not a date")
    """


def is_safe(exc: BaseException) -> bool:
    """Whether ``exc``'s text may be shown in a failure report (it is a :class:`SafeMessage`)."""
    return isinstance(exc, SafeMessage)


def safe_class_names() -> frozenset[str]:
    """The class names of :class:`SafeMessage` and every subclass defined so far. A notebook's error
    reaches the runner as a class name and text only (the kernel is another process); the text is
    shown when the name is one of these."""
    found, todo = set(), [SafeMessage]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return frozenset(found)
