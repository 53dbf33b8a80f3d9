"""Settings: safe defaults, a production configuration that passes Django's deployment
checks, and a SQLite default that lets concurrent writers wait instead of failing."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, env_overrides=None, drop=()):
    ignored = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "pathway.example.org",
    "DATABASE_URL": "sqlite:////tmp/pathway-check-deploy.sqlite3",
    "WAGTAILADMIN_BASE_URL": "https://pathway.example.org",
}


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=cms.settings.production",
        env_overrides=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_stops_with_a_message_naming_a_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage(
        "check", "--settings=cms.settings.production", env_overrides=env, drop={missing}
    )
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_serves_compressed_hashed_static_files_and_secure_cookies():
    result = manage(
        "shell",
        "--settings=cms.settings.production",
        "-c",
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND'], s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)",
        env_overrides=PRODUCTION_ENV,
    )
    assert result.stdout.split()[-6:] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "False",
        "True",
        "True",
        "True",
        "True",
    ], result.stderr


def test_base_settings_are_safe_by_default():
    from cms.settings import base

    assert base.DEBUG is False
    assert not hasattr(base, "SECRET_KEY")
    assert base.ALLOWED_HOSTS == []
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in base.MIDDLEWARE


def test_sqlite_default_uses_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    from cms.settings.base import database_from_environment

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "environ", env)
        config = database_from_environment(tmp_path / "var" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert (tmp_path / "var").is_dir()


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    from cms.settings.base import database_from_environment

    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db.internal:5432/pathway")
    config = database_from_environment(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"]) == ("db.internal", "pathway")
    assert "transaction_mode" not in config.get("OPTIONS", {})


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_the_running_sqlite_database_is_configured_for_concurrent_writers():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def production_env(tmp_path, **extra):
    return {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/site.sqlite3", **extra}


def test_migrate_makes_the_cache_table_and_check_fails_without_it(tmp_path):
    """Sign-in limits live in the database cache when there is no Redis: `migrate` makes its
    table, and `check` names the problem when it is missing instead of every sign-in failing."""
    env = production_env(tmp_path)
    settings_arg = "--settings=cms.settings.production"
    migrated = manage("migrate", "--noinput", settings_arg, env_overrides=env)
    assert migrated.returncode == 0, migrated.stderr
    passed = manage("check", "--deploy", "--fail-level", "WARNING", settings_arg, env_overrides=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "site.sqlite3") as database:
        database.execute("DROP TABLE pathway_cache")
    failed = manage("check", settings_arg, env_overrides=env)
    assert failed.returncode != 0
    assert "pathway.E002" in failed.stderr
    assert "The cache table 'pathway_cache' does not exist" in failed.stderr


def test_check_fails_when_redis_does_not_answer(tmp_path):
    env = production_env(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    result = manage("check", "--settings=cms.settings.production", env_overrides=env)
    assert result.returncode != 0
    assert "pathway.E003" in result.stderr


def test_a_per_process_cache_fails_the_check_where_a_shared_one_is_required():
    from django.test import override_settings

    from cms.users.checks import shared_cache_check

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(SHARED_CACHE_REQUIRED=True, CACHES=locmem):
        assert [error.id for error in shared_cache_check()] == ["pathway.E001"]
    with override_settings(CACHES=locmem):
        assert shared_cache_check() == []  # development and tests need no shared cache


def test_production_keeps_database_connections_open_between_requests(tmp_path):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])"
    settings_arg = "--settings=cms.settings.production"
    default = manage("shell", settings_arg, "-c", code, env_overrides=PRODUCTION_ENV)
    assert default.stdout.split()[-1] == "60", default.stderr
    chosen = manage(
        "shell", settings_arg, "-c", code, env_overrides={**PRODUCTION_ENV, "CONN_MAX_AGE": "5"}
    )
    assert chosen.stdout.split()[-1] == "5", chosen.stderr
