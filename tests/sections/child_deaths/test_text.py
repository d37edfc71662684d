"""Child deaths, sentences: what a board member reads, never a hidden figure."""

from __future__ import annotations

from lscb_analysis import cdop

from .helpers import AREAS, PANEL, case, load


def test_sentence_gives_the_pooled_rate_when_a_year_has_few_deaths(tmp_path):
    cases = [case(f"Q{y}{i}", "2015-01-01", f"{y}-06-01") for y, n in ((2022, 8), (2023, 9), (2024, 7))
             for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.indicators(data, "2024-25", "Exampleshire")
    text = cdop.deaths_sentence(t, "Exampleshire", "2024-25")
    assert text.startswith("7 children resident in Exampleshire died in 2024-25.")
    assert "fewer than 10 deaths" in text
    assert "70.0" not in text  # no single-year rate
    assert "Over the three years 2022-23 to 2024-25, 24 children died, a rate of 80.0 per 100,000" in text


def test_sentence_does_not_print_a_suppressed_count(tmp_path):
    data = load(tmp_path, [case(f"R{i}", "2015-01-01", "2024-06-01") for i in range(3)])
    safe = cdop.board_safe(cdop.indicators(data, "2024-25", "Exampleshire"))
    text = cdop.deaths_sentence(safe, "Exampleshire", "2024-25")
    assert "too small to publish" in text
    assert "3" not in text.replace("2024-25", "").replace("2022-23", "")


def test_panel_sentence_gives_the_previous_year_and_the_change(tmp_path):
    cases = [case(f"Y{y}{r[0]}{i}", "2015-01-01", f"{y}-06-01", residence=r)
             for y, r, n in ((2023, "Exampleshire", 8), (2024, "Exampleshire", 6), (2023, "Westbridge", 10),
                             (2024, "Westbridge", 13)) for i in range(n)]
    data = load(tmp_path, cases)
    t = cdop.board_tables(data, "2024-25", "Exampleshire", trend_years=3)["panel"]
    text = cdop.panel_sentence(t, PANEL, AREAS, "2024-25")
    assert "19 children died in 2024-25 (6 in Exampleshire, 13 in Westbridge)." in text
    assert text.endswith("In 2023-24, 18 children died: 6% more died in 2024-25.")  # 18 to 19 is +5.6%
    view = cdop.panel_view(t, PANEL, AREAS, "2024-25")
    assert view.loc["Exampleshire", "Change (%)"] == "-25.0" and view.loc["Exampleshire", "Deaths in 2023-24"] == "8"


def test_unexpected_deaths_sudi_and_rapid_responses_each_year(tmp_path):
    cases = [case(f"U{y}{i}", f"{y}-01-01" if i < 6 else "2015-01-01", f"{y}-06-01", expected="N",
                  sudden="Y" if i < 6 else "N", rapid="Y") for y in (2023, 2024) for i in range(12)]
    data = load(tmp_path, cases)
    by_year = cdop.board_tables(data, "2024-25", "Exampleshire", trend_years=2)["by_year"]
    view = cdop.unexpected_view(by_year, "Exampleshire")
    assert list(view.columns) == ["2023-24", "2024-25", "Total"]
    assert view.loc["Unexpected deaths", "2024-25"] == "12"
    assert view.loc["Sudden unexpected deaths in infancy (SUDI)", "Total"] == "12"
    assert view.loc["Rapid responses", "Total"] == "24"
    assert "12 were unexpected" in cdop.unexpected_sentence(by_year, "Exampleshire", "2024-25")


def test_seed000_panel_deaths_and_the_change_on_the_previous_year(tmp_path):
    # seed 000, 4.7.5: 58 deaths in 2011-12 (19 Bedford Borough, 17 Central Bedfordshire, 22 Luton),
    # "just over 6% fewer than the previous year": 62 deaths in 2010-11 (58 / 62 = -6.5%)
    from lscb_analysis.sections.child_deaths.load import load as load_section

    from .helpers import write_cases, write_population

    areas = ["Bedford Borough", "Central Bedfordshire", "Luton"]
    write_population(tmp_path, areas=areas, years=range(2008, 2013))
    now = [a for a, n in zip(areas, (19, 17, 22)) for _ in range(n)]
    before = [a for a, n in zip(areas, (16, 24, 22)) for _ in range(n)]
    write_cases(tmp_path, [case(f"S{i}", "2005-01-01", "2011-09-01", residence=a) for i, a in enumerate(now)]
                + [case(f"P{i}", "2005-01-01", "2010-09-01", residence=a) for i, a in enumerate(before)])
    data = load_section(tmp_path, panel_areas=areas)
    panel = cdop.board_tables(data, "2011-12", None, trend_years=3)["panel"]
    text = cdop.panel_sentence(panel, data.panel_name, areas, "2011-12")
    assert "58 children died in 2011-12 (19 in Bedford Borough, 17 in Central Bedfordshire, 22 in Luton)." in text
    assert text.endswith("In 2010-11, 62 children died: 6% fewer died in 2011-12.")
    view = cdop.panel_view(panel, data.panel_name, areas, "2011-12")
    assert view.loc[f"Panel ({data.panel_name})", "Change (%)"] == "-6.5"
