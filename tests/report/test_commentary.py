"""Which pages have the analyst's commentary (lscb_analysis.report.commentary)."""

from __future__ import annotations

from lscb_analysis.report.commentary import commentary_status, missing


def test_status_gives_the_path_of_each_written_page_and_none_for_the_rest(tmp_path):
    folder = tmp_path / "commentary" / "exampleshire" / "2024-25"
    folder.mkdir(parents=True)
    (folder / "01_child_protection.md").write_text("Referrals rose by 12%.\n")
    (folder / "02_child_deaths.md").write_text("  \n")  # only whitespace: not written yet
    status = commentary_status(tmp_path / "commentary", "exampleshire", "2024-25",
                               ["01_child_protection", "02_child_deaths", "00_overview"])
    assert status == {"01_child_protection": folder / "01_child_protection.md", "02_child_deaths": None,
                      "00_overview": None}
    assert missing(status) == ["02_child_deaths", "00_overview"]
    # another year's commentary does not count
    assert commentary_status(tmp_path / "commentary", "exampleshire", "2023-24", ["01_child_protection"]) == {
        "01_child_protection": None}


def test_example_text_left_in_place_keeps_the_pack_a_draft(tmp_path):
    from lscb_analysis.report.commentary import commentary_status, missing

    d = tmp_path / "exampleshire" / "2024-25"
    d.mkdir(parents=True)
    (d / "01_child_protection.md").write_text("_EXAMPLE TEXT: Exampleshire is fictional._\n\n## Heading\n\nText.\n")
    (d / "02_child_deaths.md").write_text("## What the figures tell us\n\nOur own words.\n")
    status = commentary_status(tmp_path, "exampleshire", "2024-25", ["01_child_protection", "02_child_deaths"])
    assert status["01_child_protection"] is not None  # still shown on the page
    assert missing(status) == ["01_child_protection"]  # but not the partnership's own: a draft, --final refuses
