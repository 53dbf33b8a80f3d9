"""Production: behind gunicorn, PostgreSQL through DATABASE_URL, static files via whitenoise.

Every value that must differ per deployment comes from the environment; a missing one stops
start-up with a message that names it.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production "
            f"(see README.md, 'Running in production')."
        )
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required_env("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
required_env("DATABASE_URL")
# Keep database connections open between requests (60 s unless CONN_MAX_AGE says otherwise):
# opening a PostgreSQL connection per request costs more than most pages.
DATABASES = {"default": database_from_environment(VAR_DIR / "db.sqlite3", conn_max_age=60)}
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
if PATHWAY_MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = required_env("AWS_STORAGE_BUCKET_NAME")

# HTTPS everywhere: the proxy in front of gunicorn terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# Strict-Transport-Security: a year, subdomains included, unless the environment says
# otherwise (SECURE_HSTS_SECONDS=0 turns it off, e.g. while trying HTTPS out).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true").lower() != "false"
)
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() != "false"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Rate limits must be shared by every gunicorn worker: Redis when REDIS_URL is set, otherwise
# the database (its table is made by `migrate`). `manage.py check --deploy` fails when the
# cache is per-process, unreachable or missing its table (cms.users.checks).
SHARED_CACHE_REQUIRED = True
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that does not answer costs half a second, not a hung worker nor an error
            # page: pages compute what they would have read from the cache (cms/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions are read from Redis and written through to the database, so a restarted
    # Redis signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pathway_cache",
        }
    }

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
