"""What a course asks before it issues a certificate, and where a trainee stands on each.

The requirements: every module complete and the final test passed (the course completion),
the course evaluation answered (when the course has an evaluation page) and the code of
ethics attested in the version the course names (when it names one). Once the latest
certificate has expired, passing the final test again is what recertifies. Reads records only;
the pages pass themselves in (see `navigation.CourseLike`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse

from courses.learning.models import (
    Certificate,
    EthicsAttestation,
    EvaluationResponse,
    QuizAttempt,
)
from courses.learning.navigation import CourseLike
from courses.learning.progress import CourseProgress


@dataclass(frozen=True)
class Requirement:
    key: str  # "modules", "final_test", "evaluation", "ethics", "recertify"
    label: str
    met: bool
    url: str | None = None


@dataclass
class CertificationStatus:
    """One trainee's standing on one course's certificate."""

    requirements: list[Requirement] = field(default_factory=list)
    certificate: Certificate | None = None  # the latest, if any
    recertify_since: datetime | None = None  # set while the latest has expired

    @property
    def all_met(self) -> bool:
        return bool(self.requirements) and all(item.met for item in self.requirements)

    @property
    def outstanding(self) -> list[Requirement]:
        return [item for item in self.requirements if not item.met]

    @property
    def recertifying(self) -> bool:
        return self.recertify_since is not None


@dataclass
class TraineeRecords:
    """What a trainee has done towards certificates, in every course: three queries."""

    evaluated_courses: set[int]
    attested_codes: set[int]
    certificates: list[Certificate]  # every one, newest first

    @property
    def latest_certificates(self) -> dict[int, Certificate]:
        """The latest certificate of each enrolment, by enrolment id."""
        latest: dict[int, Certificate] = {}
        for certificate in sorted(self.certificates, key=lambda c: c.number):
            latest[certificate.enrolment_id] = certificate
        return latest

    @classmethod
    def of(cls, user) -> TraineeRecords:
        return cls(
            set(EvaluationResponse.objects.filter(user=user).values_list("course_id", flat=True)),
            set(
                EthicsAttestation.objects.filter(user=user).values_list("ethics_code_id", flat=True)
            ),
            list(Certificate.objects.filter(user=user).order_by("-issued_at")),
        )


def certification_status(
    course: CourseLike | None,
    user,
    progress: CourseProgress,
    *,
    ethics_label: str = "",
    records: TraineeRecords | None = None,
) -> CertificationStatus:
    """`user`'s requirements for `course`'s certificate, ticked or not, and their latest
    certificate. `ethics_label` names the code version the course requires; `records`, when
    given, are the trainee's (else three queries load them). Nothing is read for anyone not
    enrolled. While the latest certificate has expired, one more query checks for a new
    pass of the final test."""
    if course is None or progress.enrolment is None:
        return CertificationStatus(course_requirements(course, progress, ethics_label))
    records = records or TraineeRecords.of(user)
    latest = records.latest_certificates.get(progress.enrolment.pk)
    since = recertify_since(latest)
    requirements = course_requirements(
        course,
        progress,
        ethics_label,
        evaluated=course.pk in records.evaluated_courses,
        attested=bool(course.ethics_code_id) and course.ethics_code_id in records.attested_codes,
    )
    if since is not None and progress.final_test is not None:
        requirements.append(
            Requirement(
                "recertify",
                f"Pass the final test again to recertify (your certificate expired on "
                f"{since:%-d %B %Y})",
                recertifying_pass(user, progress.final_test.pk, since) is not None,
                progress.final_test.url,
            )
        )
    return CertificationStatus(requirements, latest, since)


def course_requirements(
    course: CourseLike | None,
    progress: CourseProgress,
    ethics_label: str = "",
    *,
    evaluated: bool = False,
    attested: bool = False,
) -> list[Requirement]:
    """The course's requirements, ticked from `progress` and the flags given."""
    if course is None:
        return []
    navigation = progress.navigation
    modules_done = bool(progress.modules) and all(entry.is_complete for entry in progress.modules)
    completed = progress.enrolment is not None and progress.enrolment.completed_at is not None
    requirements = [Requirement("modules", "Complete every module", modules_done or completed)]
    if progress.final_test is not None:
        requirements.append(
            Requirement(
                "final_test",
                "Pass the final test",
                progress.final_test_passed or completed,
                progress.final_test.url,
            )
        )
    if navigation.evaluation is not None:
        requirements.append(
            Requirement(
                "evaluation",
                "Complete the course evaluation",
                evaluated,
                navigation.evaluation.url,
            )
        )
    if course.ethics_code_id:
        label = f"Attest to the {ethics_label}" if ethics_label else "Attest to the code of ethics"
        requirements.append(
            Requirement("ethics", label, attested, reverse("attest_ethics", args=[course.pk]))
        )
    return requirements


def latest_certificate(enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).order_by("-number").first()


def recertify_since(certificate: Certificate | None) -> datetime | None:
    """When the cycle of recertification began: the expiry of the latest certificate, if it
    has expired (a revoked certificate is not recertified by passing a test)."""
    if certificate is None or certificate.status() != Certificate.Status.EXPIRED:
        return None
    return certificate.expires_at


def recertifying_pass(user, final_test_id: int, since: datetime) -> QuizAttempt | None:
    """The first passing attempt at the final test started since `since`, if any."""
    return (
        QuizAttempt.objects.filter(
            user=user,
            quiz_id=final_test_id,
            state=QuizAttempt.State.SUBMITTED,
            passed=True,
            voided_at=None,
            started_at__gte=since,
        )
        .order_by("submitted_at")
        .first()
    )
