"""Practice reviews and their actions: timescales in working days and action status at 31 March, by hand."""

from __future__ import annotations

import pytest

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections import practice_reviews

NOTIFICATIONS = """notification_id,aware_date,notification_date,rapid_review_date,lcspr_decision,lcspr_commissioned_date,lcspr_published_date
N1,2024-04-01,2024-04-08,2024-04-22,yes,2024-05-01,2025-03-31
N2,2024-12-20,2025-01-02,2025-01-17,no,,
N3,2025-03-24,2025-03-31,2025-04-14,,,
N4,2024-06-03,2024-05-31,,no,,
"""
ACTIONS = """action_id,review,review_type,owner,agreed_date,due_date,completed_date,impact_evidence
A1,LCSPR Child A,LCSPR,Police,2024-05-01,2024-09-30,2024-09-01,yes
A2,LCSPR Child A,local,Health,2024-05-01,2025-03-31,,
A3,National review,national,Council,2024-05-01,2025-04-01,,
A4,Rapid review,rapid review,Schools,2024-05-01,2025-02-28,2025-04-01,no
A5,Rapid review,rapid review,Schools,2025-04-02,2025-06-30,,
A6,Rapid review,rapid review,Schools,2024-05-01,2025-01-31,2025-03-31,no
"""


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "x" / "reviews"
    folder.mkdir(parents=True)
    (folder / "notifications.csv").write_text(NOTIFICATIONS)
    (folder / "actions.csv").write_text(ACTIONS)
    return practice_reviews.load(tmp_path / "x")


def row(table, indicator, breakdown="all", unit="count"):
    return ind.select(table, indicator, breakdown=breakdown, unit=unit, period="2024-25").iloc[0]


def test_notification_before_awareness_is_rejected(data):
    rej = data.rejections.to_frame()
    assert list(zip(rej["row"], rej["column"])) == [(5, "notification_date")]
    assert data.rejections.used == {"reviews/notifications.csv": 3, "reviews/actions.csv": 6}


def test_notifications_and_rapid_reviews_within_their_working_days(data):
    table = practice_reviews.indicators(data, "2024-25")
    assert row(table, "serious_incident_notifications")["value"] == 3  # N1, N2, N3 (31 March 2025)
    # N1: Mon 1 April -> Mon 8 April is 5 working days; N2: Fri 20 Dec -> Thu 2 Jan is 6 (25, 26 Dec and
    # 1 Jan are bank holidays); N3: Mon 24 -> Mon 31 March is 5
    within5 = row(table, "notifications_within_5_working_days", unit="percent")
    assert (within5["numerator"], within5["denominator"]) == (2, 3)
    # rapid reviews in 2024-25: N1 on 22 April is 15 working days after 1 April (Easter Monday: a bank
    # holiday, not a working day); N2 on Fri 17 Jan is 17 working days after Fri 20 Dec (15 would be Wed 15
    # Jan); N3's (14 April 2025) is next year's
    assert row(table, "rapid_reviews")["value"] == 2
    within15 = row(table, "rapid_reviews_within_15_working_days", unit="percent")
    assert (within15["numerator"], within15["denominator"]) == (1, 2)
    assert row(table, "lcspr_commissioned")["value"] == 1
    assert row(table, "lcspr_published")["value"] == 1


def test_action_status_at_31_march(data):
    table = practice_reviews.indicators(data, "2024-25")
    # A1 completed; A2 due on 31 March and not done: overdue; A3 due 1 April: on track; A4 completed after
    # 31 March and due in February: overdue; A5 agreed after 31 March: not counted; A6 completed on 31 March
    assert row(table, "review_actions")["value"] == 5
    assert row(table, "review_actions", "status:completed")["value"] == 2
    assert row(table, "review_actions", "status:overdue")["value"] == 2
    assert row(table, "review_actions", "status:on_track")["value"] == 1
    assert row(table, "review_actions", "status:overdue", "percent")["value"] == 40.0
    assert row(table, "review_actions", "review_type:rapid_review")["value"] == 2
    impact = row(table, "review_actions_with_impact_evidence", unit="percent")
    assert (impact["numerator"], impact["denominator"]) == (1, 2)


def test_board_tables(data):
    tables = practice_reviews.board_tables(practice_reviews.indicators(data, ["2023-24", "2024-25"]), "2024-25")
    assert tables["actions"].loc["Overdue", "Actions"] == "2"
    assert tables["reviews"].loc["Rapid reviews completed", "2024-25"] == "2"
