"""SSDA903 as the DfE specifies it: tables by name, codes by collection year, places never stored."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.inputs import clean, ssda903


def _write(path, text):
    path.write_text(text.strip() + "\n", encoding="utf-8")


def test_tables_codes_by_year_and_places_dropped(tmp_path):
    d = tmp_path / "ssda903"
    d.mkdir()
    _write(d / "header.csv", """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
C1,1,01/01/2010,WBRI,A123456789012,,
C2,3,01/01/2011,WBRI,,,
""")  # C2: SEX 3 is not a code
    _write(d / "episodes.csv", """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
C1,01/05/2016,S,C2,N1,U1,PR1,01/06/2016,E43,,AB1 2CD,EF3 4GH,SC111111
C1,01/05/2024,S,C2,N1,U1,PR1,01/06/2024,E43,,AB1 2CD,EF3 4GH,SC111111
C1,02/06/2024,S,C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH,SC111111
C1,02/06/2024,S,C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH,SC111111
""")  # row 3: E43 not valid in 2024-25 (E45-E48 replaced it); row 5 repeats row 4
    _write(d / "missing.csv", """
CHILD,DOB,MISSING,MIS_START,MIS_END
C1,01/01/2010,M,03/06/2024,04/06/2024
C1,01/01/2010,A,05/06/2024,05/06/2024
C1,01/01/2010,M,07/06/2024,06/06/2024
""")  # row 4 ends before it starts
    rej = clean.Rejections()
    t = ssda903.read_return(d, rej, area_dir=tmp_path, not_after=pd.Timestamp("2025-03-31"))
    assert set(t) == {"header", "episodes", "missing"}
    assert len(t["header"]) == 1 and len(t["episodes"]) == 2 and len(t["missing"]) == 2
    assert (t["missing"]["MISSING"] == "M").sum() == 1  # one missing episode, one away from placement
    # the optional items read when present (DEC, REC, PLACE_PROVIDER, MIS_END ...) are not noted as ignored;
    # the places are, and are dropped
    notes = {n["file"]: n["note"] for n in rej.notes}
    assert notes["ssda903/episodes.csv"] == "extra columns ignored: home_post, pl_post, urn"
    assert notes["ssda903/header.csv"] == "extra columns ignored: upn" and "ssda903/missing.csv" not in notes
    log = pd.DataFrame(rej.records)
    reasons = {(r.file, r.row): r.reason for r in log.itertuples()}
    assert reasons[("ssda903/episodes.csv", 3)].startswith("code not valid in the collection year")
    assert reasons[("ssda903/header.csv", 3)].startswith("unknown code")
    assert reasons[("ssda903/missing.csv", 4)] == "MIS_END is before MIS_START"
    assert reasons[("ssda903/episodes.csv", 5)].startswith("duplicate")
    for f in rej.read:
        assert rej.read[f] == rej.used[f] + log.loc[log["file"] == f, "row"].nunique(), f
    stored = " ".join(df.astype(str).to_csv() for df in t.values())
    for place in ("AB1 2CD", "EF3 4GH", "SC111111"):
        assert place not in stored
    # only the tables asked for are read (and counted)
    some = clean.Rejections()
    t = ssda903.read_return(d, some, area_dir=tmp_path, not_after=pd.Timestamp("2025-03-31"),
                            tables=("episodes", "missing"))
    assert set(t) == {"episodes", "missing"} and set(some.read) == {"ssda903/episodes.csv", "ssda903/missing.csv"}


def test_codes_by_collection_year():
    assert "E43" in ssda903.codes("REC", 2017) and "E43" not in ssda903.codes("REC", 2025)
    assert "E45" in ssda903.codes("REC", 2025) and "E45" not in ssda903.codes("REC", 2017)
