"""Multi-agency training: delivery, reach and impact (Kirkpatrick levels 1 to 3).

Working Together requires safeguarding partnerships to monitor and evaluate the effectiveness of
multi-agency training. Annual reports usually count courses and delegates ("43 courses, 56 days of
face to face training to 1,001 delegates, a 6% increase on the previous year"; "95 staff from 32
schools") and rarely show whether anyone learned anything. This section measures:

* **delivery**: courses delivered, training days, places offered, fill rate, did-not-attend rate;
* **reach**: delegates and organisations by sector, e-learning completions, sectors not reached;
* **impact**, at Kirkpatrick's levels 1 (reaction: objectives met, would recommend), 2 (learning:
  self-rated confidence before and after, with a Wilcoxon signed-rank test on matched pairs) and
  3 (behaviour: learning applied in practice, from follow-up forms). Level 4 (results for children)
  is not measured by these data and the tables say so.

Every figure counts professionals, courses or organisations, not children: ``core/definitions.py`` marks
them so, and the one suppression step (``suppression.suppress``) leaves them shown.

The package follows docs/section_protocol.md: ``load`` (files, cleaning, pseudonyms), ``indicators`` (one
function per indicator), ``evaluation`` (confidence before and after), ``tables``, ``charts``, ``text``;
``codes`` holds the code lists.

Raw files (DESIGN.md section 4) in ``data/raw/<area>/training/``: ``courses.csv``, ``attendance.csv`` (both
required), ``evaluations.csv`` and ``elearning.csv`` (optional).
"""

from __future__ import annotations

from lscb_analysis.sections.training.charts import confidence_chart, trend_chart
from lscb_analysis.sections.training.codes import (
    APPLIED,
    MODES,
    SECTOR_LABELS,
    SECTORS,
    SOURCE,
    STAGES,
    STATUSES,
    label,
)
from lscb_analysis.sections.training.evaluation import (
    EXACT_MAX_PAIRS,
    MIN_NONZERO_PAIRS,
    WILCOXON_METHOD,
    confidence_change,
    confidence_pairs,
    wilcoxon_summary,
)
from lscb_analysis.sections.training.indicators import (
    HEADLINE_TREND,
    delivery,
    indicators,
    median_with_ci,
    trend,
    year_tables,
)
from lscb_analysis.sections.training.load import TrainingData, available, covers, load
from lscb_analysis.sections.training.tables import (
    INDICATOR_LABELS,
    confidence_view,
    kirkpatrick,
    sector_reach,
    sectors_not_reached,
    trend_view,
    wide_view,
)
from lscb_analysis.sections.training.text import confidence_sentence, gaps_sentence, headlines

__all__ = [
    "SECTORS", "SECTOR_LABELS", "MODES", "STATUSES", "STAGES", "APPLIED", "SOURCE", "MIN_NONZERO_PAIRS",
    "EXACT_MAX_PAIRS", "WILCOXON_METHOD", "HEADLINE_TREND", "INDICATOR_LABELS", "TrainingData", "available",
    "covers", "load", "indicators", "year_tables", "delivery", "median_with_ci", "trend", "confidence_pairs",
    "wilcoxon_summary", "confidence_change", "confidence_view", "confidence_sentence", "confidence_chart",
    "wide_view", "sector_reach", "sectors_not_reached", "gaps_sentence", "trend_view", "kirkpatrick",
    "trend_chart", "headlines", "label",
]
