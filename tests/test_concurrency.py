"""Exactly-once records under concurrency: many simultaneous requests (double clicks, two
tabs, retries) leave one enrolment and one completion. Runs on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from courses.enrolment import complete_lesson, enrol
from courses.models import Enrolment, LessonCompletion
from tests.factories import lessons_of, make_course, make_trainee, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 20


def hammer(function, *args, n=THREADS):
    """Run `function(*args)` in `n` threads released at the same instant."""
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(function(*args))
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
        state = lesson.reading_state(trainee)
        results, errors = hammer(complete_lesson, trainee, lesson, state.module, state.course)
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
