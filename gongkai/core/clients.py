"""Who is asking: the client's address and scheme, trusting forwarding headers only from the proxies
listed in GONGKAI_TRUSTED_PROXIES (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8")."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in spec)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def resolve(request) -> None:
    """Rewrite REMOTE_ADDR and the WSGI scheme from forwarding headers when, and only when, the peer is a
    trusted proxy. X-Forwarded-For is read from the right: the first address that is not a trusted proxy
    is the client (addresses further left were written by the client and prove nothing)."""
    networks = _networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ())))
    peer = request.META.get("REMOTE_ADDR", "")
    request.META["GONGKAI_PEER_ADDR"] = peer
    if not networks or not _trusted(peer, networks):
        return
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    client = peer
    for address in reversed(forwarded):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            break
        client = address
        if not _trusted(address, networks):
            break
    request.META["REMOTE_ADDR"] = client
    proto = request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
    if proto in {"http", "https"}:
        request.META["wsgi.url_scheme"] = proto


def client_address(request) -> str:
    """The address the rate limits and the audit log use (after `resolve`)."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
