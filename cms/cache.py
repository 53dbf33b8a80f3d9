"""Django's Redis cache, for a Redis that may be down.

Everything the site keeps in the cache can be computed again (see cms.shared_cache),
so an unreachable Redis is treated as an empty cache: reads miss, writes are dropped, and
the failure is logged once a minute at most. The one thing that must not quietly stop is
the sign-in limit, and it does not: allauth's limits cannot be counted, so sign-in answers
"please wait" (429) until Redis is back, and an outage never means unlimited guessing.
`is_available()` tells the deployment check whether Redis answers.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_last_warning = [0.0]


def _warn(error: Exception):
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("Redis does not answer (%s); the cache is skipped", error)


def _forgiving(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _warn(error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


class ReusingRedisClient(RedisCacheClient):
    """Django makes a new redis-py client for every cache call, and each one builds its table
    of response callbacks: about half a millisecond a call. One client per connection pool
    is enough (redis-py clients are safe to share across threads)."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisClient

    get = _forgiving(lambda key, default=None, *args, **kwargs: default)(RedisCache.get)
    get_many = _forgiving({})(RedisCache.get_many)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving([])(RedisCache.set_many)
    add = _forgiving(False)(RedisCache.add)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    has_key = _forgiving(False)(RedisCache.has_key)
    clear = _forgiving(None)(RedisCache.clear)

    def is_available(self) -> bool:
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError as error:
            _warn(error)
            return False
