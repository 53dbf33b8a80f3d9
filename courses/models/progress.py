"""A trainee's training record: enrolments and lesson completions.

These rows are what CE credit rests on, so they are never deleted or rewritten when content
changes. They point at pages without a database constraint and without cascading
(`DO_NOTHING`, `db_constraint=False`): deleting, moving or unpublishing a page leaves every
record in place, and the titles copied at the time keep it readable. Progress itself is
computed against the live content (`courses.progress`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


def _page_link(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The page, while it exists; the record keeps its id if the page is deleted.",
    )


class Enrolment(models.Model):
    """A trainee's place on a course, and when they completed it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    course = _page_link("courses.CoursePage")
    course_title = models.CharField(max_length=255, help_text="The course title at enrolment.")
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When every module was first complete; set once."
    )

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self):
        return f"{self.user} in {self.course_title}"


class LessonCompletion(models.Model):
    """A lesson a trainee marked complete. Recorded once; never changed afterwards."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lesson_completions"
    )
    lesson = _page_link("courses.LessonPage")
    lesson_title = models.CharField(max_length=255)
    module_title = models.CharField(max_length=255, blank=True)
    course_title = models.CharField(max_length=255, blank=True)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")
        ]

    def __str__(self):
        return f"{self.user} completed {self.lesson_title}"
