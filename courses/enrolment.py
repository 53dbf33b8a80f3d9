"""State changes in a trainee's record: enrolling and completing lessons.

Each is idempotent, backed by a unique constraint (a repeat, or two requests at once, leave
one row: `get_or_create` retries its read after losing an insert race), and raises a named
exception that views turn into a clear message.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from courses.access import Access, LessonAccess, lesson_access
from courses.models import CoursePage, Enrolment, LessonCompletion
from courses.progress import CourseProgress, ReadingState, course_progress


class LessonUnavailable(Exception):
    """The trainee may not complete this lesson now; `access` says why."""

    def __init__(self, access: LessonAccess):
        super().__init__(access.access.value)
        self.access = access


def enrol(user, course: CoursePage) -> tuple[Enrolment, bool]:
    """Enrol `user` in `course`; returns the enrolment and whether it is new."""
    return Enrolment.objects.get_or_create(
        user=user, course_id=course.pk, defaults={"course_title": course.title}
    )


def complete_lesson(user, lesson, state: ReadingState) -> tuple[LessonCompletion, CourseProgress]:
    """Record, once, that `user` completed `lesson`, and the date the course was completed if
    this completes it. `state` is the lesson's reading state for `user`
    (`LessonPage.reading_state`): its course, module and the progress already computed.

    Raises LessonUnavailable unless the trainee is enrolled and the lesson's module is open.
    """
    course, module, progress = state.course, state.module, state.progress
    access = lesson_access(user, module, progress)
    if access.allowed and progress.enrolment is None:
        # Editors may read without enrolling, but a training record needs an enrolment.
        access = LessonAccess(Access.NOT_ENROLLED)
    if not access.allowed:
        raise LessonUnavailable(access)
    with transaction.atomic():
        completion, created = LessonCompletion.objects.get_or_create(
            user=user,
            lesson_id=lesson.pk,
            defaults={
                "lesson_title": lesson.title,
                "module_title": module.title,
                "course_title": course.title,
            },
        )
        progress = CourseProgress(
            course,
            progress.navigation,
            progress.completed_ids | {lesson.pk},
            progress.enrolment,
            progress.passed_quiz_ids,
        )
        if created and progress.is_complete:
            _mark_completed(progress.enrolment)
    return completion, progress


def record_course_completion(user, course) -> bool:
    """Set the course's completion date if `user` has now completed it; True if set now."""
    progress = course_progress(course, user)
    return bool(progress.enrolment and progress.is_complete and _mark_completed(progress.enrolment))


def _mark_completed(enrolment) -> bool:
    """Record the completion date once: the first to get here sets it, nobody changes it."""
    updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at=None).update(
        completed_at=timezone.now()
    )
    return bool(updated)
