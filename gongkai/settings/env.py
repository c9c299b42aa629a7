"""Reading settings from the environment (no Django imports: used by every settings module)."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def cache_from_url(url: str) -> dict | None:
    """CACHE_URL → a CACHES entry: redis://… or rediss://… (Django's Redis backend), locmem://NAME, or
    dummy://. Empty → None (the caller's default)."""
    if not url:
        return None
    scheme = url.split("://", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai")}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": url.split("://", 1)[1]}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL 无法识别：{url}（应为 redis://主机:端口/库号 或 locmem://名称）")


def web_workers() -> int:
    """Workers of the production server: WEB_CONCURRENCY, else 2 × cores + 1 (gunicorn's advice)."""
    value = os.environ.get("WEB_CONCURRENCY")
    if value:
        return max(1, int(value))
    return 2 * (os.cpu_count() or 1) + 1
