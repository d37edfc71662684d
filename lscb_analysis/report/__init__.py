"""The report stage: display helpers for notebooks (``display``), charts (``plots``), the key facts page
(``overview``), the context page's figures (``context``), the partnership's commentary (``commentary``)
and targets (``targets``), and the PDF and Word editions (``editions``).

``from lscb_analysis import report`` gives the helpers notebooks call (``report.show_table``,
``report.show_commentary``, ``report.data_quality_sentence``).
"""

from lscb_analysis.report.commentary import show_commentary  # noqa: F401
from lscb_analysis.report.display import (  # noqa: F401
    cell_text,
    data_quality,
    data_quality_appendix,
    data_quality_brief,
    data_quality_sentence,
    describe_change,
    describe_comparison,
    figure_html,
    format_value,
    heading,
    indicator_view,
    method_note,
    methods_html,
    say,
    show_figure,
    show_table,
    table_html,
    write_indicators,
    write_rejections,
)
from lscb_analysis.report.targets import show_targets  # noqa: F401
