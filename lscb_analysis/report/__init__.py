"""The report stage: display helpers for notebooks (``display``), charts (``plots``), the key facts page (``overview``).

``from lscb_analysis import report`` gives the display helpers notebooks call (``report.show_table``).
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
    data_quality_brief,
    data_quality,
    write_indicators,
    write_rejections,
    method_note,
    describe_change,
    describe_comparison,
)
