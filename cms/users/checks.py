"""System checks for what sign-in needs in production: a cache every worker shares.

allauth keeps its failed sign-in counts in the default cache. Per-process caches would give
each worker its own counts (so limits multiply by the number of workers), and a database
cache without its table fails every sign-in. `manage.py check` reports both, and an
unreachable Redis, where the settings ask for a shared cache (`SHARED_CACHE_REQUIRED`).
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.checks import Error, register
from django.db import DatabaseError, connections, router

PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)
DATABASE_BACKEND = "django.core.cache.backends.db.DatabaseCache"
REDIS_BACKENDS = ("django.core.cache.backends.redis.RedisCache", "cms.cache.ResilientRedisCache")


@register("caches")
def shared_cache_check(app_configs=None, **kwargs):
    if not getattr(settings, "SHARED_CACHE_REQUIRED", False):
        return []
    config = settings.CACHES.get("default", {})
    backend = config.get("BACKEND", "")
    if backend in PER_PROCESS_BACKENDS:
        return [
            Error(
                "The default cache is per-process, so each worker would keep its own sign-in "
                "limits.",
                hint="Set REDIS_URL, or use the database cache (the production default).",
                id="pathway.E001",
            )
        ]
    if backend == DATABASE_BACKEND:
        return _database_cache_errors(config["LOCATION"])
    if backend in REDIS_BACKENDS:
        return _redis_errors(config.get("LOCATION"))
    return []


def _database_cache_errors(table: str) -> list:
    database = router.db_for_write(DatabaseCache(table, {}).cache_model_class)
    try:
        tables = connections[database].introspection.table_names()
    except DatabaseError:
        return []  # the database itself is unreachable; Django reports that elsewhere
    if "django_migrations" not in tables:
        return []  # not migrated yet: `migrate` creates the cache table
    if table in tables:
        return []
    return [
        Error(
            f"The cache table {table!r} does not exist, so every sign-in would fail.",
            hint="Run `manage.py migrate` (it creates the table) or `manage.py createcachetable`.",
            id="pathway.E002",
        )
    ]


def _redis_errors(location) -> list:
    default = caches["default"]
    try:
        answers = default.is_available() if hasattr(default, "is_available") else True
        default.get("pathway:cache-check")
    except Exception as error:  # redis-py raises its own connection errors
        answers, error_name = False, type(error).__name__
    else:
        error_name = "no answer"
    if not answers:
        return [
            Error(
                f"The Redis cache at {location} does not answer ({error_name}).",
                hint="Start Redis or correct REDIS_URL.",
                id="pathway.E003",
            )
        ]
    return []
