"""The code of ethics trainees attest to, one row per version.

Each version is its own snippet, so a course names the exact version it requires and every
attestation keeps the version it was made to (with the hash of the text the trainee read).
Publishing a new version therefore never voids an earlier attestation; a course that moves
to the new version asks its trainees to attest again. The text of a version that someone has
attested to cannot change, and the version cannot be deleted: write a new version instead.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from courses.learning.models import EthicsAttestation


def text_hash(text: str) -> str:
    """The SHA-256 of a code's text, with line endings and trailing spaces normalised (a
    browser may send the same text with CRLF)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


class EthicsCode(index.Indexed, models.Model):
    """One version of a code of ethics. A course says which version its trainees attest to."""

    title = models.CharField(
        max_length=200, help_text="The code's name, e.g. “Pathway code of ethical practice”."
    )
    version = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first version; a new version gets the next number."
    )
    effective_on = models.DateField(
        default=timezone.localdate, help_text="The date this version takes effect."
    )
    text = models.TextField(
        help_text="The code itself, in plain text; a blank line starts a new paragraph. "
        "Once a trainee has attested to this version its text cannot change: make a new "
        "version (copy this one and raise the number) instead."
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("version"), FieldPanel("effective_on")]),
        FieldPanel("text"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("text")]

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = "code of ethics"
        verbose_name_plural = "codes of ethics"
        constraints = [
            models.UniqueConstraint(fields=["title", "version"], name="one_code_per_version")
        ]

    def __str__(self):
        return f"{self.title}, version {self.version}"

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part]

    def is_attested(self) -> bool:
        return self.pk is not None and EthicsAttestation.objects.filter(ethics_code=self).exists()

    def clean(self):
        super().clean()
        if not self.is_attested():
            return
        saved = EthicsCode.objects.get(pk=self.pk)
        if text_hash(saved.text) != text_hash(self.text) or saved.version != self.version:
            raise ValidationError(
                "Trainees have attested to this version, so its text and number cannot "
                "change. Copy it to make a new version instead."
            )
