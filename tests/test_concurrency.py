"""Exactly-once records under concurrency: many simultaneous requests (double clicks, two
tabs, retries) leave one enrolment and one completion. Runs on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from courses.learning.models import Enrolment, LessonCompletion
from courses.learning.services.completion import complete_lesson
from courses.learning.services.enrolment import enrol
from tests.factories import lessons_of, make_course, make_trainee, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 20


def hammer(function, *args, n=THREADS, **kwargs):
    """Run `function(*args)` in `n` threads released at the same instant."""
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(function(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_completions_of_one_lesson_leave_one_record():
    course = make_course(modules=1, lessons_per_module=3)
    trainee = make_trainee(enrolled_in=course)
    for lesson in lessons_of(course):  # three trials: races are probabilistic
        state = lesson.step_state(trainee)
        results, errors = hammer(complete_lesson, trainee, lesson, state)
        assert errors == []
        assert len(results) == THREADS
        assert LessonCompletion.objects.filter(user=trainee, lesson_id=lesson.pk).count() == 1
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.completed_at is not None


def test_concurrent_enrolments_leave_one_enrolment():
    course = make_course(modules=1, lessons_per_module=1)
    trainee = make_user()
    results, errors = hammer(enrol, trainee, course)
    assert errors == []
    assert Enrolment.objects.filter(user=trainee).count() == 1
    assert sum(1 for _, created in results if created) == 1


def test_concurrent_starts_make_one_attempt():
    from courses.learning.models import QuizAttempt
    from courses.learning.services.attempts import start_attempt
    from tests.factories import make_quiz

    course = make_course(modules=1, lessons_per_module=1)
    quiz = make_quiz(course.get_children().first(), max_attempts=1)
    trainee = make_trainee(enrolled_in=course)
    results, errors = hammer(start_attempt, trainee, quiz, quiz.step_state(trainee))
    assert errors == []
    assert QuizAttempt.objects.filter(user=trainee).count() == 1
    assert sum(1 for _, created in results if created) == 1
    assert len({attempt.pk for attempt, _ in results}) == 1


def test_concurrent_submissions_grade_one_attempt_once():
    from django.http import QueryDict

    from courses.learning.models import QuizAttempt
    from courses.learning.services.attempts import save_answers, start_attempt
    from tests.factories import make_quiz
    from tests.quiz_helpers import all_right

    course = make_course(modules=1, lessons_per_module=1)
    quiz = make_quiz(course.get_children().first())
    trainee = make_trainee(enrolled_in=course)
    for _ in range(3):  # three trials: races are probabilistic
        attempt, _ = start_attempt(trainee, quiz, quiz.step_state(trainee))
        data = QueryDict(mutable=True)
        for key, value in all_right(attempt).items():
            data.setlist(key, value if isinstance(value, list) else [value])
        results, errors = hammer(save_answers, trainee, attempt.public_id, data, submit=True)
        assert errors == []
        assert {result.submitted_at for result in results} == {results[0].submitted_at}
        assert all(result.percent == 100 for result in results)
    assert QuizAttempt.objects.filter(user=trainee, state="submitted").count() == 3


def race(functions):
    """Run each of `functions` in its own thread, all released at the same instant."""
    barrier, results, errors = threading.Barrier(len(functions)), [], []

    def run(function):
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def certificate_mails(user):
    from post_office.models import Email

    return Email.objects.filter(to=user.email, subject__startswith="Your certificate")


@pytest.mark.parametrize("trial", range(3))  # races are probabilistic
def test_concurrent_final_submissions_issue_one_certificate_and_one_email(trial, settings):
    from courses.learning.models import Certificate
    from courses.learning.services.attempts import save_answers, start_attempt
    from tests.certificate_helpers import (
        answer_form,
        attest_ethics,
        certificate_course,
        certificate_trainee,
        final_test,
        finish_lessons,
    )
    from tests.quiz_helpers import all_right

    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    course = certificate_course(evaluation=False)
    trainee = certificate_trainee(course, f"racer-{trial}")
    attest_ethics(trainee, course)
    finish_lessons(trainee, course)
    quiz = final_test(course)
    attempt, _ = start_attempt(trainee, quiz, quiz.step_state(trainee))
    data = answer_form(all_right(attempt))
    results, errors = hammer(save_answers, trainee, attempt.public_id, data, submit=True)
    assert errors == []
    assert all(result.passed for result in results)
    assert Certificate.objects.filter(user=trainee).count() == 1
    assert certificate_mails(trainee).count() == 1


@pytest.mark.parametrize("trial", range(3))
def test_the_last_two_requirements_met_at_once_issue_one_certificate(trial, settings):
    """Ten final-test submissions and ten attestations at the same instant: whichever
    commits last sees the other and issues; the certificate is issued once."""
    from courses.learning.models import Certificate
    from courses.learning.services.attempts import save_answers, start_attempt
    from tests.certificate_helpers import (
        answer_form,
        attest_ethics,
        certificate_course,
        certificate_trainee,
        final_test,
        finish_lessons,
    )
    from tests.quiz_helpers import all_right

    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    course = certificate_course(evaluation=False)
    trainee = certificate_trainee(course, f"mixed-{trial}")
    finish_lessons(trainee, course)
    quiz = final_test(course)
    attempt, _ = start_attempt(trainee, quiz, quiz.step_state(trainee))
    data = answer_form(all_right(attempt))

    def submit():
        return save_answers(trainee, attempt.public_id, data, submit=True)

    def attest():
        return attest_ethics(trainee, course)

    results, errors = race([submit, attest] * (THREADS // 2))
    assert errors == []
    assert Certificate.objects.filter(user=trainee).count() == 1
    assert certificate_mails(trainee).count() == 1


def test_concurrent_evaluations_keep_one_response_and_issue_one_certificate(settings):
    from courses.learning.models import Certificate, EvaluationResponse
    from tests.certificate_helpers import (
        attest_ethics,
        certificate_course,
        certificate_trainee,
        evaluate,
        finish_lessons,
        take_final_test,
    )

    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    course = certificate_course()
    trainee = certificate_trainee(course, "evaluator")
    attest_ethics(trainee, course)
    finish_lessons(trainee, course)
    take_final_test(trainee, course)
    results, errors = hammer(evaluate, trainee, course)
    assert errors == []
    assert sum(1 for _, created in results if created) == 1
    assert EvaluationResponse.objects.filter(user=trainee).count() == 1
    assert Certificate.objects.filter(user=trainee).count() == 1
    assert certificate_mails(trainee).count() == 1
