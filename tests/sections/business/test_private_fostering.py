"""Private fostering from a hand-made extract: arrangements at 31 March and visits within 7 working days."""

from __future__ import annotations

from lscb_analysis.core import indicators as ind
from lscb_analysis.sections import private_fostering

ARRANGEMENTS = """child_id,notification_date,start_date,end_date,initial_visit_date
P1,2024-04-01,2024-03-25,2024-09-30,2024-04-10
P2,2024-12-20,2025-01-02,2025-03-31,2025-01-02
P3,2025-03-31,2025-03-31,,
P4,2023-10-01,2023-10-01,,2023-10-03
P5,2024-06-03,2024-06-01,2024-05-01,2024-06-04
"""


def test_private_fostering_by_hand(tmp_path):
    folder = tmp_path / "x" / "private_fostering"
    folder.mkdir(parents=True)
    (folder / "arrangements.csv").write_text(ARRANGEMENTS)
    data = private_fostering.load(tmp_path / "x")
    assert data.rejections.to_frame()["reason"].tolist() == ["before the arrangement started"]
    table = private_fostering.indicators(data, "2024-25")

    def value(name, unit="count"):
        return ind.select(table, name, unit=unit).iloc[0]

    assert value("private_fostering_notifications")["value"] == 3  # P1, P2, P3 (31 March)
    assert value("private_fostering_new_arrangements")["value"] == 2  # P2, P3 (P1 began in March 2024)
    assert value("private_fostering_ended")["value"] == 2  # P1, P2 (31 March 2025)
    # in place at the end of 31 March 2025: P3 (began that day) and P4 (open since 2023); P2 ended that day
    assert value("private_fostering_at_31_march")["value"] == 2
    # P1: Monday 1 April 2024 was Easter Monday; 10 April is 7 working days later (in time). P2: visited the
    # day of the notification (in time). P3: not yet visited (not in time)
    visits = value("private_fostering_visits_in_time", "percent")
    assert (visits["numerator"], visits["denominator"]) == (2, 3)
