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
                              CINclosureDate, ReasonForClosure, ReferralNFA, DateOfInitialCPC
                              (the conference date the schema allows directly in the episode)
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

Efficiency: the file is streamed in 64 KB pieces through the standard library's C parser and
tree builder, with no per-element Python work: after each piece, the ``Child`` elements that
are complete are flattened with the C-level ``find``/``findtext``/``findall`` lookups and then
deleted, so memory stays flat however large the return. This fast path covers returns shaped as
the DfE specifies (``Child`` elements directly inside ``Message/Children``, one ``ReferenceDate``
outside them, no namespace or one default namespace declared on ``Message``). It gives up as soon
as it meets anything else (a namespace declared below the root, a prefixed element name, a
``Child`` elsewhere, a ``ReferenceDate`` inside a ``Child``, more than one ``ReferenceDate``, a
root element other than ``Message``) or any error, and the file is read again by the general
reader, which streams ``iterparse`` events and matches elements by local name: the two give the
same tables, and every error (malformed XML, unknown encodings, unreadable gzip) comes from the
general reader, so its messages do not depend on the path. The cyclic garbage collector is paused
during the fast read (it makes no cycles; the collector's passes over the growing row lists cost
about a fifth of the read). ``.xml.gz`` files are read through gzip.
"""

from __future__ import annotations

import gc
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser
from xml.etree.ElementTree import iterparse as _fast_iterparse

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring
from defusedxml.ElementTree import iterparse as _defused_iterparse

from lscb_analysis.core.periods import ReportingYear
from lscb_analysis.inputs import limits
from lscb_analysis.inputs.clean import InputError, require_file

EARLIEST_REFERENCE = pd.Timestamp("1901-03-31")  # the first reporting year the project can name: 1900-01

__all__ = ["CensusReturn", "read_census", "TABLES", "ELEMENTS", "census_files"]

TABLES: dict[str, list[str]] = {
    "children": ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "Ethnicity", "PersonDeathDate"],
    "referrals": ["LAchildID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                  "ReasonForClosure", "ReferralNFA", "DateOfInitialCPC"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
                    "AssessmentFactors"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"],
    "cp_plans": ["LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                 "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
}
# kept from the 2025-26 collection on (read, not yet used by a section): the pre-proceedings and family group
# decision-making block of each episode (element names: specs/cin_census/README.md)
EXTRA_TABLES: dict[str, list[str]] = {
    "pre_proceedings": ["LAchildID", "CINreferralDate", "PreProceedingsStartDate", "PreProceedingsEndDate"],
    "fgdm": ["LAchildID", "CINreferralDate", "FGDMofferedDate", "FGDMdate"],
}
EXTRA_ELEMENTS = {"pre_proceedings": "PreProceedings", "fgdm": "FamilyGroupDecisionMaking"}
# the element each table's rows come from (its position in the file is the row number)
ELEMENTS = {"children": "Child", "referrals": "CINdetails", "assessments": "Assessments",
            "section47": "Section47", "cp_plans": "ChildProtectionPlans", "cp_reviews": "CPPreviewDate"}

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_HEAD_BYTES = 65_536
_SAFE = {"forbid_dtd": True, "forbid_entities": True, "forbid_external": True}
_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*[-_]?\s*(\d{2})(?!\d)|(20\d{2})")
# the namespaces a census return's root element may be in: the DfE schemas declare none
CENSUS_NAMESPACES = frozenset({""})


def _root_refusal(tag) -> str | None:
    """Why a root element is not a census return's (its name, or a namespace the DfE schemas do not use),
    or None when it is ``Message`` in no namespace (or one in :data:`CENSUS_NAMESPACES`)."""
    name = _local(tag)
    ns = tag[1:tag.index("}")] if isinstance(tag, str) and tag[:1] == "{" else ""
    if name != "Message":
        return f"its root element is <{name}>, expected <Message>"
    if ns not in CENSUS_NAMESPACES:
        return "its root element <Message> is in an XML namespace the DfE census schemas do not use"
    return None


@dataclass
class CensusReturn:
    """One census return, flattened: ``tables`` maps each table name to a text DataFrame."""

    path: Path
    label: str
    reference_date: pd.Timestamp
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    collection: int | None = None  # the header's collection Year (2022: the 2021-22 return)
    header_reference_date: pd.Timestamp | None = None  # the header's ReferenceDate as written
    notes: list[str] = field(default_factory=list)  # for the data-quality summary
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # EXTRA_TABLES (2025-26 on)

    @property
    def year(self) -> ReportingYear:
        """The reporting year the return covers: the header's collection year (``<Year>2022</Year>`` is
        2021-22), or failing that the year ending on the reference date."""
        if self.collection is not None:
            return ReportingYear(self.collection - 1)
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


def xml_events(path: Path, opener=open, events: tuple[str, ...] = ("start", "end")):
    """(event, element) pairs of an XML file, by the fast or the defused parser (module docstring): the C
    parser where the prolog holds no DTD (so no entities can be declared), else defusedxml's."""
    with opener(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    fast = plain_prolog(head)
    with opener(path, "rb") as fh:
        if fast:
            yield from _fast_iterparse(fh, events=events)
        else:
            yield from _defused_iterparse(fh, events=events, **_SAFE)


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
        self.rows: dict[str, list[tuple]] = {t: [] for t in [*TABLES, *EXTRA_TABLES]}
        self.year = ""  # the header's collection Year, as written

    def child(self, elem: Element) -> None:
        kids = _kids(elem)
        ident = _kids(kids["ChildIdentifiers"][0]) if kids.get("ChildIdentifiers") else {}
        chars = _kids(kids["ChildCharacteristics"][0]) if kids.get("ChildCharacteristics") else {}
        child_id = _first(ident, "LAchildID")
        sex = _first(ident, "Sex") if "Sex" in ident else _first(ident, "GenderCurrent")
        rows = self.rows
        rows["children"].append((child_id, _first(ident, "PersonBirthDate"), _first(ident, "ExpectedPersonBirthDate"),
                                 sex, _first(chars, "Ethnicity"), _first(ident, "PersonDeathDate")))
        for cin in kids.get("CINdetails", []):
            c = _kids(cin)
            referral = _first(c, "CINreferralDate")
            rows["referrals"].append((child_id, referral, _first(c, "ReferralSource"), _first(c, "PrimaryNeedCode"),
                                      _first(c, "CINclosureDate"), _first(c, "ReasonForClosure"),
                                      _first(c, "ReferralNFA"), _first(c, "DateOfInitialCPC")))
            for p in c.get("PreProceedings", []):
                pk = _kids(p)
                rows["pre_proceedings"].append((child_id, referral, _first(pk, "PreProceedingsStartDate"),
                                                _first(pk, "PreProceedingsEndDate")))
            for g in c.get("FamilyGroupDecisionMaking", []):
                gk = _kids(g)
                rows["fgdm"].append((child_id, referral, _first(gk, "FGDMofferedDate"), _first(gk, "FGDMdate")))
            for a in c.get("Assessments", []):
                ak = _kids(a)
                factors = [_text(f) for grp in ak.get("FactorsIdentifiedAtAssessment", [])
                           for f in grp if _local(f.tag) == "AssessmentFactors"]
                factors += [_text(f) for f in ak.get("AssessmentFactors", [])]  # factors not wrapped in a group
                rows["assessments"].append((child_id, referral, _first(ak, "AssessmentActualStartDate"),
                                            _first(ak, "AssessmentAuthorisationDate"),
                                            ";".join(f for f in factors if f.strip())))
            for s in c.get("Section47", []):
                sk = _kids(s)
                rows["section47"].append((child_id, referral, _first(sk, "S47ActualStartDate"),
                                          _first(sk, "InitialCPCtarget"), _first(sk, "DateOfInitialCPC"),
                                          _first(sk, "ICPCnotRequired")))
            for p in c.get("ChildProtectionPlans", []):
                pk = _kids(p)
                start = _first(pk, "CPPstartDate")
                rows["cp_plans"].append((child_id, referral, start, _first(pk, "CPPendDate"),
                                         _first(pk, "InitialCategoryOfAbuse"), _first(pk, "LatestCategoryOfAbuse"),
                                         _first(pk, "NumberOfPreviousCPP")))
                dates = [d for grp in pk.get("Reviews", []) for d in grp if _local(d.tag) == "CPPreviewDate"]
                dates += pk.get("CPPreviewDate", [])
                for d in dates:
                    rows["cp_reviews"].append((child_id, start, _text(d)))

    def frames(self, tables: dict[str, list[str]] = TABLES) -> dict[str, pd.DataFrame]:
        out = {}
        for table, cols in tables.items():
            rows = self.rows[table]
            df = pd.DataFrame(rows, columns=cols, dtype=object)
            df["_row"] = np.arange(1, len(rows) + 1, dtype="int64")  # the element's position in the file
            out[table] = df
        return out


_CHUNK = 65_536
_PREFIXED_NAME = re.compile(rb"<[^\s/>!?]*:")  # a start tag whose element name has a prefix (or ``xml:``)
_STALL_BYTES = 4_000_000  # bytes read while an element the fast path cannot harvest stays open: then it gives up
_NAMES = ("ChildIdentifiers", "ChildCharacteristics", "LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate",
          "Sex", "GenderCurrent", "Ethnicity", "PersonDeathDate", "CINdetails", "CINreferralDate", "ReferralSource",
          "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "ReferralNFA", "Assessments",
          "FactorsIdentifiedAtAssessment", "AssessmentFactors", "AssessmentActualStartDate",
          "AssessmentAuthorisationDate", "Section47", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
          "ICPCnotRequired", "ChildProtectionPlans", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
          "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "Reviews", "CPPreviewDate")


class _NotPlain(Exception):
    """The fast path met something it leaves to the general reader (module docstring)."""


def _fast_child(ns: str, rows: dict[str, list[tuple]]):
    """A function flattening one ``Child`` whose elements are all in the namespace ``ns`` ("" for none, else
    "{uri}") with the C-level lookups: the same rows as :meth:`_Collector.child`, which matches by local name."""
    (CI, CC, ID, PBD, EPBD, SEX, GC, ETH, PDD, CIN, REF, RSRC, PNC, CLO, RFC, NFA, ASM, FGRP, FAC, AST, AAU,
     S47, S47D, ICT, DIC, ICN, CPP, CPS, CPE, ICA, LCA, NPC, REV, RVD) = (ns + n for n in _NAMES)
    children, referrals, assessments, section47, cp_plans, cp_reviews = (rows[t] for t in TABLES)
    PRE, PRS, PRE_END, FG, FGO, FGD = (ns + n for n in ("PreProceedings", "PreProceedingsStartDate",
                                                        "PreProceedingsEndDate", "FamilyGroupDecisionMaking",
                                                        "FGDMofferedDate", "FGDMdate"))
    pre_rows, fgdm_rows = rows["pre_proceedings"], rows["fgdm"]
    add_child, add_referral, add_assessment = children.append, referrals.append, assessments.append

    def child(elem: Element) -> None:
        # findtext(name, "") is the text of the first child element so named: "" if it has none or there is none
        ident = elem.find(CI)
        if ident is None:
            child_id = birth = expected = sex = death = ""
        else:
            child_id = ident.findtext(ID, "")
            birth = ident.findtext(PBD, "")
            expected = ident.findtext(EPBD, "")
            sex = ident.findtext(SEX)  # None when there is no Sex element
            if sex is None:
                sex = ident.findtext(GC, "")
            death = ident.findtext(PDD, "")
        chars = elem.find(CC)
        add_child((child_id, birth, expected, sex, "" if chars is None else chars.findtext(ETH, ""), death))
        for cin in elem.findall(CIN):
            referral = cin.findtext(REF, "")
            add_referral((child_id, referral, cin.findtext(RSRC, ""), cin.findtext(PNC, ""),
                          cin.findtext(CLO, ""), cin.findtext(RFC, ""), cin.findtext(NFA, ""),
                          cin.findtext(DIC, "")))
            for p in cin.findall(PRE):
                pre_rows.append((child_id, referral, p.findtext(PRS, ""), p.findtext(PRE_END, "")))
            for g in cin.findall(FG):
                fgdm_rows.append((child_id, referral, g.findtext(FGO, ""), g.findtext(FGD, "")))
            for a in cin.findall(ASM):
                factors = []  # None for an empty element: dropped with the blank ones, as _text and strip do
                for grp in a.findall(FGRP):
                    factors += [f.text for f in grp.findall(FAC)]
                loose = a.findall(FAC)  # factors not wrapped in a group
                if loose:
                    factors += [f.text for f in loose]
                add_assessment((child_id, referral, a.findtext(AST, ""), a.findtext(AAU, ""),
                                ";".join([f for f in factors if f and not f.isspace()])))
            for s in cin.findall(S47):
                section47.append((child_id, referral, s.findtext(S47D, ""), s.findtext(ICT, ""),
                                  s.findtext(DIC, ""), s.findtext(ICN, "")))
            for p in cin.findall(CPP):
                start = p.findtext(CPS, "")
                cp_plans.append((child_id, referral, start, p.findtext(CPE, ""), p.findtext(ICA, ""),
                                 p.findtext(LCA, ""), p.findtext(NPC, "")))
                dates = [d for grp in p.findall(REV) for d in grp.findall(RVD)]
                dates += p.findall(RVD)
                for d in dates:
                    cp_reviews.append((child_id, start, d.text or ""))

    return child


def _read_plain(path: Path, opener, collector: _Collector) -> str:
    """The fast path (module docstring): fill ``collector`` and return the header ReferenceDate ("" if none),
    or raise :class:`_NotPlain` (or the parser's own error) for the general reader to take the file over.

    The C tree builder builds the tree with no events; only the root's start tag and any namespace
    declaration are reported (``_setevents``, what ``iterparse`` itself uses). After each piece, the complete
    elements under the root (all but the last, which may still be open) and under ``Children`` are taken
    out of the tree and read."""
    events: deque = deque()
    parser = XMLParser(target=TreeBuilder())
    parser._setevents(events, ("start", "start-ns"))
    root: Element | None = None
    child = None
    CHILD = CHILDREN = REFERENCE = YEAR = ""
    refs: list[str] = []
    years: list[str] = []
    stall = 0

    def other(elem: Element) -> None:  # a complete element that is not a Child: no Child in it, and its dates
        if next(elem.iter(CHILD), None) is not None:
            raise _NotPlain("Child outside Message/Children")
        refs.extend(_text(r) for r in elem.iter(REFERENCE))
        years.extend(_text(r) for r in elem.iter(YEAR))

    def take(parent: Element, n: int) -> None:  # read and remove the first n children of a Children element
        done = parent[:n]
        del parent[:n]
        batch = Element("batch")
        batch.extend(done)
        kids = list(batch.iter(CHILD))  # one pass in C: every Child in the batch, in document order
        if kids != done:  # compared by identity: only Child elements, and none inside another
            raise _NotPlain("something other than Child elements in Children")
        for elem in kids:
            child(elem)

    def harvest(final: bool, size: int) -> None:
        nonlocal stall
        done = root[:] if final else root[:-1]
        del root[:len(done)]
        for elem in done:
            if elem.tag == CHILDREN:
                take(elem, len(elem))
            else:
                other(elem)
        if final or not len(root):
            return
        last = root[-1]
        if last.tag == CHILDREN and len(last):
            open_child = last[-1].tag == CHILD
            take(last, len(last) - 1)
        else:
            open_child = last.tag == CHILDREN
        stall = 0 if open_child else stall + size
        if stall > _STALL_BYTES:  # something else keeps growing (memory): leave it to the general reader
            raise _NotPlain("large element outside Children/Child")

    carry = b""
    ref_tags = 0
    with opener(path, "rb") as fh:
        while data := fh.read(_CHUNK):
            scan = carry + data  # a start tag cut in two by the piece boundary is seen whole
            if b":" in scan and _PREFIXED_NAME.search(scan):
                raise _NotPlain("prefixed element name")
            # every ReferenceDate start tag in the bytes (those wholly in the carried tag were counted last time)
            ref_tags += scan.count(b"<ReferenceDate") - carry.count(b"<ReferenceDate")
            lt = data.rfind(b"<")
            if lt >= 0:
                carry = data[lt:]
            elif b">" in data:
                carry = b""  # any tag begun in the last piece ended in this one, and was scanned whole
            else:
                carry = scan
            parser.feed(data)
            if root is None:
                while events:
                    event, item = events.popleft()
                    if event == "start":
                        root = item
                        break
                if root is None:
                    continue
                parser._setevents(events, ("start-ns",))
                tag = root.tag
                ns = tag[:tag.index("}") + 1] if tag[:1] == "{" else ""
                if tag != ns + "Message" or _root_refusal(tag):
                    raise _NotPlain("root element")
                CHILD, CHILDREN, REFERENCE, YEAR = ns + "Child", ns + "Children", ns + "ReferenceDate", ns + "Year"
                child = _fast_child(ns, collector.rows)
                if any(event == "start-ns" for event, _ in events):
                    raise _NotPlain("namespace declared below the root")
                events.clear()
            elif events:
                raise _NotPlain("namespace declared below the root")
            harvest(final=False, size=len(data))
        parser.close()
    if root is None:
        raise _NotPlain("no root element")
    harvest(final=True, size=0)
    if len(refs) > 1 or ref_tags != len(refs):  # at most one, and not inside Children (or a comment)
        raise _NotPlain("more than one ReferenceDate, or one inside Children")
    collector.year = years[0].strip() if years else ""
    return refs[0].strip() if refs else ""


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


def _read_general(path: Path, opener, label: str, collector: _Collector) -> str:
    """The general reader: ``iterparse`` start and end events, elements matched by local name wherever they
    are; fills ``collector`` and returns the last ReferenceDate ("" if none). Raises :class:`InputError`."""
    reference = ""
    root_seen = False
    children_parent: Element | None = None
    try:
        for event, elem in xml_events(path, opener):
            tag = _local(elem.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    refusal = _root_refusal(elem.tag)
                    if refusal:
                        raise InputError(f"is not a CIN census return ({refusal})", file=label)
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
            elif tag == "Year" and not collector.year:
                collector.year = _text(elem).strip()
            elif tag == "Header":
                elem.clear()
    except InputError:
        raise  # a bound on the stream (limits.open_bounded)
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
    return reference


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
    require_file(path, label)
    limits.check_file_size(path, label)

    def opener(p, mode="rb"):  # bounded: the expanded size, and the longest run of text (limits.py)
        return limits.open_bounded(p, label)
    collector = _Collector()
    reference: str | None = None
    if hasattr(XMLParser, "_setevents"):
        try:
            with opener(path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
            if plain_prolog(head):
                # the cyclic garbage collector is paused while the tree is built and taken apart: the parse
                # makes no reference cycles (elements are freed as they are deleted), and the collector's
                # passes over the growing row lists cost about a fifth of the read
                paused = gc.isenabled()
                gc.disable()
                try:
                    reference = _read_plain(path, opener, collector)
                finally:
                    if paused:
                        gc.enable()
        except InputError:
            raise  # a bound on the stream (limits.open_bounded)
        except (_NotPlain, DefusedXmlException, ParseError, OSError, EOFError, LookupError, UnicodeError,
                ValueError):
            reference = None  # the general reader reads it, or says what is wrong with it
    if reference is None:
        collector = _Collector()
        reference = _read_general(path, opener, label, collector)
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
    collection, header_ref, notes = _collection(collector.year, pd.Timestamp(ref), bool(reference), label)
    if collection is not None:
        ref = pd.Timestamp(collection, 3, 31)  # the return is as at 31 March of its collection year
    if pd.Timestamp(ref) < EARLIEST_REFERENCE:
        raise InputError(f"is dated before {EARLIEST_REFERENCE:%d/%m/%Y} (its collection year or reference date): "
                         "not a plausible census year; is it a typing error in the header?", file=label)
    return CensusReturn(path=path, label=label, reference_date=pd.Timestamp(ref), tables=collector.frames(),
                        collection=collection, header_reference_date=header_ref, notes=notes,
                        extra=collector.frames(EXTRA_TABLES))


def _collection(year_text: str, ref: pd.Timestamp, from_header: bool,
                label: str) -> tuple[int | None, pd.Timestamp | None, list[str]]:
    """The collection year from the header's ``Year`` and the notes it calls for: (year, the header's
    reference date if it had one, notes). The return's reporting year is the one ending 31 March of its
    collection year; a reference date other than that 31 March is noted, never silently moved."""
    notes: list[str] = []
    header_ref = ref if from_header else None
    year = None
    if year_text:
        if re.fullmatch(r"\d{4}", year_text):
            year = int(year_text)
        else:
            notes.append("the header's collection Year is not a four-digit year: the year is taken from the "
                         "reference date")
    if year is None:
        return None, header_ref, notes
    expected = pd.Timestamp(year, 3, 31)
    if header_ref is not None and header_ref != expected:
        notes.append(f"the header's ReferenceDate is {header_ref:%Y-%m-%d}, not 31 March {year}: the return is "
                     f"read as the {year - 1}-{year % 100:02d} return its collection Year ({year}) names, "
                     f"as at 31 March {year}")
    return year, header_ref, notes
