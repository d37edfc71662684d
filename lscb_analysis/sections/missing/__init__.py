"""Children missing from home and from care: episodes, children missing three times or more, and return home
interviews.

Statutory guidance on children who run away or go missing from home or care (DfE, 2014): every child who
returns should be offered an independent return interview within 72 hours. Working Together expects the
yearly report to show the impact of the arrangements "from early help to looked-after children and care
leavers"; seed reports give missing children a page.

Three sources, any or all: the council's own record of missing episodes (every child, from home or care), the
SSDA903 return's missing table (looked-after children only; the basis of the DfE's published figures, shown
beside the area's where held: :mod:`lscb_analysis.inputs.dfe_missing`), and list 8 (children in care) of Ofsted's
Annex A workbook (looked-after children only; the 12 months before the list's extract date, with the return
interview after each child's last missing episode). Where the return and the list are both held, both are shown,
beside each other, with why they differ.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`MissingData`; ``indicators(data, years)``;
``board_tables(table, year, england)``; sentences in :mod:`.text`.
"""

from lscb_analysis.sections.missing.indicators import indicators
from lscb_analysis.sections.missing.load import DIR, MissingData, available, load
from lscb_analysis.sections.missing.tables import board_tables
from lscb_analysis.sections.missing.text import (
    care_sentence,
    list_period_sentence,
    list_sentence,
    no_care_sentence,
    sources_differ_sentence,
    sources_sentence,
)

__all__ = ["load", "available", "indicators", "board_tables", "MissingData", "DIR", "care_sentence",
           "sources_sentence", "list_sentence", "list_period_sentence", "sources_differ_sentence", "no_care_sentence"]
