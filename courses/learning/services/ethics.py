"""Attesting to a course's code of ethics: the trainee types their full name as it stands on
their profile, and the record keeps the version, the hash of the text and the time."""

from __future__ import annotations

import unicodedata

from django.db import transaction

from courses.learning.models import EthicsAttestation
from courses.learning.progress import course_progress
from courses.learning.services.certificates import issue_if_due
from courses.models import CoursePage


class AttestationRefused(Exception):
    """The attestation cannot be made; the message says why, in the trainee's words."""


def same_name(typed: str, expected: str) -> bool:
    """Whether `typed` is `expected`, ignoring case, spacing and Unicode normal form."""

    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return bool(normal(expected)) and normal(typed) == normal(expected)


def attest(user, course: CoursePage, typed_name: str) -> tuple[EthicsAttestation, bool]:
    """Record that `user` attests to the version of the code of ethics `course` requires;
    returns the attestation and whether it is new (a repeat returns the first one).

    Raises AttestationRefused when the course asks for no attestation, the trainee is not
    enrolled, has no full name on their profile, or typed a different name.
    """
    code = course.ethics_code
    if code is None:
        raise AttestationRefused("This course does not ask for an attestation.")
    if course_progress(course, user).enrolment is None:
        raise AttestationRefused("Enrol in the course first, then attest.")
    full_name = user.full_name.strip()
    if not full_name:
        raise AttestationRefused(
            "Add your full name to your profile first: you attest by typing it."
        )
    if not same_name(typed_name or "", full_name):
        raise AttestationRefused(
            "The name you typed is not the full name on your profile. Type it exactly as "
            "your profile shows it, or correct your profile first."
        )
    with transaction.atomic():
        attestation, created = EthicsAttestation.objects.get_or_create(
            user=user,
            ethics_code=code,
            defaults={
                "code_title": code.title,
                "version": code.version,
                "text_sha256": code.text_hash,
                "typed_name": " ".join(typed_name.split()),
                "course_id": course.pk,
                "course_title": course.title,
            },
        )
        if created:
            issue_if_due(user, course)
    return attestation, created
