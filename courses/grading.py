"""Reading and scoring quiz answers, from an attempt's snapshot only.

Pure functions: the same snapshot and answers always give the same result, and nothing the
browser sends is trusted beyond the choice ids it names, which must belong to the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

QUESTION_PREFIX = "q-"


class AnswerError(ValueError):
    """The submitted answers do not fit the attempt; the message is safe to show."""


def gradable_questions(snapshot: dict) -> list[dict]:
    """Every question that scores points, with case vignettes' questions flattened."""
    items = []
    for question in snapshot["questions"]:
        if question["type"] == "case_vignette":
            items.extend(question["questions"])
        else:
            items.append(question)
    return items


def parse_answers(snapshot: dict, data) -> dict:
    """The answers in a submitted form (a QueryDict), checked against the snapshot.

    Unanswered questions are simply absent. Raises AnswerError for anything that could only
    come from a tampered or stale form: an unknown question, a choice from elsewhere, a
    repeated choice, several answers to a single-choice question, or malformed positions.
    """
    questions = {question["id"]: question for question in gradable_questions(snapshot)}
    answers: dict = {}
    for key in data:
        if not key.startswith(QUESTION_PREFIX):
            continue
        question_id, _, step_id = key[len(QUESTION_PREFIX) :].partition(":")
        question = questions.get(question_id)
        if question is None:
            raise AnswerError("An answer was sent for a question that is not in this attempt.")
        values = [value for value in data.getlist(key) if value != ""]
        if question["type"] == "ordering":
            _read_position(question, step_id, values, answers)
        elif step_id:
            raise AnswerError("An answer was sent in a form this quiz does not use.")
        else:
            answers.update(_read_choices(question, values))
    for question in questions.values():
        given = answers.get(question["id"])
        if question["type"] == "ordering" and given is not None:
            _check_ordering(question, given)
    return answers


def _read_choices(question: dict, values: list[str]) -> dict:
    if not values:
        return {}
    known = {choice["id"] for choice in question["choices"]}
    if any(value not in known for value in values):
        raise AnswerError("A choice was sent that does not belong to its question.")
    if len(set(values)) != len(values):
        raise AnswerError("The same choice was sent twice.")
    if question["type"] == "single_choice":
        if len(values) > 1:
            raise AnswerError("Choose only one answer for each single-choice question.")
        return {question["id"]: values[0]}
    return {question["id"]: sorted(values)}


def _read_position(question: dict, step_id: str, values: list[str], answers: dict):
    if not values:
        return
    steps = {step["id"] for step in question["steps"]}
    if step_id not in steps or len(values) != 1:
        raise AnswerError("An ordering answer was sent for a step that is not in the question.")
    try:
        position = int(values[0])
    except ValueError:
        raise AnswerError("Positions must be whole numbers.") from None
    if not 1 <= position <= len(steps):
        raise AnswerError(f"Positions run from 1 to {len(steps)}.")
    answers.setdefault(question["id"], {})[step_id] = position


def _check_ordering(question: dict, given: dict):
    if len(given) != len(question["steps"]):
        raise AnswerError("Give every step a position, or leave the whole question blank.")
    if len(set(given.values())) != len(given):
        raise AnswerError("Give each step a different position.")


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    earned: Fraction
    possible: int

    @property
    def correct(self) -> bool:
        return self.earned == self.possible

    @property
    def partly_correct(self) -> bool:
        return 0 < self.earned < self.possible


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
    points = question["points"]
    if answer is None:
        return Fraction(0)
    if question["type"] == "single_choice":
        correct = next(choice["id"] for choice in question["choices"] if choice["correct"])
        return Fraction(points) if answer == correct else Fraction(0)
    if question["type"] == "multiple_response":
        correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
        picked = set(answer)
        if question.get("scoring") == "partial":
            net = len(picked & correct) - len(picked - correct)
            return max(Fraction(0), Fraction(net, len(correct)) * points)
        return Fraction(points) if picked == correct else Fraction(0)
    if question["type"] == "ordering":
        right = all(answer.get(step["id"]) == step["position"] for step in question["steps"])
        return Fraction(points) if right else Fraction(0)
    raise ValueError(f"Unknown question type {question['type']!r}")


def grade(snapshot: dict, answers: dict) -> Grade:
    results = tuple(
        QuestionResult(
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
