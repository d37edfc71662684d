"""The key facts and context notebooks run for an area with local extracts and for one with published
statistics only (Bexley 2016-17): no empty headings, no missing-file messages, England beside the figures."""

import re

import pytest

from lscb_analysis import report
from lscb_analysis.inputs import dfe


def outputs_text(nb: dict) -> list[str]:
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            text = "".join(data.get("text/html") or data.get("text/markdown") or o.get("text") or "")
            out.append(text)
    return out


@pytest.mark.slow
def test_key_facts_for_published_statistics_only(execute_notebook, tmp_path):
    years = ["2012-13", "2013-14", "2014-15", "2015-16", "2016-17"]
    processed = tmp_path / "processed"
    report.write_indicators(dfe.indicators("bexley", years), processed, "bexley", "2016-17", "cp")
    nb, _ = execute_notebook("00_overview.ipynb", area="bexley", reporting_year="2016-17")
    shown = outputs_text(nb)
    text = re.sub(r"<[^>]+>", " ", " ".join(shown))
    assert "was not found" not in text and ".csv was" not in text
    assert "This page has figures for child protection only from the DfE's published statistics." in text
    assert "England" in text and "significantly below" in text
    # every heading shown is followed by something: the headings come from code, only with content
    for i, s in enumerate(shown):
        if re.fullmatch(r"\s*<h2>[^<]*</h2>\s*", s):
            assert i + 1 < len(shown) and shown[i + 1].strip(), s
    assert "DRAFT" in text  # no commentary written for Bexley
    assert not any(o.get("output_type") == "execute_result" for c in nb["cells"] for o in c.get("outputs", []))


@pytest.mark.slow
def test_context_page_runs_and_writes_its_table(execute_notebook):
    nb, processed = execute_notebook("05_context.ipynb", area="bexley", reporting_year="2016-17")
    text = re.sub(r"<[^>]+>", " ", " ".join(outputs_text(nb)))
    assert "56,523 children aged 0 to 17 live in Bexley" in text  # ONS mid-2016
    assert "Children's social work workforce" in text.replace("&#x27;", "'")
    assert (processed / "bexley" / "2016-17" / "context.csv").is_file()
