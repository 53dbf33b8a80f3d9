"""Certificates: what a trainee earned, frozen when it was issued, and checkable by anyone.

A certificate is issued once every requirement of its course is met (see
`courses.learning.services.certificates`), from the course completion: the name on the
trainee's profile at that moment, the course title, the CE hours and credit type frozen at
completion, the completion date, the issuing organisation and its accreditation statement.
Its verification code is random and unguessable. Nothing on it changes afterwards: a
training administrator may revoke it (with a reason, kept and logged), and a course may set
a validity period after which it shows as expired. A recertification is a new certificate,
numbered after the last one of the same enrolment.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from courses.learning.models.records import CourseCompletion, Enrolment, page_link, trainee_link

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is not mistaken.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 characters: 80 random bits
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{3}}$")


def new_code() -> str:
    """A fresh verification code, such as 7K3M-Q9TX-B2RD-W4HN."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, spaces around it) in its canonical form, or None when it
    does not have the shape of a code."""
    code = (text or "").strip().upper()
    return code if CODE_PATTERN.match(code) else None


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    code = models.CharField(max_length=19, unique=True, default=new_code, editable=False)
    user = trainee_link("certificates")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    completion = models.ForeignKey(
        CourseCompletion, on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first certificate of an enrolment, 2 after recertifying."
    )
    course = page_link("courses.CoursePage")
    holder_name = models.CharField(
        max_length=200, help_text="The trainee's full name on their profile when issued."
    )
    course_title = models.CharField(max_length=255)
    ce_hours = models.DecimalField("CE hours", max_digits=4, decimal_places=1)
    credit_type = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField(help_text="The date the course was completed.")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When the certificate stops being valid, if ever."
    )
    organisation = models.CharField("issuing organisation", max_length=200)
    accreditation_statement = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="one_certificate_per_enrolment_number"
            )
        ]

    def __str__(self):
        return f"Certificate {self.code}: {self.holder_name}, {self.course_title}"

    def get_absolute_url(self) -> str:
        """The owner's page for the certificate."""
        return reverse("certificate", args=[self.code])

    def status(self, now=None) -> Certificate.Status:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at is not None and (now or timezone.now()) >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def current_status(self) -> Certificate.Status:
        return self.status()

    @property
    def is_valid(self) -> bool:
        return self.status() == self.Status.VALID

    def verification_path(self) -> str:
        """The public verification page anyone can open."""
        return reverse("verify_certificate", args=[self.code])
