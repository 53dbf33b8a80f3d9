"""One trainee's whole training record, as training administrators see it in the admin:
enrolments with their status and progress, each quiz of their courses with attempts used and
allowed, every attempt, lesson completions, cohorts, overrides and the history of what
administrators changed. A fixed number of queries, however long the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import ModelLogEntry

from courses.learning import audit
from courses.learning.models import (
    Certificate,
    CohortMembership,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
    QuizOverride,
)
from courses.learning.progress import CourseProgress, progress_in_courses
from courses.learning.standing import attempts_allowed, counting_attempt, minutes_allowed
from courses.models import CoursePage, QuizPage


@dataclass
class EnrolmentRow:
    enrolment: Enrolment
    course: CoursePage | None  # None when the course is no longer live
    progress: CourseProgress | None

    @property
    def completion(self) -> CourseCompletion | None:
        return getattr(self.enrolment, "completion", None)

    @property
    def status(self) -> str:
        if self.completion is not None:
            return "Completed"
        if self.enrolment.unenrolled_at is not None:
            return "Unenrolled"
        return "In progress"

    @property
    def is_active(self) -> bool:
        return self.enrolment.unenrolled_at is None


@dataclass
class QuizRow:
    """A quiz of one of the trainee's courses, and where they stand on it."""

    quiz: QuizPage
    course_title: str
    attempts: list[QuizAttempt]  # not voided
    override: QuizOverride | None

    @property
    def allowed(self) -> int:
        return attempts_allowed(self.quiz, self.override)

    @property
    def minutes(self) -> int | None:
        return minutes_allowed(self.quiz, self.override)

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def counting(self) -> QuizAttempt | None:
        return counting_attempt(self.attempts, self.quiz.attempt_counts)

    @property
    def passed(self) -> bool:
        return bool(self.counting and self.counting.passed)

    @property
    def best(self) -> Decimal | None:
        return max((a.percent for a in self.attempts if a.percent is not None), default=None)


@dataclass
class TraineeRecord:
    trainee: object
    enrolments: list[EnrolmentRow]
    quizzes: list[QuizRow]
    attempts: list[QuizAttempt]
    completions: list[LessonCompletion]
    cohorts: list[CohortMembership]
    overrides: list[QuizOverride]
    certificates: list[Certificate] = field(default_factory=list)
    history: list[ModelLogEntry] = field(default_factory=list)

    @property
    def enrolled_course_ids(self) -> set[int]:
        return {row.enrolment.course_id for row in self.enrolments if row.is_active}


def trainee_record(trainee) -> TraineeRecord:
    enrolments = list(
        Enrolment.objects.filter(user=trainee).select_related("completion").order_by("-enrolled_at")
    )
    courses = {
        course.pk: course
        for course in CoursePage.objects.live().filter(pk__in=[e.course_id for e in enrolments])
    }
    attempts = list(
        QuizAttempt.objects.filter(user=trainee)
        .select_related("voided_by")
        .defer("snapshot", "answers", "results")
        .order_by("quiz_title", "quiz_id", "number")
    )
    submitted = [a for a in attempts if a.state == QuizAttempt.State.SUBMITTED and not a.voided_at]
    progress = progress_in_courses(list(courses.values()), trainee, enrolments, submitted)
    overrides = {
        override.quiz_id: override
        for override in QuizOverride.objects.filter(user=trainee).select_related("granted_by")
    }
    return TraineeRecord(
        trainee=trainee,
        enrolments=[
            EnrolmentRow(e, courses.get(e.course_id), progress.get(e.course_id)) for e in enrolments
        ],
        quizzes=_quiz_rows(courses, attempts, overrides),
        attempts=attempts,
        completions=list(
            LessonCompletion.objects.filter(user=trainee).order_by("-completed_at", "-pk")
        ),
        cohorts=list(
            CohortMembership.objects.filter(user=trainee)
            .select_related("cohort")
            .order_by("-added_at")
        ),
        overrides=list(overrides.values()),
        certificates=list(Certificate.objects.filter(user=trainee).order_by("-issued_at")),
        history=list(
            ModelLogEntry.objects.for_instance(trainee)
            .filter(action__in=audit.TRAINEE_ACTIONS)
            .select_related("user")
            .order_by("-timestamp", "-pk")
        ),
    )


def _quiz_rows(courses: dict[int, CoursePage], attempts, overrides) -> list[QuizRow]:
    """Each live quiz of the trainee's live courses, in course order."""
    order = [
        (course.title, entry.pk)
        for course in courses.values()
        for entry in course.navigation().quizzes
    ]
    quizzes = QuizPage.objects.in_bulk([pk for _title, pk in order])
    by_quiz: dict[int, list[QuizAttempt]] = {}
    for attempt in attempts:
        if attempt.voided_at is None:
            by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    return [
        QuizRow(quizzes[pk], title, by_quiz.get(pk, []), overrides.get(pk))
        for title, pk in order
        if pk in quizzes
    ]
