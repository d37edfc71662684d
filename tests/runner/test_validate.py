"""``lscb validate`` (lscb_analysis.runner.validate) never prints a value from the data."""

from __future__ import annotations

import shutil

from run_fixtures import ROOT

from lscb_analysis.runner import cli


def test_a_file_without_its_header_is_reported_without_its_first_row(tmp_path, capsys, monkeypatch):
    from lscb_analysis.inputs.pseudonyms import KEY_ENV

    monkeypatch.setenv(KEY_ENV, "validate-test")
    area = tmp_path / "raw" / "leaky"
    (area / "cin_census").mkdir(parents=True)
    shutil.copy(sorted((ROOT / "data" / "raw" / "exampleshire" / "cin_census").iterdir())[-1], area / "cin_census")
    (area / "contacts.csv").write_text("EX102535,b) Female,WBRI,16/03/2016,7,01/04/2023,2A\n")
    assert cli.main(["validate", "--area", "leaky", "--raw-dir", str(tmp_path / "raw")]) == 2
    out = capsys.readouterr().out
    # the library's own message (a SafeMessage: file and column names only) is shown; the first row never is
    assert "== Child protection: ERROR InputError: file contacts.csv, column LAchildID" in out
    assert "EX102535" not in out and "16/03/2016" not in out and "WBRI" not in out
