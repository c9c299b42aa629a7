"""Rate limits counted in the shared cache (CACHE_URL: Redis in production, so that every worker sees the
same counts; an in-process cache is refused with several workers, system check gongkai.E001).

A limit is a fixed window: at most `count` hits of one key per `seconds`. Keys are hashed, so that a login
name typed by a stranger never becomes a cache key as such. Pure counting — which requests to count
and what to answer is the caller's business (`TooManyRequests` becomes the Chinese 429 page)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

from gongkai.core.error_pages import TooManyRequests


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int
    message: str = "您的操作过于频繁，请稍后再试。"


def _key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"gongkai:throttle:{scope}:{digest}:{window}"


def hit(limit: Limit, key: str, *, now: float | None = None) -> int:
    """Count one hit of `key`; the number of hits in the current window, this one included."""
    now = time.time() if now is None else now
    cache_key = _key(limit.scope, key, int(now // limit.seconds))
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        return 1


def count(limit: Limit, key: str, *, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return cache.get(_key(limit.scope, key, int(now // limit.seconds)), 0)


def retry_after(limit: Limit, *, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return max(1, int(limit.seconds - (now % limit.seconds)) + 1)


def enforce(limit: Limit, key: str, *, now: float | None = None) -> None:
    """Count a hit; over the limit → TooManyRequests (the 429 page, with Retry-After)."""
    if hit(limit, key, now=now) > limit.count:
        raise TooManyRequests(limit.message, retry_after=retry_after(limit, now=now))


def reset(limit: Limit, key: str, *, now: float | None = None) -> None:
    """Forget the current window's count of `key` (a lifted lockout starts afresh)."""
    now = time.time() if now is None else now
    cache.delete(_key(limit.scope, key, int(now // limit.seconds)))
