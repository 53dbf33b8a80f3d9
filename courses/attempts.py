"""Quiz attempts: start, save, submit, close when time is up, and who has passed.

The server decides everything: the attempts limit, one attempt in progress per trainee and
quiz (a second start resumes it), the deadline, and the grade, which comes from the
attempt's snapshot only. Each state change runs in one transaction holding a row lock
(`select_for_update` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so
concurrent starts make one attempt and concurrent submissions grade it once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.grading import grade, parse_answers
from courses.models import QuizAttempt, QuizPage
from courses.snapshot import build_snapshot

# Time allowed after the deadline for a submission already on its way.
GRACE_PERIOD = timedelta(seconds=30)


class AttemptsExhausted(Exception):
    """The trainee has used every attempt the quiz allows."""


def start_attempt(user, quiz: QuizPage) -> tuple[QuizAttempt, bool]:
    """The trainee's attempt in progress, or a new one; returns it and whether it is new.

    Raises AttemptsExhausted when the quiz's attempt limit is reached.
    """
    with transaction.atomic():
        # One start at a time per trainee: lock their user row.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        open_attempt = _open_attempt(user, quiz)
        if open_attempt is not None:
            if not _past_deadline(open_attempt):
                return open_attempt, False
            _finish(open_attempt, closed_by_time_limit=True)
        used = QuizAttempt.objects.filter(user=user, quiz_id=quiz.pk).count()
        if quiz.max_attempts and used >= quiz.max_attempts:
            raise AttemptsExhausted
        now = timezone.now()
        deadline = (
            now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
        )
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    user=user,
                    quiz_id=quiz.pk,
                    quiz_title=quiz.title,
                    number=used + 1,
                    snapshot=build_snapshot(quiz, seed=secrets.randbits(64)),
                    started_at=now,
                    deadline=deadline,
                )
        except IntegrityError:  # a concurrent start won; resume its attempt
            return _open_attempt(user, quiz), False
    return attempt, True


def _open_attempt(user, quiz):
    return QuizAttempt.objects.filter(
        user=user, quiz_id=quiz.pk, state=QuizAttempt.State.IN_PROGRESS
    ).first()


def _past_deadline(attempt: QuizAttempt, now=None) -> bool:
    now = now or timezone.now()
    return attempt.deadline is not None and now > attempt.deadline + GRACE_PERIOD


def save_answers(user, public_id, data, *, submit: bool) -> QuizAttempt:
    """Save the answers in `data` (a QueryDict) and, if `submit`, grade the attempt.

    An attempt already submitted is returned unchanged, so a repeated submission gives the
    same result. Past the deadline (plus grace), new answers are ignored and the attempt is
    graded on what was saved before. Raises AnswerError for answers that do not fit the
    attempt (nothing is saved), and QuizAttempt.DoesNotExist for another trainee's attempt.
    """
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(public_id=public_id, user=user)
        if not attempt.is_open:
            return attempt
        if _past_deadline(attempt):
            return _finish(attempt, closed_by_time_limit=True)
        attempt.answers = parse_answers(attempt.snapshot, data)
        if submit:
            return _finish(attempt)
        attempt.save(update_fields=["answers"])
        return attempt


def close_if_expired(attempt: QuizAttempt) -> QuizAttempt:
    """Close and grade an attempt whose time is up (when anyone next looks at it)."""
    if not attempt.is_open or not _past_deadline(attempt):
        return attempt
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_open and _past_deadline(locked):
            _finish(locked, closed_by_time_limit=True)
        return locked


def _finish(attempt: QuizAttempt, *, closed_by_time_limit=False) -> QuizAttempt:
    result = grade(attempt.snapshot, attempt.answers)
    attempt.state = QuizAttempt.State.SUBMITTED
    attempt.submitted_at = timezone.now()
    if closed_by_time_limit and attempt.deadline:
        attempt.submitted_at = min(attempt.submitted_at, attempt.deadline)
    attempt.closed_by_time_limit = closed_by_time_limit
    attempt.score = (Decimal(result.earned.numerator) / result.earned.denominator).quantize(
        Decimal("0.01")
    )
    attempt.max_score = result.possible
    attempt.percent = result.percent
    attempt.passed = result.passed
    attempt.results = result.as_record()
    attempt.save()
    if attempt.passed:
        _record_course_completion(attempt)
    return attempt


def _record_course_completion(attempt: QuizAttempt):
    """A passed quiz may complete the course: record the date if so."""
    from courses.enrolment import record_course_completion
    from courses.models import CoursePage

    quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first()
    course = CoursePage.objects.ancestor_of(quiz).first() if quiz else None
    if course is not None:
        record_course_completion(attempt.user, course)


# -- standing -------------------------------------------------------------------------------


def counting_attempt(attempts: list, rule: str):
    """The submitted attempt that decides pass or fail: the highest or the latest."""
    submitted = [attempt for attempt in attempts if attempt.state == QuizAttempt.State.SUBMITTED]
    if not submitted:
        return None
    if rule == QuizPage.AttemptCounts.LATEST:
        return max(submitted, key=lambda attempt: attempt.number)
    return max(submitted, key=lambda attempt: (attempt.percent, -attempt.number))


def passed_quizzes(user, quizzes) -> set[int]:
    """The ids of `quizzes` that `user` has passed, by each quiz's counting rule. One query."""
    rules = {quiz.pk: quiz.attempt_counts for quiz in quizzes}
    if not rules:
        return set()
    attempts = QuizAttempt.objects.filter(
        user=user, quiz_id__in=rules, state=QuizAttempt.State.SUBMITTED
    ).only("quiz_id", "number", "percent", "passed", "state")
    by_quiz: dict[int, list] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    return {
        quiz_id
        for quiz_id, quiz_attempts in by_quiz.items()
        if (counting := counting_attempt(quiz_attempts, rules[quiz_id])) and counting.passed
    }


def standing(user, quiz: QuizPage) -> dict:
    """What the quiz page shows a trainee: attempts used and left, best score, passed."""
    attempts = list(QuizAttempt.objects.filter(user=user, quiz_id=quiz.pk).order_by("number"))
    counting = counting_attempt(attempts, quiz.attempt_counts)
    submitted = [attempt for attempt in attempts if not attempt.is_open]
    return {
        "attempts": attempts,
        "used": len(attempts),
        "left": None if not quiz.max_attempts else max(0, quiz.max_attempts - len(attempts)),
        "best": max((attempt.percent for attempt in submitted), default=None),
        "counting": counting,
        "passed": bool(counting and counting.passed),
        "open_attempt": next((attempt for attempt in attempts if attempt.is_open), None),
    }
