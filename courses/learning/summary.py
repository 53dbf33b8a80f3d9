"""What "My learning" shows: a trainee's courses, their progress and where to continue."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.learning.certification import CertificationStatus, TraineeRecords
from courses.learning.models import CourseCompletion, Enrolment
from courses.learning.outline import OutlineStep, TraineeOutline, trainee_outline
from courses.learning.progress import CourseProgress, progress_in_courses
from courses.learning.standing import trainee_attempts
from courses.models import CoursePage, visible


@dataclass
class EnrolledCourse:
    enrolment: Enrolment
    course: CoursePage | None  # None when the course has been unpublished or deleted
    progress: CourseProgress | None
    outline: TraineeOutline | None = None
    certification: CertificationStatus | None = None

    @property
    def quizzes(self) -> list[OutlineStep]:
        """The course's module quizzes and final test, in course order, with their state."""
        return self.outline.quizzes if self.outline else []

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
    certificates: list = field(default_factory=list)


def learning_summary(user) -> LearningSummary:
    """The user's enrolments, split into in progress and completed. An enrolment a training
    administrator has ended is left out, unless the course was completed before: a completion
    stays on the record.

    A course that is no longer published still appears (the record is kept), without a
    link or live progress. A fixed number of queries however many courses: the enrolments,
    the courses with their codes of ethics, the lesson completions, the quiz attempts, the
    extra attempts granted and the certificate records (the outlines come from the cache).
    """
    enrolments = [
        enrolment
        for enrolment in Enrolment.objects.filter(user=user)
        .select_related("completion")
        .order_by("-enrolled_at")
        if enrolment.unenrolled_at is None or hasattr(enrolment, "completion")
    ]
    courses = list(
        visible(
            CoursePage.objects.filter(pk__in=[e.course_id for e in enrolments]).select_related(
                "ethics_code"
            )
        )
    )
    records = TraineeRecords.of(user) if enrolments else None
    quizzes = [quiz for course in courses for quiz in course.navigation().quizzes]
    attempts = trainee_attempts(user, quizzes)
    progress = progress_in_courses(courses, user, enrolments, attempts)
    live = {course.pk: course for course in courses}
    entries = []
    for enrolment in enrolments:
        course = live.get(enrolment.course_id)
        course_progress = progress.get(enrolment.course_id)
        outline = trainee_outline(course_progress) if course_progress else None
        certification = (
            course.certification(user, course_progress, records) if course is not None else None
        )
        entries.append(EnrolledCourse(enrolment, course, course_progress, outline, certification))
    return LearningSummary(
        in_progress=[entry for entry in entries if not entry.is_complete],
        completed=[entry for entry in entries if entry.is_complete],
        certificates=records.certificates if records else [],
    )
