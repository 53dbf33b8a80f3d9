"""The test suite: `make test`. SQLite unless DATABASE_URL names another database."""

from .base import *

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": MAIL_DELIVERY_BACKEND}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
MEDIA_ROOT = VAR_DIR / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Whitenoise looks for collected files here; an empty folder keeps it quiet before collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# On SQLite the test database is a file, not memory, so that tests with threads exercise the
# same locking (WAL, IMMEDIATE transactions, busy timeout) as the running site. One file per
# test process, so that two runs side by side do not share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
