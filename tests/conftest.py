import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the content cache, rate limits, sessions' data.
    (Ids can repeat between tests on SQLite, so a kept entry could belong to another test.)"""
    cache.clear()
    yield
