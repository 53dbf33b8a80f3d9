"""Where a trainee stands on a quiz: which attempt counts, whether the quiz is passed, and
what the quiz page shows. "Passed" means one thing for an attempt (it reached the pass
mark) and, for a quiz, that its counting attempt passed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from courses.assessment.rules import AttemptCounts
from courses.learning.models import QuizAttempt, QuizOverride


def counting_attempt(attempts: list[QuizAttempt], rule: str) -> QuizAttempt | None:
    """The submitted attempt that decides pass or fail: the highest or the latest. Voided
    attempts never count."""
    submitted = [
        attempt
        for attempt in attempts
        if attempt.state == QuizAttempt.State.SUBMITTED and attempt.voided_at is None
    ]
    if not submitted:
        return None
    if rule == AttemptCounts.LATEST:
        return max(submitted, key=lambda attempt: attempt.number)
    return max(submitted, key=lambda attempt: (attempt.percent, -attempt.number))


def submitted_attempts(user, quizzes) -> list[QuizAttempt]:
    """`user`'s submitted attempts at any of `quizzes`, with what standing needs. One query."""
    quiz_ids = {quiz.pk for quiz in quizzes}
    if not quiz_ids:
        return []
    # All the user's submitted attempts, kept to these quizzes here: the query stays the
    # same size however many quizzes a course has.
    attempts = QuizAttempt.objects.filter(
        user=user, state=QuizAttempt.State.SUBMITTED, voided_at=None
    ).only("quiz_id", "number", "percent", "passed", "state", "voided_at")
    return [attempt for attempt in attempts if attempt.quiz_id in quiz_ids]


def trainee_attempts(user, quizzes) -> list[QuizAttempt]:
    """`user`'s attempts at any of `quizzes` that count for anything: submitted ones and the
    one in progress, never voided ones, with what standing and the outline need. One query."""
    quiz_ids = {quiz.pk for quiz in quizzes}
    if not quiz_ids:
        return []
    attempts = QuizAttempt.objects.filter(user=user, voided_at=None).only(
        "quiz_id",
        "number",
        "percent",
        "passed",
        "state",
        "voided_at",
        "public_id",
        "deadline",
        "started_at",
    )
    return [attempt for attempt in attempts if attempt.quiz_id in quiz_ids]


def extra_attempts_granted(user) -> dict[int, int]:
    """The extra attempts training administrators granted `user`, by quiz id. One query."""
    overrides = QuizOverride.objects.filter(user=user, extra_attempts__gt=0)
    return dict(overrides.values_list("quiz_id", "extra_attempts"))


def passed_quizzes(user, quizzes, attempts: list[QuizAttempt] | None = None) -> set[int]:
    """The ids of `quizzes` that `user` has passed, by each quiz's counting rule: one query,
    none when their submitted `attempts` are given."""
    rules = {quiz.pk: quiz.attempt_counts for quiz in quizzes}
    if not rules:
        return set()
    if attempts is None:
        attempts = submitted_attempts(user, quizzes)
    by_quiz: dict[int, list[QuizAttempt]] = {}
    for attempt in attempts:
        if attempt.quiz_id in rules:
            by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    return {
        quiz_id
        for quiz_id, quiz_attempts in by_quiz.items()
        if (counting := counting_attempt(quiz_attempts, rules[quiz_id])) and counting.passed
    }


@dataclass
class QuizStanding:
    """What the quiz page shows a trainee: attempts used and left, best score, passed."""

    attempts: list[QuizAttempt]
    max_attempts: int
    counting: QuizAttempt | None
    extra_attempts: int = 0  # granted to this trainee by a training administrator
    minutes: int | None = None  # the trainee's time limit, with any extra minutes granted
    extra_minutes: int = 0

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def left(self) -> int | None:
        return None if not self.max_attempts else max(0, self.max_attempts - self.used)

    @property
    def best(self) -> Decimal | None:
        return max((a.percent for a in self.attempts if not a.is_open), default=None)

    @property
    def passed(self) -> bool:
        return bool(self.counting and self.counting.passed)

    @property
    def open_attempt(self) -> QuizAttempt | None:
        return next((attempt for attempt in self.attempts if attempt.is_open), None)


def quiz_override(user, quiz) -> QuizOverride | None:
    """The exception a training administrator granted `user` on `quiz`, if any. One query."""
    return QuizOverride.objects.filter(user=user, quiz_id=quiz.pk).first()


def attempts_allowed(quiz, override: QuizOverride | None) -> int:
    """How many attempts `quiz` allows the trainee (0: no limit): the quiz's own limit plus any
    extra attempts granted. Extra attempts mean nothing on a quiz without a limit."""
    if not quiz.max_attempts:
        return 0
    return quiz.max_attempts + (override.extra_attempts if override else 0)


def minutes_allowed(quiz, override: QuizOverride | None) -> int | None:
    """The trainee's time limit on `quiz` in minutes (None: untimed): the quiz's own plus any
    extra minutes granted. Extra time means nothing on an untimed quiz."""
    if not quiz.time_limit_minutes:
        return None
    return quiz.time_limit_minutes + (override.extra_minutes if override else 0)


def quiz_standing(user, quiz, *, since=None) -> QuizStanding:
    """`user`'s standing on `quiz` (a quiz page, or anything with its rules). Two queries: the
    attempts, and the trainee's override where the quiz limits attempts or time. Voided
    attempts are left out: they neither count nor use up an attempt. With `since` (a
    recertification: the final test taken again after a certificate expired), only the
    attempts started from then on count."""
    attempts = QuizAttempt.objects.filter(user=user, quiz_id=quiz.pk, voided_at=None)
    if since is not None:
        attempts = attempts.filter(started_at__gte=since)
    attempts = list(attempts.order_by("number"))
    limited = quiz.max_attempts or quiz.time_limit_minutes
    override = quiz_override(user, quiz) if limited else None
    return QuizStanding(
        attempts,
        attempts_allowed(quiz, override),
        counting_attempt(attempts, quiz.attempt_counts),
        extra_attempts=override.extra_attempts if override and quiz.max_attempts else 0,
        minutes=minutes_allowed(quiz, override),
        extra_minutes=override.extra_minutes if override and quiz.time_limit_minutes else 0,
    )
