"""The optional external link checker's store: each external URL of the public bodies with its last result
(`ExternalLink`), refreshed before an inspection runs broken_link when `OVERSIGHT_EXTERNAL_LINKS` is on. The
network is reached only here and only through `link_checker.PoliteFetcher` (robots.txt, a rate per host, a
timeout, a cap per run), outside any transaction; results younger than `OVERSIGHT_LINK_TTL_DAYS` are not
fetched again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings

from gongkai.core import clock
from gongkai.oversight.checks.public_content import external_links
from gongkai.oversight.link_checker import PoliteFetcher, check_links
from gongkai.oversight.models import ExternalLink


def enabled() -> bool:
    return bool(getattr(settings, "OVERSIGHT_EXTERNAL_LINKS", False))


def urls_of(bodies: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(url for body in bodies for url in external_links(body)))


def refresh(urls: Iterable[str], *, fetcher: PoliteFetcher | None = None) -> int:
    """Fetch the URLs never checked or checked longer ago than the TTL, oldest first, at most the cap per run;
    returns how many were fetched."""
    if not enabled():
        return 0
    urls = list(dict.fromkeys(urls))
    now = clock.now()
    fresh_after = now - timedelta(days=getattr(settings, "OVERSIGHT_LINK_TTL_DAYS", 7))
    known = dict(ExternalLink.objects.filter(url__in=urls).values_list("url", "checked_at"))
    due = [u for u in urls if u not in known or known[u] < fresh_after]
    oldest = datetime.min.replace(tzinfo=now.tzinfo)
    due.sort(key=lambda u: known.get(u) or oldest)
    fetcher = fetcher or PoliteFetcher(timeout=float(getattr(settings, "OVERSIGHT_LINK_TIMEOUT", 5)),
                                       host_interval=float(getattr(settings, "OVERSIGHT_LINK_HOST_INTERVAL", 1)))
    outcomes = check_links(due, fetcher, limit=int(getattr(settings, "OVERSIGHT_LINK_MAX_PER_RUN", 50)))
    for outcome in outcomes:
        ExternalLink.objects.update_or_create(url=outcome.url, defaults={
            "host": urlsplit(outcome.url).netloc[:255], "status": outcome.status, "ok": outcome.ok,
            "note": outcome.note[:200], "checked_at": clock.now()})
    return len(outcomes)


def results(urls: Iterable[str]) -> dict[str, tuple[bool, str]]:
    """The judged URLs among `urls` (robots-disallowed and unchecked ones are not judged): url → (ok, note)."""
    if not enabled():
        return {}
    return {url: (bool(ok), note) for url, ok, note in ExternalLink.objects.filter(
        url__in=list(urls), ok__isnull=False).values_list("url", "ok", "note")}
