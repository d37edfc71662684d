"""The front door: how contacts become referrals and referrals become assessments.

Seed 003 (section 5.3) prints the share of contacts leading to a referral and of referrals leading to an
assessment; Working Together expects the yearly report to show impact "from early help to looked-after
children". The figures come from the same cleaned child protection tables as the child protection section
(Ofsted Annex A list 1 contacts; CIN census referrals and assessments), so the two pages cannot disagree.

Where the contacts extract holds the date of decision on each contact (optional), the page shows the share
decided within one working day (Working Together 2023). Beside the area's figures it shows DfE's published
figures (England, the region, statistical neighbours) for the measures DfE publishes (table C1).

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`FrontDoorData`; ``indicators(data, years)``;
``board_tables(table, year, comparators)``; ``decision_sentence(table, area, year)``.
"""

from lscb_analysis.sections.front_door.indicators import indicators
from lscb_analysis.sections.front_door.load import FrontDoorData, available, load
from lscb_analysis.sections.front_door.tables import PUBLISHED, board_tables, decision_sentence

__all__ = ["load", "available", "indicators", "board_tables", "decision_sentence", "PUBLISHED", "FrontDoorData"]
