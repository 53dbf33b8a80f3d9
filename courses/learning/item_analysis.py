"""Item analysis of a quiz from its attempts' snapshots: how hard each question was, how well
it told stronger trainees from weaker ones, which choices drew them, and how reliable the
quiz is as a whole.

Everything is read from what each attempt recorded: the snapshot (the questions as shown,
each with a hash of its content), the answers and the points per question the grade gave.
Nothing is graded again. A question edited after some attempts has a new hash, so its two
versions are analysed apart.

The statistics are the classical ones (Moodle's quiz statistics report uses the same):
- **facility**: the share of the available points that trainees earned on the item;
- **discrimination**: the corrected item-total correlation, Pearson's r between the item's
  score and the rest of the attempt's score (the total without this item);
- **Cronbach's alpha** for the quiz: k/(k−1) × (1 − Σ item variances / total variance).
"""

from __future__ import annotations

import copy
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from courses.assessment.grading import gradable_questions
from courses.assessment.snapshot import add_content_hashes

# --- The statistics, as plain functions over numbers ------------------------------------


def mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def standard_deviation(values: Sequence[float]) -> float | None:
    """The sample standard deviation (n − 1), or None for fewer than two values."""
    return statistics.stdev(values) if len(values) >= 2 else None


def facility(earned: Sequence[float], possible: Sequence[float]) -> float | None:
    """The share of the available points earned: Σ earned / Σ possible (0 to 1)."""
    total = sum(possible)
    return sum(earned) / total if total else None


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than two pairs, or no spread)."""
    if len(xs) < 2 or len(xs) != len(ys):
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def discrimination(item_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """The corrected item-total correlation: r between the item's score and the rest of the
    attempt's score (its total less this item), so the item is not correlated with itself."""
    rest = [total - item for item, total in zip(item_scores, totals, strict=True)]
    return correlation(item_scores, rest)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a matrix with one row per attempt and one column per item, or None
    when it is undefined (fewer than two items or attempts, or no spread in the totals)."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    item_variances = sum(statistics.pvariance(column) for column in zip(*matrix, strict=True))
    total_variance = statistics.pvariance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


# --- From attempts to items ---------------------------------------------------------------


@dataclass(frozen=True)
class AttemptRecord:
    """What item analysis reads of one submitted attempt."""

    snapshot: dict
    answers: dict
    results: dict  # question id -> {"earned": "1/2", "possible": 1}, as the grade recorded
    percent: float


@dataclass
class ChoiceCount:
    text: str
    correct: bool
    picked: int = 0


@dataclass
class ItemStats:
    """One version of one question, across the attempts that were shown it."""

    key: str  # the hash of the question's content
    question_id: str
    prompt: str
    kind: str
    points: int
    context: str = ""  # a case study's scenario, for its questions
    number: int = 0  # its place in the report, from 1
    version: int = 1  # 1 for the first version of this question seen, and so on
    versions: int = 1  # how many versions of this question were seen
    earned: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)  # each attempt's total points
    choices: dict[str, ChoiceCount] = field(default_factory=dict)
    unanswered: int = 0
    in_order: int = 0  # ordering questions: answers with every step in place
    positions: list[int] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return len(self.earned)

    @property
    def facility(self) -> float | None:
        return facility(self.earned, [self.points] * len(self.earned))

    @property
    def discrimination(self) -> float | None:
        return discrimination(self.earned, self.totals)

    @property
    def mean_position(self) -> float:
        return statistics.fmean(self.positions) if self.positions else 0


@dataclass
class QuizAnalysis:
    items: list[ItemStats]
    percents: list[float]
    alpha: float | None
    alpha_attempts: int  # the attempts alpha was computed over (those shown the same items)
    alpha_items: int

    @property
    def attempts(self) -> int:
        return len(self.percents)

    @property
    def mean(self) -> float | None:
        return mean(self.percents)

    @property
    def standard_deviation(self) -> float | None:
        return standard_deviation(self.percents)


def item_key(question: dict, context: str = "") -> str:
    """The hash of the question's content, as the snapshot recorded it (snapshots from before
    hashes were kept get theirs computed the same way)."""
    if question.get("hash"):
        return question["hash"]
    if context:
        wrapper = {"type": "case_vignette", "scenario": context, "questions": [dict(question)]}
        add_content_hashes(wrapper)
        return wrapper["questions"][0]["hash"]
    question = copy.deepcopy(question)
    add_content_hashes(question)
    return question["hash"]


def _with_context(snapshot: dict) -> list[tuple[dict, str]]:
    """Each gradable question with its case study's scenario, if it belongs to one."""
    contexts = {
        sub["id"]: question.get("scenario", "")
        for question in snapshot["questions"]
        if question["type"] == "case_vignette"
        for sub in question["questions"]
    }
    return [
        (question, contexts.get(question["id"], "")) for question in gradable_questions(snapshot)
    ]


def analyse(attempts: Iterable[AttemptRecord]) -> QuizAnalysis:
    """Item statistics over `attempts`, read one at a time (an iterator keeps memory to the
    per-item figures). Items come in the order they were shown (on average, for shuffled
    quizzes); the versions of an edited question are numbered in the order first seen."""
    items: dict[str, ItemStats] = {}
    forms: dict[tuple[str, ...], list[list[float]]] = {}
    percents: list[float] = []
    for attempt in attempts:
        shown = []
        for position, (question, context) in enumerate(_with_context(attempt.snapshot)):
            result = attempt.results.get(question["id"])
            if result is None:  # never graded: nothing recorded to read
                continue
            key = item_key(question, context)
            stats = items.get(key)
            if stats is None:
                stats = items[key] = _new_item(key, question, context)
            shown.append((stats, question, Fraction(result["earned"]), position))
        if not shown:
            continue
        total = float(sum(earned for _stats, _question, earned, _position in shown))
        percents.append(float(attempt.percent))
        for stats, question, earned, position in shown:
            stats.earned.append(float(earned))
            stats.totals.append(total)
            stats.positions.append(position)
            _count_answer(stats, question, attempt.answers.get(question["id"]))
        form = tuple(sorted(stats.key for stats, *_ in shown))
        scores = {stats.key: float(earned) for stats, _q, earned, _p in shown}
        forms.setdefault(form, []).append([scores[key] for key in form])
    _number_versions(items.values())
    ordered = sorted(items.values(), key=lambda stats: stats.mean_position)
    for number, stats in enumerate(ordered, 1):
        stats.number = number
    form, matrix = max(forms.items(), key=lambda entry: len(entry[1]), default=((), []))
    return QuizAnalysis(
        items=ordered,
        percents=percents,
        alpha=cronbach_alpha(matrix),
        alpha_attempts=len(matrix),
        alpha_items=len(form),
    )


def _new_item(key: str, question: dict, context: str) -> ItemStats:
    stats = ItemStats(
        key=key,
        question_id=question["id"],
        prompt=question.get("prompt", ""),
        kind=question["type"],
        points=int(question["points"]),
        context=context,
    )
    for choice in question.get("choices", []):
        stats.choices[choice["id"]] = ChoiceCount(choice["text"], bool(choice["correct"]))
    return stats


def _count_answer(stats: ItemStats, question: dict, answer):
    if answer in (None, "", [], {}):
        stats.unanswered += 1
        return
    if question["type"] == "ordering":
        if all(answer.get(step["id"]) == step["position"] for step in question["steps"]):
            stats.in_order += 1
        return
    for choice_id in answer if isinstance(answer, list) else [answer]:
        if choice_id in stats.choices:
            stats.choices[choice_id].picked += 1


def _number_versions(items: Iterable[ItemStats]):
    by_question: dict[str, list[ItemStats]] = {}
    for stats in items:  # in the order first seen
        by_question.setdefault(stats.question_id, []).append(stats)
    for versions in by_question.values():
        for number, stats in enumerate(versions, 1):
            stats.version, stats.versions = number, len(versions)


def choice_summary(stats: ItemStats) -> list[str]:
    """How often each answer was given, one line per choice (the key marked), then blanks."""
    n = stats.attempts or 1
    if stats.kind == "ordering":
        lines = [f"All steps in order: {stats.in_order} ({stats.in_order / n:.0%})"]
    else:
        lines = [
            f"{choice.text}{' (key)' if choice.correct else ''}: "
            f"{choice.picked} ({choice.picked / n:.0%})"
            for choice in stats.choices.values()
        ]
    return [*lines, f"No answer: {stats.unanswered} ({stats.unanswered / n:.0%})"]
