"""Production: everything from the environment; refuses to start with a default secret or DEBUG on."""

from django.core.exceptions import ImproperlyConfigured

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY
from gongkai.settings.env import env_bool

if DEBUG:
    raise ImproperlyConfigured("生产环境不允许开启 DEBUG（请设置 DEBUG=false）")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("生产环境必须通过 SECRET_KEY 环境变量设置至少 40 个字符的随机密钥")

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
