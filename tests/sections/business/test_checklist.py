"""The statutory checklist: an item is covered, partly covered or flagged from what the pack holds."""

from __future__ import annotations

import pandas as pd

from lscb_analysis.report import checklist


def test_status_follows_what_the_pack_holds(tmp_path):
    folder = tmp_path / "processed" / "x" / "2024-25"
    folder.mkdir(parents=True)
    pd.DataFrame({"indicator": ["review_actions", "review_actions_with_impact_evidence"],
                  "value": [12.0, None]}).to_csv(folder / "reviews.csv", index=False)
    pd.DataFrame({"indicator": ["partner_contributions"], "value": [206966.0]}).to_csv(
        folder / "partnership.csv", index=False)
    (tmp_path / "commentary" / "x" / "2024-25").mkdir(parents=True)
    (tmp_path / "commentary" / "x" / "2024-25" / "00_overview.md").write_text("The chair's words.")
    table = checklist.status(tmp_path / "processed", "x", "2024-25", tmp_path / "commentary").set_index(
        "What the report must or should contain")["Status"]
    assert table["The shared budget: each partner's contribution"] == "covered"
    # review_actions has a value, the impact share has none: partly covered
    assert table.filter(like="recommendations of local and national").iloc[0] == "partly covered"
    assert table["The youth justice plan and its performance"] == "not covered"
    assert table["How independent scrutiny was carried out and what it found"] == "covered"
    assert len(table) == len(checklist.ITEMS)


def test_nothing_built_flags_every_item(tmp_path):
    table = checklist.status(tmp_path, "x", "2024-25", tmp_path)
    assert set(table["Status"]) == {"not covered"}


def test_the_bundled_example_commentary_covers_nothing(tmp_path):
    (tmp_path / "x" / "2024-25").mkdir(parents=True)
    (tmp_path / "x" / "2024-25" / "00_overview.md").write_text("_EXAMPLE TEXT: replace with the chair's words._\n")
    table = checklist.status(tmp_path, "x", "2024-25", tmp_path).set_index(
        "What the report must or should contain")["Status"]
    assert table["How independent scrutiny was carried out and what it found"] == "not covered"
