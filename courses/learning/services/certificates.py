"""Issuing and revoking certificates.

`issue_if_due` is called wherever a requirement can become met: the course completion (the
last lesson or the final test), the evaluation and the ethics attestation. Whichever comes
last issues the certificate, once: the trainee's enrolment row is locked for the check and
the write (`select_for_update` on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers), and a unique constraint on (enrolment, number) stands behind the lock. The
certificate-issued email is queued in the same transaction, so it goes out once, after the
commit, or not at all.
"""

from __future__ import annotations

import calendar

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from cms.home.models import SiteSettings
from courses.learning.certification import (
    certification_status,
    latest_certificate,
    recertify_since,
    recertifying_pass,
)
from courses.learning.models import Certificate, CourseCompletion, Enrolment
from courses.learning.progress import course_progress
from courses.learning.services import notifications
from courses.models import CoursePage

REVOKE_ACTION = "pathway.certificate.revoke"


class AlreadyRevoked(Exception):
    """The certificate was revoked before."""


def issue_if_due(user, course: CoursePage | None) -> Certificate | None:
    """Issue `user`'s certificate for `course` if every requirement is now met and they hold
    none yet (or their latest has expired and they have passed the final test again).
    Returns the new certificate, or None when nothing was issued."""
    if course is None or not getattr(user, "is_authenticated", False):
        return None
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(user=user, course_id=course.pk).first()
        )
        if enrolment is None:
            return None
        completion = CourseCompletion.objects.filter(enrolment=enrolment).first()
        if completion is None:
            return None
        progress = course_progress(course, user)
        status = certification_status(course, user, progress, ethics_label=ethics_label(course))
        latest = latest_certificate(enrolment)
        if latest is not None and recertify_since(latest) is None:
            return None  # valid, or revoked: a revoked certificate is never reissued
        if not status.all_met:
            return None
        completed_at = completion.completed_at
        if latest is not None:
            final_test = progress.final_test
            passed = recertifying_pass(user, final_test.pk, latest.expires_at)
            completed_at = passed.submitted_at
        certificate = Certificate.objects.create(
            user=user,
            enrolment=enrolment,
            completion=completion,
            number=(latest.number + 1) if latest else 1,
            course_id=course.pk,
            holder_name=user.get_full_name() or user.email,
            course_title=completion.course_title,
            ce_hours=completion.ce_hours,
            credit_type=completion.credit_type,
            completed_on=timezone.localdate(completed_at),
            issued_at=timezone.now(),
            expires_at=expiry(course, completed_at),
            **issuer(),
        )
        notifications.certificate_issued(certificate)
    return certificate


def ethics_label(course: CoursePage) -> str:
    return str(course.ethics_code) if course.ethics_code_id else ""


def expiry(course: CoursePage, completed_at):
    """When a certificate for a course completed at `completed_at` expires: the course's
    validity in months later (on the month's last day where the day does not exist)."""
    months = course.certificate_valid_months
    return add_months(completed_at, months) if months else None


def add_months(moment, months: int):
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def issuer() -> dict:
    """The issuing organisation and its accreditation statement, from the default site's
    settings as they are now."""
    site = Site.objects.filter(is_default_site=True).first()
    settings = SiteSettings.for_site(site) if site else SiteSettings()
    return {
        "organisation": settings.provider_name,
        "accreditation_statement": settings.accreditation_statement,
    }


def revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Revoke `certificate`, keeping the reason, who and when; logged in Wagtail's log.
    Raises AlreadyRevoked for a certificate revoked before (nothing changes)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to revoke a certificate.")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise AlreadyRevoked
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log(instance=locked, action=REVOKE_ACTION, user=by, data={"reason": reason})
    return locked
