"""Definitions of the multi-agency training indicators (see :mod:`lscb_analysis.core.definitions`)."""

# ruff: noqa: F403, F405 - the shared wording and the Definition record come from model, by name
from __future__ import annotations

from lscb_analysis.core.definitions.model import *

TRAINING_DEFINITIONS = [
    _d("courses_delivered", _TR, "Courses delivered",
       "Multi-agency courses starting in the year with at least one delegate attending.",
       "courses delivered", "none", NO_POP, ("count",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "courses_delivered",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses"),
    _d("training_days", _TR, "Training days",
       "The total length in days of the courses delivered in the year.",
       "days of training delivered", "none", NO_POP, ("days",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "training_days",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses", digits=1),
    _d("places_offered", _TR, "Places offered",
       "The total places on the courses delivered in the year.",
       "places on courses delivered", "none", NO_POP, ("count",), "none", SUPPRESS_NONE, SRC_TRAINING,
       TRAINING + "places_offered",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="courses"),
    _d("delegates_attended", _TR, "Delegates attending",
       "Bookings on courses starting in the year where the delegate attended (a delegate on two courses "
       "counts twice, as annual reports count delegates).",
       "bookings attended", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING,
       TRAINING + "delegates_attended",
       breakdowns="theme:<theme>; mode:<mode>", change_unit="percent", subject="professionals"),
    _d("individual_delegates", _TR, "Individual delegates",
       "Distinct people who attended at least one course starting in the year.",
       "people attending at least one course", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "individual_delegates", change_unit="percent", subject="professionals"),
    _d("fill_rate", _TR, "Fill rate",
       "Delegates attending as a percentage of places offered (it can pass 100% when extra delegates are "
       "seated).",
       "delegates attending", "places offered", NO_POP, SHARE, "none (a census of places, not a sample)",
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "fill_rate", breakdowns="theme:<theme>; mode:<mode>",
       change_unit="percentage points", subject="professionals"),
    _d("did_not_attend_rate", _TR, "Did not attend rate",
       "Bookings where the delegate did not attend, as a percentage of bookings attended or not attended "
       "(cancelled bookings are in neither: the place was given back).",
       "bookings not attended", "bookings attended or not attended", NO_POP, SHARE, WILSON_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "did_not_attend_rate", breakdowns="theme:<theme>; mode:<mode>",
       change_unit="percentage points", subject="professionals"),
    _d("delegates_by_sector", _TR, "Delegates by sector",
       "Delegates attending courses starting in the year by the sector they work in (every sector listed, "
       "zeros included, so the sectors the programme does not reach show).",
       "bookings attended by delegates from the sector", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "delegates_by_sector", breakdowns="sector:<sector>", subject="professionals"),
    _d("organisations_reached", _TR, "Organisations reached",
       "Distinct organisations with at least one delegate attending a course starting in the year, in all and "
       "by sector (\"95 staff from 32 schools\").",
       "organisations with a delegate attending", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "organisations_reached", breakdowns="sector:<sector>", change_unit="percent",
       subject="organisations"),
    _d("elearning_completions", _TR, "E-learning completions",
       "E-learning modules completed in the year.",
       "modules completed in the year", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING,
       TRAINING + "elearning_completions", breakdowns="sector:<sector>", change_unit="percent",
       subject="professionals"),
    _d("elearning_in_progress", _TR, "E-learning in progress",
       "E-learning enrolments made in the year and not completed by 31 March.",
       "enrolments in the year not completed by 31 March", "none", NO_POP, ("count",), COUNT_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "elearning_in_progress", change_unit="percent", subject="professionals"),
    _d("elearning_completion_rate", _TR, "E-learning completion rate",
       "E-learning completions as a percentage of completions plus enrolments still in progress, as seed 000 "
       "computes it (1,177 completed and 88 in progress: 93%).",
       "modules completed in the year", "completions plus enrolments in progress", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "elearning_completion_rate", change_unit="percentage points",
       subject="professionals"),
    _d("evaluation_response_rate", _TR, "Evaluation response rate",
       "Evaluation forms returned at each stage (before, after, follow-up) as a percentage of delegates "
       "attending.",
       "forms returned at the stage", "delegates attending", NO_POP, SHARE, WILSON_CI, SUPPRESS_PROFESSIONALS,
       SRC_TRAINING, TRAINING + "evaluation_response_rate", breakdowns="stage:<before, after, follow_up>",
       change_unit="percentage points", subject="professionals"),
    _d("objectives_met", _TR, "Learning objectives met",
       "After-course forms rating the course's objectives as met 4 or 5 out of 5, as a percentage of after-"
       "course forms with a rating (Kirkpatrick level 1, reaction).",
       "after-course forms rating 4 or 5", "after-course forms with a rating", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "objectives_met", change_unit="percentage points",
       subject="professionals"),
    _d("would_recommend", _TR, "Would recommend the course",
       "After-course forms answering yes to recommending the course, as a percentage of forms answering yes "
       "or no (Kirkpatrick level 1).",
       "after-course forms answering yes", "after-course forms answering yes or no", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "would_recommend", change_unit="percentage points",
       subject="professionals"),
    _d("confidence_before", _TR, "Confidence before training",
       "The median self-rated confidence (1 to 10) on before-course forms (Kirkpatrick level 2, learning). "
       "The matched before-and-after comparison, with a Wilcoxon signed-rank test, is "
       "`training.confidence_change`.",
       "confidence ratings before the course (median)", "before-course forms with a rating", NO_POP, ("score",),
       MEDIAN_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "confidence_before", change_unit="score",
       subject="professionals"),
    _d("confidence_after", _TR, "Confidence after training",
       "The median self-rated confidence (1 to 10) on after-course forms (Kirkpatrick level 2, learning).",
       "confidence ratings after the course (median)", "after-course forms with a rating", NO_POP, ("score",),
       MEDIAN_CI, SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "confidence_after", change_unit="score",
       subject="professionals"),
    _d("applied_learning", _TR, "Learning applied in practice",
       "Follow-up forms answering yes or partly to having applied the learning in practice, as a percentage "
       "of follow-up forms answering (Kirkpatrick level 3, behaviour); the split by answer is given too.",
       "follow-up forms answering yes or partly", "follow-up forms answering", NO_POP, SHARE, WILSON_CI,
       SUPPRESS_PROFESSIONALS, SRC_TRAINING, TRAINING + "applied_learning", breakdowns="answer:<yes, partly, no>",
       change_unit="percentage points", subject="professionals"),
]
