"""`/healthz`: whether this app server's database and cache answer, for a load balancer.

It is answered by the first middleware, before sessions, sign-in, CSRF, host checks and the
HTTPS redirect, so a load balancer may ask over plain HTTP by the server's own address, as
often as it likes: no session is read or written, nothing is rate limited, and the answer is
never cached. It says "ok" or "down" for each part and nothing else: no version, no host
name, no error text.

The status decides whether the load balancer sends this server traffic:

- database down: 503. No page can be served without it.
- cache down (Redis does not answer): still 200, with `"cache": "down"`. Pages are served
  without the cache (it is read as empty, `cms.cache`), only slower, and signing in waits
  until it is back; every app server shares the one cache, so taking them all out of the
  pool would turn a slower site into no site. Alert on the body, not the status.
"""

from __future__ import annotations

import json
import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
PATHS = {"/healthz", "/healthz/"}
PROBE_KEY = "pathway:healthz"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer (%s)", error)
        return False


def cache_answers() -> bool:
    is_available = getattr(cache, "is_available", None)
    try:
        if is_available is not None:  # Redis (cms.cache.ResilientRedisCache)
            return bool(is_available())
        cache.set(PROBE_KEY, "1", timeout=60)
        return cache.get(PROBE_KEY) == "1"
    except Exception as error:  # any cache backend's connection error
        logger.warning("Health check: the cache does not answer (%s)", error)
        return False


def health() -> tuple[int, dict[str, str]]:
    """The status code and the body of `/healthz`."""
    parts = {
        "database": "ok" if database_answers() else "down",
        "cache": "ok" if cache_answers() else "down",
    }
    return (200 if parts["database"] == "ok" else 503), parts


class HealthCheckMiddleware:
    """Answers `/healthz` before any other middleware runs (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        status, parts = health()
        response = HttpResponse(json.dumps(parts), status=status, content_type="application/json")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
