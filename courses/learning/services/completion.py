"""Completing lessons, and the one moment a course becomes complete.

`complete_course` is the only place a course completion is recorded, whichever step
finished the course (the last lesson or the last quiz). It records the date once and freezes
the credit the course awarded at that moment, then issues the certificate if nothing else
is outstanding (`courses.learning.services.certificates`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from courses.learning.access import StepAccess
from courses.learning.models import CourseCompletion, LessonCompletion
from courses.learning.progress import CourseProgress, course_progress
from courses.learning.services.certificates import issue_if_due
from courses.learning.steps import StepState
from courses.models import CoursePage, LessonPage


class StepUnavailable(Exception):
    """The user may not make a record on this step now; `access` says why."""

    def __init__(self, access: StepAccess):
        super().__init__(access.access.value)
        self.access = access


def complete_lesson(
    user, lesson: LessonPage, state: StepState
) -> tuple[LessonCompletion, CourseProgress]:
    """Record, once, that `user` completed `lesson`, and the course's completion if this
    completes it. `state` is the lesson's step state for `user` (`lesson.step_state(user)`).

    Raises StepUnavailable unless the gate allows a record (enrolled, module open).
    """
    if not state.access.may_record:
        raise StepUnavailable(state.access)
    course, module = state.course, state.module
    with transaction.atomic():
        completion, created = LessonCompletion.objects.get_or_create(
            user=user,
            lesson_id=lesson.pk,
            defaults={
                "lesson_title": lesson.title,
                "module_title": module.title if module else "",
                "course_title": course.title if course else "",
            },
        )
        progress = state.progress.with_lesson_done(lesson)
        if created:
            complete_course(user, course, progress)
    return completion, progress


def complete_course(
    user, course: CoursePage | None, progress: CourseProgress | None = None
) -> CourseCompletion | None:
    """Record that `user` has completed `course`, if every module and the final test are
    done: the one moment a course becomes complete. Returns the completion record (the same
    one on every later call), or None while the course is not complete. A certificate is
    issued when the course asks for nothing more (or the last of it is already done); a
    final test passed again after a certificate expired recertifies.

    `progress`, when given, is the user's progress as it stands now.
    """
    if course is None:
        return None
    progress = progress or course_progress(course, user)
    if progress.enrolment is None or not progress.is_complete:
        return None
    with transaction.atomic():
        completion, _created = CourseCompletion.objects.get_or_create(
            enrolment=progress.enrolment,
            defaults={
                "user": user,
                "course_id": course.pk,
                "course_title": course.title,
                "ce_hours": course.ce_hours,
                "credit_type": course.credit_type,
                "completed_at": timezone.now(),
            },
        )
        issue_if_due(user, course)
    return completion
