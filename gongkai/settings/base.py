"""Settings shared by every environment. Every value that differs between machines comes from the
environment (documented in .env.example)."""

from pathlib import Path

import dj_database_url

from gongkai.settings.env import (
    cache_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    pages_cache_from,
    postgresql_options,
    storages_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))

# An insecure default exists only so that `make run` works out of the box; production refuses it.
DEFAULT_SECRET_KEY = "gongkai-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "csp",
    "ninja",  # its Swagger UI files, served from our static files (no CDN) at /api/v1/docs
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.organizations",
    "gongkai.calendars",
    "gongkai.search",
    "gongkai.accounts",
    "gongkai.catalog",
    "gongkai.publishing",
    "gongkai.channels",
    "gongkai.disclosure_requests",
    "gongkai.reports",
    "gongkai.columns",
    "gongkai.oversight",
    "gongkai.consultations",
    "gongkai.interaction",
    "gongkai.guides",
    "gongkai.exchange",
    "gongkai.demo",
    "gongkai.backoffice",
    "gongkai.portal",
    "gongkai.api",
]

MIDDLEWARE = [
    # First: the client's address and scheme from trusted proxies only (GONGKAI_TRUSTED_PROXIES).
    "gongkai.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.RequestLimitsMiddleware",
    # A kept public page answers here, before sessions, CSRF, authentication and the rest (portal.page_cache).
    "gongkai.portal.page_cache.PageCacheMiddleware",
    # Portal and API reads from the replica when there is one (DATABASE_REPLICA_URL); else a no-op.
    "gongkai.core.db_router.ReadRoutingMiddleware",
    "gongkai.core.middleware.StaffPagesPrivateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Messages before the session rules: the idle timeout tells the person why they were logged out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.IdleTimeoutMiddleware",
    "gongkai.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the header built once per policy (no page uses a nonce or a view's own policy).
    "gongkai.core.middleware.PolicyOnceCSPMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
# Every error page is Chinese (gongkai/core/error_pages.py); the CSRF refusal too.
CSRF_FAILURE_VIEW = "gongkai.core.error_pages.csrf_failure"
# Addresses or networks of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed.
GONGKAI_TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while an officer writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    # Kept open between requests like PostgreSQL's (conn_max_age above): opening one and running the PRAGMAs
    # above cost about 3 ms of every request. Outside a transaction a WAL reader sees every commit.
# PostgreSQL: statements run often are prepared on each connection (settings.env.postgresql_options).
DATABASE_PREPARE_THRESHOLD = env_int("DATABASE_PREPARE_THRESHOLD", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}),
                                       **postgresql_options(DATABASE_PREPARE_THRESHOLD)}
# A PostgreSQL streaming replica (issue 13): the portal's and the API's reads go there, everything else to
# the primary, with read-your-writes (gongkai/core/db_router.py, docs/deploy.md). Tests mirror it onto
# the primary (TEST MIRROR) and read from it only when a test says so.
_replica_url = env_str("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    DATABASES["replica"]["OPTIONS"] = {**DATABASES["replica"].get("OPTIONS", {}),
                                       **postgresql_options(DATABASE_PREPARE_THRESHOLD)}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True  # a replica gone away is noticed, reads fall back
DATABASE_ROUTERS = ["gongkai.core.db_router.ReplicaRouter"]
GONGKAI_REPLICA_READS = env_bool("GONGKAI_REPLICA_READS", True)
GONGKAI_REPLICA_NAMESPACES = ("portal", "api")
# How long a client that wrote reads from the primary (longer than the replica's usual lag).
GONGKAI_READ_YOUR_WRITES_SECONDS = env_int("GONGKAI_READ_YOUR_WRITES_SECONDS", 10)
# 高频事项 view counters: each process writes its counted views into the database at most this often
# (columns.services.item_counts_flush; cron flushes every process's counts every 2 minutes too).
GONGKAI_COUNT_FLUSH_SECONDS = env_int("GONGKAI_COUNT_FLUSH_SECONDS", 60)
# …after adding them up in the process for this long (portal pages from the cache make no round trip to count).
GONGKAI_COUNT_PUSH_SECONDS = env_int("GONGKAI_COUNT_PUSH_SECONDS", 5)
# How long reads stay on the primary after the replica did not answer, before it is tried again.
GONGKAI_REPLICA_RETRY_SECONDS = env_int("GONGKAI_REPLICA_RETRY_SECONDS", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gongkai.accounts.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's own minimum-length message is untranslated in zh-hans; password_policy has a Chinese one.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "email", "phone")},
    },
    {"NAME": "gongkai.accounts.password_policy.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongkai.accounts.password_policy.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gongkai.accounts.password_policy.WeakPatternValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Security policy of the back office (issue: 5 failures → 15 minutes locked; 30 idle minutes → logged out).
GONGKAI_LOCKOUT_THRESHOLD = env_int("GONGKAI_LOCKOUT_THRESHOLD", 5)
GONGKAI_LOCKOUT_MINUTES = env_int("GONGKAI_LOCKOUT_MINUTES", 15)
GONGKAI_IDLE_MINUTES = env_int("GONGKAI_IDLE_MINUTES", 30)
# A service hall's touch terminal (/kiosk/<code>/) returns to its home page after this many idle seconds.
GONGKAI_KIOSK_IDLE_SECONDS = env_int("GONGKAI_KIOSK_IDLE_SECONDS", 120)
# Login abuse (accounts/lockouts.py): attempts per minute per source address and per login name, refused
# before the password is hashed; failures from one address within GONGKAI_LOCKOUT_MINUTES that lock it out.
GONGKAI_LOGIN_RATE_PER_IP = env_int("GONGKAI_LOGIN_RATE_PER_IP", 10)
GONGKAI_LOGIN_RATE_PER_ACCOUNT = env_int("GONGKAI_LOGIN_RATE_PER_ACCOUNT", 10)
# Requests per client address and minute on /api/v1/ (429 in the API's error format beyond).
GONGKAI_API_RATE_PER_IP = env_int("GONGKAI_API_RATE_PER_IP", 300)
GONGKAI_IP_LOCKOUT_THRESHOLD = env_int("GONGKAI_IP_LOCKOUT_THRESHOLD", 20)
# Logins checked at once across all workers (one argon2 hash keeps a small server's cores busy); 0: no cap.
GONGKAI_LOGIN_CONCURRENT_CHECKS = env_int("GONGKAI_LOGIN_CONCURRENT_CHECKS", 1)
SESSION_COOKIE_AGE = GONGKAI_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Upload limits: a county's catalog table is far below this; anything larger is refused with a message.
GONGKAI_MAX_UPLOAD_BYTES = env_int("GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
FORMAT_MODULE_PATH = ["gongkai.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files: the filesystem by default (MEDIA_ROOT, GONGKAI_PRIVATE_ROOT); an S3-compatible bucket when STORAGE_BACKEND=s3
# or S3_BUCKET says so (env.storages_from_env; docs/deploy.md 对象存储).
STORAGES = storages_from_env()

# One cache for every worker: CACHE_URL=redis://127.0.0.1:6379/1 (Django's Redis backend; the rate limits
# and lockouts count there). Without it, an in-process cache — fine for `make run`, refused by production
# with more than one worker (system check gongkai.E001).
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "")) or {
    "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
    "LOCATION": env_str("CACHE_LOCATION", "gongkai"),
}}
# Rendered public pages in a cache of their own (portal/page_cache.py): however many pages are kept, they
# never push the rate limits' and lockouts' counters out of the default cache (a local cache culls when
# full). With Redis the same server under another prefix; give it the memory the pages need.
CACHES["pages"] = pages_cache_from(CACHES["default"], env_int("GONGKAI_PAGE_CACHE_ENTRIES", 1000))
# Sessions: with Redis, cached_db — read from Redis on every request, written through to the database.
# Not the cache-only engine: the page cache shares that Redis and an LRU eviction (or a restart) would
# log staff out at random; the database copy survives both. Logout deletes both copies and the idle
# timeout (accounts.middleware) reads the session's own last-seen time, so both work unchanged.
# Without Redis: the database (an in-process cache would not be shared by the workers).
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db"
                  if CACHES["default"]["BACKEND"].endswith(".RedisCache")
                  else "django.contrib.sessions.backends.db")
# Web workers of the production server (deploy/gunicorn.conf.py reads the same value).
GONGKAI_WORKERS = 1

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Publishing (issue 3): where printed bulletins' QR codes point, where masked attachments' originals are
# kept (never served), the sensitive-word list of the review, and the 三同步 lag for interpretations.
GONGKAI_PUBLIC_BASE_URL = env_str("GONGKAI_PUBLIC_BASE_URL", "")
GONGKAI_PRIVATE_ROOT = env_str("GONGKAI_PRIVATE_ROOT", str(VAR_DIR / "private"))
GONGKAI_SENSITIVE_WORDS_PATH = env_str("GONGKAI_SENSITIVE_WORDS_PATH", "") or None
GONGKAI_INTERPRETATION_LAG_WORKDAYS = env_int("GONGKAI_INTERPRETATION_LAG_WORKDAYS", 0)
# The task ledger's reminders (`gongkai tasks remind`): e-mail the responsible unit this many working days before
# a task's due date, and every GONGKAI_TASK_OVERDUE_REMIND_EVERY working days once it is overdue (from the first).
GONGKAI_TASK_REMIND_WORKDAYS = [int(n) for n in env_list("GONGKAI_TASK_REMIND_WORKDAYS", ["5", "2"])]
GONGKAI_TASK_OVERDUE_REMIND_EVERY = env_int("GONGKAI_TASK_OVERDUE_REMIND_EVERY", 5)
# Oversight (issue 8): a started inspection counts as killed after this many minutes without progress; the public
# attachment files are read by public_privacy; the optional, polite external link checker of broken_link (off by
# default: it reaches other sites) with its timeout, seconds between two requests to one host, cap per run and TTL.
OVERSIGHT_INSPECTION_STALL_MINUTES = env_int("OVERSIGHT_INSPECTION_STALL_MINUTES", 30)
# Attachments' text (OCR) is read by `gongkai worker`; a job without progress for this long counts as killed and is
# queued again (publishing.attachment_text).
GONGKAI_TEXT_STALL_MINUTES = env_int("GONGKAI_TEXT_STALL_MINUTES", 15)
OVERSIGHT_SCAN_ATTACHMENTS = env_bool("OVERSIGHT_SCAN_ATTACHMENTS", True)
OVERSIGHT_EXTERNAL_LINKS = env_bool("OVERSIGHT_EXTERNAL_LINKS", False)
OVERSIGHT_LINK_TIMEOUT = env_int("OVERSIGHT_LINK_TIMEOUT", 5)
OVERSIGHT_LINK_HOST_INTERVAL = env_int("OVERSIGHT_LINK_HOST_INTERVAL", 1)
OVERSIGHT_LINK_MAX_PER_RUN = env_int("OVERSIGHT_LINK_MAX_PER_RUN", 50)
OVERSIGHT_LINK_TTL_DAYS = env_int("OVERSIGHT_LINK_TTL_DAYS", 7)
# 索引号 scheme: fields unit_code, jurisdiction_code, year, item (order of the first item), sequence.
GONGKAI_INDEX_NUMBER_FORMAT = env_str("GONGKAI_INDEX_NUMBER_FORMAT", "{unit_code}/{year}-{sequence:05d}")

# The audit chain (issue 9): its HMAC key lives outside the database — a file readable by the application
# only (preferred) or the value itself; production refuses to start without one. Anchors of the chain's
# head are appended to GONGKAI_AUDIT_ANCHOR_FILE and handed to GONGKAI_AUDIT_ANCHOR_SINK (the dotted path
# of a callable taking a dict), if set, by `gongkai audit anchor` (deploy/schedule.cron).
DEFAULT_AUDIT_KEY = "gongkai-development-audit-key-do-not-use-in-production"
GONGKAI_AUDIT_KEY = env_str("GONGKAI_AUDIT_KEY", DEFAULT_AUDIT_KEY)
GONGKAI_AUDIT_KEY_FILE = env_str("GONGKAI_AUDIT_KEY_FILE", "")
GONGKAI_AUDIT_ANCHOR_FILE = env_str("GONGKAI_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))
GONGKAI_AUDIT_ANCHOR_SINK = env_str("GONGKAI_AUDIT_ANCHOR_SINK", "")

# Reviewer ≠ author: "refuse" (default) or "warn" — the record's author may then review and approve it,
# and the move is flagged 起草人本人审核 on the record's history and in the audit log. Never silent.
GONGKAI_REVIEWER_NOT_AUTHOR = env_str("GONGKAI_REVIEWER_NOT_AUTHOR", "refuse")

# Shown on every screen while the database holds the generated demo county.
GONGKAI_DEMO_BANNER = env_bool("GONGKAI_DEMO_BANNER", False)
GONGKAI_SITE_NAME = env_str("GONGKAI_SITE_NAME", "公开 · 基层政务公开平台")
# The portal's footer (网站标识 required of government sites): each line is shown only when it has a value.
GONGKAI_SITE_SPONSOR = env_str("GONGKAI_SITE_SPONSOR", "")  # 主办单位
GONGKAI_SITE_ORGANISER = env_str("GONGKAI_SITE_ORGANISER", "")  # 承办单位 (optional)
GONGKAI_SITE_ID_CODE = env_str("GONGKAI_SITE_ID_CODE", "")  # 网站标识码
GONGKAI_ICP_NUMBER = env_str("GONGKAI_ICP_NUMBER", "")  # ICP备案号, linked to beian.miit.gov.cn
GONGKAI_PSB_NUMBER = env_str("GONGKAI_PSB_NUMBER", "")  # 公安机关备案号, linked to beian.gov.cn by its digits

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
