"""Attempts at quizzes: what was shown, what was answered, and the grade.

An attempt stores a snapshot of the quiz as published when it started
(`courses.assessment.snapshot`) and is graded from it on the server
(`courses.learning.services.attempts`). Attempts, like the other training records, never
cascade from pages and keep the quiz title they had.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from courses.learning.models.records import page_link, trainee_link


class QuizAttempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = trainee_link("quiz_attempts")
    quiz = page_link("courses.QuizPage")
    quiz_title = models.CharField(max_length=255)
    number = models.PositiveSmallIntegerField(help_text="1 for the first attempt, and so on.")
    snapshot = models.JSONField(help_text="The questions as shown, with the answer key.")
    answers = models.JSONField(default=dict, blank=True, help_text="The last saved answers.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_by_time_limit = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(
        null=True, blank=True, help_text="Whether this attempt reached the pass mark."
    )
    results = models.JSONField(default=dict, blank=True, help_text="Points per question.")
    voided_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when a training administrator voids the attempt: it is kept, but no "
        "longer counts toward the grade or the attempts used.",
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["quiz_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="unique_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(state="in_progress"),
                name="one_open_attempt_per_quiz",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.quiz_title}, attempt {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class QuizOverride(models.Model):
    """One trainee's exception to a quiz's rules, granted by a training administrator: extra
    attempts, or extra time (an accessibility accommodation). Who granted it, when and why is
    also in Wagtail's log."""

    user = trainee_link("quiz_overrides")
    quiz = page_link("courses.QuizPage")
    extra_attempts = models.PositiveSmallIntegerField(default=0)
    extra_minutes = models.PositiveIntegerField(
        default=0, help_text="Added to the quiz's time limit, for this trainee only."
    )
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="one_override_per_quiz")
        ]

    def __str__(self):
        return f"Override for {self.user} on quiz {self.quiz_id}"
