"""The partnership's own business: the shared budget, multi-agency audits, Section 11 self-assessments and
attendance at the partnership board.

Working Together to Safeguard Children 2023 (chapter 2): the partners agree the level of funding for the
arrangements and report on it; they scrutinise practice through multi-agency audit; organisations assess
themselves against the duties of section 11 of the Children Act 2004. Seed reports print the contributions
with each partner's share and the total (000 4.6.20; 002 "Funding Arrangements"; 003 7.1), audits and
Section 11 (000 4.2.8 and 8; 003 6.3 and 6.6).

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`PartnershipData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.partnership.indicators import indicators
from lscb_analysis.sections.partnership.load import (
    DIR,
    GRADES,
    RATINGS,
    SECTION_11_STANDARDS,
    PartnershipData,
    available,
    load,
)
from lscb_analysis.sections.partnership.tables import audits_sentence, board_tables

__all__ = ["load", "available", "indicators", "board_tables", "audits_sentence", "PartnershipData", "DIR", "GRADES", "RATINGS",
           "SECTION_11_STANDARDS"]
