"""One home per question type: reading a submitted answer, scoring it, the correct answer
(for authors' previews), what a result shows, and the templates that draw it.

Questions arrive as snapshot items (plain JSON, see `snapshot.py`). Three types are graded:
single choice (true/false questions and case-vignette questions are single-choice items in a
snapshot), multiple response and ordering. A new type is one subclass of `QuestionType`
registered in `QUESTION_TYPES`, a block whose `snapshot()` makes its items, and its templates.
"""

from __future__ import annotations

from fractions import Fraction

from courses.assessment.rules import ResultDetail

# Form fields are named q-<question id>, or q-<question id>:<part> for a question in parts.
QUESTION_PREFIX = "q-"


class AnswerError(ValueError):
    """The submitted answers do not fit the attempt; the message is safe to show."""


class QuestionType:
    name = ""
    input_template = ""
    result_template = ""

    def read(self, question: dict, sent: dict[str, list[str]]):
        """The answer in `sent` (form field suffix → non-empty values), or None when the
        question was left blank. Raises AnswerError for anything a real form cannot send."""
        raise NotImplementedError

    def score(self, question: dict, answer) -> Fraction:
        """The points `answer` earns (never called for an unanswered question)."""
        raise NotImplementedError

    def correct_answer(self, question: dict):
        """An answer that earns every point, in the form `read` returns (None when no answer
        can: see `has_key`)."""
        raise NotImplementedError

    def has_key(self, question: dict) -> bool:
        """Whether some answer is right. The admin form refuses a question without one, but a
        data file or a script can store it: such a question is graded as void (see
        `grading.grade`), never as an error."""
        return True

    def result(self, question: dict, answer, detail: str) -> dict:
        """The type's own part of a result item, showing no more than `detail` allows."""
        raise NotImplementedError


class ChoiceQuestion(QuestionType):
    """Picked from `choices`: one (single choice) or several (multiple response)."""

    result_template = "questions/choices_result.html"
    several = False

    def read(self, question, sent):
        if set(sent) - {""}:
            raise AnswerError("An answer was sent in a form this quiz does not use.")
        values = sent.get("", [])
        if not values:
            return None
        known = {choice["id"] for choice in question["choices"]}
        if any(value not in known for value in values):
            raise AnswerError("A choice was sent that does not belong to its question.")
        if len(set(values)) != len(values):
            raise AnswerError("The same choice was sent twice.")
        if not self.several:
            if len(values) > 1:
                raise AnswerError("Choose only one answer for each single-choice question.")
            return values[0]
        return sorted(values)

    def result(self, question, answer, detail):
        chosen = set(answer if isinstance(answer, list) else [answer] if answer else [])
        full = detail == ResultDetail.FULL
        return {
            "choices": [
                {
                    "text": choice["text"],
                    "chosen": choice["id"] in chosen,
                    "correct": choice["correct"] if full else None,
                    "feedback": choice.get("feedback", "")
                    if full and (choice["id"] in chosen or choice["correct"])
                    else "",
                }
                for choice in question["choices"]
            ]
        }

    @staticmethod
    def correct_ids(question) -> list[str]:
        return sorted(choice["id"] for choice in question["choices"] if choice.get("correct"))

    def has_key(self, question):
        return bool(self.correct_ids(question))


class SingleChoice(ChoiceQuestion):
    name = "single_choice"
    input_template = "questions/single_choice_input.html"

    def score(self, question, answer):
        correct = self.correct_ids(question)
        return Fraction(question["points"]) if answer in correct else Fraction(0)

    def correct_answer(self, question):
        correct = self.correct_ids(question)
        return correct[0] if correct else None


class MultipleResponse(ChoiceQuestion):
    name = "multiple_response"
    input_template = "questions/multiple_response_input.html"
    several = True

    def score(self, question, answer):
        correct, picked = set(self.correct_ids(question)), set(answer)
        points = question["points"]
        if question.get("scoring") == "partial":
            net = len(picked & correct) - len(picked - correct)
            return max(Fraction(0), Fraction(net, len(correct)) * points)
        return Fraction(points) if picked == correct else Fraction(0)

    def correct_answer(self, question):
        return self.correct_ids(question)


class Ordering(QuestionType):
    """Steps put in order: every step gets a different position, 1 to the number of steps."""

    name = "ordering"
    input_template = "questions/ordering_input.html"
    result_template = "questions/ordering_result.html"

    def read(self, question, sent):
        steps = {step["id"] for step in question["steps"]}
        given = {}
        for step_id, values in sent.items():
            if not values:
                continue
            if step_id not in steps or len(values) != 1:
                raise AnswerError(
                    "An ordering answer was sent for a step that is not in the question."
                )
            try:
                position = int(values[0])
            except ValueError:
                raise AnswerError("Positions must be whole numbers.") from None
            if not 1 <= position <= len(steps):
                raise AnswerError(f"Positions run from 1 to {len(steps)}.")
            given[step_id] = position
        if not given:
            return None
        if len(given) != len(steps):
            raise AnswerError("Give every step a position, or leave the whole question blank.")
        if len(set(given.values())) != len(given):
            raise AnswerError("Give each step a different position.")
        return given

    def score(self, question, answer):
        right = all(answer.get(step["id"]) == step["position"] for step in question["steps"])
        return Fraction(question["points"]) if right else Fraction(0)

    def correct_answer(self, question):
        return {step["id"]: step["position"] for step in question["steps"]}

    def result(self, question, answer, detail):
        given, full = answer or {}, detail == ResultDetail.FULL
        item = {
            "steps": [
                {
                    "text": step["text"],
                    "your_position": given.get(step["id"]),
                    "position": step["position"] if full else None,
                }
                for step in question["steps"]
            ]
        }
        if full:
            in_order = sorted(question["steps"], key=lambda step: step["position"])
            item["correct_order"] = [step["text"] for step in in_order]
        return item


QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind for kind in (SingleChoice(), MultipleResponse(), Ordering())
}


def question_type(question: dict) -> QuestionType:
    try:
        return QUESTION_TYPES[question["type"]]
    except KeyError:
        raise ValueError(f"Unknown question type {question['type']!r}") from None
