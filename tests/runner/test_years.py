"""Which areas and years can be asked for (lscb_analysis.runner.years)."""

from __future__ import annotations

import stat

import pytest

from lscb_analysis.runner.model import BadInput
from lscb_analysis.runner.years import available_years, check_area, check_years


@pytest.mark.parametrize("area", ["exampleshire", "Bedford", "Kingston upon Thames", "St. Helens",
                                  "Brighton and Hove", "county-durham"])
def test_plain_names_are_accepted(tmp_path, area):
    assert check_area(area, tmp_path) == area


@pytest.mark.parametrize("area", ["../x", "..", "/etc/passwd", "a/b", "a\\b", ".git", "dfe", "published", "",
                                  "x\0y", "~root"])
def test_paths_and_reserved_folders_are_refused(tmp_path, area):
    with pytest.raises(BadInput, match="refused"):
        check_area(area, tmp_path)


def test_a_year_without_data_is_refused_naming_the_years_with_data():
    found = {"cp": ["2022-23", "2023-24", "2024-25"], "cdop": ["2021-22", "2022-23"]}
    check_years("exampleshire", ["2021-22", "2024-25"], found)  # some section has data each year
    with pytest.raises(BadInput, match=r"no data for exampleshire in 2011-12: the years with data are "
                                       r"2021-22 to 2024-25 \(4 years\)"):
        check_years("exampleshire", ["2011-12", "2024-25"], found)
    check_years("testshire", ["1999-00"], {})  # nothing known about the area's data: nothing refused


def test_available_years_are_remembered_owner_only_against_the_inputs(tmp_path):
    raw = tmp_path / "raw"
    (raw / "nowhere").mkdir(parents=True)
    interim = tmp_path / "interim"
    assert available_years("nowhere", raw, interim, {"nowhere/a.csv": "1"}) == {}
    (saved,) = (interim / "years").iterdir()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE((interim / "years").stat().st_mode) == 0o700
