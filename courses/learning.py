"""What "My learning" shows: a trainee's courses, their progress and where to continue."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.progress import CourseProgress, course_progress


@dataclass
class QuizResult:
    quiz: object
    label: str  # the module's title, or "Final post-test"
    best: object | None  # the best percentage, or None if not attempted
    passed: bool


@dataclass
class EnrolledCourse:
    enrolment: object
    course: object | None  # None when the course has been unpublished or deleted
    progress: CourseProgress | None
    quiz_results: list[QuizResult] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return self.enrolment.completed_at is not None


@dataclass
class LearningSummary:
    in_progress: list[EnrolledCourse]
    completed: list[EnrolledCourse]


def learning_summary(user) -> LearningSummary:
    """The user's enrolments, split into in progress and completed.

    A course that is no longer published still appears (the record is kept), without a
    link or live progress. Queries: two, plus a fixed number per enrolled course.
    """
    from courses.catalogue import visible
    from courses.models import CoursePage, Enrolment

    enrolments = list(Enrolment.objects.filter(user=user).order_by("-enrolled_at"))
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
    from django.db.models import Max

    from courses.models import QuizAttempt

    quizzes = progress.navigation.quizzes
    best = dict(
        QuizAttempt.objects.filter(
            user=user, quiz_id__in=[quiz.pk for quiz in quizzes], state="submitted"
        )
        .values("quiz_id")
        .annotate(best=Max("percent"))
        .values_list("quiz_id", "best")
    )
    labels = {entry.quiz.pk: entry.module.title for entry in progress.modules if entry.quiz}
    return [
        QuizResult(
            quiz,
            labels.get(quiz.pk, "Final post-test"),
            best.get(quiz.pk),
            quiz.pk in progress.passed_quiz_ids,
        )
        for quiz in quizzes
    ]
