"""The training section's code lists and display labels (DESIGN.md section 4): sectors, modes, booking
statuses, form stages, and the spellings a training system or a spreadsheet may use for them."""

from __future__ import annotations

__all__ = ["SOURCE", "SECTORS", "SECTOR_LABELS", "MODES", "STATUSES", "STAGES", "APPLIED", "SECTOR_ALIASES",
           "MODE_ALIASES", "STATUS_ALIASES", "STAGE_ALIASES", "YESNO_ALIASES", "label"]

SOURCE = "local extract"

SECTORS = (
    "schools", "early_years", "further_education", "health", "police", "childrens_social_care",
    "early_help", "adult_social_care", "probation", "youth_justice", "housing", "voluntary_community",
    "faith", "other",
)
SECTOR_LABELS = {
    "schools": "Schools", "early_years": "Early years", "further_education": "Further education",
    "health": "Health", "police": "Police", "childrens_social_care": "Children's social care",
    "early_help": "Early help", "adult_social_care": "Adult social care", "probation": "Probation",
    "youth_justice": "Youth justice", "housing": "Housing", "voluntary_community": "Voluntary and community",
    "faith": "Faith", "other": "Other",
}
MODES = ("face_to_face", "e_learning", "webinar", "workshop", "conference")
STATUSES = ("attended", "did_not_attend", "cancelled")
STAGES = ("before", "after", "follow_up")
APPLIED = ("yes", "partly", "no")

# labels a training system or a spreadsheet might use, mapped to the contract's codes
SECTOR_ALIASES = {
    "school": "schools", "education": "schools", "early years": "early_years", "nursery": "early_years",
    "fe": "further_education", "further education": "further_education", "college": "further_education",
    "nhs": "health", "children's social care": "childrens_social_care", "childrens social care": "childrens_social_care",
    "csc": "childrens_social_care", "social care": "childrens_social_care", "early help": "early_help",
    "adult social care": "adult_social_care", "youth justice": "youth_justice", "yot": "youth_justice",
    "yos": "youth_justice", "voluntary": "voluntary_community", "vcs": "voluntary_community",
    "voluntary and community": "voluntary_community", "voluntary & community": "voluntary_community",
    "faith groups": "faith",
}
MODE_ALIASES = {
    "face to face": "face_to_face", "f2f": "face_to_face", "classroom": "face_to_face",
    "e-learning": "e_learning", "elearning": "e_learning", "online course": "e_learning",
    "virtual": "webinar", "online": "webinar", "live online": "webinar",
}
STATUS_ALIASES = {
    "attended": "attended", "yes": "attended", "present": "attended",
    "did not attend": "did_not_attend", "dna": "did_not_attend", "no show": "did_not_attend",
    "absent": "did_not_attend", "canceled": "cancelled", "cancelled": "cancelled", "withdrawn": "cancelled",
}
STAGE_ALIASES = {
    "pre": "before", "pre-course": "before", "pre course": "before", "post": "after",
    "post-course": "after", "post course": "after", "follow up": "follow_up", "follow-up": "follow_up",
    "followup": "follow_up",
}
YESNO_ALIASES = {"y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"}


def label(dimension: str | None, value: str) -> str:
    """A display label for a breakdown value ("childrens_social_care" -> "Children's social care")."""
    if dimension == "sector":
        return SECTOR_LABELS.get(value, value)
    if dimension == "mode":
        named = {"face_to_face": "Face to face", "e_learning": "E-learning"}
        return named.get(value, value.replace("_", " ").capitalize())
    return str(value).replace("_", " ").capitalize()
