"""A course's evaluation responses summarised for administrators: for each rating question
the number of answers, the mean and how many gave each rating; for the other questions the
answers themselves. No names: trainees answer knowing their answers are summarised."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

RATINGS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    field_type: str  # "rating", or one of Wagtail's form field types


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    counts: dict[int, int] = field(default_factory=dict)  # rating → how many
    texts: list[str] = field(default_factory=list)

    @property
    def is_rating(self) -> bool:
        return self.question.field_type == "rating"

    @property
    def mean(self) -> Decimal | None:
        total = sum(rating * count for rating, count in self.counts.items())
        if not self.answered or not self.is_rating:
            return None
        return (Decimal(total) / self.answered).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def distribution(self) -> list[tuple[int, int]]:
        return [(rating, self.counts.get(rating, 0)) for rating in RATINGS]


def questions_from(responses, current: list[Question] | None = None) -> list[Question]:
    """The questions in the form's current order, then any asked only in the past (their
    labels as trainees saw them)."""
    questions = list(current or [])
    known = {question.name for question in questions}
    for response in responses:
        for name, label in (response.labels or {}).items():
            if name not in known:
                value = response.answers.get(name)
                kind = "rating" if isinstance(value, int) and value in RATINGS else "text"
                questions.append(Question(name, label, kind))
                known.add(name)
    return questions


def summarise(responses, questions: list[Question]) -> list[QuestionSummary]:
    summaries = {question.name: QuestionSummary(question) for question in questions}
    for response in responses:
        for name, value in (response.answers or {}).items():
            summary = summaries.get(name)
            if summary is None or value in (None, "", []):
                continue
            summary.answered += 1
            if summary.is_rating and isinstance(value, int):
                summary.counts[value] = summary.counts.get(value, 0) + 1
            else:
                summary.texts.append(", ".join(value) if isinstance(value, list) else str(value))
    return [summaries[question.name] for question in questions]
