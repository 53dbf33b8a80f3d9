"""Settings for the app servers that tests start (tests/servers.py): the test settings, on
the test database, with what the test asks for through the environment:

- PATHWAY_SERVER_DB_NAME: the test database (always set);
- PATHWAY_DB_PORT: reach PostgreSQL through this port on 127.0.0.1 (a proxy the test cuts);
- PATHWAY_REDIS_URL: Redis as the cache, sessions read from it and kept in the database, as
  in production; without it, the database cache (shared by every worker all the same);
- PATHWAY_FAULT_DIR: install `tests.fault_hooks`, which can pause a worker inside a
  transaction.

Database connections are kept between requests and checked before reuse, as in production.
"""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["PATHWAY_SERVER_DB_NAME"]  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if os.environ.get("PATHWAY_DB_PORT"):
    DATABASES["default"]["HOST"] = "127.0.0.1"  # noqa: F405
    DATABASES["default"]["PORT"] = os.environ["PATHWAY_DB_PORT"]  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3  # noqa: F405

if os.environ.get("PATHWAY_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": os.environ["PATHWAY_REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pathway_cache",
        }
    }

if os.environ.get("PATHWAY_FAULT_DIR"):
    MIDDLEWARE = [*MIDDLEWARE, "tests.fault_hooks.PauseInsideTransactions"]  # noqa: F405
