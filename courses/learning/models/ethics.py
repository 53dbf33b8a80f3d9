"""A trainee's attestation to a code of ethics: which version, the hash of the text they
read, the name they typed and when. Attestations are kept for good: a new version of the
code never voids one, and a version that has attestations cannot be deleted or rewritten."""

from django.db import models
from django.utils import timezone

from courses.learning.models.records import page_link, trainee_link


class EthicsAttestation(models.Model):
    user = trainee_link("ethics_attestations")
    ethics_code = models.ForeignKey(
        "courses.EthicsCode",
        on_delete=models.PROTECT,
        related_name="attestations",
        help_text="The version attested to; it cannot be deleted while attestations exist.",
    )
    code_title = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField()
    text_sha256 = models.CharField(
        "SHA-256 of the text", max_length=64, help_text="The hash of the text the trainee read."
    )
    typed_name = models.CharField(
        max_length=200, help_text="The full name the trainee typed to attest."
    )
    course = page_link("courses.CoursePage")
    course_title = models.CharField(
        max_length=255, help_text="The course whose page the trainee attested from."
    )
    attested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-attested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ethics_code"], name="one_attestation_per_code_version"
            )
        ]

    def __str__(self):
        return f"{self.user} attested to {self.code_title}, version {self.version}"
