"""The test suite. SQLite by default; PostgreSQL when GONGKAI_TEST_DATABASE_URL is set."""

import os
import tempfile

import dj_database_url

from gongkai.settings.base import *  # noqa: F403

_test_db = os.environ.get("GONGKAI_TEST_DATABASE_URL")
if _test_db:
    DATABASES = {"default": dj_database_url.parse(_test_db)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "TEST": {"NAME": ":memory:"},
        }
    }
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
GONGKAI_IP_LOCKOUT_THRESHOLD = 1000
GONGKAI_LOGIN_CONCURRENT_CHECKS = 1000
GONGKAI_AUDIT_KEY = "test-audit-key-for-the-suite-only"
GONGKAI_AUDIT_KEY_FILE = ""
GONGKAI_AUDIT_ANCHOR_FILE = os.path.join(tempfile.mkdtemp(prefix="gongkai-test-anchors-"), "anchors.jsonl")
GONGKAI_AUDIT_ANCHOR_SINK = ""
