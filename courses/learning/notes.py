"""Reading a trainee's private notes: only ever their own."""

from __future__ import annotations

from courses.learning.models import ReflectionNote


def notes_on(user, lesson_id: int) -> dict[str, ReflectionNote]:
    """`user`'s notes on one lesson, by the prompt's block id (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        note.block_id: note
        for note in ReflectionNote.objects.filter(user=user, lesson_id=lesson_id)
    }


def notes_of(user) -> list[ReflectionNote]:
    """Every note `user` has written, by course and lesson (one query)."""
    return list(ReflectionNote.objects.filter(user=user))
