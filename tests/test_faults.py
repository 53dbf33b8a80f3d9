"""Faults survived, with real gunicorn servers on the test database:

- the database goes away (a proxy in front of PostgreSQL is cut, in the middle of a quiz
  submission): every page answers 503 with the friendly page, `/healthz` says so, nothing
  of the submission is kept, and once the database is back everything works again;
- a worker is killed (SIGKILL) in the middle of grading a quiz attempt and of completing the
  last lesson of a course, inside the transaction: the record is untouched, and trying again
  records it whole. On SQLite and PostgreSQL alike.

The worker is stopped at the right moment by `tests.fault_hooks` (test-only).
"""

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from courses.learning.models import (
    Certificate,
    CourseCompletion,
    LessonCompletion,
    QuizAttempt,
)
from courses.learning.services.attempts import keep_answers, start_attempt
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right
from tests.servers import (
    CuttableProxy,
    Pauses,
    Visitor,
    gunicorn,
    needs_postgresql,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FRIENDLY = "Back in a few minutes"


@pytest.fixture
def pauses(tmp_path):
    directory = tmp_path / "faults"
    directory.mkdir()
    call_command("createcachetable", "pathway_cache", verbosity=0)
    return Pauses(directory)


def quiz_in_progress(username):
    """A trainee with a quiz attempt started and answered (all right), not yet submitted."""
    course = make_course(modules=1, lessons_per_module=1)
    module = ModulePage.objects.child_of(course).get()
    quiz = make_quiz(module)
    trainee = make_trainee(username, enrolled_in=course)
    attempt, _created = start_attempt(trainee, quiz, quiz.step_state(trainee))
    answers = all_right(attempt)
    keep_answers(trainee, attempt.public_id, _query_dict(answers))
    return course, quiz, trainee, QuizAttempt.objects.get(pk=attempt.pk), answers


def _query_dict(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def submission(attempt, answers):
    return f"/learning/attempts/{attempt.public_id}/", {
        **answers,
        "submit": "1",
        "confirmed": "1",
    }


def assert_untouched(attempt):
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    assert attempt.state == QuizAttempt.State.IN_PROGRESS
    assert attempt.submitted_at is None
    assert attempt.score is None and attempt.percent is None and attempt.passed is None
    assert not attempt.results
    return attempt


def assert_graded_once(attempt, trainee):
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    assert attempt.state == QuizAttempt.State.SUBMITTED
    assert attempt.passed is True and attempt.percent == 100
    assert attempt.results
    assert QuizAttempt.objects.filter(user=trainee).count() == 1


@needs_postgresql("a test cannot take an embedded SQLite file away from a running server")
def test_the_database_goes_away_mid_submission_and_comes_back(tmp_path, pauses):
    course, quiz, trainee, attempt, answers = quiz_in_progress("outage")
    lesson = lessons_of(course)[0]
    settings = connection.settings_dict
    proxy = CuttableProxy(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    visitor = Visitor(session_cookie(trainee))
    try:
        with gunicorn(
            tmp_path, PATHWAY_DB_PORT=proxy.port, PATHWAY_FAULT_DIR=pauses.directory
        ) as app:
            assert visitor.get(app.url(lesson.url)).status == 200
            assert json.loads(visitor.get(app.url("/healthz")).body)["database"] == "ok"

            # The database goes away while the worker is grading, before it commits.
            pauses.arm("attempt-graded")
            url, data = submission(attempt, answers)
            with ThreadPoolExecutor(1) as pool:
                pending = pool.submit(visitor.post, app.url(url), data, 40)
                paused = pauses.wait_until_paused("attempt-graded")
                assert paused["in_transaction"] == "True"
                proxy.cut()
                pauses.release("attempt-graded")
                reply = pending.result(timeout=40)
            pauses.disarm("attempt-graded")
            assert reply.status == 503
            assert FRIENDLY in reply.body
            assert_untouched(attempt)

            health = visitor.get(app.url("/healthz"))
            assert health.status == 503
            assert json.loads(health.body) == {"database": "down", "cache": "down"}
            public = ["/", course.url, "/accounts/login/"]
            personal = [lesson.url, quiz.url, "/learning/"]
            for who, paths in ((Visitor(), public), (visitor, public + personal)):
                for path in paths:
                    page = who.get(app.url(path))
                    assert page.status == 503, path
                    assert FRIENDLY in page.body
                    assert "Traceback" not in page.body and "psycopg" not in page.body
            assert visitor.post(app.url(url), data).status == 503
            assert_untouched(attempt)

            # Back: the same server serves pages again and the submission goes through.
            proxy.restore()
            assert visitor.get(app.url("/healthz")).status == 200
            assert visitor.get(app.url(lesson.url)).status == 200
            reply = visitor.post(app.url(url), data)
            assert reply.status == 302, reply.body[:500]
            assert_graded_once(attempt, trainee)
            assert "100%" in visitor.get(app.url(url)).body
    finally:
        proxy.cut()


def kill_when_paused(pauses, point, visitor, url, data):
    """Send the request, wait until the worker stops at `point`, SIGKILL it."""
    pauses.arm(point)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(visitor.post, url, data, 40)
        paused = pauses.wait_until_paused(point)
        assert paused["in_transaction"] == "True"
        os.kill(int(paused["pid"]), signal.SIGKILL)
        with pytest.raises(OSError):  # the connection dies with the worker
            pending.result(timeout=40)
    pauses.disarm(point)


def retry(visitor, url, data, seconds=40):
    """The same request again, once gunicorn has replaced the killed worker."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return visitor.post(url, data)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_worker_killed_while_grading_leaves_the_attempt_untouched(tmp_path, pauses):
    _course, _quiz, trainee, attempt, answers = quiz_in_progress("killed-grading")
    visitor = Visitor(session_cookie(trainee))
    url, data = submission(attempt, answers)
    with gunicorn(tmp_path, PATHWAY_FAULT_DIR=pauses.directory) as app:
        kill_when_paused(pauses, "attempt-graded", visitor, app.url(url), data)
        kept = assert_untouched(attempt)
        assert kept.answers == attempt.answers  # what was saved before is still there

        reply = retry(visitor, app.url(url), data)
        assert reply.status == 302, reply.body[:500]
        assert_graded_once(attempt, trainee)


def test_a_worker_killed_while_completing_a_course_leaves_no_part_of_it(tmp_path, pauses):
    course = make_course(modules=1, lessons_per_module=2)
    first, last = lessons_of(course)
    trainee = make_trainee("killed-completion", enrolled_in=course)
    complete(trainee, [first])
    visitor = Visitor(session_cookie(trainee))
    url = f"/learning/complete/{last.pk}/"
    with gunicorn(tmp_path, PATHWAY_FAULT_DIR=pauses.directory) as app:
        kill_when_paused(pauses, "course-completed", visitor, app.url(url), {})
        # Neither the lesson's completion nor the course's was kept: progress as before.
        assert list(
            LessonCompletion.objects.filter(user=trainee).values_list("lesson_id", flat=True)
        ) == [first.pk]
        assert not CourseCompletion.objects.filter(user=trainee).exists()
        assert not Certificate.objects.filter(user=trainee).exists()
        assert "You have completed this lesson" not in visitor.get(app.url(last.url)).body

        reply = retry(visitor, app.url(url), {})
        assert reply.status == 302, reply.body[:500]
        assert LessonCompletion.objects.filter(user=trainee).count() == 2
        assert CourseCompletion.objects.filter(user=trainee).count() == 1
        assert "You have completed this lesson" in visitor.get(app.url(last.url)).body
