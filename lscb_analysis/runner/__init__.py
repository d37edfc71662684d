"""The ``lscb`` command and the report runner, one job a module:

``model``     the folders, notebooks, options and results of a run; exit codes
``years``     ``--area`` and ``--year`` checked as names, and the years an area has data for
``manifest``  what a report was built from: input hashes, code, git state, versions, fingerprint
``lock``      a lock per report, atomic replacement, owner-only folders
``execute``   one notebook through papermill in its own kernel; value-free failure descriptions
``export``    HTML through nbconvert's own pipeline and the ``lscb`` template; the board-page check
``pages``     the pages of a year (sections, key facts, methodology) and the index of years
``failure``   what a failed year leaves: a value-free ``_failed/`` and a private copy
``run``       the year loop: checks, scheduling, atomic publication
``progress``  the live status line and log lines
``validate``  ``lscb validate``
``cli``       the ``lscb`` command
"""
