"""The values check-outputs looks for are read from every input format (lscb_analysis.checks.sensitive)."""

from __future__ import annotations

import gzip

from lscb_analysis.checks.sensitive import sensitive_values

CIN = ("<Message><Children><Child><ChildIdentifiers><LAchildID>EX99231</LAchildID>"
       "<PersonBirthDate>2011-01-30</PersonBirthDate></ChildIdentifiers></Child></Children></Message>")


def test_gzipped_census_returns_are_read(tmp_path):
    (tmp_path / "cin_census").mkdir()
    with gzip.open(tmp_path / "cin_census" / "cin_census_2024-25.xml.gz", "wt") as f:
        f.write(CIN)
    found = sensitive_values([tmp_path])
    assert found["identifier"] == {"EX99231"}
    assert found["date of birth"] == {"2011-01-30", "30/01/2011"}


def test_every_sheet_of_a_workbook_is_read_below_its_title_rows(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "List 1"
    ws.append(["Annex A: List 1 contacts"])
    ws.append([])
    ws.append(["Child Unique ID", "Gender", "Date of Birth", "Allocated Worker"])
    ws.append(["AA12345", "b) Female", dt.datetime(2015, 7, 4), "Jacqueline Smithson"])
    ws2 = wb.create_sheet("List 7")
    ws2.append(["Child Unique ID", "Date of Birth"])
    ws2.append(["BB67890", "09/11/2012"])
    wb.save(tmp_path / "annex_a.xlsx")
    found = sensitive_values([tmp_path])
    assert found["identifier"] == {"AA12345", "BB67890"}
    assert found["date of birth"] == {"2015-07-04", "04/07/2015", "2012-11-09", "09/11/2012"}
    assert found["comment or name"] == {"Jacqueline Smithson"}


def test_a_file_saved_without_its_header_is_read_cell_by_cell(tmp_path):
    (tmp_path / "contacts.csv").write_text("EX102535,b) Female,WBRI,16/03/2016,7,01/04/2023,2A\n")
    found = sensitive_values([tmp_path])
    assert "EX102535" in found["identifier"]
    assert {"2016-03-16", "16/03/2016"} <= found["date of birth"]
    # a table with a header of its own, though not a known one, is not read cell by cell
    (tmp_path / "contacts.csv").unlink()
    (tmp_path / "population.csv").write_text("area,mid_year,age,sex,population\nExampleshire,2023,4,F,3120\n")
    assert sensitive_values([tmp_path]) == {"identifier": set(), "date of birth": set(), "comment or name": set()}
