"""lscb-analysis: reproducible analytics for local safeguarding children partnership annual reports.

The library does the work (loading, cleaning, indicators, comparators, disclosure
control); the notebooks in ``notebooks/`` present it for one area and reporting year.
"""

__version__ = "0.1.0"
