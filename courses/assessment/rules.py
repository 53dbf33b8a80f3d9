"""The choices a quiz's rules are made of, shared by the quiz page and the attempt records."""

from django.db import models


class AttemptCounts(models.TextChoices):
    """Which submitted attempt decides whether the trainee has passed the quiz."""

    HIGHEST = "highest", "The highest score"
    LATEST = "latest", "The latest attempt"


class ResultDetail(models.TextChoices):
    """How much of a submitted attempt its result page shows."""

    SCORE = "score", "The score only"
    CORRECTNESS = "correctness", "The score and which answers were right"
    FULL = "full", "Also the correct answers and the explanations"
