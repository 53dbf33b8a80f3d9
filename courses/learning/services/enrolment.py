"""Enrolling in a course."""

from __future__ import annotations

from django.db import transaction

from courses.learning.models import Enrolment
from courses.learning.services import notifications
from courses.models import CoursePage


def enrol(user, course: CoursePage) -> tuple[Enrolment, bool]:
    """Enrol `user` in `course`; returns the enrolment and whether it is new.

    A repeat, or two requests at once, leave one row: `get_or_create` retries its read after
    losing an insert race to the unique constraint. A new enrolment is confirmed by email,
    queued with it.
    """
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            user=user, course_id=course.pk, defaults={"course_title": course.title}
        )
        if created:
            notifications.enrolment_confirmed(enrolment, course)
    return enrolment, created
