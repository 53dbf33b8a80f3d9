"""Freezing a quiz for one attempt: the questions as published, in the order shown.

The snapshot is plain JSON stored with the attempt. Grading and the result page read only
the snapshot, so later edits, unpublishing or deletion of the quiz never change a past
attempt. `public_view` strips everything that would give answers away before submission.
"""

from __future__ import annotations

import random

SNAPSHOT_VERSION = 1
# Keys that reveal answers: never sent to the page of an attempt in progress.
ANSWER_KEYS = {"correct", "feedback", "explanation", "position", "citations", "tags"}


def build_snapshot(quiz, seed: int) -> dict:
    rng = random.Random(seed)  # noqa: S311 - shuffling for display, not security
    questions = [
        block.block.snapshot(
            block.value,
            str(block.id) if block.id else f"question-{index}",
            rng,
            quiz.shuffle_choices,
        )
        for index, block in enumerate(quiz.questions)
    ]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return {
        "version": SNAPSHOT_VERSION,
        "settings": {
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "review": quiz.review,
            "review_after_pass_only": quiz.review_after_pass_only,
        },
        "questions": questions,
    }


def public_view(snapshot: dict) -> list[dict]:
    """The questions as an attempt in progress may show them: no answer key of any kind."""

    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in ANSWER_KEYS}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return strip(snapshot["questions"])
