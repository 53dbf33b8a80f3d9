"""Settings shared by every environment. Safe by default: DEBUG is off and no secret is set here.

`dev`, `test` and `production` import this module and add what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# Everything the running site writes (SQLite database, collected static files, uploads) lives
# in one git-ignored folder.
VAR_DIR = Path(os.environ.get("PATHWAY_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "cms.home",
    "cms.users",
    "cms.mailer",
    "courses",
    "courses.learning",
    "allauth",
    "allauth.account",
    "post_office",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.users.wagtail_users_app.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sitemaps",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: /healthz answers before sessions, sign-in, host checks and the HTTPS redirect.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "cms.security.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.shared_cache.GenerationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cms.users.middleware.AdminAccessMiddleware",
    "cms.users.middleware.TimeZoneMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.users.context_processors.staff",
                "cms.users.context_processors.time_zone",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default. IMMEDIATE transactions plus a busy timeout make concurrent
# writers wait for the lock instead of failing with "database is locked"; WAL lets readers go
# on while one writer writes. DATABASE_URL (for example postgres://...) replaces it.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_environment(default_sqlite_path: Path, *, conn_max_age: int = 0) -> dict:
    """The default database: `DATABASE_URL` when set, else SQLite at `default_sqlite_path`.
    Connections live `conn_max_age` seconds unless the `CONN_MAX_AGE` variable says."""
    default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    config = dj_database_url.config(
        default=f"sqlite:///{default_sqlite_path}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", conn_max_age)),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_environment(VAR_DIR / "db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# Passwords are checked by the first backend alone, with one run of the hasher whether or not
# the account exists (cms/users/backends.py); the others stay for sessions they signed in.
AUTHENTICATION_BACKENDS = [
    "cms.users.backends.EvenTimeAuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): trainees sign in with their email address; staff may also use
# a username. Responses never reveal whether an address has an account, and failed sign-ins
# are rate limited (allauth keeps the counts in the cache, so production shares one cache).
# Every way in goes through allauth's form: Wagtail's and Django's admin login pages and
# Wagtail's page-restriction login redirect to it (cms/urls.py), and password reset is
# allauth's alone.
ACCOUNT_ADAPTER = "cms.users.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "cms.users.account_forms.LoginForm",
    "signup": "cms.users.account_forms.AccountSignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "cms.users.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "optional"
# An added address becomes the account's address only once its owner has confirmed it (see
# cms.users.views.SafeEmailView), and an unconfirmed one never stops its owner signing up.
ACCOUNT_MAX_EMAIL_ADDRESSES = 3
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-up answers "check your email" for every address (cms.users.views.SignupView); the link
# in the mail confirms the address and signs the new trainee in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "manage_email": "10/m/user",
    # Public certificate verification (courses/learning/views/certificates.py): enough for an
    # employer checking a pile of certificates, far too few to guess codes.
    "verify_certificate": "30/m/ip,300/h/ip",
}
# The client address for per-address limits: the socket's peer, unless a reverse proxy you
# run is in front. Set TRUSTED_PROXY_COUNT to the number of proxies that append to
# X-Forwarded-For (1 for one nginx); the header is ignored while it is 0.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/learning/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pathway <no-reply@localhost>")

# Mail (django-post-office): every message is queued in the database in the same transaction
# as the action that sent it, tried once the transaction commits, and retried by
# `manage.py send_queued_mail` (cron, every minute) when the mail server did not answer.
# A failure to send is logged, never shown to the user. MAIL_DELIVERY_BACKEND is the backend
# that really delivers (SMTP in production).
EMAIL_BACKEND = "post_office.EmailBackend"
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": MAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": 24,
    "RETRY_INTERVAL": timedelta(minutes=5),
    "LOG_LEVEL": 1,
    "CELERY_ENABLED": False,
    "MESSAGE_ID_ENABLED": True,
}
EMAIL_TIMEOUT = 10
# `manage.py send_reminders`: trainees with an unfinished course and no activity for this many
# days are reminded, at most once per interval (the same number of days unless set).
REMINDER_INACTIVE_DAYS = int(os.environ.get("REMINDER_INACTIVE_DAYS", "14"))
REMINDER_INTERVAL_DAYS = int(os.environ.get("REMINDER_INTERVAL_DAYS", "0")) or None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # A course package uploaded to the admin waits here between its preview and the import:
    # private (never served), and shared by every app server when the media storage is.
    "course_packages": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "course-packages"},
    },
}
# Uploads (images, documents) are the only files the running site keeps. On one server they
# live in MEDIA_ROOT; with several app servers, PATHWAY_MEDIA_STORAGE=s3 keeps them in an S3
# (or S3-compatible) bucket that every server shares, through django-storages. The bucket
# stays private: documents are streamed through Pathway (WAGTAILDOCS_SERVE_METHOD) and
# image URLs are signed. See docs/deployment.md.
PATHWAY_MEDIA_STORAGE = os.environ.get("PATHWAY_MEDIA_STORAGE", "filesystem").strip().lower()
if PATHWAY_MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    STORAGES["course_packages"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "course-packages"},
    }
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None  # the bucket's own policy: private
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600"))
    AWS_S3_FILE_OVERWRITE = False
    # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment (boto3
    # reads them itself), or the server's instance role when they are not set.
elif PATHWAY_MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"PATHWAY_MEDIA_STORAGE must be 'filesystem' or 's3', not {PATHWAY_MEDIA_STORAGE!r}"
    )
# Wagtail's redirect import keeps the uploaded file between its two steps in the shared
# cache, not in a local temporary folder another app server cannot see.
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"

# Wagtail's page editor can post many fields for long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# What a page may load and run (django-csp, cms/security.py). The site's pages run scripts
# from its own files only: no inline script, event handler or javascript: URL. Inline style
# *attributes* are allowed (a video embed sizes its frame with one); style sheets come from
# the site. Videos play in frames from the providers the video block offers.
VIDEO_FRAME_SOURCES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail and Django admins (staff only) are built with inline scripts and styles, show
# avatars and image previews from elsewhere, and frame their own previews: a policy of their
# own, which still forbids plugins, foreign framing and forms posted to other sites.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Browser features no page of Pathway uses, switched off for the site and anything it frames.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

# Certificates and transcripts are printed in DejaVu Sans (Debian: fonts-dejavu-core).
PATHWAY_PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

WAGTAIL_SITE_NAME = "Pathway"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
