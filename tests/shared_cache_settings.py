"""Settings for app servers started by a test: the test settings, on the test database, with
a cache the test process and every worker share (the database cache)."""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["PATHWAY_SHARED_DB_NAME"]  # noqa: F405
SHARED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pathway_cache",
    }
}
CACHES = SHARED_CACHE
