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
