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
