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
    dummy://. Empty → None (the caller's default). Redis through gongkai.core.cache (Django's backend, its
    client reused)."""
    if not url:
        return None
    scheme = url.split("://", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "gongkai.core.cache.RedisCache", "LOCATION": url,
                "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai")}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": url.split("://", 1)[1]}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL 无法识别：{url}（应为 redis://主机:端口/库号 或 locmem://名称）")


def postgresql_options(prepare_threshold: int) -> dict:
    """OPTIONS of a PostgreSQL connection: with `prepare_threshold` > 0, queries are bound on the server and a
    statement run that many times on one connection is prepared (parsed and planned once, then reused): the
    portal's pages run the same few statements over and over, and planning was about a third of their database
    time (docs/adr/0006-prepared-statements.md). 0 turns it off, for a pooler in transaction mode that does not
    carry prepared statements (PgBouncer before 1.21)."""
    if prepare_threshold <= 0:
        return {}
    return {"server_side_binding": True, "prepare_threshold": prepare_threshold}


def web_workers() -> int:
    """Workers of the production server: WEB_CONCURRENCY, else 2 × cores + 1 (gunicorn's advice)."""
    value = os.environ.get("WEB_CONCURRENCY")
    if value:
        return max(1, int(value))
    return 2 * (os.cpu_count() or 1) + 1


S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_FILESYSTEM_BACKEND = "gongkai.core.storage.PrivateFileSystemStorage"


def storages_from_env() -> dict:
    """STORAGES: `default` (rendered documents, uploads of the other apps, held imports) and `private`
    (attachments' originals and public copies, served only through the portal's and back office's views).

    The filesystem unless STORAGE_BACKEND=s3 or S3_BUCKET is set; then both go to one S3-compatible bucket
    (AWS, MinIO, 阿里云 OSS, 华为云 OBS, 腾讯云 COS …) under the prefixes S3_MEDIA_PREFIX ("media") and
    S3_PRIVATE_PREFIX ("private"), or the private files to S3_PRIVATE_BUCKET. The bucket stays private: no
    ACL is set on an object, and any URL storages would make is signed and short-lived (S3_URL_EXPIRE
    seconds) — the views stream files through Django anyway, after their permission checks. STORAGE_BACKEND
    may also name a storage class (the old meaning) for the default store."""
    backend = os.environ.get("STORAGE_BACKEND", "").strip()
    bucket = os.environ.get("S3_BUCKET", "").strip()
    use_s3 = backend.lower() == "s3" or (not backend and bool(bucket))
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if not use_s3:
        return {
            "default": {"BACKEND": backend or "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": PRIVATE_FILESYSTEM_BACKEND},
            "staticfiles": staticfiles,
        }
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 需要同时设置 S3_BUCKET（存储桶名称）")
    style = env_str("S3_ADDRESSING_STYLE", "auto").lower()
    if style not in {"auto", "path", "virtual"}:
        raise ImproperlyConfigured(f"S3_ADDRESSING_STYLE 应为 auto、path 或 virtual，而不是 {style}")
    common = {
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "addressing_style": None if style == "auto" else style,
        "signature_version": os.environ.get("S3_SIGNATURE_VERSION") or "s3v4",
        "default_acl": None,  # the bucket's own policy (private); never public-read
        "querystring_auth": True,
        "querystring_expire": env_int("S3_URL_EXPIRE", 300),
        "file_overwrite": False,  # a second upload of 名单.pdf gets its own name, as on the filesystem
        "verify": None if env_bool("S3_VERIFY_TLS", True) else False,
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": {
            **common, "bucket_name": bucket, "location": env_str("S3_MEDIA_PREFIX", "media")}},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": {
            **common, "bucket_name": env_str("S3_PRIVATE_BUCKET", bucket),
            "location": env_str("S3_PRIVATE_PREFIX", "private")}},
        "staticfiles": staticfiles,
    }


def pages_cache_from(default: dict, entries: int) -> dict:
    """The CACHES entry of the rendered public pages, beside `default`: PAGE_CACHE_URL when set (a Redis of
    its own, with its own maxmemory and eviction, so that pages never evict rate-limit and lockout counters);
    else a local cache of its own holding at most `entries` pages (culling it never drops a counter), or the
    same server as `default` under another key prefix (then give that Redis memory for every page, or set
    PAGE_CACHE_URL: with a maxmemory policy, pages could evict the counters)."""
    own = cache_from_url(os.environ.get("PAGE_CACHE_URL", ""))
    if own is not None:
        return {**own, "KEY_PREFIX": own.get("KEY_PREFIX", "gongkai") + "-pages"}
    if default["BACKEND"].endswith(".LocMemCache"):
        return {**default, "LOCATION": default.get("LOCATION", "") + "-pages", "OPTIONS": {"MAX_ENTRIES": entries}}
    return {**default, "KEY_PREFIX": default.get("KEY_PREFIX", "gongkai") + "-pages"}
