"""A training administrator's exceptions to the quiz rules for one trainee: extra attempts
or extra time (an accessibility accommodation), reopening a submitted attempt, and voiding
one. Each runs in one transaction holding a row lock, is logged on the trainee's account
with who, when and why (`courses.learning.audit`), and deletes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.learning import audit
from courses.learning.models import QuizAttempt, QuizOverride
from courses.learning.services.attempts import GRACE_PERIOD
from courses.learning.standing import minutes_allowed
from courses.models import QuizPage


class OverrideRefused(Exception):
    """The action does not apply to this record as it stands; the message says why."""


def percent_text(value: Decimal | None) -> str | None:
    """A percentage as the history shows it: 62.5, not 62.50."""
    return None if value is None else f"{value.normalize():f}"


def attempt_facts(attempt: QuizAttempt) -> dict:
    """What the log keeps about an attempt, as it was before the change."""
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "quiz_id": attempt.quiz_id,
        "quiz_title": attempt.quiz_title,
        "state": attempt.state,
        "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
        "score": str(attempt.score) if attempt.score is not None else None,
        "percent": percent_text(attempt.percent),
        "passed": attempt.passed,
    }


def _lock_trainee(trainee):
    """One change at a time per trainee (the same lock an attempt's start takes)."""
    get_user_model().objects.select_for_update().filter(pk=trainee.pk).first()


def set_quiz_override(
    trainee, quiz: QuizPage, *, extra_attempts: int, extra_minutes: int, reason: str, by
) -> QuizOverride:
    """Give `trainee` `extra_attempts` attempts and `extra_minutes` minutes on `quiz` beyond
    its rules (replacing any earlier override: the numbers are totals, so repeating the same
    request changes nothing). An attempt in progress with a time limit gets the difference
    in extra minutes added to its deadline, unless its time is already up."""
    if extra_attempts < 0 or extra_minutes < 0:
        raise OverrideRefused("Extra attempts and extra minutes cannot be negative.")
    with transaction.atomic():
        _lock_trainee(trainee)
        override = QuizOverride.objects.filter(user=trainee, quiz_id=quiz.pk).first()
        before = {
            "extra_attempts": override.extra_attempts if override else 0,
            "extra_minutes": override.extra_minutes if override else 0,
        }
        if override is None:
            override = QuizOverride(user=trainee, quiz_id=quiz.pk)
        override.extra_attempts = extra_attempts
        override.extra_minutes = extra_minutes
        override.reason = reason
        override.granted_by = by
        override.granted_at = timezone.now()
        override.save()
        moved = _move_open_deadline(trainee, quiz, extra_minutes - before["extra_minutes"])
        audit.record(
            trainee,
            audit.QUIZ_OVERRIDE,
            by=by,
            reason=reason,
            quiz={"id": quiz.pk, "title": quiz.title},
            before=before,
            after={"extra_attempts": extra_attempts, "extra_minutes": extra_minutes},
            open_attempt_deadline=moved.isoformat() if moved else None,
        )
    return override


def _move_open_deadline(trainee, quiz: QuizPage, minutes: int):
    """Shift the deadline of `trainee`'s timed attempt in progress on `quiz` by `minutes`;
    returns the new deadline, or None if no attempt was changed."""
    if not minutes:
        return None
    attempt = (
        QuizAttempt.objects.select_for_update()
        .filter(user=trainee, quiz_id=quiz.pk, state=QuizAttempt.State.IN_PROGRESS)
        .exclude(deadline=None)
        .first()
    )
    if attempt is None or timezone.now() > attempt.deadline + GRACE_PERIOD:
        return None  # time already ran out: the attempt is graded as it stands
    attempt.deadline += timedelta(minutes=minutes)
    attempt.save(update_fields=["deadline"])
    return attempt.deadline


def reopen_attempt(attempt: QuizAttempt, *, reason: str, by) -> QuizAttempt:
    """Let the trainee carry on with a submitted attempt: it is in progress again, with the
    answers they had saved, and is graded afresh when they submit. A timed attempt gets its
    full time allowance again from now (the quiz's limit plus any extra minutes granted).
    Its earlier grade is kept in the log entry. A voided attempt, an attempt in progress,
    and an attempt whose trainee has another in progress at the same quiz are refused."""
    with transaction.atomic():
        _lock_trainee(attempt.user)
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.is_voided:
            raise OverrideRefused("This attempt is voided; a voided attempt cannot be reopened.")
        if attempt.is_open:
            raise OverrideRefused("This attempt is already in progress.")
        if QuizAttempt.objects.filter(
            user=attempt.user, quiz_id=attempt.quiz_id, state=QuizAttempt.State.IN_PROGRESS
        ).exists():
            raise OverrideRefused(
                "The trainee has another attempt at this quiz in progress: it must be "
                "submitted first."
            )
        before = attempt_facts(attempt)
        now = timezone.now()
        attempt.state = QuizAttempt.State.IN_PROGRESS
        attempt.deadline = _fresh_deadline(attempt, now)
        attempt.submitted_at = None
        attempt.closed_by_time_limit = False
        attempt.score = attempt.max_score = attempt.percent = attempt.passed = None
        attempt.results = {}
        attempt.save()
        audit.record(
            attempt.user,
            audit.ATTEMPT_REOPEN,
            by=by,
            reason=reason,
            attempt=before,
            deadline=attempt.deadline.isoformat() if attempt.deadline else None,
        )
    return attempt


def _fresh_deadline(attempt: QuizAttempt, now):
    if attempt.deadline is None:
        return None
    quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first()
    override = QuizOverride.objects.filter(user=attempt.user, quiz_id=attempt.quiz_id).first()
    minutes = minutes_allowed(quiz, override) if quiz is not None else None
    if minutes is None:  # the quiz is gone or no longer timed: the time the attempt had
        return now + (attempt.deadline - attempt.started_at)
    return now + timedelta(minutes=minutes)


def void_attempt(attempt: QuizAttempt, *, reason: str, by) -> QuizAttempt:
    """Mark a submitted attempt voided, by whom and why. It is kept, with its answers and
    grade, but no longer counts toward passing or the attempts used, so the trainee may make
    another. A course completion already recorded is not undone."""
    with transaction.atomic():
        _lock_trainee(attempt.user)
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.is_voided:
            raise OverrideRefused("This attempt is already voided.")
        if attempt.is_open:
            raise OverrideRefused(
                "This attempt is in progress: only a submitted attempt can be voided."
            )
        attempt.voided_at = timezone.now()
        attempt.voided_by = by
        attempt.void_reason = reason
        attempt.save(update_fields=["voided_at", "voided_by", "void_reason"])
        audit.record(
            attempt.user, audit.ATTEMPT_VOID, by=by, reason=reason, attempt=attempt_facts(attempt)
        )
    return attempt
