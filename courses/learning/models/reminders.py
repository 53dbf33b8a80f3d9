"""Reminders sent to trainees who have not been back for a while: one row per message, so
that `send_reminders` sends each trainee at most one per interval however often it runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reminder(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    course_titles = models.JSONField(default=list, help_text="The unfinished courses named.")

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "sent_at"], name="reminder_user_sent")]

    def __str__(self):
        return f"Reminder to {self.user} on {self.sent_at:%Y-%m-%d}"
