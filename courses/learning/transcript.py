"""A trainee's transcript: every certificate and every completed course, with the CE hours
certified in all. Read from the records only, so unpublished or deleted courses still show
with the titles and hours they had."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from courses.learning.models import Certificate, CourseCompletion

AWAITING = "awaiting"
STATUS_LABELS = {
    Certificate.Status.VALID: "Valid",
    Certificate.Status.EXPIRED: "Expired",
    Certificate.Status.REVOKED: "Revoked",
    AWAITING: "Completed; certificate not yet issued",
}


@dataclass(frozen=True)
class TranscriptRow:
    course_title: str
    ce_hours: Decimal
    credit_type: str
    completed_on: date
    status: str
    code: str = ""
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    certificate: Certificate | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Transcript:
    rows: list[TranscriptRow]
    total_hours: Decimal


def transcript_of(user, now=None) -> Transcript:
    """`user`'s transcript: two queries. The total counts each completed course once, from
    a certificate that is not revoked (expired ones still count: the credit was earned)."""
    now = now or timezone.now()
    completions = list(CourseCompletion.objects.filter(user=user).order_by("-completed_at"))
    certificates = list(Certificate.objects.filter(user=user).order_by("-issued_at"))
    rows = [
        TranscriptRow(
            course_title=certificate.course_title,
            ce_hours=certificate.ce_hours,
            credit_type=certificate.credit_type,
            completed_on=certificate.completed_on,
            status=certificate.status(now),
            code=certificate.code,
            issued_at=certificate.issued_at,
            expires_at=certificate.expires_at,
            revoked_at=certificate.revoked_at,
            certificate=certificate,
        )
        for certificate in certificates
    ]
    certified = {c.completion_id for c in certificates}
    rows += [
        TranscriptRow(
            course_title=completion.course_title,
            ce_hours=completion.ce_hours,
            credit_type=completion.credit_type,
            completed_on=timezone.localdate(completion.completed_at),
            status=AWAITING,
        )
        for completion in completions
        if completion.pk not in certified
    ]
    counted = {c.completion_id for c in certificates if c.revoked_at is None}
    total = sum(
        (completion.ce_hours for completion in completions if completion.pk in counted),
        Decimal(0),
    )
    return Transcript(rows, total)
