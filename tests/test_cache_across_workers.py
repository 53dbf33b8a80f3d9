"""Two gunicorn workers and this test share one cache and one database: an editor's change
made here shows on the very next request, whichever worker answers it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from courses.models import LessonPage
from tests.factories import lessons_of, make_course, make_trainee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[1]
SHARED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pathway_cache",
    }
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signed_in_cookie(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@pytest.fixture
def two_workers(tmp_path):
    """gunicorn with two workers on the test database, and its access log (worker pids)."""
    port, log = free_port(), tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.shared_cache_settings",
        "PATHWAY_SHARED_DB_NAME": str(connection.settings_dict["NAME"]),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/search/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch_many(url, cookie, count=24) -> list[str]:
    def fetch(_):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.read().decode()

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(fetch, range(count)))


@override_settings(CACHES=SHARED_CACHE)
def test_a_published_change_shows_on_every_worker_at_once(two_workers):
    call_command("createcachetable", verbosity=0)
    base, log = two_workers
    course = make_course(modules=1, lessons_per_module=2)
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    cookie = signed_in_cookie(make_trainee(enrolled_in=course))

    before = fetch_many(base + course.url, cookie)
    assert all(lesson.title in page for page in before)

    lesson.title = "Renamed after the cache was warm"
    lesson.save_revision().publish()
    logged = log.stat().st_size
    after = fetch_many(base + course.url, cookie)
    assert all("Renamed after the cache was warm" in page for page in after)
    with log.open() as handle:
        handle.seek(logged)
        workers = {line.split()[0] for line in handle if line.strip()}
    assert len(workers) == 2, f"answered by {workers}"

    lesson.unpublish()
    gone = fetch_many(base + course.url, cookie)
    assert not any("Renamed after the cache was warm" in page for page in gone)
