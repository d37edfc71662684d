"""The CIN census specification by collection year: its XML schema, its code lists, and conformance findings.

A CIN census return is specified by the DfE for each collection year: the schema
``specs/cin_census/CIN_schema_<year>.xsd`` (see that folder's README for where each one comes from) says which
elements a return holds, in what order, and which codes each coded item may take *in that year*. Codes come
and go: ``RC9`` (case closed after assessment, referred to early help) and referral source ``5D`` (LA services:
early help) are valid from the 2023 collection (2022-23 return); assessment factors ``18A``/``19A`` were split
into ``18B``/``18C`` and ``19B``/``19C`` in 2021; ``24A`` (child criminal exploitation) arrived in 2022; ``Sex``
(F, M, U) replaced ``GenderCurrent`` (1, 2, 0, 9) in 2025.

* :func:`codes` gives each coded item's codes for a collection year, read from the schema's enumerations with
  :mod:`xmlschema` (so the lists are the schema's own, never retyped);
* :func:`codes_not_in_year` finds cleaned census rows whose code is not valid in their return's year, as
  rejections (file, row, column; the reason names the year, never the child's value);
* :func:`validate` checks a return against its year's schema and gives each departure as a data-quality
  finding (file, row of the enclosing record, element, reason): never an exception, never a value.

The collection year of a return is the ``Year`` in its header (``<Year>2022</Year>`` is the 2021-22 return,
whatever its ``ReferenceDate`` says).
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SPEC_DIR", "FIRST", "LAST", "schema_year", "schema_path", "schema", "codes", "codes_not_in_year",
           "validate", "CODE_ITEMS", "reporting_label"]

SPEC_DIR = Path(__file__).resolve().parent / "specs" / "cin_census"
FIRST, LAST = 2017, 2026  # the collection years with a schema here
# per table of the flattened return (lscb_analysis.inputs.cin_xml.TABLES): its coded columns, checked by year
CODE_ITEMS: dict[str, list[str]] = {
    "referrals": ["ReferralSource", "PrimaryNeedCode", "ReasonForClosure"],
    "assessments": ["AssessmentFactors"],
    "cp_plans": ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse"],
}
# the rows of the flattened tables are counted by these elements (as cin_xml.ELEMENTS)
_ROW_ELEMENTS = ("Child", "CINdetails", "Assessments", "Section47", "ChildProtectionPlans", "CPPreviewDate")


def reporting_label(collection: int) -> str:
    """The reporting year a collection year covers: 2022 -> "2021-22"."""
    return f"{collection - 1}-{collection % 100:02d}"


def schema_year(collection: int) -> int:
    """The collection year whose schema is used for ``collection`` (the nearest one held here)."""
    return min(max(int(collection), FIRST), LAST)


def schema_path(collection: int) -> Path:
    """The XSD file of a collection year (the nearest one held: see :func:`schema_year`)."""
    return SPEC_DIR / f"CIN_schema_{schema_year(collection)}.xsd"


@functools.cache
def schema(collection: int):
    """The :class:`xmlschema.XMLSchema` of a collection year (built once per year)."""
    import xmlschema

    return xmlschema.XMLSchema(str(schema_path(collection)))


@functools.cache
def codes(collection: int) -> dict[str, frozenset[str]]:
    """Each coded item of the collection year's schema (by element name) and its codes, from the schema's
    enumerations. Example: ``codes(2022)["ReasonForClosure"]`` is RC1-RC8 (RC9 came in 2023).

    The enumerations are read straight from the XSD's ``xs:simpleType`` restrictions, for an element's named
    type or its inline type (the form every CIN census schema uses): a plain XML read, a hundredth of the
    time of building the full :mod:`xmlschema` model, which :func:`validate` still uses. A test checks that
    both give the same lists for every year held."""
    from defusedxml import ElementTree as DET

    xs = "{http://www.w3.org/2001/XMLSchema}"
    root = DET.parse(schema_path(collection), forbid_dtd=True).getroot()

    def values(simple) -> list[str]:
        restriction = simple.find(f"{xs}restriction") if simple is not None else None
        return [str(e.get("value")) for e in restriction.findall(f"{xs}enumeration")] if restriction is not None else []

    named = {st.get("name"): values(st) for st in root.findall(f"{xs}simpleType")}
    out: dict[str, frozenset[str]] = {}
    for element in root.iter(f"{xs}element"):
        name, type_name = element.get("name"), element.get("type")
        enum = named.get(type_name.split(":")[-1], []) if type_name else values(element.find(f"{xs}simpleType"))
        if name and enum:
            out[name] = frozenset(enum)
    return out


def codes_not_in_year(typed: pd.DataFrame, which: np.ndarray, collections: list[int], table: str,
                      labels: list[str], bad: np.ndarray | None = None) -> tuple[np.ndarray, list[list[dict]]]:
    """Rows of a cleaned census table (several returns stacked: row ``i`` is from return ``which[i]``) whose
    code is not valid in their return's collection year, though it is a code of some year.

    ``typed`` holds the codes as cleaning left them (trimmed, upper-cased, labels mapped to codes); rows
    already rejected (``bad``) are not checked again. Returns the mask of rows rejected and, per return, the
    rejection records (file label, row, column, the value as cleaned, reason naming the year)."""
    mask = np.zeros(len(typed), dtype=bool)
    logs: list[list[dict]] = [[] for _ in labels]
    cols = [c for c in CODE_ITEMS.get(table, []) if c in typed.columns]
    if not len(typed) or not cols:
        return mask, logs
    skip = np.zeros(len(typed), dtype=bool) if bad is None else np.asarray(bad, dtype=bool)
    rows = typed["_row"].to_numpy()
    # each column as its distinct values (a value as the set of codes it holds: "3B;4B" holds 3B and 4B) and each
    # row's position among them, made once; each value of a return's rows is then checked once for its year
    distinct = {}
    for col in cols:
        at_value, values = pd.factorize(typed[col].fillna("").astype(str))
        values = np.asarray(values, dtype=object)
        held = [{p for p in v.split(";") if p} if col == "AssessmentFactors" else {v} - {""} for v in values]
        distinct[col] = at_value, values, held
    for i, year in enumerate(collections):
        mine = (which == i) & ~skip
        if not mine.any() or year is None:
            continue
        allowed = codes(int(year))
        for col in cols:
            valid = allowed.get(col)
            if valid is None:
                continue
            at_value, values, held = distinct[col]
            sel = mine & ~mask
            present = np.unique(at_value[sel])
            wrong_value = np.zeros(len(values), dtype=bool)
            wrong_value[present] = [not held[v] <= valid for v in present.tolist()]
            wrong = np.flatnonzero(sel & wrong_value[at_value])
            mask[wrong] = True
            reason = (f"code not valid in the {reporting_label(int(year))} collection "
                      f"(the CIN census schema for {schema_year(int(year))})")
            logs[i].extend({"file": labels[i], "row": r, "column": col, "value": v, "reason": reason}
                           for r, v in zip(rows[wrong].tolist(), values[at_value[wrong]].tolist()))
    return mask, logs


def _describe(error, collection: int) -> str:
    """What is wrong, in words that never repeat the element's value (which may be a child's record)."""
    from xmlschema.validators import XsdElement, XsdGroup

    validator = error.validator
    kind = type(validator).__name__
    if isinstance(validator, (XsdGroup, XsdElement)) or "Group" in kind or "ComplexType" in kind:
        reason = str(error.reason or "does not follow the schema's structure")
        return reason.split(" Tag (")[0]  # content-model messages name tags only, never text
    if "Enumeration" in kind:
        return f"not one of the codes of the {reporting_label(collection)} collection"
    if "Pattern" in kind:
        return "does not have the form the schema sets (pattern)"
    if "MinLength" in kind or "Length" in kind:
        return "empty, or not of the length the schema sets"
    type_name = getattr(validator, "local_name", None) if "Xsd" in kind else None
    if type_name:
        return f"not a valid {type_name}"
    return "not a valid value of the item's type (a date, a whole number above 0, a yes/no flag...)"


def _rows(root) -> tuple[dict[int, tuple[str, int]], dict[int, object]]:
    """Per element (by id): the record element it is in and that element's row (its count in the file), and
    each element's parent."""
    counts = {name: 0 for name in _ROW_ELEMENTS}
    row_of: dict[int, tuple[str, int]] = {}
    parent: dict[int, object] = {}
    stack = [(root, None)]
    while stack:
        elem, rec = stack.pop()
        name = elem.tag.rsplit("}", 1)[-1] if isinstance(elem.tag, str) else ""
        if name in counts:
            counts[name] += 1
            rec = (name, counts[name])
        if rec is not None:
            row_of[id(elem)] = rec
        for child in reversed(list(elem)):
            parent[id(child)] = elem
            stack.append((child, rec))
    return row_of, parent


def _first_plan(elem) -> bool:
    """A ``NumberOfPreviousCPP`` of 0: the schemas type the item as a positive integer, but DfE's validation rule
    8730 for the census asks for a number "greater than or equal to zero", so a child's first plan is
    recorded as 0. Not a departure (the value is read here to decide that, and never reported)."""
    return (elem is not None and isinstance(elem.tag, str) and elem.tag.rsplit("}", 1)[-1] == "NumberOfPreviousCPP"
            and (elem.text or "").strip() == "0")


def validate(path: Path | str, label: str | None = None, collection: int | None = None,
             limit: int = 10_000) -> tuple[int | None, list[dict]]:
    """Check one return against its collection year's schema: (collection year, findings).

    The collection year is ``collection`` or the header's ``Year``. Each finding is a dict: ``file``, ``row``
    (the position in the file of the enclosing ``Child``/``CINdetails``/``Assessments``/``Section47``/
    ``ChildProtectionPlans``/``CPPreviewDate`` element, as the loader numbers rows), ``element`` (e.g.
    ``CINdetails/ReferralSource``), ``reason``. A file that cannot be parsed gives one finding saying so.
    Never raises for the file's content; never includes an element's value. At most ``limit`` findings."""
    from defusedxml import ElementTree as DET

    path = Path(path)
    label = label or path.name
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            tree = DET.parse(fh, forbid_dtd=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one finding, never a crash
        return None, [{"file": label, "row": None, "element": "", "reason": f"cannot be read as XML "
                       f"({type(exc).__name__}); see lscb validate's load summary"}]
    root = tree.getroot()
    year_text = next((e.text for e in root.iter() if isinstance(e.tag, str)
                      and e.tag.rsplit("}", 1)[-1] == "Year"), None)
    findings: list[dict] = []
    if collection is None:
        try:
            collection = int(str(year_text).strip())
        except ValueError:
            collection = None
    if collection is None:
        return None, [{"file": label, "row": None, "element": "Header/CollectionDetails/Year",
                       "reason": "no collection year in the header: the schema to check against is unknown"}]
    if not FIRST <= collection <= LAST:
        findings.append({"file": label, "row": None, "element": "Header/CollectionDetails/Year",
                         "reason": f"no schema held for the {collection} collection: checked against "
                                   f"{schema_year(collection)}'s"})
    row_of, parent = _rows(root)
    for error in schema(collection).iter_errors(tree):
        elem = getattr(error, "elem", None)
        if _first_plan(elem):
            continue
        rec = row_of.get(id(elem)) if elem is not None else None
        names = []
        e = elem
        while e is not None and len(names) < 2:
            names.append(e.tag.rsplit("}", 1)[-1] if isinstance(e.tag, str) else "?")
            e = parent.get(id(e))
        findings.append({"file": label if rec is None else f"{label} [{rec[0]}]",
                         "row": None if rec is None else rec[1],
                         "element": "/".join(reversed(names)), "reason": _describe(error, collection)})
        if len(findings) >= limit:
            findings.append({"file": label, "row": None, "element": "",
                             "reason": f"more than {limit} departures from the schema: the rest not listed"})
            break
    return collection, findings


def conformance_lines(area_dir: Path | str, examples: int = 3) -> list[str]:
    """The data-quality summary of an area's census returns against their years' schemas (``lscb validate``):
    per file, its collection year and its departures grouped by element and reason, with a few rows each.
    Departures are findings, not errors: the loader still reads what it can and logs what it rejects."""
    from lscb_analysis.inputs import cin_xml

    files = cin_xml.census_files(Path(area_dir) / "cin_census")
    if not files:
        return []
    lines = ["== CIN census returns against the DfE schema of their collection year"]
    for path in files:
        label = path.relative_to(area_dir).as_posix()
        year, findings = validate(path, label)
        head = f"   {label}: " + (f"{reporting_label(year)} collection ({year})" if year else "collection year unknown")
        if not findings:
            lines.append(head + ": conforms")
            continue
        lines.append(head + f": {len(findings)} departure{'s' if len(findings) != 1 else ''}")
        groups: dict[tuple[str, str], list] = {}
        for f in findings:
            groups.setdefault((f["element"], f["reason"]), []).append(f["row"])
        for (element, reason), rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            shown = [str(r) for r in dict.fromkeys(rows) if r is not None][:examples]
            where = f" (rows {', '.join(shown)}{', ...' if len(rows) > len(shown) else ''})" if shown else ""
            lines.append(f"     {element or 'file'}: {reason}: {len(rows)}{where}")
    return lines
