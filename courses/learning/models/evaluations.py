"""A trainee's answers to a course's evaluation: one per trainee and course, never changed.

The questions are authored on the course's evaluation page with Wagtail's form builder
(`courses.models.evaluation`); the answers are kept here by each question's stable name, with
the labels as they read when the trainee answered, so a later edit to the form leaves every
response readable.
"""

from django.db import models
from django.utils import timezone

from courses.learning.models.records import page_link, trainee_link


class EvaluationResponse(models.Model):
    user = trainee_link("evaluation_responses")
    course = page_link("courses.CoursePage")
    course_title = models.CharField(max_length=255)
    page = page_link("courses.CourseEvaluationPage")
    answers = models.JSONField(help_text="Each question's name → the trainee's answer.")
    labels = models.JSONField(
        default=dict, help_text="Each question's name → its label when the trainee answered."
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_evaluation_per_course")
        ]

    def __str__(self):
        return f"{self.user}'s evaluation of {self.course_title}"
