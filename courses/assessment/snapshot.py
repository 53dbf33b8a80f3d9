"""Freezing a quiz for one attempt: the questions as published, in the order shown.

The snapshot is plain JSON stored with the attempt. Grading and the result page read only
the snapshot, so later edits, unpublishing or deletion of the quiz never change a past
attempt. Each question carries a hash of its content, so statistics can tell the versions of
an edited question apart. `public_view` strips everything that would give answers away
before submission.
"""

from __future__ import annotations

import hashlib
import json
import random

from courses.assessment.question_types import question_type

SNAPSHOT_VERSION = 2
# Keys that reveal answers: never sent to the page of an attempt in progress. The content
# hash is among them, because hashing each combination of ticks would reveal the key.
ANSWER_KEYS = {"correct", "feedback", "explanation", "position", "citations", "tags", "hash"}


def build_snapshot(quiz, seed: int) -> dict:
    """`quiz` is a quiz page: its rules and its `questions` StreamField, whose blocks make
    their own snapshot items (`courses.blocks.questions`)."""
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
    for question in questions:
        add_content_hashes(question)
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return {
        "version": SNAPSHOT_VERSION,
        "settings": {
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "result_detail": quiz.result_detail,
            "answers_after_pass_only": quiz.answers_after_pass_only,
        },
        "questions": questions,
    }


def add_content_hashes(question: dict, context: str = ""):
    """Give each gradable question the hash of what a trainee answers: its prompt (and a
    case's scenario), its choices or steps and which are right, its points and scoring.
    Display order, ids' shuffling and explanations do not change it."""
    if question["type"] == "case_vignette":
        for sub in question["questions"]:
            add_content_hashes(sub, context=question["scenario"])
        return
    content = {
        "type": question["type"],
        "context": context,
        "prompt": question["prompt"],
        "points": question["points"],
        "scoring": question.get("scoring", ""),
        "choices": sorted(
            (choice["id"], choice["text"], choice["correct"])
            for choice in question.get("choices", [])
        ),
        "steps": sorted((step["position"], step["text"]) for step in question.get("steps", [])),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    question["hash"] = hashlib.sha256(canonical.encode()).hexdigest()[:16]


def public_view(snapshot: dict) -> list[dict]:
    """The questions as an attempt in progress may show them: no answer key of any kind,
    each gradable question with the template that draws its inputs."""

    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in ANSWER_KEYS}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    def with_template(question):
        if question["type"] == "case_vignette":
            return {**question, "questions": [with_template(q) for q in question["questions"]]}
        return {**question, "input_template": question_type(question).input_template}

    return numbered([with_template(question) for question in strip(snapshot["questions"])])


def numbered(questions: list[dict]) -> list[dict]:
    """Number the scored questions 1, 2, 3… in the order shown, a case vignette's questions
    among them, so that the last number is the count the quiz page states. A vignette gets
    the range of its questions' numbers (`first_number`, `last_number`)."""
    number = 0
    items = []
    for question in questions:
        if question["type"] == "case_vignette":
            subs = []
            for sub in question["questions"]:
                number += 1
                subs.append({**sub, "number": number})
            first = subs[0]["number"] if subs else number
            items.append(
                {**question, "questions": subs, "first_number": first, "last_number": number}
            )
        else:
            number += 1
            items.append({**question, "number": number})
    return items
