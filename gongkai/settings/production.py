"""Production: everything from the environment; refuses to start with a default secret or DEBUG on.

Served by gunicorn behind nginx (deploy/). https is required: plain http is redirected, HSTS for a year
with subdomains. The proxy's X-Forwarded-For / X-Forwarded-Proto are believed only from the addresses in
GONGKAI_TRUSTED_PROXIES (gongkai.core.middleware.TrustedProxyMiddleware) — never from anyone, which is
what Django's SECURE_PROXY_SSL_HEADER would do, so it is deliberately not set."""

from django.core.exceptions import ImproperlyConfigured

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.base import (
    DEBUG,
    DEFAULT_AUDIT_KEY,
    DEFAULT_SECRET_KEY,
    GONGKAI_AUDIT_KEY,
    GONGKAI_AUDIT_KEY_FILE,
    SECRET_KEY,
)
from gongkai.settings.env import env_bool, env_int, web_workers

if DEBUG:
    raise ImproperlyConfigured("生产环境不允许开启 DEBUG（请设置 DEBUG=false）")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("生产环境必须通过 SECRET_KEY 环境变量设置至少 50 个字符的随机密钥")
if GONGKAI_AUDIT_KEY_FILE:
    try:
        with open(GONGKAI_AUDIT_KEY_FILE, "rb") as _key_file:
            _audit_key_length = len(_key_file.read().strip())
    except OSError as _exc:
        raise ImproperlyConfigured(f"审计日志密钥文件 GONGKAI_AUDIT_KEY_FILE={GONGKAI_AUDIT_KEY_FILE} 无法读取：{_exc}")
    if _audit_key_length < 32:
        raise ImproperlyConfigured("审计日志密钥文件中的密钥太短，至少 32 个字符")
elif GONGKAI_AUDIT_KEY == DEFAULT_AUDIT_KEY or len(GONGKAI_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "生产环境必须设置审计日志密钥：GONGKAI_AUDIT_KEY_FILE（推荐，密钥文件只允许本应用读取）或 "
        "GONGKAI_AUDIT_KEY，至少 32 个随机字符，且不得保存在数据库中")

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Compressed, hashed static files served by WhiteNoise (run `gongkai collectstatic` on each release).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
GONGKAI_WORKERS = web_workers()
