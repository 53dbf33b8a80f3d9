"""Enrolling in a course, and a training administrator enrolling or unenrolling a trainee.

An enrolment is never deleted: unenrolling sets `unenrolled_at`, after which the gate and My
learning treat the trainee as not enrolled; enrolling again clears it, and every record made
before is still there.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from courses.learning import audit
from courses.learning.models import Enrolment
from courses.learning.services import notifications
from courses.models import CoursePage


class EnrolmentRefused(Exception):
    """The enrolment is already as asked; the message says so."""


def enrol(user, course: CoursePage, *, notify: bool = True) -> tuple[Enrolment, bool]:
    """Enrol `user` in `course`; returns the enrolment and whether it is new (or back after
    an unenrolment).

    A repeat, or two requests at once, leave one row: `get_or_create` retries its read after
    losing an insert race to the unique constraint. A new enrolment is confirmed by email,
    queued with it (unless `notify` is false: the demo's made-up trainees get no mail).
    """
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            user=user, course_id=course.pk, defaults={"course_title": course.title}
        )
        if created and notify:
            notifications.enrolment_confirmed(enrolment, course)
    if not created and enrolment.unenrolled_at is not None:
        with transaction.atomic():
            again = _enrol_again(enrolment)
            if again:  # the trainee came back on their own: the history says so
                audit.record(
                    user,
                    audit.ENROL,
                    by=user,
                    course={"id": course.pk, "title": course.title},
                    enrolment=enrolment.pk,
                    again=True,
                )
        return enrolment, again
    return enrolment, created


def _enrol_again(enrolment: Enrolment) -> bool:
    """Clear an unenrolment; False if a concurrent request already did."""
    cleared = Enrolment.objects.filter(pk=enrolment.pk).exclude(unenrolled_at=None)
    changed = bool(cleared.update(unenrolled_at=None))
    enrolment.unenrolled_at = None
    return changed


def enrol_trainee(trainee, course: CoursePage, *, reason: str, by) -> Enrolment:
    """A training administrator enrols `trainee` in `course` (again, if they were
    unenrolled). Raises EnrolmentRefused if they are enrolled already."""
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            user=trainee, course_id=course.pk, defaults={"course_title": course.title}
        )
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        again = not created
        if created:
            notifications.enrolment_confirmed(enrolment, course)
        if again and enrolment.unenrolled_at is None:
            raise EnrolmentRefused(f"{trainee} is already enrolled in “{course.title}”.")
        if again:
            _enrol_again(enrolment)
        audit.record(
            trainee,
            audit.ENROL,
            by=by,
            reason=reason,
            course={"id": course.pk, "title": course.title},
            enrolment=enrolment.pk,
            again=again,
        )
    return enrolment


def unenrol_trainee(enrolment: Enrolment, *, reason: str, by) -> Enrolment:
    """A training administrator ends `enrolment`: the trainee can no longer open the
    course's lessons or quizzes or make records there, and the course leaves their My
    learning (unless they completed it). Everything recorded is kept. Raises
    EnrolmentRefused if it has already ended."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.unenrolled_at is not None:
            raise EnrolmentRefused(
                f"{enrolment.user} was already unenrolled from “{enrolment.course_title}”."
            )
        enrolment.unenrolled_at = timezone.now()
        enrolment.save(update_fields=["unenrolled_at"])
        audit.record(
            enrolment.user,
            audit.UNENROL,
            by=by,
            reason=reason,
            course={"id": enrolment.course_id, "title": enrolment.course_title},
            enrolment=enrolment.pk,
        )
    return enrolment
