import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured


def test_gongkai_help_lists_commands():
    out = subprocess.run([sys.executable, "-m", "gongkai", "--help"], capture_output=True, text=True, check=True)
    assert "migrate" in out.stdout


def test_production_settings_refuse_default_secret_key(monkeypatch):
    import importlib

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "false")
    import gongkai.settings.base as base

    importlib.reload(base)
    with pytest.raises(ImproperlyConfigured):
        import gongkai.settings.production as production

        importlib.reload(production)


def test_production_settings_refuse_debug(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DEBUG", "true")
    import gongkai.settings.base as base

    importlib.reload(base)
    with pytest.raises(ImproperlyConfigured):
        import gongkai.settings.production as production

        importlib.reload(production)
    monkeypatch.setenv("DEBUG", "false")
    importlib.reload(base)


def test_a_command_on_an_unmigrated_database_says_what_to_do(tmp_path):
    env = {**__import__("os").environ, "GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings.local"}
    env.pop("GONGKAI_TEST_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-m", "gongkai", "workdays", "add", "2026-12-20", "20", "--json"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert "请先运行 gongkai migrate" in out.stderr and "Traceback" not in out.stderr
