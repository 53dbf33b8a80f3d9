"""Benchmark settings: production settings, plus the floor view, served over plain HTTP on
127.0.0.1. Used only by `make bench` (bench/run.py), never by the site."""

import os

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"  # the site's URLs, plus the floor view
SECURE_SSL_REDIRECT = False  # the benchmark talks to gunicorn directly, without TLS
STATIC_ROOT = VAR_DIR / "bench" / "static"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if os.environ.get("REDIS_URL"):
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")  # noqa: F405
