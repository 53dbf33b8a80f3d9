"""Quizzes: module quizzes and a course's final post-test, and the attempts at them.

An attempt stores a snapshot of the quiz as published when it started (`courses.snapshot`)
and is graded from it on the server (`courses.grading`, `courses.attempts`). Attempts, like
the other training records, never cascade from pages and keep the quiz title they had.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import QuizQuestionsBlock


class QuizPage(Page):
    """A quiz: the module's quiz (under a module) or the course's final post-test (under a
    course). Settings are read when an attempt starts and frozen into it."""

    class AttemptCounts(models.TextChoices):
        HIGHEST = "highest", "The highest score"
        LATEST = "latest", "The latest attempt"

    class Review(models.TextChoices):
        SCORE = "score", "The score only"
        CORRECTNESS = "correctness", "The score and which answers were right"
        FULL = "full", "Also the correct answers and the explanations"

    intro = models.TextField(
        blank=True, help_text="Shown on the quiz page before a trainee starts an attempt."
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The percentage needed to pass. 75% is the usual standard for CE post-tests.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(100)],
        help_text="How many attempts a trainee may make; 0 means no limit.",
    )
    attempt_counts = models.CharField(
        max_length=20,
        choices=AttemptCounts.choices,
        default=AttemptCounts.HIGHEST,
        help_text="Which attempt decides whether the trainee has passed.",
    )
    shuffle_questions = models.BooleanField(
        default=True, help_text="Show the questions in a different order in each attempt."
    )
    shuffle_choices = models.BooleanField(
        default=True, help_text="Show each question's choices in a different order."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Optional. The server closes the attempt when time is up (after a short "
        "grace period) and grades what was saved.",
    )
    review = models.CharField(
        max_length=20,
        choices=Review.choices,
        default=Review.FULL,
        help_text="What the trainee sees after submitting an attempt.",
    )
    review_after_pass_only = models.BooleanField(
        default=False,
        help_text="Show correct answers and explanations only once the trainee has passed.",
    )
    questions = StreamField(QuizQuestionsBlock(), help_text="The questions, in order.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                FieldPanel("attempt_counts"),
                FieldPanel("time_limit_minutes"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("review"),
                FieldPanel("review_after_pass_only"),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    step_label = "quiz"
    preview_modes = [("", "The quiz"), ("result", "A result (all answers right)")]

    class Meta:
        verbose_name = "quiz"

    @property
    def question_count(self) -> int:
        """Scored questions: a case vignette counts each of its questions."""
        return sum(
            len(block.value["questions"]) if block.block_type == "case_vignette" else 1
            for block in self.questions
        )

    def serve(self, request, *args, **kwargs):
        from courses.views.quiz import serve_quiz_page

        return serve_quiz_page(self, request)

    def serve_preview(self, request, mode_name):
        from courses.views.quiz import preview_quiz_page

        return preview_quiz_page(self, request, mode_name)


class QuizAttempt(models.Model):
    """One attempt at a quiz: what was shown, what was answered, and the grade."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        "courses.QuizPage",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The quiz, while it exists; the attempt keeps its id if it is deleted.",
    )
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
    passed = models.BooleanField(null=True, blank=True)
    results = models.JSONField(default=dict, blank=True, help_text="Points per question.")

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
