from pathlib import Path

import pytest

from db.core import settings


@pytest.mark.parametrize(
    ("key", "demo", "expected"),
    [
        (None, True, None),
        (None, False, "startup.cookie_key_missing"),
        ("", False, "startup.cookie_key_missing"),
        (settings.DEMO_COOKIE_KEY, False, "startup.cookie_key_weak"),
        ("short-key", False, "startup.cookie_key_weak"),
        ("k" * 32, False, None),
    ],
)
def test_outside_demo_mode_the_app_needs_a_real_cookie_key(key, demo, expected):
    assert settings.cookie_key_problem(key, demo_mode=demo) == expected


def test_the_default_store_is_a_sqlite_file_under_data(monkeypatch):
    for name in ("DATABASE_URL", "MINSHENG_DATA_DIR", "MINSHENG_DEMO"):
        monkeypatch.delenv(name, raising=False)
    loaded = settings.load()
    assert loaded.database_url == f"sqlite:///{settings.PROJECT_ROOT / 'data' / 'minsheng.sqlite3'}"
    assert loaded.demo_mode is False


def test_the_data_folder_and_demo_mode_come_from_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MINSHENG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MINSHENG_DEMO", "true")
    loaded = settings.load()
    assert loaded.database_url == f"sqlite:///{tmp_path / 'minsheng.sqlite3'}"
    assert loaded.demo_mode is True


def test_database_url_wins_over_the_data_folder(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert settings.load().database_url == "postgresql+psycopg://u@h/db"


def test_the_halls_shared_networks_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MINSHENG_SHARED_NETWORKS", " 10.8.0.0/16, 192.168.5.0/24 ,")
    assert settings.load().shared_networks == ("10.8.0.0/16", "192.168.5.0/24")
