"""The production cache: Django's Redis cache, keeping one client per connection pool (config.cache)."""

import os
import uuid

import pytest

from config.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["figures", "count", "gone"])


def test_a_page_reads_and_writes_the_cache_through_one_client(redis_cache):
    redis_cache.set("figures", {"completion": 0.42}, 60)
    redis_cache.set_many({"count": 3, "gone": 1}, 60)
    redis_cache.delete("gone")

    assert redis_cache.get("figures") == {"completion": 0.42}
    assert redis_cache.get_many(["count", "gone"]) == {"count": 3}
    assert redis_cache.incr("count") == 4
    client = redis_cache._cache
    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client(write=True)
