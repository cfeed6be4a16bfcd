"""Settings read from the environment, so that one code base serves demo and production."""

from __future__ import annotations

import functools
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


VARIABLES = (
    "MINSHENG_DATA_DIR",
    "DATABASE_URL",
    "MINSHENG_DEMO",
    "MINSHENG_TRUSTED_PROXIES",
    "MINSHENG_SHARED_NETWORKS",
)


def load() -> Settings:
    """The settings the environment gives now (read on every call: tests change it as they go)."""
    return _from(*(os.environ.get(name) for name in VARIABLES))


@functools.lru_cache(maxsize=16)
def _from(data_dir: str | None, url: str | None, demo: str | None, proxies: str | None, shared: str | None) -> Settings:
    """Made once per set of values: a script run asks for the settings half a dozen times."""
    folder = Path(data_dir or PROJECT_ROOT / "data")
    return Settings(
        database_url=url or f"sqlite:///{folder / 'minsheng.sqlite3'}",
        data_dir=folder,
        demo_mode=(demo or "").strip().lower() in TRUE_WORDS,
        trusted_proxies=frozenset(p.strip() for p in (proxies or "").split(",") if p.strip()),
        shared_networks=tuple(n.strip() for n in (shared or "").split(",") if n.strip()),
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
