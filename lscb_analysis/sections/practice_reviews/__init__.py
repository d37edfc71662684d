"""Child safeguarding practice reviews and the actions they led to.

Working Together to Safeguard Children 2023 (chapter 5): the partners notify the Child Safeguarding Practice
Review Panel of a serious incident within 5 working days of becoming aware of it, complete a rapid review
within 15 working days, decide whether to commission a local child safeguarding practice review (LCSPR), and
publish it; the yearly report must say what they did "including on child safeguarding practice reviews", and
record the actions taken on the recommendations of local and national reviews.

Protocol (docs/section_protocol.md): ``load(area_dir)`` -> :class:`ReviewData`; ``indicators(data, years)``;
``board_tables(table, year)``.
"""

from lscb_analysis.sections.practice_reviews.indicators import indicators
from lscb_analysis.sections.practice_reviews.load import DIR, REVIEW_TYPES, STATUSES, ReviewData, available, load
from lscb_analysis.sections.practice_reviews.tables import board_tables

__all__ = ["load", "available", "indicators", "board_tables", "ReviewData", "DIR", "REVIEW_TYPES", "STATUSES"]
