"""The real client address behind the agency's reverse proxy.

`REMOTE_ADDR` is the proxy's address when nginx forwards the request. Only when the direct peer is
one of `BANGKOM_TRUSTED_PROXIES` (addresses or networks) is `X-Forwarded-For` believed: it is read
from the right, skipping the trusted proxies, and the first other address is the client. A client
cannot forge its way in: whatever it writes into the header sits left of the address our proxy
appended. `X-Real-IP` is used when a trusted proxy sends only that header. Used by the log-in
lock-out (django-axes) and the public complaint limit."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parsed(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _parsed(address)
    networks = _trusted(tuple(settings.BANGKOM_TRUSTED_PROXIES))
    return parsed is not None and any(parsed in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the person at the other end, as far as the trusted proxies tell it."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(peer):
        return peer
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        parsed = _parsed(hop)
        if parsed is None:
            return peer  # a mangled header: fall back to what we know
        if not is_trusted_proxy(str(parsed)):
            return str(parsed)
    real = _parsed(request.META.get("HTTP_X_REAL_IP", ""))
    if not forwarded and real is not None:
        return str(real)
    return peer
