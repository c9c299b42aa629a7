"""gongkai.core.cache: Django's Redis backend with its client reused and `incr` in one round trip, against the
machine's real Redis (a key prefix of its own; never FLUSHDB a Redis other runs share)."""

import threading
import uuid

import pytest

from gongkai.core.cache import RedisCache
from gongkai.settings.env import cache_from_url
from tests.machine import redis_up

pytestmark = pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def cache():
    backend = RedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": f"gk-test-{uuid.uuid4().hex}"})
    yield backend
    client = backend._cache.get_client(write=True)
    for key in client.scan_iter(match=backend.make_key("*")):
        client.delete(key)


def test_cache_url_names_this_backend():
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"] == "gongkai.core.cache.RedisCache"


def test_one_client_is_built_and_reused_for_every_call(cache, monkeypatch):
    built = []
    original = cache._cache._client

    def counting(**kwargs):
        built.append(1)
        return original(**kwargs)

    monkeypatch.setattr(cache._cache, "_client", counting)
    cache.set("a", 1)
    for _ in range(20):
        assert cache.get("a") == 1
    cache.set_many({"b": 2, "c": 3})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    assert len(built) == 1  # Django's own client builds one per call: the cost this backend removes


def test_incr_of_a_missing_key_is_a_value_error_and_creates_nothing(cache):
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.get("missing") is None
    cache.set("n", 5)
    assert cache.incr("n") == 6
    assert cache.incr("n", 10) == 16
    assert cache.decr("n", 6) == 10
    assert cache.get("n") == 10


def test_increments_from_many_threads_are_all_counted(cache):
    cache.set("n", 0)

    def add() -> None:
        for _ in range(200):
            cache.incr("n")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("n") == 800


def test_one_round_trip_for_an_increment(cache, monkeypatch):
    client = cache._cache.get_client(write=True)
    cache.set("n", 1)
    cache.incr("n")  # the first call may load the script into a Redis that lost it (NOSCRIPT, SCRIPT LOAD)
    sent = []
    original = type(client).execute_command
    monkeypatch.setattr(type(client), "execute_command",
                        lambda self, *args, **kw: sent.append(args[0]) or original(self, *args, **kw))
    cache.incr("n")
    assert sent == ["EVALSHA"]
