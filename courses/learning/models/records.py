"""A trainee's training record: enrolments, lesson completions and course completions.

These rows are what CE credit rests on, so they are never deleted or rewritten when content
changes. They point at pages without a database constraint and without cascading
(`DO_NOTHING`, `db_constraint=False`): deleting, moving or unpublishing a page leaves every
record in place, and the titles (and credit) copied at the time keep it readable. Progress
itself is computed against the live content (`courses.learning.progress`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


def page_link(model: str) -> models.ForeignKey:
    """A link to a content page that never constrains or cascades from it."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The page, while it exists; the record keeps its id if the page is deleted.",
    )


def trainee_link(related_name: str) -> models.ForeignKey:
    """The trainee a record belongs to: the account cannot be deleted while records exist."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name=related_name
    )


class Enrolment(models.Model):
    """A trainee's place on a course."""

    user = trainee_link("enrolments")
    course = page_link("courses.CoursePage")
    course_title = models.CharField(max_length=255, help_text="The course title at enrolment.")
    enrolled_at = models.DateTimeField(default=timezone.now)
    unenrolled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when a training administrator unenrols the trainee. The enrolment and "
        "every record under it are kept; enrolling again clears it.",
    )

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]
        permissions = [
            ("administer_training", "Can see and manage trainees' training records"),
        ]

    def __str__(self):
        return f"{self.user} in {self.course_title}"

    @property
    def completed_at(self):
        completion = getattr(self, "completion", None)
        return completion.completed_at if completion else None


class LessonCompletion(models.Model):
    """A lesson a trainee marked complete. Recorded once; never changed afterwards."""

    user = trainee_link("lesson_completions")
    lesson = page_link("courses.LessonPage")
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


class CourseCompletion(models.Model):
    """The moment a trainee completed a course, and the credit it earned them, frozen.

    Made once, by `courses.learning.services.completion.complete_course` only. The CE hours
    are the course's as it stated them at that moment: editing the course later changes
    nothing here. Certificates are issued from this record.
    """

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="completion")
    user = trainee_link("course_completions")
    course = page_link("courses.CoursePage")
    course_title = models.CharField(max_length=255, help_text="The course title at completion.")
    ce_hours = models.DecimalField(
        "CE hours",
        max_digits=4,
        decimal_places=1,
        help_text="The continuing-education hours the course awarded at completion.",
    )
    credit_type = models.CharField(
        max_length=200,
        blank=True,
        help_text="The kind of credit the course awarded at completion, as certificates state it.",
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]

    def __str__(self):
        return f"{self.user} completed {self.course_title}"


class Cohort(models.Model):
    """A group of trainees who take a course together, with its start and due dates."""

    name = models.CharField(max_length=255)
    course = page_link("courses.CoursePage")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(
        null=True, blank=True, help_text="Members who have not completed by then are behind."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="unique_cohort_name_per_course")
        ]

    def __str__(self):
        return self.name


class CohortMembership(models.Model):
    """A trainee's place in a cohort. Leaving a cohort never touches their records."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_membership_per_cohort")
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort}"
