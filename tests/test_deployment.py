"""What several app servers need besides the shared database and cache: uploads in object
storage when asked (django-storages), and cron jobs that run once however many servers start
them (`manage.py run_once`)."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cms.home.management.commands.run_once import LOCK_NAMESPACE, lock_key
from tests.servers import needs_postgresql
from tests.test_settings import PRODUCTION_ENV, manage

S3_ENV = {
    "PATHWAY_MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "pathway-media",
    "AWS_S3_REGION_NAME": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
}
SHOW_STORAGE = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, s.bucket_name, s.location); print(s.url('images/x.png'))"
)


def test_uploads_go_to_a_private_s3_bucket_when_asked():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW_STORAGE,
        "--settings=cms.settings.production",
        env_overrides={**PRODUCTION_ENV, **S3_ENV},
    )
    assert result.returncode == 0, result.stderr
    kind, url = result.stdout.strip().splitlines()
    assert kind == "S3Storage pathway-media media"
    assert url.startswith("https://pathway-media.s3")
    assert "/media/images/x.png?" in url and "X-Amz-Signature=" in url  # signed: private


def test_uploads_stay_on_the_filesystem_by_default():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)",
        "--settings=cms.settings.production",
        env_overrides=PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "FileSystemStorage", result.stderr


def test_s3_without_a_bucket_stops_production_start_up_naming_it():
    env = {**PRODUCTION_ENV, **S3_ENV}
    del env["AWS_STORAGE_BUCKET_NAME"]
    result = manage(
        "check",
        "--settings=cms.settings.production",
        env_overrides=env,
        drop={"AWS_STORAGE_BUCKET_NAME"},
    )
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME is required in production" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = manage(
        "check",
        "--settings=cms.settings.production",
        env_overrides={**PRODUCTION_ENV, "PATHWAY_MEDIA_STORAGE": "ftp"},
    )
    assert result.returncode != 0
    assert "PATHWAY_MEDIA_STORAGE must be 'filesystem' or 's3'" in result.stderr


def expired_session() -> str:
    return Session.objects.create(
        session_key="expired-session-key-0001",
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    ).session_key


@pytest.mark.django_db
def test_run_once_runs_the_command():
    key = expired_session()
    call_command("run_once", "clearsessions", stdout=StringIO())
    assert not Session.objects.filter(session_key=key).exists()


@needs_postgresql("the lock shared by several app servers is PostgreSQL's advisory lock")
# Serialized rollback, like the other tests that commit: its flush then leaves the tables
# empty for the next one's restore instead of re-creating content types behind it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_run_once_skips_a_command_already_running_on_another_server():
    key = expired_session()
    settings = connection.settings_dict
    other_server = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        autocommit=True,
    )
    with other_server:
        other_server.execute(
            "SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, lock_key("clearsessions")]
        )
        output = StringIO()
        call_command("run_once", "clearsessions", stdout=output)
        assert "already running elsewhere" in output.getvalue()
        assert Session.objects.filter(session_key=key).exists()
        # Another job is not held up by it.
        call_command("run_once", "send_reminders", stdout=StringIO())
        other_server.execute(
            "SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, lock_key("clearsessions")]
        )
    call_command("run_once", "clearsessions", stdout=StringIO())
    assert not Session.objects.filter(session_key=key).exists()
