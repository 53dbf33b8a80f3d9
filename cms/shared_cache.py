"""Work that is the same for every trainee, computed once and kept in Django's cache.

Every entry's key carries a *generation*: a token that changes whenever something it was
built from changes. The content generation changes whenever an editor does something a
trainee could see (publish, unpublish, move, delete, reorder, a view restriction, a
reference or image edited; see `courses.signals`); the rights generation whenever anyone's
groups or permissions change (`cms.users.permissions`). A change therefore never
serves a stale entry: the next request finds no entry under the new token and builds one.
The token changes after the editor's transaction commits, so an entry built under the new
token always sees the committed content.

The cache is Redis in production where `REDIS_URL` is set, else the database cache; several
workers share it. A cache that is down costs speed, not pages: every call here falls back
to computing the value. Keys hold only ids and the token, never user input.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)
GENERATION_KEY = "pathway:content-generation"
CONTENT, RIGHTS = "content", "rights"
T = TypeVar("T")
LOCAL_ENTRIES = 512

# Within one request each generation is read once (see GenerationMiddleware).
_request = threading.local()
# Values marked `local` are also kept unpickled in this process, under the same key: the key
# carries the generation, so a change elsewhere is seen as soon as the generation is read.
_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()


def generation_key(scope: str) -> str:
    return GENERATION_KEY if scope == CONTENT else f"pathway:{scope}-generation"


def generation(scope: str = CONTENT) -> str | None:
    """The current generation of `scope`, or None when the cache cannot be reached."""
    tokens = getattr(_request, "tokens", None)
    if tokens is not None and tokens.get(scope):
        return tokens[scope]
    key = generation_key(scope)
    try:
        token = cache.get(key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, timeout=None):
                token = cache.get(key) or token
    except Exception:  # any cache backend's connection error
        logger.warning("The cache does not answer; computing shared work per request")
        return None
    if tokens is not None:
        tokens[scope] = token
    return token


def content_changed(scope: str = CONTENT):
    """Start a new generation of `scope`: every entry kept for it so far is out of date."""
    token = uuid.uuid4().hex
    tokens = getattr(_request, "tokens", None)
    if tokens is not None:
        tokens[scope] = token
    try:
        cache.set(generation_key(scope), token, timeout=None)
    except Exception:
        logger.warning("The cache does not answer; it could not be told that %s changed", scope)


def cached(
    name: str, key: tuple, build: Callable[[], T], *, local: bool = False, scope: str = CONTENT
) -> T:
    """The value kept for (`name`, `key`) in the current generation of `scope`, built once
    when missing.

    `key` holds ids only. With `local`, the value is also kept in this process, so a
    request does not unpickle it again: only for values nobody changes after building.
    """
    token = generation(scope)
    if token is None:
        return build()
    cache_key = ":".join(["pathway", name, token, *(str(part) for part in key)])
    if local and cache_key in _local:
        return _local[cache_key]
    try:
        value = cache.get(cache_key)
    except Exception:
        return build()
    if value is None:
        value = build()
        try:
            cache.set(cache_key, value, timeout=24 * 60 * 60)
        except Exception:
            logger.warning("The cache does not answer; %s not kept", name)
    if local:
        with _local_lock:
            _local[cache_key] = value
            while len(_local) > LOCAL_ENTRIES:
                _local.popitem(last=False)
    return value


class GenerationMiddleware:
    """Reads each generation at most once per request (the first time it is needed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.tokens = {}
        try:
            return self.get_response(request)
        finally:
            _request.tokens = None
