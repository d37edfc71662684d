"""Early help: help for children and families before, or instead of, children's social care.

Working Together to Safeguard Children 2023 (chapter 1) puts early help first, and the yearly report must show
impact "from early help to looked-after children and care leavers". The page counts episodes and assessments,
episodes open at 31 March, closures by reason (needs met, stepped up to social care, disengaged), step-ups and
step-downs between early help and social care, and returns to early help within 12 months.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`EarlyHelpData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.early_help.indicators import indicators
from lscb_analysis.sections.early_help.load import CLOSURE_REASONS, DIR, EarlyHelpData, available, load
from lscb_analysis.sections.early_help.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "EarlyHelpData", "DIR", "CLOSURE_REASONS"]
