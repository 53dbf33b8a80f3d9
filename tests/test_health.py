"""`/healthz` for load balancers, and the "back in a few minutes" page (503) when the
database cannot be reached, in the test process on either database. The same with a real
gunicorn and a PostgreSQL that goes away is in tests/test_faults.py."""

import json
from contextlib import contextmanager

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings

from cms.errors import server_error
from courses.learning.models import LessonCompletion
from tests.factories import lessons_of, make_course, make_trainee

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "cms.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
FRIENDLY = "Back in a few minutes"


@contextmanager
def unreachable_database(tmp_path):
    """The default connection pointed at a database that is not there: a SQLite file in a
    folder that does not exist, or a PostgreSQL port nobody listens on."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "gone" / "db.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db
def test_healthz_says_the_database_and_cache_answer_and_nothing_else():
    sessions = Session.objects.count()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies  # no session, no CSRF cookie
    assert Session.objects.count() == sessions


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["pathway.example.org"])
def test_a_load_balancer_asks_by_address_over_plain_http_as_often_as_it_likes():
    client = Client()
    for _ in range(40):  # more than any rate limit allows in a minute
        response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200
    assert client.get("/healthz/", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.post("/healthz", HTTP_HOST="10.0.0.7").status_code == 405
    # every other page still insists on a known host and HTTPS
    assert client.get("/search/", HTTP_HOST="pathway.example.org").status_code == 301


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE_REDIS)
def test_healthz_reports_redis_down_but_keeps_the_server_in_the_pool():
    response = Client().get("/healthz")
    assert json.loads(response.content) == {"database": "ok", "cache": "down"}
    assert response.status_code == 200  # pages are still served, more slowly


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_gone_healthz_and_every_page_answer_503(tmp_path):
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    trainee = make_trainee(enrolled_in=course)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(trainee)
    anonymous = Client(raise_request_exception=False)
    public = ["/", course.url, "/accounts/login/", "/search/?q=anxiety"]
    personal = [lesson.url, "/learning/", "/learning/transcript/", "/admin/"]
    with unreachable_database(tmp_path):
        health = anonymous.get("/healthz")
        assert health.status_code == 503
        assert json.loads(health.content)["database"] == "down"
        for client, pages in ((anonymous, public), (signed_in, public + personal)):
            for url in pages:
                response = client.get(url)
                assert response.status_code == 503, url
                page = response.content.decode()
                assert FRIENDLY in page
                assert "Traceback" not in page and "OperationalError" not in page
                assert response["Retry-After"] == "30"
        completion = signed_in.post(f"/learning/complete/{lesson.pk}/")
        assert completion.status_code == 503
    # Back again: the page is served, and the completion tried during the outage was not kept.
    assert signed_in.get(lesson.url).status_code == 200
    assert not LessonCompletion.objects.filter(user=trainee).exists()


def test_any_other_error_is_still_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("not the database")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    try:
        try:
            raise OperationalError("connection refused")
        except OperationalError as error:
            raise RuntimeError("a wrapper") from error
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()
