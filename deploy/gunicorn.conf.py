"""gunicorn configuration of Gongkai (see README.md, "Production").

    gunicorn -c deploy/gunicorn.conf.py gongkai.wsgi

Workers: WEB_CONCURRENCY, else 2 × cores + 1 — the same number the system check gongkai.E001 uses to refuse
an in-process cache. The master runs Django's deploy checks before it forks: a misconfigured installation
does not start."""

import os

from gongkai.settings.env import web_workers

wsgi_app = "gongkai.wsgi:application"
bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")
workers = web_workers()
worker_class = "sync"
timeout = int(os.environ.get("GONGKAI_TIMEOUT", "60"))  # document rendering may take several seconds
graceful_timeout = 30
# Recycle a worker now and then (memory of PDF rendering, which documents rendered once per version into storage make
# rare), but not often: a worker's start costs about 1.5 s of CPU (Django and the application imported, its queries
# compiled again). At 2,000 requests a busy worker (150 requests/s) restarted every 13 s, a tenth of its time, and the
# other worker answered alone meanwhile (13 restarts in one bench run of 29,000 requests).
max_requests = 20000
max_requests_jitter = 2000
# Only nginx on this host may set X-Forwarded-*; Django checks the same list (GONGKAI_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GONGKAI_TRUSTED_PROXIES", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "gongkai.settings.production")]


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.production")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")


def post_worker_init(worker):
    """The worker has loaded Django and the application: the objects made so far (modules, URLconf, settings, about
    150,000 of them) live as long as the worker. Moved out of the garbage collector's reach (gc.freeze), they are not
    walked again by each full collection during requests."""
    import gc

    gc.collect()
    gc.freeze()
