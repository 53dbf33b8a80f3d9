"""Enrolling in a course."""

from __future__ import annotations

from courses.learning.models import Enrolment
from courses.models import CoursePage


def enrol(user, course: CoursePage) -> tuple[Enrolment, bool]:
    """Enrol `user` in `course`; returns the enrolment and whether it is new.

    A repeat, or two requests at once, leave one row: `get_or_create` retries its read after
    losing an insert race to the unique constraint.
    """
    return Enrolment.objects.get_or_create(
        user=user, course_id=course.pk, defaults={"course_title": course.title}
    )
