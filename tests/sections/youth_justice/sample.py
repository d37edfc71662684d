"""The small hand-built youth justice extract whose answers can be checked by hand.
The children (dates of birth, outcomes) and what each one pins:

* A: triage in 2023-24, then a youth caution on 10/07/2024 -> a first time entrant in 2024-25 (the
  caution is the first entry), not in 2023-24.
* B: offence on the day of their 10th birthday -> accepted; B2: offence the day before -> rejected.
* C: index 15/06/2022; re-offence committed on day 365 (15/06/2023), proven 10/11/2023 (month 17) -> counts.
* D: index 20/07/2022; re-offence committed on day 365, proven 25/02/2024 (month 19) -> does not count.
* E: index 10/08/2022; re-offence committed on day 366 -> outside the follow-up.
* F: index 01/09/2022 (youth caution); an offence committed before it (25/08/2022) but sentenced after
  (15/11/2022) -> not a re-offence.
* G: index 10/05/2022; two re-offences (committed 01/08/2022 and 05/01/2023) -> 2; plus a community
  resolution for a later offence -> not proven, not counted.
* H: detention and training order in 2021-22, released 01/10/2022 -> enters the cohort on release.
* I: aged 18 at the outcome -> neither a first time entrant nor in the youth cohort.
* K: referral order and detention and training order on the same day -> one custodial sentencing
  occasion; not in the cohort (enters on release, and has none).
* J: a youth caution on 20/03/2025, the latest date in the data (the extract date).

The 2022-23 annual cohort is B, C, D, E, F, G, H: 7 children, 2 re-offenders (C, G), 3 re-offences.
"""

from __future__ import annotations

import pandas as pd

from lscb_analysis import indicators as ind
from lscb_analysis.inputs import clean

OUTCOMES = """\
young_person_id,date_of_birth,sex,ethnicity,residence,offence_date,outcome_date,outcome,offence_type
A1,2008-05-01,M,WBRI,Exampleshire,2023-05-20,2023-06-01,TRIAGE,theft and handling
A1,2008-05-01,M,WBRI,Exampleshire,2024-06-30,10/07/2024,Youth Caution,theft and handling
B1,2012-09-15,F,WBRI,Exampleshire,2022-09-15,2022-10-01,YC,criminal damage
B2,2012-09-15,M,WBRI,Exampleshire,2022-09-14,2022-10-01,YC,criminal damage
C1,2006-03-10,M,WBRI,Exampleshire,2022-06-01,2022-06-15,YC,violence against the person
C1,2006-03-10,M,WBRI,Exampleshire,2023-06-15,2023-11-10,RO,violence against the person
D1,2006-01-20,M,MWBC,Exampleshire,2022-07-01,2022-07-20,RO,robbery
D1,2006-01-20,M,MWBC,Exampleshire,2023-07-20,2024-02-25,YRO,robbery
E1,2007-02-02,F,WBRI,Exampleshire,2022-08-01,2022-08-10,YCC,public order
E1,2007-02-02,F,WBRI,Exampleshire,2023-08-11,2023-09-01,YC,public order
F1,2008-11-11,M,WBRI,Exampleshire,2022-08-20,2022-09-01,YC,theft and handling
F1,2008-11-11,M,WBRI,Exampleshire,2022-08-25,2022-11-15,RO,burglary
G1,2007-07-07,M,BAFR,Exampleshire,2022-04-25,2022-05-10,YCC,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2022-08-01,2022-09-01,YRO,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2023-01-05,2023-03-01,RO,drugs
G1,2007-07-07,M,BAFR,Exampleshire,2023-02-01,2023-02-20,CR,drugs
H1,2006-06-06,M,WBRI,Exampleshire,2021-12-01,2022-02-01,DTO,robbery
I1,2004-05-01,M,WBRI,Exampleshire,2022-04-20,2022-06-01,RO,motoring offences
K1,2007-09-09,M,WBRI,Exampleshire,2022-10-05,2022-12-01,RO,burglary
K1,2007-09-09,M,WBRI,Exampleshire,2022-10-05,2022-12-01,DTO,robbery
J1,2011-01-01,F,WBRI,Exampleshire,2025-03-01,2025-03-20,YC,other
"""

RELEASES = """\
young_person_id,release_date
H1,2022-10-01
"""

REMANDS = """\
young_person_id,remand_start,remand_end,remand_type
K1,2022-10-06,2022-11-01,custody
K1,2022-11-10,2022-12-01,Remand to youth detention accommodation
L1,2022-11-01,,custody
L1,2022-06-01,2022-06-20,bail_supervision
M1,2021-05-01,2021-06-01,custody
"""

ASSESSMENTS = """\
young_person_id,assessment_date,stage,vulnerability,risk_of_serious_harm
C1,2022-06-20,start,low,medium
D1,2022-07-25,start,Low,Medium
G1,2022-05-15,start,High,very high
F1,2022-09-05,start,,medium
G1,2022-08-15,review,very_high,high
H1,2021-06-01,start,medium,low
"""


def _population(tmp_path, per_age_sex: int = 1000, years=range(2020, 2025)) -> None:
    rows = [f"Exampleshire,{y},{a},{s},{per_age_sex}" for y in years for a in range(18) for s in "FM"]
    (tmp_path / "population.csv").write_text("area,mid_year,age,sex,population\n" + "\n".join(rows) + "\n")




def pid(raw: str) -> str:
    return clean.pseudonymise(pd.Series([raw]), b"test-key").iloc[0]


def value(table, indicator, unit, breakdown="all", period=None):
    rows = ind.select(table, indicator, unit=unit, breakdown=breakdown, period=period)
    assert len(rows) == 1, (indicator, unit, breakdown, period, rows)
    return rows.iloc[0]


