"""What a quiz result leads to, beyond the grade: the attempts left and whether the trainee
may retake the quiz, the lesson that teaches each missed question (by the question's
competency tags matched against the course's lessons' tags, the quiz's own module first),
and where to go next (the next module, or the final test)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import slugify

from courses.learning.certification import latest_certificate, recertify_since
from courses.learning.navigation import OutlineEntry
from courses.learning.outline import OutlineModule, OutlineStep, trainee_outline
from courses.learning.standing import QuizStanding, quiz_standing
from courses.learning.steps import StepState
from courses.models import LessonPageTag, QuizPage


@dataclass
class ResultNext:
    standing: QuizStanding
    may_retake: bool
    review: dict[str, OutlineEntry] = field(default_factory=dict)  # question id → lesson
    next_module: OutlineModule | None = None
    final_test: OutlineStep | None = None  # when the final test comes next

    @property
    def retake_label(self) -> str:
        return "Retake the quiz" if self.standing.used else "Start the quiz"


def result_next(user, quiz: QuizPage, state: StepState, snapshot: dict) -> ResultNext | None:
    """Where the result of an attempt at `quiz` leads `user`. None when they may no longer
    make attempts at it (no enrolment, or the gate now refuses)."""
    if not state.access.may_record:
        return None
    since = None
    if state.is_final_test:  # after a certificate expired, attempts count from its expiry
        since = recertify_since(latest_certificate(state.progress.enrolment))
    standing = quiz_standing(user, quiz, since=since)
    may_retake = (
        not standing.passed
        and standing.open_attempt is None
        and (standing.left is None or standing.left > 0)
    )
    outline = trainee_outline(state.progress)
    next_module, final_test = None, None
    if state.module is not None:
        ids = [section.module.pk for section in outline.modules]
        index = ids.index(state.module.pk) if state.module.pk in ids else None
        if index is not None and index + 1 < len(ids):
            next_module = outline.modules[index + 1]
        elif index is not None:
            final_test = outline.final_test
    return ResultNext(
        standing,
        may_retake,
        review=lessons_to_review(snapshot, state),
        next_module=next_module,
        final_test=final_test,
    )


def lessons_to_review(snapshot: dict, state: StepState) -> dict[str, OutlineEntry]:
    """For each question of `snapshot` with competency tags, the course's lesson that teaches
    one of them: a lesson of the quiz's own module first, then the earliest in the course.
    One query for the lessons' tags."""
    questions = [
        sub
        for question in snapshot.get("questions", [])
        for sub in (
            question.get("questions", []) if question["type"] == "case_vignette" else [question]
        )
    ]
    if not any(question.get("tags") for question in questions):
        return {}
    navigation = state.progress.navigation
    lessons = {lesson.pk: lesson for lesson in navigation.lessons}
    own = {lesson.pk for lesson in navigation.lessons_of(state.module)}
    order = {pk: index for index, pk in enumerate(lessons)}
    by_tag: dict[str, list[int]] = {}
    for lesson_id, slug in LessonPageTag.objects.filter(
        content_object_id__in=list(lessons)
    ).values_list("content_object_id", "tag__slug"):
        by_tag.setdefault(slug, []).append(lesson_id)
    review = {}
    for question in questions:
        candidates = {
            lesson_id
            for tag in question.get("tags", [])
            for lesson_id in by_tag.get(slugify(tag), [])
        }
        if candidates:
            best = min(candidates, key=lambda pk: (pk not in own, order[pk]))
            review[question["id"]] = lessons[best]
    return review


def with_lessons_to_review(items: list[dict], review: dict[str, OutlineEntry]) -> list[dict]:
    """The result page's items, each question shown as not (fully) right given the lesson
    that teaches it (`review_lesson`). Only questions whose correctness is shown."""
    for item in items:
        for question in item["questions"] if item["type"] == "case_vignette" else [item]:
            if question.get("show_correctness") and not question.get("correct"):
                question["review_lesson"] = review.get(question["id"])
    return items
