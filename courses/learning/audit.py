"""Who changed a trainee's record, when and why: every action a training administrator takes
(an override, reopening or voiding an attempt, enrolling, unenrolling, a cohort import) is a
Wagtail log entry on the trainee's account, with the reason and what changed. They show in
the trainee's history in the admin (`courses.learning.views.trainees`) and in Wagtail's own
history of the account; nothing in them is ever edited."""

from __future__ import annotations

from wagtail.log_actions import LogFormatter, log

QUIZ_OVERRIDE = "learning.quiz_override"
ATTEMPT_REOPEN = "learning.attempt_reopen"
ATTEMPT_VOID = "learning.attempt_void"
ENROL = "learning.enrol"
UNENROL = "learning.unenrol"
COHORT_JOIN = "learning.cohort_join"
COHORT_LEAVE = "learning.cohort_leave"
INVITE = "learning.invite"
COHORT_IMPORT = "learning.cohort_import"

# The actions on a trainee's account, for the trainee's history.
TRAINEE_ACTIONS = (
    QUIZ_OVERRIDE,
    ATTEMPT_REOPEN,
    ATTEMPT_VOID,
    ENROL,
    UNENROL,
    COHORT_JOIN,
    COHORT_LEAVE,
    INVITE,
)


def record(instance, action: str, *, by, reason: str = "", **data):
    """Log `action` on `instance` (a trainee's account, or a cohort) by the user `by`, with
    the reason given and the details in `data` (JSON-ready values)."""
    return log(instance, action, user=by, data={"reason": reason, **data})


class _TrainingFormatter(LogFormatter):
    """What was done, then why: the reason is in the message, since Wagtail's history of a
    model shows messages only (it is the entry's comment too)."""

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")

    def format_message(self, log_entry):
        try:
            what = self.describe(log_entry.data)
        except (KeyError, TypeError, ValueError):
            what = self.message
        reason = log_entry.data.get("reason", "") if isinstance(log_entry.data, dict) else ""
        return f"{what}. Why: {reason}" if reason else f"{what}."

    def describe(self, data: dict) -> str:
        raise NotImplementedError


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class QuizOverrideFormatter(_TrainingFormatter):
    label = "Quiz override"
    message = "Changed a quiz override"

    def describe(self, data):
        after, before = data["after"], data["before"]
        return (
            f"Allowed {_plural(after['extra_attempts'], 'extra attempt')} and "
            f"{_plural(after['extra_minutes'], 'extra minute')} on “{data['quiz']['title']}” "
            f"(before: {before['extra_attempts']} and {before['extra_minutes']})"
        )


class AttemptReopenFormatter(_TrainingFormatter):
    label = "Reopen attempt"
    message = "Reopened a quiz attempt"

    def describe(self, data):
        attempt = data["attempt"]
        score = f", which had scored {attempt['percent']}%" if attempt.get("percent") else ""
        return f"Reopened attempt {attempt['number']} at “{attempt['quiz_title']}”{score}"


class AttemptVoidFormatter(_TrainingFormatter):
    label = "Void attempt"
    message = "Voided a quiz attempt"

    def describe(self, data):
        attempt = data["attempt"]
        score = f" (scored {attempt['percent']}%)" if attempt.get("percent") else ""
        return f"Voided attempt {attempt['number']} at “{attempt['quiz_title']}”{score}"


class EnrolFormatter(_TrainingFormatter):
    label = "Enrol"
    message = "Enrolled in a course"

    def describe(self, data):
        again = " again" if data.get("again") else ""
        return f"Enrolled{again} in “{data['course']['title']}”"


class UnenrolFormatter(_TrainingFormatter):
    label = "Unenrol"
    message = "Unenrolled from a course"

    def describe(self, data):
        return f"Unenrolled from “{data['course']['title']}” (records kept)"


class CohortJoinFormatter(_TrainingFormatter):
    label = "Join cohort"
    message = "Added to a cohort"

    def describe(self, data):
        return f"Added to the cohort “{data['cohort']['name']}”"


class CohortLeaveFormatter(_TrainingFormatter):
    label = "Leave cohort"
    message = "Removed from a cohort"

    def describe(self, data):
        return f"Removed from the cohort “{data['cohort']['name']}” (enrolment kept)"


class InviteFormatter(_TrainingFormatter):
    label = "Invite"
    message = "Account created and invited by email"

    def describe(self, data):
        return f"Account created for {data['email']} and invited by email to set a password"


class CohortImportFormatter(_TrainingFormatter):
    label = "Cohort import"
    message = "Imported members from a CSV file"

    def describe(self, data):
        counts = data["counts"]
        return (
            f"Imported “{data['filename']}”: {counts['invite']} invited, "
            f"{counts['enrol']} enrolled, {counts['join']} added to the cohort, "
            f"{counts['nothing']} unchanged, {counts['invalid']} invalid rows left out"
        )


FORMATTERS = {
    QUIZ_OVERRIDE: QuizOverrideFormatter,
    ATTEMPT_REOPEN: AttemptReopenFormatter,
    ATTEMPT_VOID: AttemptVoidFormatter,
    ENROL: EnrolFormatter,
    UNENROL: UnenrolFormatter,
    COHORT_JOIN: CohortJoinFormatter,
    COHORT_LEAVE: CohortLeaveFormatter,
    INVITE: InviteFormatter,
    COHORT_IMPORT: CohortImportFormatter,
}


def register_log_actions(actions):
    """The `register_log_actions` hook: labels and messages for the history views."""
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)
