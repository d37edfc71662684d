"""Ofsted's Annex A template (inspection of local authority children's services, ILACS): its lists and headers.

Councils prepare Annex A as one workbook of eleven lists, a worksheet each ("List 1" ... "List 11"), each with
the template's column headers on its first row and, in coded columns, the template's labelled values
(``q) 6: Police``, ``a) 1A: Individual``, ``b) Female``, ``a) Yes``). The headers below are the template's
(Ofsted, *Annex A: children's social care data*, as machine-read by SocialFinanceDigitalLabs/liia-tools,
``liiatools/spec/annex_a/``). Each list 1-9 is read into one tidy table whose columns use the names the
child protection section already uses (CIN census item names; SSDA903 names for looked-after children).

Each column is ``(template header, column name, kind)``; kind is one of ``id``, ``date``, ``code:<item>``,
``flag``, ``count``, ``text`` or ``drop``. ``drop`` columns identify staff or places (allocated worker and
team, placement postcode and URN) and are never stored; the child's date of birth, gender, ethnicity and age
are read into ``PersonBirthDate``/``Sex``/``Ethnicity`` (the age is derived, so dropped).
"""

from __future__ import annotations

_CHILD = [("Child Unique ID", "LAchildID", "id"), ("Gender", "Sex", "code:Sex"), ("Ethnicity", "Ethnicity", "text"),
          ("Date of Birth", "PersonBirthDate", "date"), ("Age of Child (Years)", "", "drop")]
_DISABILITY = [("Does the Child have a Disability", "Disability", "flag")]
_STAFF = [("Allocated Team", "", "drop"), ("Allocated Worker", "", "drop")]

# list number -> (table name, [(header, column, kind)], key columns (a repeat is a duplicate), date that files a
# row in a reporting year)
LISTS: dict[int, tuple[str, list[tuple[str, str, str]], list[str], str]] = {
    1: ("contacts", _CHILD + [("Date of Contact", "DateOfContact", "date"),
                              ("Contact Source", "ContactSource", "code:ReferralSource")],
        ["LAchildID", "DateOfContact", "ContactSource"], "DateOfContact"),
    2: ("early_help", _CHILD + [("Assessment start date", "EarlyHelpAssessmentStartDate", "date"),
                                ("Assessment completion date", "EarlyHelpAssessmentCompletionDate", "date"),
                                ("Organisation completing assessment", "EarlyHelpOrganisation", "text")],
        ["LAchildID", "EarlyHelpAssessmentStartDate"], "EarlyHelpAssessmentStartDate"),
    3: ("referrals", _CHILD + [("Date of referral", "CINreferralDate", "date"),
                               ("Referral Source", "ReferralSource", "code:ReferralSource"),
                               ("Referral NFA?", "ReferralNFA", "flag"),
                               ("Number of Referrals in Last 12 Months", "ReferralsInLast12Months", "count")]
        + _STAFF, ["LAchildID", "CINreferralDate"], "CINreferralDate"),
    4: ("assessments", _CHILD + _DISABILITY + [
        ("Continuous Assessment Start Date", "AssessmentActualStartDate", "date"),
        ("Child Seen During Continuous Assessment", "ChildSeenDuringAssessment", "flag"),
        ("Continuous Assessment Date of Authorisation", "AssessmentAuthorisationDate", "date"),
        ("Was the child assessed as requiring LA children's social care support?", "AssessedInNeed", "flag")]
        + _STAFF, ["LAchildID", "AssessmentActualStartDate"], "AssessmentActualStartDate"),
    5: ("section47", _CHILD + _DISABILITY + [
        ("Strategy discussion initiating Section 47 Enquiry Start Date", "S47ActualStartDate", "date"),
        ("Was an Initial Child Protection Conference deemed unnecessary?", "ICPCnotRequired", "flag"),
        ("Date of Initial Child Protection Conference", "DateOfInitialCPC", "date"),
        ("Did the Initial Child Protection Conference Result in a Child Protection Plan", "ICPCResultedInPlan", "flag"),
        ("Number of Section 47 Enquiries in the last 12 months", "Section47InLast12Months", "count"),
        ("Number of ICPCs in the last 12 months", "ICPCsInLast12Months", "count")]
        + _STAFF, ["LAchildID", "S47ActualStartDate"], "S47ActualStartDate"),
    6: ("children_in_need", _CHILD + _DISABILITY + [
        ("CIN Start Date", "CINreferralDate", "date"), ("Primary Need Code", "PrimaryNeedCode", "code:PrimaryNeedCode"),
        ("Date Child Was Last Seen", "DateChildLastSeen", "date"), ("CIN Closure Date", "CINclosureDate", "date"),
        ("Reason for Closure", "ReasonForClosure", "code:ReasonForClosure"), ("Case Status", "CaseStatus", "text")]
        + _STAFF, ["LAchildID", "CINreferralDate"], "CINreferralDate"),
    7: ("cp_plans", _CHILD + _DISABILITY + [
        ("Child Protection Plan Start Date", "CPPstartDate", "date"),
        ("Initial Category of Abuse", "InitialCategoryOfAbuse", "code:CategoryOfAbuse"),
        ("Latest Category of Abuse", "LatestCategoryOfAbuse", "code:CategoryOfAbuse"),
        ("Date of the Last Statutory Visit", "DateOfLastStatutoryVisit", "date"),
        ("Was the Child Seen Alone?", "ChildSeenAlone", "flag"),
        ("Date of latest review conference", "CPPreviewDate", "date"),
        ("Child Protection Plan End Date", "CPPendDate", "date"),
        ("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
         "EPOOrPolicePowersInLast6Months", "flag"),
        ("Number of Previous Child Protection Plans", "NumberOfPreviousCPP", "count")]
        + _STAFF, ["LAchildID", "CPPstartDate"], "CPPstartDate"),
    8: ("looked_after", _CHILD + _DISABILITY + [
        ("Date Started to be Looked After", "DECOM", "date"),
        ("Child's Category of Need", "CIN", "text"),
        ("Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
         "SecondPeriodInLast12Months", "flag"),
        ("Start date of current legal status", "LegalStatusStartDate", "date"), ("Child's Legal Status", "LS", "text"),
        ("Date of Latest Statutory Review", "DateOfLatestReview", "date"),
        ("Date of Last Social Work Visit", "DateOfLastSocialWorkVisit", "date"),
        ("What is the permanence plan for this child?", "PermanencePlan", "text"),
        ("Date of Last IRO Visit / Contact to the Child", "DateOfLastIROContact", "date"),
        ("Date of Last Health Assessment", "DateOfLastHealthAssessment", "date"),
        ("Date of Last Dental Check", "DateOfLastDentalCheck", "date"),
        ("Number of Placements in the Last 12 months", "PlacementsInLast12Months", "count"),
        ("Date Ceased to be Looked After", "DEC", "date"), ("Reason Ceased to be Looked After", "REC", "text"),
        ("Start Date of Most Recent Placement", "PlacementStartDate", "date"), ("Placement Type", "PLACE", "text"),
        ("Placement Provider", "PLACE_PROVIDER", "text"), ("Placement postcode", "", "drop"),
        ("URN of Placement", "", "drop"), ("Placement Location", "PlacementLocation", "text"),
        ("LA of Placement", "", "drop"),
        ("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
         "MissingEpisodes", "count"),
        ("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
         "AbsentEpisodes", "count"),
        ("Was the child offered a Return Interview after their last missing episode (Y/N)?",
         "ReturnInterviewOffered", "flag"),
        ("Did the child accept a Return Interview after their last missing episode (Y/N)?",
         "ReturnInterviewAccepted", "flag")] + _STAFF, ["LAchildID", "DECOM"], "DECOM"),
    9: ("care_leavers", _CHILD + _DISABILITY + _STAFF + [
        ("Eligibility Category", "EligibilityCategory", "text"), ("LA in Touch", "InTouch", "text"),
        ("Type of Accommodation", "Accommodation", "text"), ("Suitability of Accommodation", "AccommodationSuitable", "text"),
        ("Activity Status", "Activity", "text")], ["LAchildID"], ""),
}
# lists 10 (adoption) and 11 (adopters): recognised and counted, not read into tables
NOT_READ = {10: "adoption", 11: "adopters"}
# the column a list must have besides the child's identifier (the date that makes the row an event)
REQUIRED_DATE = {n: spec[3] for n, spec in LISTS.items() if spec[3]}

# labels the template writes for values that the census writes as codes
LABELS: dict[str, dict[str, str]] = {
    "Sex": {"male": "M", "female": "F", "not stated/recorded": "U", "unknown": "U", "neither": "U",
            "indeterminate": "U", "not known": "U", "m": "M", "f": "F", "u": "U", "1": "M", "2": "F", "0": "U",
            "9": "U"},
    "CategoryOfAbuse": {"neglect": "NEG", "physical abuse": "PHY", "sexual abuse": "SAB", "emotional abuse": "EMO",
                        "multiple": "MUL", "multiple/not recommended": "MUL"},
}
CATEGORY_CODES = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
