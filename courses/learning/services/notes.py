"""Saving a trainee's private note under a reflection prompt."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from courses.learning.models import NOTE_MAX_LENGTH, ReflectionNote
from courses.learning.services.completion import StepUnavailable
from courses.learning.steps import StepState
from courses.models import LessonPage


class NoteTooLong(Exception):
    """The note is longer than a note may be; nothing was saved."""

    def __init__(self, length: int):
        super().__init__(length)
        self.length = length

    @property
    def message(self) -> str:
        return (
            f"Your note has {self.length:,} characters; a note can have at most "
            f"{NOTE_MAX_LENGTH:,}. It was not saved: shorten it and save again."
        )


def reflection_prompt(lesson: LessonPage, block_id: str) -> str | None:
    """The text of the lesson's reflection prompt with this block id, or None."""
    for block in lesson.body:
        if block.block_type == "reflection" and str(block.id) == block_id:
            return block.value["prompt"]
    return None


def save_note(
    user, lesson: LessonPage, block_id: str, text: str, state: StepState
) -> ReflectionNote | None:
    """Keep `user`'s note under the reflection prompt `block_id` of `lesson`; blank text
    deletes it (None is returned). `state` is the lesson's step state for `user`.

    Raises StepUnavailable unless the user is enrolled and the lesson open to them, LookupError
    when the lesson has no such prompt, NoteTooLong when the text is too long.
    """
    if not state.access.may_record:
        raise StepUnavailable(state.access)
    prompt = reflection_prompt(lesson, block_id)
    if prompt is None:
        raise LookupError(block_id)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise NoteTooLong(len(text))
    with transaction.atomic():
        if not text:
            ReflectionNote.objects.filter(
                user=user, lesson_id=lesson.pk, block_id=block_id
            ).delete()
            return None
        note, created = ReflectionNote.objects.select_for_update().get_or_create(
            user=user,
            lesson_id=lesson.pk,
            block_id=block_id,
            defaults={
                "text": text,
                "prompt": prompt,
                "lesson_title": lesson.title,
                "course_title": state.course.title if state.course else "",
            },
        )
        if not created:
            note.text, note.prompt, note.lesson_title = text, prompt, lesson.title
            note.updated_at = timezone.now()
            note.save(update_fields=["text", "prompt", "lesson_title", "updated_at"])
    return note
