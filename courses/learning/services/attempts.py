"""Quiz attempts: start, save, submit, and close when time is up.

The server decides everything: the attempts limit, one attempt in progress per trainee and
quiz (a second start resumes it), the deadline, and the grade, which comes from the
attempt's snapshot only. Each state change runs in one transaction holding a row lock
(`select_for_update` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so
concurrent starts make one attempt and concurrent submissions grade it once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.assessment.grading import AnswerReading, grade, parse_answers, read_answers
from courses.assessment.snapshot import build_snapshot
from courses.learning.certification import latest_certificate, recertify_since
from courses.learning.models import QuizAttempt
from courses.learning.services import completion
from courses.learning.services.completion import StepUnavailable
from courses.learning.standing import attempts_allowed, minutes_allowed, quiz_override
from courses.learning.steps import StepState
from courses.models import QuizPage

# Time allowed after the deadline for a submission already on its way.
GRACE_PERIOD = timedelta(seconds=30)


class AttemptsExhausted(Exception):
    """The trainee has used every attempt the quiz allows."""


def start_attempt(user, quiz: QuizPage, state: StepState) -> tuple[QuizAttempt, bool]:
    """The trainee's attempt in progress, or a new one; returns it and whether it is new.
    `state` is the quiz's step state for `user` (`quiz.step_state(user)`).

    Raises StepUnavailable unless the gate allows a record, and AttemptsExhausted when the
    quiz's attempt limit is reached. A training administrator's override for the trainee
    (`QuizOverride`) adds its extra attempts to the limit and its extra minutes to the time
    limit of the new attempt.
    """
    if not state.access.may_record:
        raise StepUnavailable(state.access)
    with transaction.atomic():
        # One start at a time per trainee: lock their user row.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        open_attempt = _open_attempt(user, quiz)
        if open_attempt is not None:
            if not _past_deadline(open_attempt):
                return open_attempt, False
            _finish(open_attempt, closed_by_time_limit=True)
        numbers = list(
            QuizAttempt.objects.filter(user=user, quiz_id=quiz.pk).values_list(
                "number", "voided_at", "started_at"
            )
        )
        since = recertification_start(state)
        used = sum(
            1
            for _number, voided_at, started_at in numbers
            if voided_at is None and (since is None or started_at >= since)
        )
        override = quiz_override(user, quiz)
        allowed = attempts_allowed(quiz, override)
        if allowed and used >= allowed:
            raise AttemptsExhausted
        now = timezone.now()
        minutes = minutes_allowed(quiz, override)
        deadline = now + timedelta(minutes=minutes) if minutes else None
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    user=user,
                    quiz_id=quiz.pk,
                    quiz_title=quiz.title,
                    number=max((number for number, _, _ in numbers), default=0) + 1,
                    snapshot=build_snapshot(quiz, seed=secrets.randbits(64)),
                    started_at=now,
                    deadline=deadline,
                )
        except IntegrityError:  # a concurrent start won; resume its attempt
            return _open_attempt(user, quiz), False
    return attempt, True


def recertification_start(state: StepState):
    """For a course's final test whose trainee's certificate has expired: when it expired.
    Attempts from then on are a new round, with the quiz's full number of attempts."""
    enrolment = state.progress.enrolment
    if not state.is_final_test or enrolment is None:
        return None
    return recertify_since(latest_certificate(enrolment))


def _open_attempt(user, quiz: QuizPage) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(
        user=user, quiz_id=quiz.pk, state=QuizAttempt.State.IN_PROGRESS
    ).first()


def _past_deadline(attempt: QuizAttempt, now=None) -> bool:
    now = now or timezone.now()
    return attempt.deadline is not None and now > attempt.deadline + GRACE_PERIOD


def save_answers(
    user, public_id, data, *, submit: bool, state: StepState | None = None
) -> QuizAttempt:
    """Save the answers in `data` (a QueryDict) and, if `submit`, grade the attempt.
    `state`, when given, is the quiz's step state for `user`, already computed.

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
            return _finish(attempt, closed_by_time_limit=True, state=state)
        attempt.answers = parse_answers(attempt.snapshot, data)
        if submit:
            return _finish(attempt, state=state)
        attempt.save(update_fields=["answers"])
        return attempt


def keep_answers(
    user, public_id, data, *, state: StepState | None = None
) -> tuple[QuizAttempt, AnswerReading | None]:
    """Save every answer in `data` (a QueryDict) that fits the attempt, question by question:
    a question whose answer does not fit keeps what was saved for it before, and is named in
    the reading's errors, so nothing else typed is lost. Used by the attempt page and its
    autosave. `state` as for `save_answers`.

    Returns the attempt and the reading, or the attempt and None when it no longer takes
    answers: already submitted (unchanged), or past its deadline (plus grace), when it is
    closed now and graded on what was saved before. Raises QuizAttempt.DoesNotExist for
    another trainee's attempt.
    """
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(public_id=public_id, user=user)
        if not attempt.is_open:
            return attempt, None
        if _past_deadline(attempt):
            return _finish(attempt, closed_by_time_limit=True, state=state), None
        reading = read_answers(attempt.snapshot, data)
        kept = {key: value for key, value in attempt.answers.items() if key in reading.errors}
        attempt.answers = {**reading.answers, **kept}
        attempt.save(update_fields=["answers"])
        return attempt, reading


def submit_attempt(user, public_id, *, state: StepState | None = None) -> QuizAttempt:
    """Grade the attempt on its saved answers. An attempt already submitted is returned
    unchanged; one past its deadline is closed as timed out, graded on the same answers."""
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(public_id=public_id, user=user)
        if not attempt.is_open:
            return attempt
        return _finish(attempt, closed_by_time_limit=_past_deadline(attempt), state=state)


def close_if_expired(attempt: QuizAttempt) -> QuizAttempt:
    """Close and grade an attempt whose time is up (when anyone next looks at it)."""
    if not attempt.is_open or not _past_deadline(attempt):
        return attempt
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_open and _past_deadline(locked):
            _finish(locked, closed_by_time_limit=True)
        return locked


def _finish(
    attempt: QuizAttempt, *, closed_by_time_limit=False, state: StepState | None = None
) -> QuizAttempt:
    result = grade(attempt.snapshot, attempt.answers)
    attempt.state = QuizAttempt.State.SUBMITTED
    attempt.submitted_at = timezone.now()
    if closed_by_time_limit and attempt.deadline:
        attempt.submitted_at = min(attempt.submitted_at, attempt.deadline)
    attempt.closed_by_time_limit = closed_by_time_limit
    attempt.score = result.score
    attempt.max_score = result.possible
    attempt.percent = result.percent
    attempt.passed = result.passed
    attempt.results = result.as_record()
    attempt.save()
    if attempt.passed:
        _complete_course_if_done(attempt, state)
    return attempt


def _complete_course_if_done(attempt: QuizAttempt, state: StepState | None):
    """A passed quiz may complete the course: record it if so."""
    if state is None:
        quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first()
        state = quiz.step_state(attempt.user) if quiz is not None else None
    if state is not None and state.progress.enrolment is not None:
        progress = state.progress.with_quiz_passed(attempt.quiz_id)
        completion.complete_course(attempt.user, state.course, progress)
