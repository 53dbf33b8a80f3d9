"""The gradebook: where each trainee enrolled in a course stands, read in bulk.

`gradebook_rows()` takes a batch of enrolments in one course (a report's page, or a slice of
an export) and reads their records in four queries however many trainees the batch holds:
their lesson completions (and the latest of them), their quiz attempts and their cohort
memberships. Progress and
which attempt counts are decided by the same rules as the trainee's own pages
(`progress.py`, `standing.py`); nothing is graded again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from courses.learning.models import (
    Cohort,
    CohortMembership,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from courses.learning.navigation import CourseLike, CourseNavigation, OutlineEntry
from courses.learning.progress import CourseProgress
from courses.learning.standing import counting_attempt


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    UNENROLLED = "unenrolled"
    BEHIND = "behind"

    LABELS = {
        NOT_STARTED: "Not started",
        IN_PROGRESS: "In progress",
        COMPLETED: "Completed",
        UNENROLLED: "Unenrolled",
    }
    CHOICES = [
        (NOT_STARTED, "Not started"),
        (IN_PROGRESS, "In progress"),
        (COMPLETED, "Completed"),
        (BEHIND, "Behind the cohort's due date"),
        (UNENROLLED, "Unenrolled"),
    ]


@dataclass(frozen=True)
class QuizScore:
    """A trainee's standing on one quiz: the counting attempt's score, if any."""

    quiz: OutlineEntry
    percent: Decimal | None = None
    passed: bool | None = None
    attempts: int = 0  # submitted attempts that are not voided


@dataclass
class GradebookRow:
    enrolment: Enrolment
    progress: CourseProgress
    quiz_scores: list[QuizScore]
    last_activity: datetime.datetime | None
    cohorts: list[Cohort] = field(default_factory=list)
    behind: list[Cohort] = field(default_factory=list)  # cohorts whose due date has passed
    started: bool = False  # any lesson completed or quiz attempted in the course

    @property
    def user(self):
        return self.enrolment.user

    @property
    def completed_at(self) -> datetime.datetime | None:
        return self.enrolment.completed_at

    @property
    def status(self) -> str:
        if self.enrolment.unenrolled_at is not None:
            return Status.UNENROLLED
        if self.completed_at is not None:
            return Status.COMPLETED
        return Status.IN_PROGRESS if self.started else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]


def gradebook_rows(
    course: CourseLike,
    navigation: CourseNavigation,
    enrolments: Sequence[Enrolment],
    today: datetime.date,
) -> list[GradebookRow]:
    """One row per enrolment (all in `course`, with their user and completion selected), in
    the order given. Four queries, whatever the number of enrolments."""
    if not enrolments:
        return []
    user_ids = [enrolment.user_id for enrolment in enrolments]
    lesson_ids = {lesson.pk for lesson in navigation.lessons}
    quiz_ids = {quiz.pk for quiz in navigation.quizzes}

    completed: dict[int, set[int]] = {}
    # Kept to this course's lessons here, so the query sends only the trainees' ids.
    for user_id, lesson_id in (
        LessonCompletion.objects.filter(user_id__in=user_ids)
        .order_by()
        .values_list("user_id", "lesson_id")
    ):
        if lesson_id in lesson_ids:
            completed.setdefault(user_id, set()).add(lesson_id)
    activity: dict[int, datetime.datetime] = dict(
        LessonCompletion.objects.filter(user_id__in=user_ids, lesson_id__in=lesson_ids)
        .order_by()
        .values("user_id")
        .annotate(latest=Max("completed_at"))
        .values_list("user_id", "latest")
    )

    attempts: dict[int, dict[int, list[AttemptFacts]]] = {}
    for user_id, *facts, moment in (
        QuizAttempt.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids)
        .order_by()
        .values_list(
            "user_id",
            "quiz_id",
            "number",
            "state",
            "percent",
            "passed",
            "voided_at",
            Coalesce("submitted_at", "started_at"),
        )
    ):
        attempt = AttemptFacts(*facts)
        attempts.setdefault(user_id, {}).setdefault(attempt.quiz_id, []).append(attempt)
        _note(activity, user_id, moment)

    cohorts: dict[int, list[Cohort]] = {}
    for membership in (
        CohortMembership.objects.filter(user_id__in=user_ids, cohort__course_id=course.pk)
        .select_related("cohort")
        .order_by("added_at", "pk")
    ):
        cohorts.setdefault(membership.user_id, []).append(membership.cohort)

    rows = []
    for enrolment in enrolments:
        by_quiz = attempts.get(enrolment.user_id, {})
        scores = [quiz_score(quiz, by_quiz.get(quiz.pk, [])) for quiz in navigation.quizzes]
        passed = {score.quiz.pk for score in scores if score.passed}
        progress = CourseProgress(
            course, navigation, completed.get(enrolment.user_id, set()), enrolment, passed
        )
        row = GradebookRow(
            enrolment,
            progress,
            scores,
            last_activity=activity.get(enrolment.user_id),
            cohorts=cohorts.get(enrolment.user_id, []),
            started=bool(completed.get(enrolment.user_id) or by_quiz),
        )
        if row.status in (Status.NOT_STARTED, Status.IN_PROGRESS):
            row.behind = [cohort for cohort in row.cohorts if is_past_due(cohort, today)]
        rows.append(row)
    return rows


class AttemptFacts(NamedTuple):
    """What the gradebook reads of an attempt: what `counting_attempt` needs, as plain
    values (a page of an export reads thousands; model instances cost more than the rest)."""

    quiz_id: int
    number: int
    state: str
    percent: Decimal | None
    passed: bool | None
    voided_at: datetime.datetime | None


def quiz_score(quiz: OutlineEntry, attempts: list[AttemptFacts]) -> QuizScore:
    """The counting attempt's score on `quiz` by its rule; voided attempts never count."""
    counting = counting_attempt(attempts, quiz.attempt_counts)
    used = sum(
        1
        for attempt in attempts
        if attempt.state == QuizAttempt.State.SUBMITTED and attempt.voided_at is None
    )
    if counting is None:
        return QuizScore(quiz, attempts=used)
    return QuizScore(quiz, counting.percent, bool(counting.passed), used)


def is_past_due(cohort: Cohort, today: datetime.date) -> bool:
    return cohort.due_on is not None and cohort.due_on < today


def _note(activity: dict, user_id: int, moment: datetime.datetime | None):
    if moment is not None and (user_id not in activity or moment > activity[user_id]):
        activity[user_id] = moment


# --- Status in the database, for filtering ------------------------------------------------


def started_in(navigation: CourseNavigation) -> Q:
    """Enrolments whose trainee completed a lesson of the course or attempted one of its
    quizzes (any attempt, as a row's `started` counts them)."""
    lesson_ids = [lesson.pk for lesson in navigation.lessons]
    quiz_ids = [quiz.pk for quiz in navigation.quizzes]
    return Q(
        Exists(
            LessonCompletion.objects.filter(user_id=OuterRef("user_id"), lesson_id__in=lesson_ids)
        )
    ) | Q(Exists(QuizAttempt.objects.filter(user_id=OuterRef("user_id"), quiz_id__in=quiz_ids)))


def filter_by_status(
    enrolments: QuerySet, status: str, navigation: CourseNavigation, today: datetime.date
) -> QuerySet:
    """`enrolments` (of one course) whose row would show `status`; BEHIND selects those
    flagged behind a cohort's due date."""
    active = enrolments.filter(unenrolled_at=None)
    if status == Status.UNENROLLED:
        return enrolments.exclude(unenrolled_at=None)
    if status == Status.COMPLETED:
        return active.exclude(completion=None)
    unfinished = active.filter(completion=None)
    if status == Status.NOT_STARTED:
        return unfinished.exclude(started_in(navigation))
    if status == Status.IN_PROGRESS:
        return unfinished.filter(started_in(navigation))
    if status == Status.BEHIND:
        past_due = CohortMembership.objects.filter(
            user_id=OuterRef("user_id"),
            cohort__course_id=OuterRef("course_id"),
            cohort__due_on__lt=today,
        )
        return unfinished.filter(Exists(past_due))
    return enrolments


def in_cohort(enrolments: QuerySet, cohort: Cohort) -> QuerySet:
    return enrolments.filter(
        Exists(CohortMembership.objects.filter(user_id=OuterRef("user_id"), cohort=cohort))
    )


__all__ = [
    "GradebookRow",
    "QuizScore",
    "Status",
    "filter_by_status",
    "gradebook_rows",
    "in_cohort",
    "is_past_due",
    "quiz_score",
]
