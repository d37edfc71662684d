"""Code lists of the child protection returns and how each column of each table is checked.

Sources: the DfE Children in Need census guide (referral sources, closure reasons, categories of abuse,
assessment factors), the DfE SSDA903 guide (legal status, placements, reasons an episode began or ended),
Ofsted's Annex A guidance (list 1 contacts), and DfE's published bands (age, length of plan).
"""

from __future__ import annotations

from lscb_analysis.inputs import cin_xml

SOURCE = "local extract"
PER_10K = "per 10,000 aged 0-17"

REFERRAL_SOURCES = {
    "1A": "Individual: family member, relative or carer", "1B": "Individual: acquaintance",
    "1C": "Individual: self", "1D": "Individual: other", "2A": "Schools", "2B": "Education services", "3A": "Health services: GP",
    "3B": "Health services: health visitor", "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services", "3E": "Health services: A&E",
    "3F": "Health services: other", "4": "Housing", "5A": "LA services: social care",
    "5B": "LA services: other internal", "5C": "LA services: external", "5D": "LA services: early help",
    "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
}
# the groups DfE publishes referrals by source in
SOURCE_GROUPS = {
    "1A": "individual", "1B": "individual", "1C": "individual", "1D": "individual", "2A": "schools",
    "2B": "education services", "3A": "health services", "3B": "health services", "3C": "health services",
    "3D": "health services", "3E": "health services", "3F": "health services", "4": "housing",
    "5A": "la services", "5B": "la services", "5C": "la services", "5D": "la services", "6": "police",
    "7": "other legal agency", "8": "other", "9": "anonymous", "10": "unknown",
}
SOURCE_ALIASES = {label.casefold(): code for code, label in REFERRAL_SOURCES.items()}
SOURCE_ALIASES.update({"gp": "3A", "a&e": "3E", "health visitor": "3B", "school nurse": "3C", "school": "2A",
                       "la services": "5A", "social care": "5A", "early help": "5D", "family member": "1A",
                       "self": "1C", "health": "3F", "health services": "3F"})

CATEGORIES = {"NEG": "neglect", "PHY": "physical_abuse", "SAB": "sexual_abuse", "EMO": "emotional_abuse",
              "MUL": "multiple"}
CATEGORY_ALIASES = {"neglect": "NEG", "physical abuse": "PHY", "physical": "PHY", "sexual abuse": "SAB",
                    "sexual": "SAB", "emotional abuse": "EMO", "emotional": "EMO", "multiple": "MUL",
                    "multiple/not recommended": "MUL", "mixed": "MUL"}
CLOSURE_REASONS = {f"RC{i}" for i in range(1, 10)}
PRIMARY_NEED = {f"N{i}" for i in range(0, 10)}
SEX_ALIASES = {"1": "M", "2": "F", "0": "U", "9": "U", "male": "M", "female": "F", "unknown": "U",
               "not known": "U", "not stated/recorded": "U", "neither": "U", "indeterminate": "U"}

# assessment factor codes -> the DfE c3 column they are published under (breakdown "factor:<column>")
FACTORS: dict[str, str] = {}
for _n, _name in enumerate(["alcohol_misuse", "drug_misuse", "domestic_abuse", "mental_health",
                            "learning_disability", "physical_disability"], start=1):
    FACTORS.update({f"{_n}A": f"{_name}_child", f"{_n}B": f"{_name}_parent", f"{_n}C": f"{_name}_person"})
FACTORS.update({
    "7A": "young_carer", "8B": "privately_fostered", "8C": "privately_fostered", "8D": "privately_fostered",
    "8E": "privately_fostered", "8F": "privately_fostered", "9A": "unaccompanied_asylum_seeker",
    "10A": "going_missing", "11A": "child_sexual_exploitation", "12A": "trafficking", "13A": "gangs",
    "14A": "socially_unacceptable_behaviour", "15A": "self_harm", "16A": "neglect", "17A": "emotional_abuse",
    "18A": "physical_abuse_unknown", "18B": "physical_abuse_child_on_child", "18C": "physical_abuse_adult_on_child",
    "19A": "sexual_abuse_unknown", "19B": "sexual_abuse_child_on_child", "19C": "sexual_abuse_adult_on_child",
    "20": "other", "21": "no_factors_identified", "22A": "female_genital_mutilation", "23A": "faith_linked_abuse",
    "24A": "child_criminal_exploitation",
})

LEGAL_STATUS = {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"}
SHORT_BREAKS = {"V3", "V4"}
REASON_NEW_EPISODE = {"B", "L", "N", "P", "S", "T", "U"}
NEED_903 = {f"N{i}" for i in range(1, 9)}
PLACEMENTS = {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
              "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"}
PROVIDERS = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
REASON_EPISODE_CEASED = {"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41",
                         "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "X1"}

# DfE bands
AGE_BANDS = ["unborn", "under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "not known"]
DURATION_BANDS = ["3 months or less", "more than 3 months to 6 months", "more than 6 months to less than 1 year",
                  "1 year to less than 2 years", "2 years or more"]


TABLES = list(cin_xml.TABLES)
# columns a flat file must have; the others in cin_xml.TABLES may be absent (treated as blank)
REQUIRED = {
    "children": ["LAchildID", "PersonBirthDate"],
    "referrals": ["LAchildID", "CINreferralDate", "ReferralSource", "CINclosureDate", "ReferralNFA"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate", "DateOfInitialCPC"],
    "cp_plans": ["LAchildID", "CPPstartDate", "CPPendDate"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
}
FLAT_ALIASES = {"children": {"Sex": ["GenderCurrent", "Gender"]}}
# the fields that identify one record: a repeat within a file is a duplicate; across census returns the
# later return's copy is kept
KEYS = {
    "children": ["LAchildID"],
    "referrals": ["LAchildID", "CINreferralDate"],
    "assessments": ["LAchildID", "CINreferralDate", "AssessmentActualStartDate"],
    "section47": ["LAchildID", "CINreferralDate", "S47ActualStartDate"],
    "cp_plans": ["LAchildID", "CPPstartDate"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
    "contacts": ["LAchildID", "DateOfContact", "ContactSource"],
    "episodes": ["CHILD", "DECOM"],
}

# how each column is cleaned: (column, kind, options)
SPECS: dict[str, list[tuple]] = {
    "children": [("LAchildID", "id", {}), ("PersonBirthDate", "date", {"required": False}),
                 ("ExpectedPersonBirthDate", "date", {"required": False, "future_ok": True}),
                 ("Sex", "code", {"allowed": {"M", "F", "U"}, "aliases": SEX_ALIASES, "required": False}),
                 ("Ethnicity", "text", {}), ("PersonDeathDate", "date", {"required": False})],
    "referrals": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                  ("ReferralSource", "code", {"allowed": set(REFERRAL_SOURCES), "aliases": SOURCE_ALIASES,
                                              "required": False}),
                  ("PrimaryNeedCode", "code", {"allowed": PRIMARY_NEED, "required": False}),
                  ("CINclosureDate", "date", {"required": False}),
                  ("ReasonForClosure", "code", {"allowed": CLOSURE_REASONS, "required": False}),
                  ("ReferralNFA", "flag", {}), ("DateOfInitialCPC", "date", {"required": False})],
    "assessments": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                    ("AssessmentActualStartDate", "date", {"required": True}),
                    ("AssessmentAuthorisationDate", "date", {"required": False}),
                    ("AssessmentFactors", "factors", {})],
    "section47": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": True}),
                  ("S47ActualStartDate", "date", {"required": True}),
                  ("InitialCPCtarget", "date", {"required": False, "future_ok": True}),
                  ("DateOfInitialCPC", "date", {"required": False}), ("ICPCnotRequired", "flag", {})],
    "cp_plans": [("LAchildID", "id", {}), ("CINreferralDate", "date", {"required": False}),
                 ("CPPstartDate", "date", {"required": True}), ("CPPendDate", "date", {"required": False}),
                 ("InitialCategoryOfAbuse", "code", {"allowed": set(CATEGORIES), "aliases": CATEGORY_ALIASES,
                                                     "required": False}),
                 ("LatestCategoryOfAbuse", "code", {"allowed": set(CATEGORIES), "aliases": CATEGORY_ALIASES,
                                                    "required": False}),
                 ("NumberOfPreviousCPP", "count", {})],
    "cp_reviews": [("LAchildID", "id", {}), ("CPPstartDate", "date", {"required": True}),
                   ("CPPreviewDate", "date", {"required": True})],
    "contacts": [("LAchildID", "id", {}), ("DateOfContact", "date", {"required": True}),
                 ("ContactSource", "code", {"allowed": set(REFERRAL_SOURCES), "aliases": SOURCE_ALIASES,
                                            "required": False}),
                 # optional, carried as text: the front door checks it (sections/front_door/load.py), so that a
                 # bad decision date never costs child protection a contact
                 ("DateOfDecision", "text", {})],
    "episodes": [("CHILD", "id", {}), ("DECOM", "date", {"required": True}),
                 ("RNE", "code", {"allowed": REASON_NEW_EPISODE, "required": True}),
                 ("LS", "code", {"allowed": LEGAL_STATUS, "required": True}),
                 ("CIN", "code", {"allowed": NEED_903, "required": False}),
                 ("PLACE", "code", {"allowed": PLACEMENTS, "required": True}),
                 ("PLACE_PROVIDER", "code", {"allowed": PROVIDERS, "required": False}),
                 ("DEC", "date", {"required": False}),
                 ("REC", "code", {"allowed": REASON_EPISODE_CEASED, "required": False})],
}
# (start, end): the end must not be before the start
ORDER = {
    "children": [("PersonBirthDate", "PersonDeathDate")],
    "referrals": [("CINreferralDate", "CINclosureDate")],
    "assessments": [("AssessmentActualStartDate", "AssessmentAuthorisationDate")],
    "section47": [("S47ActualStartDate", "DateOfInitialCPC")],
    "cp_plans": [("CPPstartDate", "CPPendDate")],
    "cp_reviews": [("CPPstartDate", "CPPreviewDate")],
    "episodes": [("DECOM", "DEC")],
}
CONTACT_COLUMNS = {"LAchildID": ["Child Unique ID", "child_id", "ChildUniqueID"],
                   "DateOfContact": ["Date of Contact", "contact_date", "Date of contact"],
                   "ContactSource": ["Contact Source", "contact_source", "Source of contact"]}
# optional columns of the contacts extract, with the spellings accepted
CONTACT_OPTIONAL = {"DateOfDecision": ["Date of Decision", "Decision Date", "decision_date", "Contact Decision Date",
                                       "Date of contact decision", "DateOfContactDecision"]}
SUPERSEDED = "superseded: the same record is in a later census return, which is used"
_TRUE = {"1", "true", "t", "y", "yes"}
_FALSE = {"0", "false", "f", "n", "no", ""}
