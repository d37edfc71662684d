"""The front door: how contacts become referrals and referrals become assessments.

Seed 003 (section 5.3) prints the share of contacts leading to a referral and of referrals leading to an
assessment; Working Together expects the yearly report to show impact "from early help to looked-after
children". The figures come from the same cleaned child protection tables as the child protection section
(Ofsted Annex A list 1 contacts; CIN census referrals and assessments), so the two pages cannot disagree.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`FrontDoorData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.front_door.indicators import indicators
from lscb_analysis.sections.front_door.load import FrontDoorData, available, load
from lscb_analysis.sections.front_door.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "FrontDoorData"]
