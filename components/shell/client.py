"""The client's address, for the sign-in throttle and the security log.

Streamlit sees the address of the connection; behind nginx that is the proxy's, and the client's
is the last address the proxy added to X-Forwarded-For. The header is believed only from a
configured proxy (MINSHENG_TRUSTED_PROXIES): from anyone else it is the sender's invention.
"""

from __future__ import annotations

import streamlit as st

from db.core import settings

LOCAL = "127.0.0.1"  # Streamlit reports a connection from this machine as no address at all


def address_of(peer: str | None, forwarded_for: str | None, trusted_proxies: frozenset[str]) -> str:
    """The client: the nearest address in X-Forwarded-For that is not a trusted proxy, if the
    connection comes from one; else the connection's own address."""
    peer = peer or LOCAL
    if peer not in trusted_proxies or not forwarded_for:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):  # the proxy appends; what a client wrote itself comes first
        if hop not in trusted_proxies:
            return hop
    return peer


def address() -> str:
    """This browser session's client address."""
    peer, forwarded_for = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    return address_of(
        peer if isinstance(peer, str) else None,  # AppTest has no connection: no address at all
        forwarded_for if isinstance(forwarded_for, str) else None,
        settings.load().trusted_proxies,
    )
