"""The report stage: display helpers for notebooks (``display``), charts (``plots``), the key facts page
(``overview``), the context page's figures (``context``), the partnership's commentary (``commentary``)
and targets (``targets``), and the PDF and Word editions (``editions``).

``from lscb_analysis import report`` gives the helpers notebooks call (``report.show_table``,
``report.show_commentary``, ``report.data_quality_sentence``).
"""

from lscb_analysis.report.display import (  # noqa: F401
    format_value,
    indicator_view,
    table_html,
    methods_html,
    show_table,
    figure_html,
    show_figure,
    say,
    heading,
    data_quality_brief,
    data_quality,
    data_quality_sentence,
    data_quality_appendix,
    write_indicators,
    write_rejections,
    method_note,
    cell_text,
    describe_change,
    describe_comparison,
)
from lscb_analysis.report.commentary import show_commentary  # noqa: F401
from lscb_analysis.report.targets import show_targets  # noqa: F401
