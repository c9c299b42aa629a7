"""System checks of the installation (run by `gongkai check`, `migrate`, and the production server at
start, deploy/gunicorn.conf.py)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

IN_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def shared_cache_for_many_workers(app_configs, **kwargs):
    """Rate limits and lockouts count in the cache: with several workers an in-process cache gives each
    worker its own count, and an attacker N times the allowance."""
    workers = getattr(settings, "GONGKAI_WORKERS", 1)
    backend = settings.CACHES["default"]["BACKEND"]
    if workers > 1 and backend in IN_PROCESS_CACHES:
        return [Error(
            f"{workers} 个工作进程不能共用进程内缓存（{backend.rsplit('.', 1)[-1]}）：限流和锁定计数会各算各的。",
            hint="请设置 CACHE_URL=redis://127.0.0.1:6379/1，或设置 WEB_CONCURRENCY=1。",
            id="gongkai.E001",
        )]
    return []
