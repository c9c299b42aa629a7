"""Reads of the portal and the API from the PostgreSQL streaming replica; everything else on the primary.

With DATABASE_REPLICA_URL set, settings add DATABASES["replica"]. Which connection a query uses:

- Writes, migrations and the back office: always the primary (`default`); the replica never migrates.
- Reads during a GET/HEAD request whose URL is in a namespace of GONGKAI_REPLICA_NAMESPACES (the portal
  and the API): the replica, which may lag the primary by a moment (tolerated: public pages are public
  data, and a cached page keyed by data read from the replica is keyed consistently with it).
- Read-your-writes: once a request wrote anything, its later reads go to the primary; a request with
  another method than GET/HEAD/OPTIONS reads from the primary throughout; and a client whose request
  wrote gets a signed cookie that sends its reads to the primary for GONGKAI_READ_YOUR_WRITES_SECONDS
  (the officer who just published sees the record on the portal at once).
- Reads inside a transaction on the primary, reads of sessions and accounts (who is logged in, locked
  out, allowed), and reads outside a request (commands, workers, tests): the primary.
- A replica that does not answer: the primary, for GONGKAI_REPLICA_RETRY_SECONDS before it is tried
  again (the portal stays up; the primary carries the load meanwhile).

The request's choice lives in a context variable set by `ReadRoutingMiddleware` (default: primary), so
that code below the delivery apps neither knows nor decides where it reads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

DEFAULT = "default"
REPLICA = "replica"
# Who is logged in, locked out or allowed, and queued work: never from a copy that may lag.
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "auth", "django_tasks_database"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WROTE_COOKIE = "gk_wrote"
_COOKIE_SALT = "gongkai.core.db_router.read-your-writes"


@dataclass
class _Reads:
    """Where this request's reads may go: `replica` once the middleware saw a portal or API view;
    `wrote` once anything was written (from then on the primary)."""

    replica: bool = False
    wrote: bool = False
    answers: bool | None = None  # the replica's health, asked at the first read that would go there


_reads: ContextVar[_Reads | None] = ContextVar("gongkai_db_reads", default=None)
logger = logging.getLogger(__name__)
# Until when (time.monotonic()) this process reads from the primary because the replica did not answer.
_replica_down_until = 0.0


def replica_configured() -> bool:
    """A replica is in DATABASES and its reads are switched on (GONGKAI_REPLICA_READS)."""
    return REPLICA in connections.settings and getattr(settings, "GONGKAI_REPLICA_READS", False)


@contextmanager
def replica_reads(enabled: bool = True) -> Iterator[_Reads]:
    """Reads inside the block may go to the replica (subject to the rules above); the previous choice
    is restored after it. The middleware's tool; also for a command that serves public reads."""
    state = _Reads(replica=enabled and replica_configured())
    token = _reads.set(state)
    try:
        yield state
    finally:
        _reads.reset(token)


def replica_answers() -> bool:
    """Whether the replica takes this request's reads: its connection is open and healthy, or opens.
    When it fails, the primary serves reads for GONGKAI_REPLICA_RETRY_SECONDS without asking again."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        _replica_down_until = time.monotonic() + settings.GONGKAI_REPLICA_RETRY_SECONDS
        logger.warning("只读副本无法连接（%s），%s 秒内改从主库读取", exc, settings.GONGKAI_REPLICA_RETRY_SECONDS)
        return False
    return True


class ReplicaRouter:
    """DATABASE_ROUTERS entry: see the module's docstring."""

    def db_for_read(self, model, **hints) -> str:
        state = _reads.get()
        if state is None or not state.replica or state.wrote:
            return DEFAULT
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT].in_atomic_block:
            return DEFAULT
        instance = hints.get("instance")
        if instance is not None and instance._state.db in (DEFAULT, REPLICA):
            return instance._state.db
        if state.answers is None:  # not before: a page served from the cache asks no database at all
            state.answers = replica_answers()
        return REPLICA if state.answers else DEFAULT

    def db_for_write(self, model, **hints) -> str:
        state = _reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool | None:
        return False if db == REPLICA else None


class ReadRoutingMiddleware:
    """Sets the request's read routing: the replica for GET/HEAD/OPTIONS in the portal's and the API's
    URL namespaces, unless this client wrote within GONGKAI_READ_YOUR_WRITES_SECONDS (signed cookie);
    after a request that wrote with another method, sets that cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        with replica_reads(enabled=False) as state:
            request._gongkai_reads = state
            response = self.get_response(request)
        if state.wrote and request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                WROTE_COOKIE, "1", salt=_COOKIE_SALT, max_age=settings.GONGKAI_READ_YOUR_WRITES_SECONDS,
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = getattr(request, "_gongkai_reads", None)
        if state is None or request.method not in SAFE_METHODS:
            return None
        namespaces = set(request.resolver_match.namespaces if request.resolver_match else ())
        if namespaces & set(settings.GONGKAI_REPLICA_NAMESPACES) and not self._wrote_lately(request):
            state.replica = True
        return None

    @staticmethod
    def _wrote_lately(request) -> bool:
        return request.get_signed_cookie(WROTE_COOKIE, default=None, salt=_COOKIE_SALT,
                                         max_age=settings.GONGKAI_READ_YOUR_WRITES_SECONDS) is not None
