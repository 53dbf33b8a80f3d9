"""Two app servers (two gunicorns on different ports, as on two hosts behind a load balancer)
against one PostgreSQL and one Redis, configured as in production (Redis cache, sessions read
from Redis and kept in the database). Whichever server answers, a visitor sees one site:
their session, the failed sign-in count, their progress, their quiz attempt and the content
an editor just published."""

import pytest
from django.test import override_settings

from courses.learning.models import QuizAttempt
from courses.models import LessonPage, ModulePage
from tests.factories import lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right
from tests.servers import Visitor, gunicorn, needs_postgresql, private_redis

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_postgresql("several app servers share one database server"),
]
PASSWORD = "x" * 12  # tests.factories.make_user
TOO_MANY = "Too many failed login attempts. Try again later."


def redis_cache(url):
    return {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Servers A and B and the Redis they share (its URL)."""
    tmp_path = tmp_path_factory.mktemp("servers")
    with (
        django_db_blocker.unblock(),
        private_redis() as redis_url,
        gunicorn(tmp_path, "a", PATHWAY_REDIS_URL=redis_url, PATHWAY_VAR_DIR=tmp_path / "a") as a,
        gunicorn(tmp_path, "b", PATHWAY_REDIS_URL=redis_url, PATHWAY_VAR_DIR=tmp_path / "b") as b,
    ):
        yield a, b, redis_url


@pytest.fixture(autouse=True)
def nothing_kept_on_local_disk(servers, tmp_path_factory):
    """After each test, neither server has written a file to its own folder (PATHWAY_VAR_DIR,
    where a server keeps uploads, its SQLite database and collected static files)."""
    yield
    for server in servers[:2]:
        folder = server.log.parent / server.log.stem.removeprefix("gunicorn-")
        assert folder.is_dir()  # the server made it at start-up
        assert [path for path in folder.rglob("*") if path.is_file()] == []


@pytest.fixture(autouse=True)
def shared_cache(servers):
    """This process (the editor's side) shares the servers' cache, as every process does in
    production: what it changes, it announces there."""
    with override_settings(CACHES=redis_cache(servers[2])):
        yield


def sign_in(server, login, password=PASSWORD, visitor=None):
    visitor = visitor or Visitor()
    reply = visitor.post(server.url("/accounts/login/"), {"login": login, "password": password})
    return visitor, reply


def test_a_session_made_on_one_server_is_good_on_the_other(servers):
    a, b, _redis = servers
    make_trainee("traveller", full_name="Tess Traveller")
    visitor, reply = sign_in(a, "traveller@example.com")
    assert reply.status == 302 and reply.location == "/learning/"
    page = visitor.get(b.url("/learning/"))
    assert page.status == 200
    assert "My learning" in page.body
    assert visitor.post(b.url("/accounts/logout/")).status == 302
    assert visitor.get(a.url("/learning/")).status == 302  # signed out on A too


def test_failed_sign_ins_are_counted_across_servers(servers):
    a, b, _redis = servers
    make_trainee("guarded")
    visitor = Visitor()
    for attempt in range(6):  # three on each: each server alone would still allow more
        server = (a, b)[attempt % 2]
        _visitor, reply = sign_in(server, "guarded@example.com", "wrong-password-1", visitor)
        assert reply.status in (200, 429)
    _visitor, reply = sign_in(a, "guarded@example.com", visitor=visitor)
    assert TOO_MANY in reply.body or reply.status == 429
    assert visitor.get(a.url("/learning/")).status == 302  # not signed in


def test_progress_recorded_on_one_server_shows_on_the_other(servers):
    a, b, _redis = servers
    course = make_course(modules=1, lessons_per_module=2)
    first, _second = lessons_of(course)
    visitor, _reply = sign_in(a, make_trainee("progressing", enrolled_in=course).email)
    assert "You have completed this lesson" not in visitor.get(b.url(first.url)).body
    assert visitor.post(a.url(f"/learning/complete/{first.pk}/")).status == 302
    assert "You have completed this lesson" in visitor.get(b.url(first.url)).body
    assert "1 of 2" in visitor.get(b.url(course.url)).body


def test_an_attempt_started_on_one_server_is_submitted_on_the_other(servers):
    a, b, _redis = servers
    course = make_course(modules=1, lessons_per_module=1)
    quiz = make_quiz(ModulePage.objects.child_of(course).get())
    visitor, _reply = sign_in(a, make_trainee("examinee", enrolled_in=course).email)
    started = visitor.post(a.url(f"/learning/quizzes/{quiz.pk}/start/"))
    assert started.status == 302
    # Starting again on B resumes the same attempt: one attempt in progress, whichever server.
    assert visitor.post(b.url(f"/learning/quizzes/{quiz.pk}/start/")).location == started.location
    attempt = QuizAttempt.objects.get()
    reply = visitor.post(
        b.url(started.location), {**all_right(attempt), "submit": "1", "confirmed": "1"}
    )
    assert reply.status == 302
    attempt.refresh_from_db()
    assert attempt.state == QuizAttempt.State.SUBMITTED and attempt.passed
    assert "100%" in visitor.get(a.url(started.location)).body


def test_a_published_change_shows_on_both_servers_at_once(servers):
    a, b, _redis = servers
    course = make_course(modules=1, lessons_per_module=1)
    visitor, _reply = sign_in(a, make_trainee("reader", enrolled_in=course).email)
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    for server in (a, b):  # both have the outline in the shared cache now
        assert lesson.title in visitor.get(server.url(course.url)).body
    lesson.title = "Renamed while both servers were warm"
    lesson.save_revision().publish()
    for server in (a, b):
        assert "Renamed while both servers were warm" in visitor.get(server.url(course.url)).body
