"""The output scanner finds a planted identifier, date of birth and small count, and nothing in clean outputs."""

from lscb_analysis.checks import privacy


def make_raw(tmp_path):
    raw = tmp_path / "raw" / "area"
    (raw / "cdop").mkdir(parents=True)
    (raw / "cdop" / "child_deaths.csv").write_text(
        "case_id,date_of_birth,date_of_death,comment\nCD-00417,2013-06-02,2024-05-01,He was found by his mother at home\n")
    (raw / "cin_census").mkdir()
    (raw / "cin_census" / "cin.xml").write_text(
        "<Message><Children><Child><ChildIdentifiers><LAchildID>EX99231</LAchildID>"
        "<PersonBirthDate>2011-01-30</PersonBirthDate></ChildIdentifiers></Child></Children></Message>")
    return raw


def page(cells):
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in cells)
    return f"<html><body><table><caption>t</caption>{rows}</table></body></html>"


def test_clean_board_page_has_no_findings(tmp_path):
    raw = make_raw(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text(page([("Deaths", "c"), ("Referrals", "1,234"), ("Rate", "3.2"), ("Zero", "0"),
                                         ("Year", "2024-25")]))
    (out / "cdop.csv").write_text("area,value\nExampleshire,17\n")
    assert privacy.scan([out], [raw]) == []


def test_planted_identifier_dob_comment_and_small_count_found(tmp_path):
    raw = make_raw(tmp_path)
    out = tmp_path / "reports"
    (out / "review").mkdir(parents=True)
    (out / "index.html").write_text(page([("Deaths", "4"), ("Child", "EX99231")]))
    (out / "review" / "cdop.html").write_text("born 30/01/2011 and 3 deaths")  # reviewer page: small counts allowed
    (out / "x.csv").write_text("note\nHe was found by his mother at home\n")
    kinds = {(f.file.split("reports/")[-1], f.kind) for f in privacy.scan([out], [raw])}
    assert kinds == {("index.html", "identifier"), ("index.html", "small count"),
                     ("review/cdop.html", "date of birth"), ("x.csv", "comment or name")}


def test_findings_never_print_the_value(tmp_path):
    raw = make_raw(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "a.html").write_text("<p>EX99231</p>")
    findings = privacy.scan([out], [raw])
    assert findings and all("EX99231" not in str(f) for f in findings)


def test_identifier_inside_longer_token_is_not_a_leak(tmp_path):
    raw = make_raw(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "a.html").write_text("<p>XEX99231Z</p>")
    assert privacy.scan([out], [raw]) == []


def test_data_quality_tables_are_not_small_counts():
    import pandas as pd

    from lscb_analysis import report

    quality = report.table_html(pd.DataFrame({"Reason": ["blank row"], "Rows": [3]}), "Rejected rows", quality=True)
    figures = report.table_html(pd.DataFrame({"Indicator": ["deaths"], "Count": [3]}), "Deaths")
    assert privacy.small_counts_in_html(quality) == []
    assert privacy.small_counts_in_html(quality + figures) == ["3"]


def test_data_quality_brief_adds_tables_within_a_file():
    from lscb_analysis import report
    from lscb_analysis.inputs import clean

    log = clean.Rejections()
    log.record_read("c.xml [Child]", 10)
    log.record_used("c.xml [Child]", 8)
    log.add("c.xml [Child]", 3, "LAchildID", "", "missing required value")
    log.add("c.xml [Child]", 4, "Sex", "Q", "unknown code (expected one of F, M)")
    log.record_read("c.xml [Section47]", 5)
    log.record_used("c.xml [Section47]", 4)
    log.add("c.xml [Section47]", 9, "LAchildID", "", "missing required value")
    per_file, per_reason = report.data_quality_brief(log)
    assert per_file.to_dict("records") == [{"file": "c.xml", "rows_read": 15, "rows_used": 12, "rows_rejected": 3,
                                            "reconciles": True}]
    assert dict(zip(per_reason["reason"], per_reason["rows"])) == {"missing required value": 2, "unknown code": 1}


def test_rejection_log_withholds_identifiers_dates_and_text(tmp_path):
    import pandas as pd

    from lscb_analysis import report
    from lscb_analysis.inputs import clean

    log = clean.Rejections()
    log.add("yos/outcomes.csv", 5, "young_person_id", "YP00123", "missing date of birth")
    log.add("yos/outcomes.csv", 6, "offence_date", "2017-11-25", "offence committed aged 18 or over")
    log.add("cin/children.csv", 7, "CHILD", "C991", "duplicate")
    log.add("training/evaluations.csv", 8, "rating", "He said the course was far too long for us", "not a number")
    log.add("yos/outcomes.csv", 9, "outcome", "XYZ", "unknown code")
    path = report.write_rejections(log, tmp_path, "area", "2024-25", "yos")
    values = pd.read_csv(path, keep_default_na=False).set_index("row")["value"]
    assert values.to_dict() == {5: "[withheld]", 6: "[withheld]", 7: "[withheld]", 8: "[withheld]", 9: "XYZ"}


def test_values_are_found_as_whole_tokens_at_their_position():
    ids = {"CD-00417", "EX99231"}
    hit = lambda text, kind="identifier", values=ids: privacy._first_hit(text, kind, values)  # noqa: E731
    assert hit("case CD-00417.") == 5 and hit("child EX99231, aged 9") == 6
    assert hit("ref XCD-00417") is None and hit("EX992310") is None and hit("CD-004170") is None
    assert hit("EX99231 and EX99231") == 0 and hit("CD-00417 EX99231") in (0, 9)  # a hit's position
    dobs = {"2013-06-02", "02/06/2013", "2024-03-31"}
    assert hit("born 02/06/2013.", "date of birth", dobs) == 5 and hit("on 2013-06-02", "date of birth", dobs) == 3
    assert hit("x2013-06-02 and 102/06/2013 and 2013-06-021", "date of birth", dobs) is None
    assert hit("plans at 2024-03-31", "date of birth", dobs) is None  # a period boundary is not searched for
    texts = {"He was found by his mother at home"}
    assert hit("Note: He was found by his mother at home.", "comment or name", texts) == 6
    assert hit("He was found by his father at home", "comment or name", texts) is None
    assert hit("XHe was found by his mother at homes", "comment or name", texts) == 1  # free text: any substring


def test_names_written_as_character_references_or_in_notebook_outputs_are_found(tmp_path):
    import json

    raw = tmp_path / "raw" / "area"
    raw.mkdir(parents=True)
    (raw / "people.csv").write_text("person_id,name\nPX-20931,Siobhan O'Brien-Zoë\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # the page as a template writes it (Jinja escapes the apostrophe, the author wrote an entity)
    (out / "page.html").write_text("<p>Referred by Siobhan O&#39;Brien-Zo&euml;</p>")
    nb = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "execution_count": 1, "outputs": [
        {"output_type": "display_data", "metadata": {},
         "data": {"text/plain": ["Siobhan O'Brien-", "Zoë"], "image/png": "iVBORw0KGgo=",
                  "image/svg+xml": "<svg><text>PX-20931</text></svg>"}}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (out / "section.ipynb").write_text(json.dumps(nb))  # ensure_ascii: Zoë is written \u00eb
    found = {(f.file.rsplit("/", 1)[-1], f.kind) for f in privacy.scan([out], [raw], check_small_counts=False)}
    # both files carry the name; the notebook's chart (SVG is text) carries the identifier
    assert found == {("page.html", "comment or name"), ("section.ipynb", "comment or name"),
                     ("section.ipynb", "identifier")}
