"""The board's child protection page: charts that keep their size, method notes that name their source
(issue 17, items 1 and 11)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from lscb_analysis import cp
from lscb_analysis.report import display, plots

RAW = Path(__file__).resolve().parents[3] / "data" / "raw"


@pytest.fixture(scope="module")
def bexley():
    return cp.section("bexley", "2016-17", RAW)


def _png_size(fig) -> tuple[int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return struct.unpack(">II", buf.getvalue()[16:24])


@pytest.mark.parametrize("indicator", ["cp_plans_at_31_march", "children_in_need_at_31_march", "referrals"])
def test_trend_chart_is_no_taller_than_its_figure(bexley, indicator):
    # the y axis named the whole measure ("Children subject to a child protection plan at 31 March per 10,000
    # children"): drawn 652 pixels tall for a 420-pixel figure, mostly empty. The title names the measure;
    # the axis names the unit.
    plots.use_style()
    fig = cp.trend_chart(bexley, indicator)
    height = fig.get_size_inches()[1] * fig.dpi
    assert fig.axes[0].get_ylabel() == "Per 10,000 children"
    assert _png_size(fig)[1] <= 1.1 * height


def test_published_page_method_notes_name_the_dfe_publication(bexley):
    assert bexley.published
    shown = cp.held(bexley.table, cp.ACTIVITY + [i for i, _ in cp.KEY_FACTS + cp.FOLLOWED])
    assert "cp_reviews_in_timescale" not in shown and "section_47_followed_to_icpc" not in shown  # not published
    html = display.methods_html(shown, published=bexley.published)
    assert html.count("<li>") == len(shown) == 13
    assert "council case records" not in html and "council looked-after children records" not in html
    assert "Source: DfE, Children in need statistics" in html
    assert "Source: DfE, Children looked after in England statistics" in display.methods_html(
        ["looked_after_children_at_31_march"], published=True)
    local = display.methods_html(["referrals"])
    assert "council case records" in local


def test_published_page_holds_the_front_door_figures(bexley):
    t = bexley.table
    got = t[t["indicator"].isin(["assessed_not_in_need", "referrals_to_assessment"]) & t["period"].eq("2016-17")]
    assert sorted(got["indicator"]) == ["assessed_not_in_need", "referrals_to_assessment"]
    assert bexley.adolescents is None and bexley.data is None
