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
DATABASES = {"default": database_from_environment(VAR_DIR / "db.sqlite3")}
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# HTTPS everywhere: the proxy in front of gunicorn terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pathway_cache",
        }
    }

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
