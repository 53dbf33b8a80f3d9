"""Local development: `make run`. Debug pages, console email, no secrets needed."""

from .base import *

DEBUG = True
SECRET_KEY = "django-insecure-local-development-only-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": MAIL_DELIVERY_BACKEND}}
WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# Whitenoise looks for collected files here; an empty folder keeps it quiet before collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
