"""A trainee's private notes under a lesson's reflection prompts.

A note belongs to its writer alone: nothing shows it to anyone else (training
administrators, authors and other trainees included). It is kept whatever happens to the
lesson: the page link never cascades, and the lesson's title and the prompt are copied in,
so a note stays readable after the lesson is edited, moved, unpublished or deleted.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from courses.learning.models.records import page_link

NOTE_MAX_LENGTH = 5000


class ReflectionNote(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflection_notes",
        help_text="The note's writer, the only one who ever sees it.",
    )
    lesson = page_link("courses.LessonPage")
    block_id = models.CharField(
        max_length=64, help_text="The reflection prompt's block id in the lesson's body."
    )
    lesson_title = models.CharField(max_length=255, help_text="The lesson's title when written.")
    course_title = models.CharField(max_length=255, blank=True)
    prompt = models.TextField(help_text="The reflection prompt when the note was last saved.")
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["course_title", "lesson_title", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="one_note_per_prompt"
            )
        ]

    def __str__(self):
        return f"A note on “{self.lesson_title}”"
