"""Private fostering: children under 16 (under 18 if disabled) cared for for 28 days or more by someone who
is not a close relative, by private arrangement between parent and carer.

The Children (Private Arrangements for Fostering) Regulations 2005 require the local authority, once notified,
to visit the child within 7 working days (regulation 4) and then regularly; partnerships report notifications,
new arrangements, arrangements at 31 March and visits in time (seed reports; Working Together 2023).

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`PrivateFosteringData`;
``indicators(data, years)``; ``board_tables(table, year)``.
"""

from lscb_analysis.sections.private_fostering.indicators import indicators
from lscb_analysis.sections.private_fostering.load import DIR, PrivateFosteringData, available, load
from lscb_analysis.sections.private_fostering.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "PrivateFosteringData", "DIR"]
