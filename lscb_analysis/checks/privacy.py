"""The output scanner behind ``lscb check-outputs``: nothing leaked.

It collects, from the raw inputs of an area (every format the loaders read: CSV, every sheet of an
XLSX workbook, CIN census XML plain or gzipped; see :mod:`lscb_analysis.checks.sensitive`), every
child or person identifier, date of birth, name and free-text comment, and searches every readable
output under the given folders for them: pages, tables, notebook outputs, failure folders
(``_failed/README.txt`` and the kept notebooks), logs and manifests. In board (suppressed) HTML pages it also
looks for counts from 1 to 5 in table cells. Any finding fails the check.

What counts as sensitive is decided by column (or XML element) name, case-insensitively:
identifiers (LAchildID, Child Unique ID, CHILD, case_id, young_person_id, delegate_id,
learner_id...), dates of birth (PersonBirthDate, date_of_birth, DOB), names and comments.
Identifiers shorter than 4 characters are not searched for (they would match ordinary numbers);
dates of birth are searched for in ISO (2012-05-03) and UK (03/05/2012) forms.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from lscb_analysis.checks.sensitive import DOB_COLUMNS, ID_COLUMNS, TEXT_COLUMNS, sensitive_values
from lscb_analysis.core.suppression import THRESHOLD

__all__ = ["Finding", "sensitive_values", "scan", "small_counts_in_html", "is_board_page", "OUTPUT_SUFFIXES",
           "ID_COLUMNS", "DOB_COLUMNS", "TEXT_COLUMNS"]

# every kind of file an output folder holds that a person can read: pages, tables, notebooks,
# failure notes, kernel logs, manifests
OUTPUT_SUFFIXES = (".html", ".csv", ".ipynb", ".txt", ".log", ".json", ".md")


@dataclass(frozen=True)
class Finding:
    file: str
    kind: str  # "identifier", "date of birth", "comment or name", "small count"
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.kind}: {self.detail}"


QUALITY_CLASS = "lscb-quality"  # report.table_html marks data-quality tables (counts of records, not children)
NOT_CHILDREN_CLASS = "lscb-not-children"  # and tables of professionals, organisations, money or recommendations


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._in_td = 0
        self._buf: list[str] = []
        self._tables: list[bool] = []  # a stack: is each open table a data-quality table?

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            classes = (dict(attrs).get("class") or "").split()
            self._tables.append(QUALITY_CLASS in classes or NOT_CHILDREN_CLASS in classes)
        if tag == "td" and not any(self._tables):
            self._in_td += 1
            self._buf = []

    def handle_endtag(self, tag):
        if tag == "table" and self._tables:
            self._tables.pop()
        if tag == "td" and self._in_td:
            self._in_td -= 1
            self.cells.append("".join(self._buf).strip())

    def handle_data(self, data):
        if self._in_td:
            self._buf.append(data)


def small_counts_in_html(text: str, threshold: int = THRESHOLD) -> list[str]:
    """Table cells that are a whole number from 1 to ``threshold`` (counts are shown as whole numbers;
    rates and percentages always carry a decimal place). Data-quality tables are not searched."""
    parser = _Cells()
    parser.feed(text)
    return [c for c in parser.cells if re.fullmatch(r"[1-9]\d*", c.replace(",", "")) and 1 <= int(c.replace(",", "")) <= threshold]


_BINARY_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"}  # base64: nothing to read


def _output_text(path: Path) -> str:
    """A file's text as written: for a notebook, its outputs (text, HTML, SVG; base64 images left out)."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        parts = []
        for cell in nb.get("cells", []):
            for out in cell.get("outputs", []):
                for key, value in out.items():
                    if key == "data":
                        parts += [_joined(v) for mime, v in value.items() if mime not in _BINARY_IMAGES]
                    elif key != "metadata":
                        parts.append(_joined(value))
        return "\n".join(parts)
    return path.read_text(encoding="utf-8", errors="replace")


def _joined(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return json.dumps(value, ensure_ascii=False)


def _searched_text(path: Path, text: str) -> str:
    """What is searched for values: the text as a reader sees it. In HTML (pages, and notebooks' HTML
    outputs) character references are read, so that a name written
    ``O&#39;Brien`` or ``Zo&euml;`` is found as ``O'Brien`` or ``Zoë``."""
    return html.unescape(text) if path.suffix in (".html", ".ipynb") else text


NOT_BOARD = {"review", "reviewer", "_internal", "_failed", "notebooks", "test-artefacts"}


def is_board_page(path: Path) -> bool:
    """A published (suppressed) HTML page: not a reviewer, internal or failed-run page."""
    return path.suffix == ".html" and not (set(path.parts) & NOT_BOARD)


_DATA_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")
_TOKENS = (re.compile(r"[A-Za-z0-9]+"), re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]"))
# a date as a whole word: 2012-05-03 or 03/05/2012 (the same as \b(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})\b,
# written to start with a digit so that the regex engine can skip ahead to digits: three times faster)
_DATES = re.compile(r"\d(?<!\w\d)(?:\d{3}-\d{2}-\d{2}|\d/\d{2}/\d{4})\b")
# reports print these as period boundaries (years, quarters, months): a date of birth on one of them
# cannot be told from a boundary, so they are not searched for
_BOUNDARY = re.compile(r"^(\d{4}-(01-01|03-31|04-01|06-30|07-01|09-30|10-01|12-31)|(01/01|31/03|01/04|30/06|01/07|30/09|01/10|31/12)/\d{4})$")


def _first_hit(text: str, kind: str, values: set[str], words: set[str] | None = None,
               joined: set[str] | None = None) -> int | None:
    """Character position of the first whole-token occurrence of any value, or None. ``words``: the
    text's plain tokens (``_TOKENS[0]``), if already found.

    Each kind is first tested for any hit at all with set operations on the text's tokens (done in C),
    and only a text with a hit is walked for the position: most pages have none, and a walk in Python
    over every token of a report is the slow part of the scan. Identifiers with ``_``, ``.`` or ``-``
    in them are the only ones that can equal a longer token (``_TOKENS[1]``), and only they are looked
    for among those: a longer token without such a character is a plain token, already searched."""
    if words is None and kind != "date of birth":
        words = set(_TOKENS[0].findall(text))
    if kind == "comment or name":
        positions = [text.find(v) for v in values if _inner_tokens(v) <= words and v in text]
        return min(positions) if positions else None
    if kind == "date of birth":
        if not values.intersection(_DATES.findall(text)):
            return None
        for m in _DATES.finditer(text):
            if m.group(0) in values and not _BOUNDARY.match(m.group(0)):
                return m.start()
        return None
    if joined is None:
        joined = _joined_values(values)
    for pattern, hits in ((_TOKENS[0], values.intersection(words)),
                          (_TOKENS[1], joined.intersection(_TOKENS[1].findall(text)) if joined else ())):
        if hits:
            for m in pattern.finditer(text):
                if m.group(0) in values:
                    return m.start()
    return None


def _joined_values(values: set[str]) -> set[str]:
    """The values with a character other than a letter or digit in them (``_``, ``.``, ``-``): only they can
    be a longer token of a text (``_TOKENS[1]``)."""
    return {v for v in values if not v.isalnum()}


def _inner_tokens(value: str) -> frozenset[str]:
    """The tokens of ``value`` with a non-token character on both sides: wherever ``value`` occurs in a
    text, each of them is a whole token of that text too (the first and last may be parts of longer
    tokens). So a value whose inner tokens are not all among a text's tokens cannot occur in it."""
    return _INNER.get(value) or _INNER.setdefault(value, frozenset(
        m.group(0) for m in _TOKENS[0].finditer(value) if m.start() > 0 and m.end() < len(value)))


_INNER: dict[str, frozenset[str]] = {}


def scan(output_dirs: Iterable[Path | str], raw_dirs: Iterable[Path | str], *, check_small_counts: bool = True,
         threshold: int = THRESHOLD, values: dict[str, set[str]] | None = None) -> list[Finding]:
    """Search every readable output under ``output_dirs`` (``OUTPUT_SUFFIXES``: pages, tables, notebook
    outputs, failure notes, logs, manifests; hidden work files and failure folders included) for the sensitive values of ``raw_dirs``,
    and (``check_small_counts``) board HTML pages for counts from 1 to ``threshold``.

    Identifiers match whole tokens only (an identifier inside a longer token is not a leak); embedded
    images (data URIs) are not searched. A finding names the file, the kind and the position, never
    the value. ``values``: :func:`sensitive_values` of ``raw_dirs`` if already read."""
    if values is None:
        values = sensitive_values(raw_dirs)
    joined = {kind: _joined_values(vals) for kind, vals in values.items()}  # once, not once a file
    findings: list[Finding] = []
    for d in output_dirs:
        d = Path(d)
        files = [d] if d.is_file() else sorted(d.rglob("*"))
        for path in files:
            if not path.is_file() or path.suffix not in OUTPUT_SUFFIXES:
                continue
            text = _DATA_URI.sub("data:", _output_text(path))  # embedded images are not searched
            searched = _searched_text(path, text)
            words = set(_TOKENS[0].findall(searched))
            for kind, vals in values.items():
                if not vals:
                    continue
                pos = _first_hit(searched, kind, vals, words, joined[kind])
                if pos is not None:
                    findings.append(Finding(str(path), kind, f"at character {pos} (value withheld)"))
            if check_small_counts and is_board_page(path):
                small = small_counts_in_html(text, threshold)
                if small:
                    findings.append(Finding(str(path), "small count",
                                            f"{len(small)} table cell(s) with a count from 1 to {threshold}"))
    return findings


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame([f.__dict__ for f in findings], columns=["file", "kind", "detail"])
