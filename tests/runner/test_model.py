"""What a run is made of (lscb_analysis.runner.model): notebook discovery, section choice, exit codes."""

from __future__ import annotations

import pytest

from lscb_analysis.runner.model import BadInput, Paths, YearResult, discover_notebooks, exit_code, select_sections


def test_notebooks_are_found_by_name_and_the_overview_is_separate(tmp_path):
    for name in ("02_beta.ipynb", "01_alpha.ipynb", "00_overview.ipynb", "10_later.ipynb", "notes.ipynb",
                 "1_bad.ipynb"):
        (tmp_path / name).write_text("{}")
    sections, overview = discover_notebooks(tmp_path)
    assert [nb.path.name for nb in sections] == ["01_alpha.ipynb", "02_beta.ipynb", "10_later.ipynb"]
    assert overview.path.name == "00_overview.ipynb"
    assert [nb.name for nb in sections] == ["alpha", "beta", "later"]


def test_two_notebooks_with_one_number_or_none_at_all_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="no section notebooks"):
        discover_notebooks(tmp_path)
    (tmp_path / "01_a.ipynb").write_text("{}")
    (tmp_path / "01_b.ipynb").write_text("{}")
    with pytest.raises(BadInput, match="share a number"):
        discover_notebooks(tmp_path)


def test_sections_are_chosen_by_number_or_name(tmp_path):
    for name in ("01_child_protection.ipynb", "02_child_deaths.ipynb", "04_training.ipynb"):
        (tmp_path / name).write_text("{}")
    sections, _ = discover_notebooks(tmp_path)
    pick = lambda *w: [nb.number for nb in select_sections(sections, list(w))]  # noqa: E731
    assert pick() == [1, 2, 4]
    assert pick("4", "01") == [1, 4]
    assert pick("training,child_deaths") == [2, 4]
    assert pick("02_child_deaths.ipynb") == [2]
    with pytest.raises(BadInput, match="unknown section '3'"):
        pick("3")


def test_exit_codes():
    r = lambda s: YearResult("testshire", "2024-25", s)  # noqa: E731
    assert exit_code([r("built"), r("skipped")]) == 0
    assert exit_code([r("built"), r("locked")]) == 3
    assert exit_code([r("locked"), r("failed")]) == 1


def test_the_private_folder_sits_beside_the_processed_folder(tmp_path):
    paths = Paths(processed_dir=tmp_path / "data" / "processed")
    assert paths.interim_dir == (tmp_path / "data" / "interim").resolve()
