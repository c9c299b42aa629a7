"""The test suite. SQLite by default; PostgreSQL when GONGKAI_TEST_DATABASE_URL is set."""

import os
import tempfile

import dj_database_url

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.env import postgresql_options

_test_db = os.environ.get("GONGKAI_TEST_DATABASE_URL")
if _test_db:
    # As in production: statements bound on the server and prepared (settings.env.postgresql_options).
    DATABASES = {"default": dj_database_url.parse(_test_db)}
    DATABASES["default"]["OPTIONS"] = postgresql_options(DATABASE_PREPARE_THRESHOLD)  # noqa: F405
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "TEST": {"NAME": ":memory:"},
        }
    }
# The replica is a test mirror of the default database: on the real streaming replica when
# GONGKAI_TEST_REPLICA_URL names it (`make test` builds one on 127.0.0.1:5433, scripts/pg_replica.py; the
# test database created on the primary streams there under the same name), else the primary itself.
# No test reads from it unless it says so (databases=[..., "replica"] and GONGKAI_REPLICA_READS).
_test_replica = os.environ.get("GONGKAI_TEST_REPLICA_URL")
DATABASES["replica"] = dj_database_url.parse(_test_replica) if _test_db and _test_replica else dict(DATABASES["default"])
if _test_db and _test_replica:
    DATABASES["replica"]["OPTIONS"] = postgresql_options(DATABASE_PREPARE_THRESHOLD)  # noqa: F405
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
GONGKAI_REPLICA_READS = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="gongkai-test-media-")
GONGKAI_PRIVATE_ROOT = tempfile.mkdtemp(prefix="gongkai-test-private-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
GONGKAI_DEMO_BANNER = False
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Journeys log several roles in from 127.0.0.1 within a minute; the abuse tests set their own limits.
GONGKAI_LOGIN_RATE_PER_IP = 1000
GONGKAI_LOGIN_RATE_PER_ACCOUNT = 1000
GONGKAI_API_RATE_PER_IP = 100_000
GONGKAI_IP_LOCKOUT_THRESHOLD = 1000
GONGKAI_LOGIN_CONCURRENT_CHECKS = 1000
GONGKAI_AUDIT_KEY = "test-audit-key-for-the-suite-only"
GONGKAI_AUDIT_KEY_FILE = ""
GONGKAI_AUDIT_ANCHOR_FILE = os.path.join(tempfile.mkdtemp(prefix="gongkai-test-anchors-"), "anchors.jsonl")
GONGKAI_AUDIT_ANCHOR_SINK = ""
# One cache in the tests: a test that clears the cache (tests/conftest.py, or to measure a page's own
# queries) clears the rendered pages with it (portal.page_cache falls back to the default cache).
CACHES = {"default": CACHES["default"]}  # noqa: F405
