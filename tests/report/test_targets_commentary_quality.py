"""Targets (met / within tolerance / not met), commentary files and the data-quality sentence."""

import pytest

from lscb_analysis import indicators as ind
from lscb_analysis.inputs.clean import Rejections
from lscb_analysis.report import commentary, display, targets


def test_target_rule_on_the_figure_as_printed():
    assert targets.status_for(85.0, 85, "higher", 5) == "met"  # at least the target
    assert targets.status_for(80.0, 85, "higher", 5) == "within tolerance"  # short by 5.0, the tolerance
    assert targets.status_for(79.9, 85, "higher", 5) == "not met"
    assert targets.status_for(16.9, 15, "lower", 2) == "within tolerance"
    assert targets.status_for(float("nan"), 15, "lower", 2) == "no figure"


def test_assess_values_and_change_targets():
    table = ind.table([
        ind.proportion_row("T", "2024-25", "cp_plans_second_or_subsequent", 31, 100),  # 31.0%
        ind.count_row("T", "2024-25", "first_time_entrants", 38),
        ind.count_row("T", "2023-24", "first_time_entrants", 40),  # -5.0%: met (target -5% or less)
        ind.proportion_row("T", "2024-25", "assessments_within_45_working_days", 849, 1000),  # 84.9%
    ])
    spec = {"cp_plans_second_or_subsequent": {"value": 15, "better": "lower", "tolerance": 2, "label": "NI 65"},
            "first_time_entrants": {"value": -5, "better": "lower", "measure": "change"},
            "assessments_within_45_working_days": {"value": 85, "better": "higher", "tolerance": 5}}
    a = targets.assess(table, spec)
    a = a[a["period"] == "2024-25"].set_index("indicator")
    assert a.loc["cp_plans_second_or_subsequent", "status"] == "not met"
    assert a.loc["cp_plans_second_or_subsequent", "sentence"] == \
        "NI 65: target no more than 15.0%; the figure was 31.0%: not met."
    assert (a.loc["first_time_entrants", "actual"], a.loc["first_time_entrants", "status"]) == (-5.0, "met")
    assert a.loc["assessments_within_45_working_days", "status"] == "within tolerance"
    html = targets.targets_html(a.reset_index(), "Targets")
    assert "Not met" in html and "Within tolerance" in html and "✗" in html  # words and symbol, not colour alone


def test_bad_targets_are_named():
    with pytest.raises(ValueError, match="'fill_rate'.*better"):
        targets.validate_targets({"fill_rate": {"value": 90, "better": "more"}})


def test_exampleshire_config_has_the_seed_style_targets():
    t = targets.load_targets("exampleshire")
    assert {"cp_plans_second_or_subsequent", "assessments_within_45_working_days", "cp_reviews_in_timescale",
            "first_time_entrants"} <= set(t)
    assert t["first_time_entrants"]["measure"] == "change" and t["first_time_entrants"]["value"] == -5


def test_commentary_status_render_and_draft(tmp_path):
    (tmp_path / "x" / "2024-25").mkdir(parents=True)
    (tmp_path / "x" / "2024-25" / "00_overview.md").write_text(
        "## Chair\n\nPlans **fell**. <script>alert(1)</script>\n\n- one\n- two\n\n[bad](javascript:alert(1))")
    status = commentary.commentary_status(tmp_path, "x", "2024-25", ["00_overview", "01_child_protection"])
    assert status == {"00_overview": tmp_path / "x" / "2024-25" / "00_overview.md", "01_child_protection": None}
    body = commentary.commentary_html(tmp_path, "x", "2024-25", "00_overview")
    assert "<h3>Chair</h3>" in body and "<strong>fell</strong>" in body and "<li>one</li>" in body
    assert "<script>" not in body and "&lt;script&gt;" in body and "javascript:" not in body
    draft = commentary.commentary_html(tmp_path, "x", "2024-25", "01_child_protection")
    assert "DRAFT" in draft and "01_child_protection.md" in draft


def test_example_commentary_covers_some_pages_only():
    root = commentary.commentary_root()
    s = commentary.commentary_status(root, "exampleshire", "2024-25",
                                      ["00_overview", "01_child_protection", "02_child_deaths"])
    assert s["00_overview"] and s["01_child_protection"] and s["02_child_deaths"] is None
    assert "EXAMPLE TEXT" in s["00_overview"].read_text()


def test_data_quality_sentence():
    r = Rejections()
    r.record_read("a.csv", 1000)
    r.record_used("a.csv", 990)
    for i in range(10):
        r.add("a.csv", i + 2, "date", "x", "date in the future")
    assert display.data_quality_sentence(r) == (
        "Of 1,000 rows in 1 file, 990 were used and 10 (1.0%) were set aside, most often because: date in the "
        "future; the appendix lists every file and reason.")
    clean = Rejections()
    clean.record_read("b.csv", 20)
    clean.record_used("b.csv", 20)
    assert display.data_quality_sentence(clean) == "All 20 rows in 1 file were used."
    appendix = display.data_quality_appendix(r, show=False)
    assert appendix.startswith('<section class="lscb-appendix"><h2>Appendix: data quality</h2>')
    assert "lscb-quality" in appendix
