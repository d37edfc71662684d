"""Every indicator the library can emit is documented, every documented indicator exists, and the
methodology document is the rendered definitions."""

import importlib
from pathlib import Path

import pandas as pd
import pytest

from lscb_analysis import definitions as defs
from lscb_analysis import indicators as ind

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "exampleshire"
YEAR = "2024-25"

# DESIGN.md section 5, the canonical indicators of each section
CANONICAL = {
    "child protection": """contacts referrals rereferrals_within_12_months referrals_nfa referrals_by_source
        assessments_completed assessments_within_45_working_days assessment_factors section_47_enquiries
        section_47_to_icpc initial_cp_conferences icpc_within_15_working_days icpc_to_plan cp_plans_started
        cp_plans_second_or_subsequent cp_plans_at_31_march cp_plans_by_category cp_plans_by_age
        cp_plans_by_duration cp_plans_ended_2_years_or_more cp_reviews_in_timescale
        children_in_need_at_31_march looked_after_children_at_31_march""",
    "child deaths": """child_deaths child_deaths_by_age child_deaths_by_sex child_deaths_unexpected sudi
        rapid_responses reviews_completed reviews_with_modifiable_factors reviews_by_category
        review_days_median""",
    "youth justice": """first_time_entrants reoffending_cohort reoffending_binary_rate reoffending_frequency_rate
        reoffences_per_reoffender custodial_sentences custody_remands asset_vulnerability
        asset_risk_of_serious_harm young_people_supervised interventions""",
    "training": """courses_delivered training_days places_offered delegates_attended fill_rate
        did_not_attend_rate delegates_by_sector organisations_reached elearning_completions
        elearning_in_progress elearning_completion_rate evaluation_response_rate objectives_met
        would_recommend confidence_before confidence_after applied_learning""",
}
DFE_PUBLISHED = {"referrals", "rereferrals_within_12_months", "referrals_nfa", "referrals_to_assessment",
                 "assessed_not_in_need", "section_47_enquiries",
                 "section_47_to_icpc", "initial_cp_conferences", "icpc_within_15_working_days", "icpc_to_plan",
                 "cp_plans_started", "cp_plans_second_or_subsequent", "cp_plans_at_31_march",
                 "cp_plans_by_duration", "children_in_need_at_31_march", "looked_after_children_at_31_march",
                 "assessment_factors"}


def undocumented(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, unit) pairs in an indicator table that the definitions do not document."""
    pairs = sorted(set(zip(table["indicator"], table["unit"])))
    return [(i, u) for i, u in pairs if not defs.is_documented(i, u)]


def prefixes(module: str) -> tuple[str, str]:
    """The dotted paths under which a section's functions are named: its short alias (``lscb_analysis.cp.``) or
    the package where the code lives (``lscb_analysis.sections.training.``, whose indicators module names one
    function per indicator)."""
    from lscb_analysis import ENTRY_POINTS

    return (f"lscb_analysis.{module}.", ENTRY_POINTS.get(module, f"lscb_analysis.{module}") + ".")


def never_emitted(table: pd.DataFrame, function_prefix: str | tuple[str, ...]) -> list[str]:
    """Documented indicators computed by functions under ``function_prefix`` that the table lacks."""
    emitted = set(table["indicator"])
    return [d.name for d in defs.DEFINITIONS.values()
            if any(f.startswith(function_prefix) for f in d.functions) and d.name not in emitted]


# --- the definitions themselves -------------------------------------------------------------


@pytest.mark.parametrize("section", list(CANONICAL))
def test_every_canonical_indicator_is_defined_in_its_section(section):
    wanted = CANONICAL[section].split()
    assert [n for n in wanted if n not in defs.DEFINITIONS] == []
    assert {n for n in wanted} <= set(defs.names(section))


def test_every_field_is_filled_and_units_are_known():
    for d in defs.DEFINITIONS.values():
        for field in ("title", "definition", "numerator", "denominator", "population_base", "ci_method",
                      "suppression", "source", "function"):
            assert getattr(d, field).strip(), f"{d.name}: {field} is empty"
        assert d.section in defs.SECTIONS
        assert d.units and set(d.units) <= ind.UNITS, f"{d.name}: {d.units}"
        module = defs.SECTION_MODULES[d.section]
        if d.section == "child protection":  # the function that counts it, or (published only) the DfE loader
            assert d.function in (f"lscb_analysis.sections.child_protection.indicators.{d.name}",
                                  "lscb_analysis.dfe.indicators"), d.name
        else:
            assert d.function.startswith(prefixes(module)), d.name
        assert d.subject in ("children", "professionals", "courses", "organisations"), d.name
        assert d.change_unit in (None, "percent", "percentage points", "score")
        # a rate needs a population; a percentage needs a base
        if any(u.startswith("per ") for u in d.units):
            assert d.population_base != "none", d.name
        if "percent" in d.units:
            assert d.denominator != "none", d.name


def test_dfe_published_indicators_name_the_dfe_loader():
    published = {d.name for d in defs.DEFINITIONS.values() if d.published}
    assert published == DFE_PUBLISHED
    assert {d.published for d in defs.DEFINITIONS.values() if d.published} == {"lscb_analysis.dfe.indicators"}


def test_lookup_and_change_rows():
    assert defs.lookup("fill_rate_change").name == "fill_rate"
    assert defs.is_documented("fill_rate_change", "percentage points")
    assert not defs.counts_children("fill_rate_change") and defs.counts_children("referrals")
    assert defs.display_digits("training_days", "days") == 1 and defs.display_digits("referrals", "count") is None
    assert not defs.is_documented("fill_rate_change", "percent")
    assert not defs.is_documented("referrals_change")  # no change row is emitted for referrals
    with pytest.raises(KeyError, match="Did you mean referrals"):
        defs.lookup("referals")


def test_method_notes_are_plain_and_from_the_definitions():
    from lscb_analysis import report

    for name, d in defs.DEFINITIONS.items():
        note = defs.method_note(name)
        assert "`" not in note, name
        assert d.source in note and len(note) < 700, name
        assert report.method_note(name) == note
    assert defs.method_note("referrals").startswith("Referrals to children's social care starting in the year.")
    assert "per 10,000 aged 0-17" in defs.method_note("referrals")
    assert "percentage points" in defs.method_note("objectives_met_change")


def test_function_paths_resolve_where_the_modules_exist():
    for d in defs.DEFINITIONS.values():
        for path in d.functions:
            module = path.rpartition(".")[0]
            try:
                importlib.import_module(module)
            except ModuleNotFoundError:
                continue  # a section still being written; the emission tests below skip it too
            assert callable(defs.resolve_function(path)), path


# --- the methodology document ---------------------------------------------------------------


def test_committed_methodology_is_the_rendered_definitions():
    committed = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert committed == defs.render_markdown(), (
        "docs/methodology.md is out of date: run `python -m lscb_analysis.core.definitions`")


def test_methodology_documents_every_indicator_and_the_conventions():
    text = defs.render_markdown()
    for name in defs.DEFINITIONS:
        assert f'<a id="{name.replace("_", "-")}"></a>' in text
        assert f"### `{name}`" in text
    for heading in ("### Reporting year", "### DfE time periods", "### Populations", "### Working days",
                    "### Rounding", "### Disclosure control", "### Rates, percentages and confidence intervals",
                    "## Known differences from published national figures", "## How to review the method"):
        assert heading in text
    assert defs.anchor("cp_plans_at_31_march") == "#cp-plans-at-31-march"


def test_removing_a_definition_is_caught(monkeypatch):
    table = ind.table([ind.count_row("A", YEAR, "referrals", 10), ind.count_row("A", YEAR, "contacts", 3)])
    assert undocumented(table) == []
    monkeypatch.delitem(defs.DEFINITIONS, "referrals")
    assert undocumented(table) == [("referrals", "count")]
    # and the committed document no longer matches the definitions, so the document test fails too
    rendered = defs.render_markdown()
    assert "### `referrals`" not in rendered
    assert rendered != (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")


def test_an_emitted_unit_not_documented_is_caught():
    table = ind.table([ind.value_row("A", YEAR, "referrals", 1.5, "ratio")])
    assert undocumented(table) == [("referrals", "ratio")]


# --- what the library emits -----------------------------------------------------------------

# the prefix of the functions each section's definitions name
PREFIX = {"cp": "lscb_analysis.sections.child_protection.indicators."}

SECTION_SAMPLES = {
    "cp": ("child protection", lambda m: m.indicators(m.load(SAMPLE), YEAR), ["cin_census", "cin", "contacts.csv"]),
    "sections.child_deaths": ("child deaths", lambda m: m.indicators(m.load(SAMPLE), YEAR), ["cdop"]),
    "yos": ("youth justice", lambda m: m.indicators(m.load(SAMPLE), YEAR), ["yos"]),
    "training": ("training", lambda m: m.indicators(m.load(SAMPLE), YEAR), ["training"]),
}


@pytest.mark.parametrize("module", list(SECTION_SAMPLES))
def test_section_emits_exactly_its_documented_indicators(module):
    section, run, folders = SECTION_SAMPLES[module]
    mod = pytest.importorskip(f"lscb_analysis.{module}")
    if not any((SAMPLE / f).exists() for f in folders):
        pytest.skip(f"no synthetic {section} sample in {SAMPLE} yet")
    table = run(mod)
    assert len(table) > 0
    assert undocumented(table) == [], f"lscb_analysis.{module} emits indicators not in definitions.py"
    assert never_emitted(table, prefixes(module)) == [], (
        f"definitions.py documents indicators lscb_analysis.{module} does not emit")
    assert set(table["indicator"]) - {n for n in table["indicator"] if n.endswith("_change")} <= set(
        defs.names(section))


def test_dfe_emits_exactly_the_documented_published_indicators():
    dfe = pytest.importorskip("lscb_analysis.dfe")
    table = dfe.indicators("Bexley")
    assert undocumented(table) == []
    assert never_emitted(table, "lscb_analysis.dfe.") == []
    assert set(table["indicator"]) == DFE_PUBLISHED


def test_cp_emits_every_documented_indicator_without_case_data(tmp_path):
    """Until the synthetic child protection sample exists: an area with only a contacts file still gets
    a row (marked not available) for every child protection indicator, and each must be documented."""
    cp = pytest.importorskip("lscb_analysis.cp")
    (tmp_path / "contacts.csv").write_text("Child Unique ID,Date of Contact,Contact Source\n"
                                           "C1,2024-05-01,1A\nC2,2025-03-20,6\n", encoding="utf-8")
    table = cp.indicators(cp.load(tmp_path), YEAR)
    assert undocumented(table) == []
    assert never_emitted(table, PREFIX["cp"]) == []


def test_child_protection_definitions_name_the_function_that_counts_each_indicator():
    """Each child protection indicator counted locally is traced from its definition to one function, whose
    docstring states the definition (notebook -> cp.section/cp.indicators -> this function)."""
    # the module (the package's attribute of that name is its ``indicators`` function)
    cp_indicators = importlib.import_module("lscb_analysis.sections.child_protection.indicators")

    local = [d for d in defs.for_section("child protection") if d.function != defs.DFE]
    assert len(local) == len(cp_indicators.INDICATOR_FUNCTIONS)
    for d in local:
        f = defs.resolve_function(d.function)
        assert f.__name__ == d.name and f in cp_indicators.INDICATOR_FUNCTIONS, d.name
        assert f.__doc__ and "Source" in f.__doc__, d.name
        assert f"`lscb_analysis.sections.child_protection.indicators.{d.name}`" in defs.render_markdown()


def test_published_method_notes_name_the_publication_not_council_records():
    """Issue 17 (1): under a table of DfE published statistics, the method note names the DfE publication."""
    for d in defs.for_section("child protection"):
        if not d.published:
            continue
        note = defs.method_note(d.name, published=True)
        assert "council" not in note and "case records" not in note, d.name
        assert "DfE" in note, d.name
    assert defs.method_note("looked_after_children_at_31_march", published=True).endswith(
        "Source: DfE, Children looked after in England statistics.")
    assert defs.method_note("referrals", published=True).endswith(f"Source: {defs.SRC_DFE}.")
    assert "council case records" in defs.method_note("referrals")  # local figures: local records
