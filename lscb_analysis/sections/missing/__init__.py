"""Children missing from home and from care: episodes, children missing three times or more, and return home
interviews.

Statutory guidance on children who run away or go missing from home or care (DfE, 2014): every child who
returns should be offered an independent return interview within 72 hours. Working Together expects the
yearly report to show the impact of the arrangements "from early help to looked-after children and care
leavers"; seed reports give missing children a page.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`MissingData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.missing.indicators import indicators
from lscb_analysis.sections.missing.load import DIR, MissingData, available, load
from lscb_analysis.sections.missing.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "MissingData", "DIR"]
