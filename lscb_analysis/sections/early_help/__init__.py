"""Early help: help for children and families before, or instead of, children's social care.

Working Together to Safeguard Children 2023 (chapter 1) puts early help first, and the yearly report must show
impact "from early help to looked-after children and care leavers". The page counts episodes and assessments,
episodes open at 31 March, closures by reason (needs met, stepped up to social care, disengaged), step-ups and
step-downs between early help and social care, and returns to early help within 12 months.

Where the area has no early help episodes but its Ofsted Annex A workbook has list 2 (early help assessments),
the page is built from list 2: assessments started and completed, and a sentence naming the measures the return
does not carry.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`EarlyHelpData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.early_help.indicators import indicators
from lscb_analysis.sections.early_help.load import (
    CLOSURE_REASONS,
    DIR,
    NOT_IN_ANNEX_A,
    EarlyHelpData,
    available,
    load,
    load_annex_a,
)
from lscb_analysis.sections.early_help.tables import board_tables, not_carried_sentence

__all__ = ["load", "load_annex_a", "available", "indicators", "board_tables", "not_carried_sentence",
           "EarlyHelpData", "DIR", "CLOSURE_REASONS", "NOT_IN_ANNEX_A"]
