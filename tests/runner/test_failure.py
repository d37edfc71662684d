"""A failed run never carries a value from the data: not on the console, not in
``_failed/README.txt``, not in the notebooks kept beside the report (issue 16).

The case: a contacts file saved without its header, and a notebook whose error message echoes the
first row (a child's identifier and date of birth), as a loader's "missing column" message did."""

from __future__ import annotations

import json
import stat

import nbformat
from run_fixtures import AREA, FIXTURES, copy_project

from lscb_analysis.checks import check_outputs
from lscb_analysis.core.errors import SafeMessage, safe_class_names
from lscb_analysis.runner import cli
from lscb_analysis.runner.execute import WITHHELD, failure_text, redact_notebook

CHILD_ID, DOB = "EX102535", "16/03/2016"
HEADERLESS = f"{CHILD_ID},b) Female,WBRI,{DOB},7,01/04/2023,2A\nEX103097,a) Male,AIND,05/10/2005,17,01/04/2023,5B\n"
ECHO = ('import pandas as pd\n'
        'contacts = pd.read_csv(f"{raw_dir}/{area}/contacts.csv")\n'
        'raise ValueError(f"contacts.csv: no column Child Unique ID; the columns are {list(contacts.columns)}")')


def _project_failing_with(tmp_path, cell: str):
    base = copy_project(tmp_path / "p")
    (base / "raw" / AREA / "contacts.csv").write_text(HEADERLESS)
    nb = nbformat.read(FIXTURES / "02_beta.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(cell))
    nbformat.write(nb, base / "notebooks" / "02_beta.ipynb")
    return base


def _dirs(base):
    return ["--notebooks-dir", str(base / "notebooks"), "--raw-dir", str(base / "raw"),
            "--processed-dir", str(base / "processed"), "--reports-dir", str(base / "reports")]


def test_a_failure_echoing_a_child_s_record_prints_and_keeps_no_value(tmp_path, capsys):
    base = _project_failing_with(tmp_path, ECHO)
    code = cli.main(["run", "--area", AREA, "--year", "2024-25", "--jobs", "2", "--progress", "log", *_dirs(base)])
    assert code == 1
    console = capsys.readouterr()
    assert "ValueError" in console.out and "details withheld" in console.out
    failed = base / "reports" / AREA / "2024-25" / "_failed"
    readme = (failed / "README.txt").read_text()
    kept = (failed / "02_beta.ipynb").read_text()
    for text in (console.out, console.err, readme, kept):
        assert CHILD_ID not in text and DOB not in text and "2016-03-16" not in text
    assert f"ValueError: {WITHHELD}" in readme
    # the failure folder beside the published report is owner-only
    assert stat.S_IMODE(failed.stat().st_mode) == 0o700
    # the kept notebook still says which cell failed and with what type of error
    cell = next(c for c in json.loads(kept)["cells"] if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
    assert [(o["ename"], o["traceback"]) for o in cell["outputs"]] == [("ValueError", [])]
    # the notebook as it ran, with the full message, is kept owner-only outside the reports folder
    private = base / "interim" / "failed" / AREA / "2024-25"
    assert CHILD_ID in (private / "02_beta.ipynb").read_text()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert stat.S_IMODE((private / "02_beta.ipynb").stat().st_mode) == 0o600
    # check-outputs reads the headerless file's values, searches the failure folder, and finds nothing
    assert check_outputs.main([str(base / "reports"), "--raw-dir", str(base / "raw")]) == 0
    # ...and it would have found the echo there
    (failed / "leak.txt").write_text(f"the columns are ['{CHILD_ID}', '{DOB}']")
    assert check_outputs.main([str(base / "reports"), "--raw-dir", str(base / "raw")]) == 1


def test_a_value_free_library_message_is_shown(tmp_path, capsys):
    cell = ('from lscb_analysis.core.errors import SafeMessage\n'
            'raise SafeMessage("contacts.csv: row 1: no header row; expected Child Unique ID")')
    base = _project_failing_with(tmp_path, cell)
    assert cli.main(["run", "--area", AREA, "--year", "2024-25", "--jobs", "2", "--progress", "log", *_dirs(base)]) == 1
    readme = (base / "reports" / AREA / "2024-25" / "_failed" / "README.txt").read_text()
    assert "SafeMessage: contacts.csv: row 1: no header row; expected Child Unique ID" in readme
    assert "SafeMessage: contacts.csv: row 1" in capsys.readouterr().out


def test_failure_text_shows_only_safe_messages():
    class RowProblem(SafeMessage):
        pass

    assert "RowProblem" in safe_class_names()
    assert failure_text("RowProblem", "children.csv: row 7, column PersonBirthDate: not a date\nmore") == \
        "RowProblem: children.csv: row 7, column PersonBirthDate: not a date"
    assert failure_text("KeyError", "'EX102535'") == f"KeyError: {WITHHELD}"
    assert failure_text("ValueError", f"time data '{DOB}' does not match") == f"ValueError: {WITHHELD}"


def test_redacting_keeps_the_error_s_type_and_drops_its_values(tmp_path):
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("x = 1", outputs=[v4.new_output("stream", name="stdout", text="fine\n")]),
        v4.new_code_cell("load()", outputs=[
            v4.new_output("stream", name="stderr", text=f"reading {CHILD_ID}\n"),
            v4.new_output("error", ename="ValueError", evalue=f"bad row {CHILD_ID} {DOB}",
                          traceback=[f"ValueError: bad row {CHILD_ID} {DOB}"])]),
    ])
    nbformat.write(nb, tmp_path / "in.ipynb")
    redact_notebook(tmp_path / "in.ipynb", tmp_path / "out.ipynb")
    text = (tmp_path / "out.ipynb").read_text()
    assert CHILD_ID not in text and DOB not in text and "fine" in text
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.cells[1].outputs[0]["evalue"] == WITHHELD
