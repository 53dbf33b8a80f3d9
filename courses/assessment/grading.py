"""Reading and scoring quiz answers, from an attempt's snapshot only.

Pure functions: the same snapshot and answers always give the same result, and nothing the
browser sends is trusted beyond the choice ids it names, which must belong to the question.
Each question type reads and scores its own answers (`question_types`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from courses.assessment.question_types import QUESTION_PREFIX, AnswerError, question_type


def gradable_questions(snapshot: dict) -> list[dict]:
    """Every question that scores points, with case vignettes' questions flattened."""
    items = []
    for question in snapshot["questions"]:
        if question["type"] == "case_vignette":
            items.extend(question["questions"])
        else:
            items.append(question)
    return items


@dataclass(frozen=True)
class AnswerReading:
    """A submitted form read question by question: the answers that fit, each question whose
    answer does not (question id → a message safe to show), what was typed into those (for
    showing back), and a message for fields naming no question of the attempt."""

    answers: dict
    errors: dict
    typed: dict
    stray: str = ""

    @property
    def valid(self) -> bool:
        return not self.errors and not self.stray


def read_answers(snapshot: dict, data) -> AnswerReading:
    """The answers in a submitted form (a QueryDict), checked against the snapshot, each
    question on its own: one question's invalid answer never loses the others.

    Unanswered questions are simply absent from `answers`. A question whose answer could not
    be read (repeated positions, a choice from elsewhere, several answers to a single-choice
    question) is in `errors`; fields naming a question not in the attempt are left out and
    noted in `stray`.
    """
    questions = {question["id"]: question for question in gradable_questions(snapshot)}
    sent: dict[str, dict[str, list[str]]] = {}
    stray = ""
    for key in data:
        if not key.startswith(QUESTION_PREFIX):
            continue
        question_id, _, part = key[len(QUESTION_PREFIX) :].partition(":")
        if question_id not in questions:
            stray = "An answer was sent for a question that is not in this attempt."
            continue
        sent.setdefault(question_id, {})[part] = [v for v in data.getlist(key) if v != ""]
    answers, errors, typed = {}, {}, {}
    for question_id, parts in sent.items():
        question = questions[question_id]
        try:
            answer = question_type(question).read(question, parts)
        except AnswerError as error:
            errors[question_id] = str(error)
            typed[question_id] = _as_typed(parts)
            continue
        if answer is not None:
            answers[question_id] = answer
    return AnswerReading(answers=answers, errors=errors, typed=typed, stray=stray)


def _as_typed(parts: dict[str, list[str]]):
    """What was sent for a question, in the shape its inputs show: positions by step for an
    ordering question, the picked values for a choice question."""
    if set(parts) == {""}:
        return parts[""]
    typed = {}
    for part, values in parts.items():
        if len(values) == 1 and values[0].isdigit():
            typed[part] = int(values[0])
    return typed


def parse_answers(snapshot: dict, data) -> dict:
    """The answers in a submitted form (a QueryDict), checked against the snapshot.

    Unanswered questions are simply absent. Raises AnswerError for anything that could only
    come from a tampered or stale form: an unknown question, a choice from elsewhere, a
    repeated choice, several answers to a single-choice question, or malformed positions.
    """
    reading = read_answers(snapshot, data)
    if reading.stray:
        raise AnswerError(reading.stray)
    if reading.errors:
        raise AnswerError(next(iter(reading.errors.values())))
    return reading.answers


def unanswered_count(snapshot: dict, answers: dict) -> int:
    """How many scored questions have no saved answer."""
    return sum(1 for question in gradable_questions(snapshot) if question["id"] not in answers)


def correct_answers(snapshot: dict) -> dict:
    """Answers that earn every point: what an author's result preview shows. A void question
    (no right answer) has none."""
    return {
        question["id"]: question_type(question).correct_answer(question)
        for question in gradable_questions(snapshot)
        if question_type(question).has_key(question)
    }


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    earned: Fraction
    possible: int

    @property
    def correct(self) -> bool:
        return self.earned == self.possible


@dataclass(frozen=True)
class Grade:
    results: tuple[QuestionResult, ...]
    earned: Fraction
    possible: int
    pass_mark: int

    @property
    def percent(self) -> Decimal:
        if not self.possible:
            return Decimal("0.00")
        exact = self.earned * 100 / self.possible
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def score(self) -> Decimal:
        """The points earned, to two decimal places (partial credit can be fractional)."""
        return (Decimal(self.earned.numerator) / self.earned.denominator).quantize(Decimal("0.01"))

    @property
    def passed(self) -> bool:
        return self.possible > 0 and self.earned * 100 >= self.pass_mark * self.possible

    def as_record(self) -> dict:
        """For storage with the attempt: per-question points, as strings."""
        return {
            result.question_id: {"earned": str(result.earned), "possible": result.possible}
            for result in self.results
        }


def score_question(question: dict, answer) -> Fraction:
    """The points earned on one question (0 when unanswered)."""
    if answer is None:
        return Fraction(0)
    return question_type(question).score(question, answer)


def is_void(question: dict) -> bool:
    """A question no answer can get right (a single-choice question with no correct choice,
    stored by a data file or a script past the admin form's check). It is left out of the
    score: it earns nothing and is worth nothing, so no trainee loses points to an authoring
    mistake, and the result page says so (`results._item`)."""
    return not question_type(question).has_key(question)


def grade(snapshot: dict, answers: dict) -> Grade:
    results = tuple(
        QuestionResult(question["id"], Fraction(0), 0)
        if is_void(question)
        else QuestionResult(
            question["id"],
            score_question(question, answers.get(question["id"])),
            question["points"],
        )
        for question in gradable_questions(snapshot)
    )
    return Grade(
        results=results,
        earned=sum((result.earned for result in results), Fraction(0)),
        possible=sum(result.possible for result in results),
        pass_mark=snapshot["settings"]["pass_mark"],
    )


__all__ = [
    "AnswerError",
    "AnswerReading",
    "Grade",
    "QuestionResult",
    "correct_answers",
    "gradable_questions",
    "grade",
    "is_void",
    "parse_answers",
    "read_answers",
    "score_question",
    "unanswered_count",
]
