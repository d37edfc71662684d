"""Reading the DfE Children in Need (CIN) census XML return, safely and in one pass.

The return (``<Message><Header>...</Header><Children><Child>...</Child>...</Children></Message>``)
nests each child's episodes of need (``CINdetails``) and, inside them, assessments,
section 47 enquiries and child protection plans with their reviews. This module flattens
one return into six text tables, the same shape as the flat files of the raw data
contract (DESIGN.md section 4), for :mod:`lscb_analysis.cp` to validate and clean:

========== ================== ==========================================================
table      element            columns
========== ================== ==========================================================
children   ``Child``          LAchildID, PersonBirthDate, ExpectedPersonBirthDate, Sex,
                              Ethnicity, PersonDeathDate
referrals  ``CINdetails``     LAchildID, CINreferralDate, ReferralSource, PrimaryNeedCode,
                              CINclosureDate, ReasonForClosure, ReferralNFA
assessments ``Assessments``   LAchildID, CINreferralDate, AssessmentActualStartDate,
                              AssessmentAuthorisationDate, AssessmentFactors ("3B;4B")
section47  ``Section47``      LAchildID, CINreferralDate, S47ActualStartDate,
                              InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired
cp_plans   ``ChildProtectionPlans`` LAchildID, CINreferralDate, CPPstartDate, CPPendDate,
                              InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP
cp_reviews ``CPPreviewDate``  LAchildID, CPPstartDate, CPPreviewDate
========== ================== ==========================================================

Each table has a ``_row`` column: the position of its element in the file, counting
from 1 (the 57th ``CINdetails`` element is row 57 of the referrals table), so a
rejected record can be found in the file. Child identifiers and referral dates are
copied down from the enclosing ``Child`` and ``CINdetails`` elements. The UPN and
former UPN are never read.

Safety: a document type declaration, entity declarations (the "billion laughs"
expansion) and external entities are refused with :class:`lscb_analysis.clean.InputError`,
never expanded. The file's prolog (what comes before the root element, the only place a
DTD and so any entity declaration can be) is checked with :mod:`defusedxml`
(``forbid_dtd``, ``forbid_entities``, ``forbid_external``); a file whose prolog is plain
(an XML declaration, comments, white space) then cannot declare or expand an entity, so
its body is streamed by the standard library's C parser, many times faster than
defusedxml's pure-Python one. Anything else (a DTD, an encoding the check cannot read)
goes through defusedxml's own ``iterparse``, which refuses it or parses it safely.

Efficiency: the file is streamed with ``iterparse``; each ``Child`` is read when its end
tag arrives and then cleared, so memory stays flat however large the return. ``.xml.gz``
files are read through gzip.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.etree.ElementTree import iterparse as _fast_iterparse

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring
from defusedxml.ElementTree import iterparse as _defused_iterparse

from .clean import InputError
from .periods import ReportingYear

__all__ = ["CensusReturn", "read_census", "TABLES", "ELEMENTS", "census_files"]

TABLES: dict[str, list[str]] = {
    "children": ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "Ethnicity", "PersonDeathDate"],
    "referrals": ["LAchildID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                  "ReasonForClosure", "ReferralNFA"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
                    "AssessmentFactors"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"],
    "cp_plans": ["LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                 "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
}
# the element each table's rows come from (its position in the file is the row number)
ELEMENTS = {"children": "Child", "referrals": "CINdetails", "assessments": "Assessments",
            "section47": "Section47", "cp_plans": "ChildProtectionPlans", "cp_reviews": "CPPreviewDate"}

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_HEAD_BYTES = 65_536
_SAFE = {"forbid_dtd": True, "forbid_entities": True, "forbid_external": True}
_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*[-_]?\s*(\d{2})(?!\d)|(20\d{2})")


@dataclass
class CensusReturn:
    """One census return, flattened: ``tables`` maps each table name to a text DataFrame."""

    path: Path
    label: str
    reference_date: pd.Timestamp
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def year(self) -> ReportingYear:
        """The reporting year the return covers (it ends on the reference date, 31 March)."""
        return ReportingYear.containing(self.reference_date)

    def table_label(self, table: str) -> str:
        """How rejections in one table of this file are labelled: ``cin_census/x.xml [CINdetails]``."""
        return f"{self.label} [{ELEMENTS[table]}]"


def census_files(directory: Path | str) -> list[Path]:
    """The CIN census files (``*.xml`` or ``*.xml.gz``, any case) in ``directory``, sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and re.search(r"\.xml(\.gz)?$", p.name, re.I))


def _local(tag) -> str:
    """The element name without any namespace."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def plain_prolog(head: bytes) -> bool:
    """True when the bytes before the root element hold only an XML declaration, processing
    instructions, comments and white space (checked by defusedxml): no DTD, so no entities."""
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        m = _PROLOG_ITEM.match(head, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    if not re.match(rb"<[A-Za-z_]", head[pos:pos + 2]):
        return False
    _defused_fromstring(head[:pos] + b"<prolog-check/>", **_SAFE)  # raises on anything unsafe
    return True


def _events(path: Path, opener):
    """(event, element) pairs for start and end tags, by the fast or the defused parser (module docstring)."""
    with opener(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    fast = plain_prolog(head)
    with opener(path, "rb") as fh:
        if fast:
            yield from _fast_iterparse(fh, events=("start", "end"))
        else:
            yield from _defused_iterparse(fh, events=("start", "end"), **_SAFE)


def _text(elem: Element | None) -> str:
    return "" if elem is None or elem.text is None else elem.text


def _kids(elem: Element) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for k in elem:
        out.setdefault(_local(k.tag), []).append(k)
    return out


def _first(kids: dict[str, list[Element]], name: str) -> str:
    found = kids.get(name)
    return _text(found[0]) if found else ""


class _Collector:
    """Accumulates rows of the six tables while the file streams past."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}

    def child(self, elem: Element) -> None:
        kids = _kids(elem)
        ident = _kids(kids["ChildIdentifiers"][0]) if kids.get("ChildIdentifiers") else {}
        chars = _kids(kids["ChildCharacteristics"][0]) if kids.get("ChildCharacteristics") else {}
        child_id = _first(ident, "LAchildID")
        sex = _first(ident, "Sex") if "Sex" in ident else _first(ident, "GenderCurrent")
        rows = self.rows
        rows["children"].append((child_id, _first(ident, "PersonBirthDate"), _first(ident, "ExpectedPersonBirthDate"),
                                 sex, _first(chars, "Ethnicity"), _first(ident, "PersonDeathDate"),
                                 len(rows["children"]) + 1))
        for cin in kids.get("CINdetails", []):
            c = _kids(cin)
            referral = _first(c, "CINreferralDate")
            rows["referrals"].append((child_id, referral, _first(c, "ReferralSource"), _first(c, "PrimaryNeedCode"),
                                      _first(c, "CINclosureDate"), _first(c, "ReasonForClosure"),
                                      _first(c, "ReferralNFA"), len(rows["referrals"]) + 1))
            for a in c.get("Assessments", []):
                ak = _kids(a)
                factors = [_text(f) for grp in ak.get("FactorsIdentifiedAtAssessment", [])
                           for f in grp if _local(f.tag) == "AssessmentFactors"]
                factors += [_text(f) for f in ak.get("AssessmentFactors", [])]  # factors not wrapped in a group
                rows["assessments"].append((child_id, referral, _first(ak, "AssessmentActualStartDate"),
                                            _first(ak, "AssessmentAuthorisationDate"),
                                            ";".join(f for f in factors if f.strip()),
                                            len(rows["assessments"]) + 1))
            for s in c.get("Section47", []):
                sk = _kids(s)
                rows["section47"].append((child_id, referral, _first(sk, "S47ActualStartDate"),
                                          _first(sk, "InitialCPCtarget"), _first(sk, "DateOfInitialCPC"),
                                          _first(sk, "ICPCnotRequired"), len(rows["section47"]) + 1))
            for p in c.get("ChildProtectionPlans", []):
                pk = _kids(p)
                start = _first(pk, "CPPstartDate")
                rows["cp_plans"].append((child_id, referral, start, _first(pk, "CPPendDate"),
                                         _first(pk, "InitialCategoryOfAbuse"), _first(pk, "LatestCategoryOfAbuse"),
                                         _first(pk, "NumberOfPreviousCPP"), len(rows["cp_plans"]) + 1))
                dates = [d for grp in pk.get("Reviews", []) for d in grp if _local(d.tag) == "CPPreviewDate"]
                dates += pk.get("CPPreviewDate", [])
                for d in dates:
                    rows["cp_reviews"].append((child_id, start, _text(d), len(rows["cp_reviews"]) + 1))

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for table, cols in TABLES.items():
            df = pd.DataFrame(self.rows[table], columns=cols + ["_row"], dtype=object)
            df["_row"] = df["_row"].astype("int64")
            out[table] = df
        return out


def _reference_from_name(path: Path) -> pd.Timestamp | None:
    """31 March of the census year named in a file name ('cin_2024-25.xml', 'CIN_Census_2025.xml')."""
    m = _YEAR_IN_NAME.search(path.name)
    if not m:
        return None
    if m.group(1):
        start = int(m.group(1))
        if int(m.group(2)) != (start + 1) % 100:
            return None
        return pd.Timestamp(start + 1, 3, 31)
    return pd.Timestamp(int(m.group(3)), 3, 31)


def read_census(path: Path | str, label: str | None = None) -> CensusReturn:
    """Read one CIN census XML return (``.xml`` or ``.xml.gz``) into text tables.

    The census year comes from the header's ``ReferenceDate`` (31 March), or failing that
    from a year in the file name ("2024-25" or "2025"). Raises :class:`InputError` naming
    the file for XML that is not well formed (with its line), a DTD or entity declaration
    (refused, never expanded), a root element other than ``Message``, or no way to tell
    the census year.
    """
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise InputError("does not exist", file=label)
    if path.stat().st_size == 0:
        raise InputError("is empty (0 bytes)", file=label)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    collector = _Collector()
    reference: str = ""
    root_seen = False
    children_parent: Element | None = None
    try:
        for event, elem in _events(path, opener):
            tag = _local(elem.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if tag != "Message":
                        raise InputError(f"is not a CIN census return (its root element is <{tag}>, "
                                         "expected <Message>)", file=label)
                elif tag == "Children":
                    children_parent = elem
                continue
            if tag == "Child":
                collector.child(elem)
                elem.clear()
                if children_parent is not None:
                    children_parent.clear()  # drop finished children: memory stays flat
            elif tag == "ReferenceDate":
                reference = _text(elem).strip()
            elif tag == "Header":
                elem.clear()
    except DefusedXmlException as exc:
        raise InputError(f"was refused: it declares a document type or entities ({type(exc).__name__}); "
                         "a CIN census return never needs them and expanding them is unsafe", file=label) from exc
    except ParseError as exc:
        line = getattr(exc, "position", (None, None))[0]
        raise InputError(f"is not well-formed XML ({exc})", file=label, row=line) from exc
    except (OSError, EOFError) as exc:  # e.g. a corrupt gzip file
        raise InputError(f"cannot be read ({exc})", file=label) from exc
    except (LookupError, UnicodeError, ValueError) as exc:  # an unknown or wrong encoding in the declaration
        raise InputError(f"cannot be decoded: the XML declaration names an encoding that cannot be used ({exc}); "
                         "save it as UTF-8", file=label) from exc
    ref = None
    if reference:
        ref = pd.to_datetime(reference, format="%Y-%m-%d", errors="coerce")
        if pd.isna(ref):
            raise InputError(f"has a header ReferenceDate {reference!r} that is not a YYYY-MM-DD date", file=label)
    if ref is None:
        ref = _reference_from_name(path)
    if ref is None:
        raise InputError("does not say which census year it is (no header ReferenceDate and no year such as "
                         "'2024-25' in its name)", file=label)
    if pd.Timestamp(ref) > pd.Timestamp.today().normalize() + pd.Timedelta(days=366):
        raise InputError(f"has the reference date {pd.Timestamp(ref):%Y-%m-%d}, more than a year in the future: "
                         "is it a return for another year, or a typing error in the header?", file=label)
    return CensusReturn(path=path, label=label, reference_date=pd.Timestamp(ref), tables=collector.frames())
