"""Settings read from the environment, so that one code base serves demo and production."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_COOKIE_KEY = "demo-cookie-key-not-for-production"
TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    demo_mode: bool
    # Addresses of the reverse proxy: only a connection from one of these may name the client's
    # address in X-Forwarded-For (anyone else could name any address and dodge the throttle).
    trusted_proxies: frozenset[str] = frozenset()
    # Networks many people sign in from at once behind one address (the plenary hall's Wi-Fi):
    # the throttle of all attempts from one address is looser there (db/system/rules.py).
    shared_networks: tuple[str, ...] = ()


def load() -> Settings:
    data_dir = Path(os.environ.get("MINSHENG_DATA_DIR") or PROJECT_ROOT / "data")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'minsheng.sqlite3'}"
    demo = os.environ.get("MINSHENG_DEMO", "").strip().lower() in TRUE_WORDS
    proxies = frozenset(p.strip() for p in os.environ.get("MINSHENG_TRUSTED_PROXIES", "").split(",") if p.strip())
    shared = tuple(n.strip() for n in os.environ.get("MINSHENG_SHARED_NETWORKS", "").split(",") if n.strip())
    return Settings(
        database_url=url, data_dir=data_dir, demo_mode=demo, trusted_proxies=proxies, shared_networks=shared
    )


def cookie_key_problem(key: str | None, *, demo_mode: bool) -> str | None:
    """Why the app must not start with this cookie signing key, or None if it may.

    Returns a catalogue key. A missing or demo key would let anyone forge a sign-in cookie,
    so only demo mode may run with the built-in demo key.
    """
    if demo_mode:
        return None
    if not key:
        return "startup.cookie_key_missing"
    if key == DEMO_COOKIE_KEY or len(key) < 32:
        return "startup.cookie_key_weak"
    return None
