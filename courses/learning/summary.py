"""What "My learning" shows: a trainee's courses, their progress and where to continue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from courses.learning.models import CourseCompletion, Enrolment, QuizAttempt
from courses.learning.navigation import StepLike
from courses.learning.progress import CourseProgress, course_progress
from courses.models import CoursePage, visible

FINAL_TEST_LABEL = "Final post-test"


@dataclass
class QuizResult:
    quiz: StepLike
    label: str  # the module's title, or "Final post-test"
    best: Decimal | None  # the best percentage, or None if not attempted
    passed: bool


@dataclass
class EnrolledCourse:
    enrolment: Enrolment
    course: CoursePage | None  # None when the course has been unpublished or deleted
    progress: CourseProgress | None
    quiz_results: list[QuizResult] = field(default_factory=list)

    @property
    def completion(self) -> CourseCompletion | None:
        return getattr(self.enrolment, "completion", None)

    @property
    def is_complete(self) -> bool:
        return self.completion is not None


@dataclass
class LearningSummary:
    in_progress: list[EnrolledCourse]
    completed: list[EnrolledCourse]


def learning_summary(user) -> LearningSummary:
    """The user's enrolments, split into in progress and completed.

    A course that is no longer published still appears (the record is kept), without a
    link or live progress. Queries: two, plus a fixed number per enrolled course.
    """
    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("completion").order_by("-enrolled_at")
    )
    courses = visible(CoursePage.objects.filter(pk__in=[e.course_id for e in enrolments]))
    live = {course.pk: course for course in courses}
    entries = []
    for enrolment in enrolments:
        course = live.get(enrolment.course_id)
        progress = course_progress(course, user) if course else None
        results = quiz_results(user, progress) if progress else []
        entries.append(EnrolledCourse(enrolment, course, progress, results))
    return LearningSummary(
        in_progress=[entry for entry in entries if not entry.is_complete],
        completed=[entry for entry in entries if entry.is_complete],
    )


def quiz_results(user, progress: CourseProgress) -> list[QuizResult]:
    """Each quiz of the course with the trainee's best score and whether it is passed."""
    quizzes = progress.navigation.quizzes
    best = dict(
        QuizAttempt.objects.filter(
            user=user,
            quiz_id__in=[quiz.pk for quiz in quizzes],
            state=QuizAttempt.State.SUBMITTED,
        )
        .values("quiz_id")
        .annotate(best=Max("percent"))
        .values_list("quiz_id", "best")
    )
    labels = {entry.quiz.pk: entry.module.title for entry in progress.modules if entry.quiz}
    return [
        QuizResult(
            quiz,
            labels.get(quiz.pk, FINAL_TEST_LABEL),
            best.get(quiz.pk),
            quiz.pk in progress.passed_quiz_ids,
        )
        for quiz in quizzes
    ]
