"""A CSV file of trainees uploaded to a cohort, kept on the server between its preview and
its confirmation: the confirmation works from this copy (checked again against the
database), never from anything the browser sends back."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from courses.learning.models.records import Cohort


class CohortImport(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    content = models.TextField(help_text="The file's text as uploaded (UTF-8).")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(
        default=dict, blank=True, help_text="How many rows led to each action, once confirmed."
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} for {self.cohort}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
